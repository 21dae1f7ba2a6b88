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
import re
import uuid

import jwt
import pytest
import schemathesis
import yaml
from hypothesis import HealthCheck, settings
from hypothesis.errors import FlakyStrategyDefinition
from schemathesis import GenerationMode

from tests.contract.test_fuzz_openapi import ALL_CHECKS, FOLDER, callers, headers_for, people, system  # noqa: F401
from tests.support.tokens import bearer

FRESH_PEOPLE = ("signUp", "registerWorker")
# Requests whose e-mail or phone must be no one else's (a taken one is a 409 ``email-taken``/``phone-taken``).
UNIQUE_CONTACTS = (*FRESH_PEOPLE, "changeOwnProfile")
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
    schema = stateful_schema(service)
    base_url, secret = system.url(service), system.settings.jwt_secret
    scenarios: list[int] = []  # the calls checked in each scenario run
    failures: list[str] = []  # every check that failed, whatever hypothesis makes of it afterwards

    class Calls(schema.as_state_machine()):
        def __init__(self):
            super().__init__()
            scenarios.append(0)
            self.persons: dict[str, dict] = {}  # role -> the headers of the one person of that role in this scenario
            self.created: set[str] = set()  # the roles whose person created something here (it keeps the role)
            self.role: str | None = None  # the person role of the call in flight
            self.by_id: dict[str, tuple[str, dict]] = {}  # person id -> (role, headers) of everyone created here

        def after_call(self, response, case):
            super().after_call(response, case)
            if response.status_code == 201 and self.role:
                self.created.add(self.role)
            token = _token(response)
            if token:  # a sign-up or registration: the new person, unless one of its role created something here
                claims = jwt.decode(token, options={"verify_signature": False})
                role = claims["role"]
                self.by_id[claims["sub"]] = (role, bearer(token))
                if role not in self.created:
                    self.persons[role] = bearer(token)

        def before_call(self, case):
            # Each request a new Idempotency-Key, as a client makes one per intent: a generated key seen before with
            # another body is a 422 (the IETF draft's rule; the services' idempotency tests drill replays).
            for name in list(case.headers or {}):
                if name.lower() == "idempotency-key":
                    case.headers[name] = str(uuid.uuid4())
            # Each sign-up and registration a new person, and each e-mail or phone given one no one has: a generated
            # one seen before would be a 409 the second time, and hypothesis's replays need the same answers (the
            # links follow only a 201; a registration answered 201, then 409 ``phone-taken`` on the replay, made the
            # long run fail as "inconsistent data generation").
            body = case.body
            if case.operation.definition.raw.get("operationId") in UNIQUE_CONTACTS and isinstance(body, dict):
                # A copy: the body may be the document's example, one dict every such case shares (tagged in place
                # it grew a tag a call, to a 65-character local part).
                body = case.body = dict(body)
                if isinstance(body.get("email"), str):
                    body["email"] = _fresh(body["email"])
                if isinstance(body.get("phone"), str):
                    body["phone"] = _fresh_phone(body["phone"])

        def get_call_kwargs(self, case):
            access = case.operation.definition.raw.get("x-mcf-access") or {"roles": []}
            mine = [role for role in access["roles"] if role in self.persons]
            # A call about a person created here (a link from a registration: /workers/{worker_id}/...) is that
            # person's own when its role may make it: with two registrations in a scenario, the one person of the
            # role read the other's rating history and got the correct 404 (a worker sees only itself).
            own = [self.by_id[str(value)] for value in (case.path_parameters or {}).values()
                   if str(value) in self.by_id and self.by_id[str(value)][0] in access["roles"]]
            self.role = None
            if own:
                self.role, headers = own[0]
            elif mine:
                self.role, headers = mine[0], self.persons[mine[0]]
            else:
                caller = self.next_caller(case)
                headers = headers_for(caller, service, secret, people)
                if caller[0] not in ("service", "anonymous"):
                    self.role, self.persons[caller[0]] = caller[0], headers
            return {"base_url": base_url, "timeout": 15, "headers": headers}

        def next_caller(self, case) -> tuple[str, str | None]:
            """The operation's allowed callers in turn by the scenario's own count of calls, not a count across
            scenarios: hypothesis replays a scenario (to explore from it, to shrink), and a replay that asked as
            another caller got another answer (200 for a manager, 403 for a worker) and other links to follow."""
            allowed = callers(case.operation.definition.raw.get("x-mcf-access"))
            return allowed[scenarios[-1] % len(allowed)]

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            scenarios[-1] += 1
            try:
                case.validate_response(response, checks=ALL_CHECKS, transport_kwargs=kwargs,
                                       recorder=getattr(self, "recorder", None))
            except Exception as exc:
                failures.append(f"{case.operation.label} -> {response.status_code}: {exc}")
                raise

    # The system keeps what each scenario did (a slot booked, a login throttled), so a replay may be answered
    # otherwise and hypothesis stops with "inconsistent data generation". As schemathesis's own runner does
    # (engine/run/stateful), that is a finding only if a check failed; otherwise the run goes on with new
    # scenarios until the budget is spent (the first pass deterministic, the next ones random).
    restarts = 0
    while len(scenarios) < EXAMPLES:
        try:
            Calls.run(settings=settings(max_examples=EXAMPLES - len(scenarios), stateful_step_count=STEPS,
                                        deadline=None, database=None, derandomize=restarts == 0,
                                        suppress_health_check=list(HealthCheck)))
            break
        except FlakyStrategyDefinition:
            assert not failures, "\n".join(failures)
            restarts += 1
            assert restarts <= 10, f"{restarts} runs stopped by inconsistent answers to replays"
    print(f"\nstateful fuzzing {service}: {len(scenarios)} scenarios, {sum(scenarios)} calls checked, "
          f"{restarts} restarts (a replay answered otherwise), 0 failures")


def stateful_schema(service: str):
    """The service's document with the links the state machine follows: the contract's own, and those
    schemathesis infers from the schemas (``dependency-analysis``), less the inferred links from a creation to a
    sub-resource of what it created that the creation's committed links leave out. The contract leaves those out on
    purpose (docs/reliability.md): a new order's ``GET /orders/{id}/report`` is a correct 404 (no check-in yet),
    which such a link asserts as "created resource not found"."""
    schema = schemathesis.openapi.from_path(FOLDER / f"{service}.yaml")
    schema.config.generation.update(modes=[GenerationMode.POSITIVE], database="none", deterministic=True,
                                    with_security_parameters=False)
    schema.analysis.inject_links()
    for path, item in schema.raw_schema["paths"].items():
        for method, operation in item.items():
            if method != "post" or not isinstance(operation, dict):
                continue
            for response in (operation.get("responses") or {}).values():
                links = response.get("links") or {}
                if all(_inferred(link) for link in links.values()):
                    continue  # the contract says nothing about this response's links
                for name in [name for name, link in links.items()
                             if _inferred(link) and _target_path(link).startswith(path + "/")]:
                    del links[name]
    schema._operations.clear_cache()  # built from the schema before the links were pruned
    schema.__dict__.pop("statistic", None)
    return schema


def _inferred(link: dict) -> bool:
    return bool((link.get("x-schemathesis") or {}).get("is_inferred"))


def _target_path(link: dict) -> str:
    """``#/paths/~1orders~1{order_id}~1report/get`` -> ``/orders/{order_id}/report``."""
    reference = link.get("operationRef") or ""
    parts = reference.removeprefix("#/paths/").rsplit("/", 1)
    return parts[0].replace("~1", "/").replace("~0", "~") if len(parts) == 2 else ""


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


def _fresh_phone(phone: str) -> str:
    """The generated phone with new random ASCII digits in place of its own: the same shape (the document's
    pattern counts ASCII digits), a number no one registered. From uuid4 (the OS's randomness): hypothesis seeds
    ``random`` the same for every example, which would give a replay the same number again."""
    digits = iter(str(uuid.uuid4().int) * 2)
    return re.sub("[0-9]", lambda _: next(digits), phone)


def test_a_fresh_phone_keeps_the_documents_shape_and_is_new():
    pattern = re.compile(r"^[^0-9\x00]*([0-9][^0-9\x00]*){7,}$")
    phone = "+7 (916) 123-45-67"
    fresh = {_fresh_phone(phone) for _ in range(20)}
    assert all(pattern.match(p) and re.sub("[0-9]", "0", p) == re.sub("[0-9]", "0", phone) for p in fresh)
    assert len(fresh) == 20


def test_the_state_machine_follows_no_inferred_link_the_creation_leaves_out():
    """Inferred links are kept (more chains than the contract's), except to a sub-resource of what a POST created
    that its committed links leave out: placing an order creates no report."""
    machine = dir(stateful_schema("client-dashboard").as_state_machine())
    assert "POST_orders___201_GetOrder__GET_orders_order_id_report" not in machine
    assert any(rule.startswith("POST_orders___201_") and rule.endswith("__GET_orders_order_id_") for rule in machine)
    assert "GET_orders_order_id___200_GetOrder_0__GET_orders_order_id_report" in machine  # inferred, no creation
