"""schemathesis's stateful testing against the services whose contracts have OpenAPI ``links`` (a response's id
feeding another operation: ``POST /orders`` -> ``GET``/``POST /orders/{order_id}/...``, sign-up -> log-in,
registration -> the worker's routes, a payment -> its ledger, an attempt -> its submission, a check-in -> the
report), on the real services (tests/support/system.py), as the stateless run does (test_fuzz_openapi.py).

Each scenario is a chain of calls that follows the links with the values the previous responses gave, acting as
one person per role, so what it created it reads: the fixture's real one, replaced by a sign-up's or
registration's new client or worker unless the earlier one created something in the scenario. Service tokens and
the other callers the operation's ``x-mcf-access`` allows take turns, with the same real people.
Every response gets every check
schemathesis has (no 5xx, conformance to the document, and the stateful ones: a resource just created is there
for the caller who may see it). Bounded for the default run: ``MCF_FUZZ_STATEFUL_EXAMPLES`` scenarios of at
most ``MCF_FUZZ_STATEFUL_STEPS`` calls per service (defaults 8 and 6); set them higher for the long run
(docs/reliability.md).
"""
from __future__ import annotations

import os
import uuid

import jwt
import pytest
import schemathesis
import yaml
from hypothesis import HealthCheck, settings
from schemathesis import GenerationMode

from tests.contract.test_fuzz_openapi import ALL_CHECKS, FOLDER, headers_for, next_caller, people, system  # noqa: F401
from tests.support.tokens import bearer

FRESH_PEOPLE = ("signUp", "registerWorker")
EXAMPLES = int(os.environ.get("MCF_FUZZ_STATEFUL_EXAMPLES", "8"))
STEPS = int(os.environ.get("MCF_FUZZ_STATEFUL_STEPS", "6"))


def _linked(service: str) -> bool:
    document = yaml.safe_load((FOLDER / f"{service}.yaml").read_text())
    return any("links" in response for path in document["paths"].values() for operation in path.values()
               if isinstance(operation, dict) for response in (operation.get("responses") or {}).values())


LINKED = sorted(path.stem for path in FOLDER.glob("*.yaml") if _linked(path.stem))


def test_the_services_whose_ids_feed_other_operations_have_links():
    assert {"order", "client-dashboard", "worker-profile", "payment", "worker-testing", "order-report"} <= set(LINKED)


@pytest.mark.parametrize("service", LINKED)
def test_stateful_sequences_answer_no_5xx_and_conform(service, system, people):  # noqa: F811
    schema = schemathesis.openapi.from_path(FOLDER / f"{service}.yaml")
    schema.config.generation.update(modes=[GenerationMode.POSITIVE], database="none", deterministic=True,
                                    with_security_parameters=False)
    base_url, secret = system.url(service), system.settings.jwt_secret

    class Calls(schema.as_state_machine()):
        def __init__(self):
            super().__init__()
            self.persons: dict[str, dict] = {}  # role -> the headers of the one person of that role in this scenario
            self.created: set[str] = set()  # the roles whose person created something here (it keeps the role)
            self.role: str | None = None  # the person role of the call in flight

        def after_call(self, response, case):
            super().after_call(response, case)
            if response.status_code == 201 and self.role:
                self.created.add(self.role)
            token = _token(response)
            if token:  # a sign-up or registration: the new person, unless one of its role created something here
                role = jwt.decode(token, options={"verify_signature": False})["role"]
                if role not in self.created:
                    self.persons[role] = bearer(token)

        def before_call(self, case):
            # Each request a new Idempotency-Key, as a client makes one per intent: a generated key seen before with
            # another body is a 422 (the IETF draft's rule; the services' idempotency tests drill replays).
            for name in list(case.headers or {}):
                if name.lower() == "idempotency-key":
                    case.headers[name] = str(uuid.uuid4())
            # Each sign-up and registration a new person: a generated e-mail seen before would be a 409 the second
            # time, and hypothesis's replays need the same answers (the link to log-in follows only a 201).
            body = case.body
            if case.operation.definition.raw.get("operationId") in FRESH_PEOPLE and isinstance(body, dict) \
                    and isinstance(body.get("email"), str):
                body["email"] = _fresh(body["email"])

        def get_call_kwargs(self, case):
            access = case.operation.definition.raw.get("x-mcf-access") or {"roles": []}
            mine = [role for role in access["roles"] if role in self.persons]
            self.role = None
            if mine:
                self.role, headers = mine[0], self.persons[mine[0]]
            else:
                caller = next_caller(case)
                headers = headers_for(caller, service, secret, people)
                if caller[0] not in ("service", "anonymous"):
                    self.role, self.persons[caller[0]] = caller[0], headers
            return {"base_url": base_url, "timeout": 15, "headers": headers}

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            case.validate_response(response, checks=ALL_CHECKS, transport_kwargs=kwargs,
                                   recorder=getattr(self, "recorder", None))

    Calls.run(settings=settings(max_examples=EXAMPLES, stateful_step_count=STEPS, deadline=None, database=None,
                                derandomize=True, suppress_health_check=list(HealthCheck)))


def _token(response) -> str | None:
    if not 200 <= response.status_code < 300:
        return None
    try:
        body = response.json()
    except ValueError:
        return None
    return body.get("token") if isinstance(body, dict) and isinstance(body.get("token"), str) else None


def _fresh(email: str, limit: int = 254) -> str:
    """The generated address made unique by a random tag in front of it, no longer than the rule allows."""
    tag = uuid.uuid4().hex[:12]
    if len(email) + len(tag) <= limit:
        return tag + email
    local = email.rpartition("@")[0]
    return tag + email[len(tag):] if len(local) >= len(tag) else email
