"""schemathesis against the committed OpenAPI documents, on the real services (tests/support/system.py).

Every check schemathesis has runs on every response (the CLI's ``--checks all``): no 5xx, status codes and
content types the document lists, bodies and headers that match its schemas, invalid input refused with a 4xx,
valid input not refused as invalid, a missing required header refused, methods the path lacks answered 405 with
``Allow``, and a request without (or with a broken) token refused. Tokens are the ones each operation's
``x-mcf-access`` names (a service token for that service, acting for a person where it says so), as the real
callers send them. Bounded: a few dozen generated requests per operation, no deadline.
"""
from __future__ import annotations

import uuid
from pathlib import Path

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import GenerationMode
from schemathesis.checks import CHECKS, load_all_checks

from mcf.kit.auth import issue_token
from tests.support.system import running
from tests.support.tokens import acting_for, bearer

FOLDER = Path(__file__).resolve().parents[2] / "contracts" / "openapi"
SERVICES = ["order", "payment", "client-dashboard", "matching", "inventory", "notification"]
MAX_EXAMPLES = 15

load_all_checks()
ALL_CHECKS = CHECKS.get_all()


def _schema(service: str):
    schema = schemathesis.openapi.from_path(FOLDER / f"{service}.yaml")
    schema.config.generation.update(modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE],
                                    max_examples=MAX_EXAMPLES, database="none", deterministic=True,
                                    # the tokens are the callers' (below); ignored_auth tries none and forged ones
                                    with_security_parameters=False)
    return schema


SCHEMAS = {service: _schema(service) for service in SERVICES}
# Running but not fuzzed here: what the fuzzed services call (client-dashboard passes reports and photos on).
UPSTREAMS = ["order-report"]


@pytest.fixture(scope="module")
def system(isolated_settings):
    with running(isolated_settings, SERVICES + UPSTREAMS) as system:
        yield system


@pytest.fixture(scope="module")
def people(system):
    """A real client (signed up at client-dashboard, with a cat) and the other people tokens may act for."""
    response = requests.post(f"{system.url('client-dashboard')}/signup", timeout=10, json={
        "email": f"fuzz-{uuid.uuid4().hex[:8]}@cats.example", "password": "correct horse battery",
        "display_name": "Fuzz"})
    assert response.status_code == 201, response.text
    return {"client": response.json()["client"]["id"], "worker": str(uuid.uuid4()), "manager": str(uuid.uuid4())}


def headers_for(case, service: str, secret: str, people: dict) -> dict[str, str]:
    """The token the operation's ``x-mcf-access`` asks for: the first role it allows, acting for the first person
    role it names (or for nobody)."""
    access = case.operation.definition.raw.get("x-mcf-access")
    if access is None:
        return {}
    role = access["roles"][0]
    if role != "service":
        return bearer(issue_token(secret, people[role], role, audience=service))
    acting = (access.get("on_behalf_of") or ["nobody"])[0]
    if acting == "nobody":
        return acting_for(secret, service, caller="fuzz")
    return acting_for(secret, service, acting, people[acting], caller="fuzz")


def _fuzz(service: str):
    @SCHEMAS[service].parametrize()
    @settings(deadline=None, suppress_health_check=list(HealthCheck), max_examples=MAX_EXAMPLES)
    def test(case, system, people):
        headers = headers_for(case, service, system.settings.jwt_secret, people)
        case.call_and_validate(base_url=system.url(service), headers=headers, checks=ALL_CHECKS, timeout=15)

    return test


test_order = _fuzz("order")
test_payment = _fuzz("payment")
test_client_dashboard = _fuzz("client-dashboard")
test_matching = _fuzz("matching")
test_inventory = _fuzz("inventory")
test_notification = _fuzz("notification")
