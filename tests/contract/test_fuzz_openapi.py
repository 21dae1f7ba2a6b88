"""schemathesis against the committed OpenAPI documents of every web service, on the real services
(tests/support/system.py).

Every check schemathesis has runs on every response (the CLI's ``--checks all``): no 5xx, status codes and
content types the document lists, bodies and headers that match its schemas, invalid input refused with a 4xx,
valid input not refused as invalid, a missing required header refused, methods the path lacks answered 405 with
``Allow``, and a request without (or with a broken) token refused.

Authenticated for each role that may call: an operation's ``x-mcf-access`` lists who may call it (roles, and for
a service token the person it may act for); the generated cases of an operation take those callers in turn, each
as the real caller sends it (a person's own token for the entry points, a service token acting for the person
for internal services). The people are real: a client signed up at client-dashboard with a cat, a worker
registered at worker-profile. Bounded: ``MAX_EXAMPLES`` generated requests per operation (plus schemathesis's
coverage cases), deterministic, no deadline.

fur-tune has no HTTP API (it is a RabbitMQ consumer only); quality's and worker-testing's Flask-Admin panels are
HTML forms outside the OpenAPI documents (tests/contract/test_security_drills.py checks their access and CSRF).
Stateful sequences: see tests/contract/test_fuzz_stateful.py.
"""
from __future__ import annotations

import itertools
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
from tests.support.worker_profile import registration

FOLDER = Path(__file__).resolve().parents[2] / "contracts" / "openapi"
SERVICES = ["order", "payment", "client-dashboard", "matching", "inventory", "notification", "order-history",
            "order-report", "worker-testing", "worker-dashboard", "worker-profile", "quality"]
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


@pytest.fixture(scope="module")
def system(isolated_settings):
    with running(isolated_settings, SERVICES) as system:
        yield system


@pytest.fixture(scope="module")
def people(system):
    """A real client (signed up at client-dashboard, with a cat), a real worker (registered at worker-profile) and
    a manager the tokens may act for."""
    response = requests.post(f"{system.url('client-dashboard')}/signup", timeout=10, json={
        "email": f"fuzz-{uuid.uuid4().hex[:8]}@cats.example", "password": "correct horse battery",
        "display_name": "Fuzz"})
    assert response.status_code == 201, response.text
    worker = requests.post(f"{system.url('worker-profile')}/workers", timeout=10, json=registration())
    assert worker.status_code == 201, worker.text
    return {"client": response.json()["client"]["id"], "worker": worker.json()["worker"]["worker_id"],
            "manager": str(uuid.uuid4())}


def callers(access: dict | None) -> list[tuple[str, str | None]]:
    """Every caller ``x-mcf-access`` allows, as (role, acting for): a person's own token is (role, None); a
    service token is ("service", person role or "nobody")."""
    if access is None:
        return [("anonymous", None)]
    allowed = []
    for role in access["roles"]:
        if role != "service":
            allowed.append((role, None))
        else:
            allowed.extend(("service", acting) for acting in (access.get("on_behalf_of") or ["nobody"]))
    return allowed


def headers_for(caller: tuple[str, str | None], service: str, secret: str, people: dict) -> dict[str, str]:
    role, acting = caller
    if role == "anonymous":
        return {}
    if role != "service":
        return bearer(issue_token(secret, people[role], role, audience=service))
    if acting == "nobody":
        return acting_for(secret, service, caller="fuzz")
    return acting_for(secret, service, acting, people[acting], caller="fuzz")


_TURNS: dict[str, itertools.cycle] = {}


def next_caller(case) -> tuple[str, str | None]:
    """The operation's allowed callers in turn, one per generated case."""
    key = case.operation.label
    if key not in _TURNS:
        _TURNS[key] = itertools.cycle(callers(case.operation.definition.raw.get("x-mcf-access")))
    return next(_TURNS[key])


def _fuzz(service: str):
    @SCHEMAS[service].parametrize()
    @settings(deadline=None, suppress_health_check=list(HealthCheck), max_examples=MAX_EXAMPLES)
    def test(case, system, people):
        headers = headers_for(next_caller(case), service, system.settings.jwt_secret, people)
        case.call_and_validate(base_url=system.url(service), headers=headers, checks=ALL_CHECKS, timeout=15)

    return test


def test_every_web_service_is_fuzzed():
    """A committed OpenAPI document without a fuzz run here fails (a new service is fuzzed the day it lands)."""
    documents = sorted(path.stem for path in FOLDER.glob("*.yaml"))
    assert sorted(SERVICES) == documents


def test_callers_cover_every_access_entry():
    assert callers({"roles": ["worker", "manager", "service"]}) == [
        ("worker", None), ("manager", None), ("service", "nobody")]
    assert callers({"roles": ["service"], "on_behalf_of": ["client", "manager", "nobody"]}) == [
        ("service", "client"), ("service", "manager"), ("service", "nobody")]


test_order = _fuzz("order")
test_payment = _fuzz("payment")
test_client_dashboard = _fuzz("client-dashboard")
test_matching = _fuzz("matching")
test_inventory = _fuzz("inventory")
test_notification = _fuzz("notification")
test_order_history = _fuzz("order-history")
test_order_report = _fuzz("order-report")
test_worker_testing = _fuzz("worker-testing")
test_worker_dashboard = _fuzz("worker-dashboard")
test_worker_profile = _fuzz("worker-profile")
test_quality = _fuzz("quality")
