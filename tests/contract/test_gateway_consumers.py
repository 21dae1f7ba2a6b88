"""Consumer tests of every HTTP client adapter (gateway): what it sends, and the answers it relies on, checked
against the provider's committed OpenAPI document (issue 11).

``test_every_gateway_has_a_consumer_test`` finds every gateway class (an adapter built on ``ServiceClient``) and
fails when one has no consumer test: here, or in the older files listed in ``ELSEWHERE``. The gateways tested here
run against a *contract stub* of the provider: for every request it finds the operation in the provider's
document (method and path), validates the query and the JSON body against the operation's schemas, and checks
the token is one the operation's ``x-mcf-access`` allows (a service token meant for the provider, acting for the
person it names); the stub's own answer is validated against the documented response, closed objects kept closed,
so a stub cannot answer what the provider never would.
"""
from __future__ import annotations

import ast
import re
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

import jsonschema
import pytest
import yaml
from flask import Flask, jsonify, request

from mcf.kit.auth import ServiceCredentials, decode_token
from mcf.kit.config import Settings
from mcf.kit.service_client import ServiceClient
from tests.contract.test_client_dashboard_gateways import json_schema
from tests.contract.test_security_drills import allowed
from tests.support.stub_services import serve

ROOT = Path(__file__).resolve().parents[2]
FOLDER = ROOT / "contracts" / "openapi"
SECRET = "contract-test-secret-long-enough-for-hs256"
SETTINGS = Settings(jwt_secret=SECRET)
NOW = datetime(2031, 5, 6, 10, 0, tzinfo=timezone.utc)

# Gateways whose consumer tests are older files of their own.
ELSEWHERE = {
    "client_dashboard.HttpOrderGateway": "test_client_dashboard_gateways.py",
    "client_dashboard.HttpPaymentGateway": "test_client_dashboard_gateways.py",
    "client_dashboard.HttpReportGateway": "test_worker_dashboard_gateways.py",
    "order_report.HttpOrderGateway": "test_worker_dashboard_gateways.py",
    "worker_dashboard.HttpOrderHistoryGateway": "test_worker_dashboard_gateways.py",
    "worker_dashboard.HttpOrderGateway": "test_worker_dashboard_gateways.py",
    "worker_dashboard.HttpProfileGateway": "test_worker_profile_callers.py",
    "worker_dashboard.HttpReportGateway": "test_worker_dashboard_gateways.py",
    "worker_testing.HttpWorkerDirectory": "test_worker_profile_callers.py",
    "quality.HttpWorkerRatings": "test_quality_against_worker_profile.py",
    "worker_dashboard.OrderListingHistory": "test_worker_dashboard_gateways.py",
}
MARKERS = {"quality.HttpWorkerRatings": "quality_app.worker_ratings"}  # built by its factory there
HERE = {"order.HttpMatchingGateway", "order.HttpClientDirectory", "payment.HttpOrderDirectory",
        "order_history.HttpOrderSource", "quality.HttpArchiveFeed", "quality.HttpReports"}


def gateway_classes() -> set[str]:
    """``<service>.<Class>`` of every class in a service's adapters that is handed a ServiceClient."""
    found = set()
    for path in sorted((ROOT / "src" / "mcf").glob("*/adapters/*.py")):
        tree = ast.parse(path.read_text())
        for node in tree.body:
            if isinstance(node, ast.ClassDef):
                init = next((f for f in node.body if isinstance(f, ast.FunctionDef) and f.name == "__init__"), None)
                source = ast.unparse(init) if init else ""
                if re.search(r"\bServiceClient\b", source) or "self._client = client" in source:
                    found.add(f"{path.parents[1].name}.{node.name}")
    return found


def test_every_gateway_has_a_consumer_test():
    gateways = gateway_classes()
    assert len(gateways) >= 16, sorted(gateways)
    untested = sorted(gateways - HERE - set(ELSEWHERE))
    assert not untested, f"gateways without a consumer test against the provider's OpenAPI: {untested}"
    for name, file in ELSEWHERE.items():
        marker = MARKERS.get(name, name.split(".")[1])
        assert marker in (Path(__file__).parent / file).read_text(), (name, file)


# ---------------------------------------------------------------- the contract stub

class ContractStub:
    """A provider as its document describes it; ``answers[(METHOD, template)]`` gives (status, body)."""

    def __init__(self, provider: str, answers: dict):
        self.provider, self.answers = provider, answers
        self.document = yaml.safe_load((FOLDER / f"{provider}.yaml").read_text())
        self.violations: list[str] = []
        self.seen: list[tuple[str, str]] = []
        self.app = Flask(f"contract-stub-{provider}")
        self.app.add_url_rule("/<path:path>", "any", self._handle, methods=["GET", "POST", "PATCH", "PUT", "DELETE"])

    def _operation(self, method: str, path: str):
        for template, item in self.document["paths"].items():
            pattern = "^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template)) + "$"
            if re.match(pattern, path) and method.lower() in item:
                return template, item[method.lower()]
        return None, None

    def _check(self, what: str, instance, schema) -> None:
        try:
            jsonschema.validate(instance, json_schema(schema, self.document))
        except jsonschema.ValidationError as exc:
            self.violations.append(f"{what}: {exc.message}")

    def _handle(self, path: str):
        method, path = request.method, "/" + path
        template, operation = self._operation(method, path)
        if operation is None:
            self.violations.append(f"{method} {path} is not in {self.provider}'s document")
            return jsonify({}), 404
        self.seen.append((method, template))
        # who: a token the operation's x-mcf-access allows, meant for the provider
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        access = operation.get("x-mcf-access")
        if access is not None:
            principal = decode_token(SECRET, token, audience=self.provider)
            acting = principal.on_behalf_of.role if principal.on_behalf_of else "nobody"
            caller = f"service:{acting}" if principal.role == "service" else principal.role
            if not allowed(caller, self.provider, access):
                self.violations.append(f"{method} {template}: {caller} is not allowed by {access}")
        # what: the query and the body
        declared = {p["name"]: p for p in operation.get("parameters", []) if p["in"] == "query"}
        for name, values in request.args.lists():
            if name not in declared:
                self.violations.append(f"{method} {template}: undocumented query parameter {name}")
                continue
            schema = declared[name]["schema"]
            value = values[0]
            if schema.get("type") == "integer":
                value = int(value)
            self._check(f"{method} {template} ?{name}", value, schema)
        for name, parameter in declared.items():
            if parameter.get("required") and name not in request.args:
                self.violations.append(f"{method} {template}: required query parameter {name} missing")
        if "requestBody" in operation:
            content = operation["requestBody"]["content"]
            if "application/json" in content:
                self._check(f"{method} {template} body", request.get_json(silent=True),
                            content["application/json"]["schema"])
        status, body = self.answers[(method, template)](path)
        documented = operation["responses"].get(str(status))
        if documented is None:
            self.violations.append(f"the stub answers {status} to {method} {template}: not documented")
        elif body is not None:
            self._check(f"the stub's {status} to {method} {template}", body,
                        documented["content"]["application/json"]["schema"])
        return (jsonify(body), status) if body is not None else ("", status)


def _client(provider: str, url: str, caller: str) -> ServiceClient:
    return ServiceClient(provider, url, ServiceCredentials(SETTINGS, caller=caller), timeout=5)


def _iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def order_body(order_id: str, client_id: str, status: str = "placed", **changes) -> dict:
    """An order as order-service's document describes ``Order``."""
    start = NOW + timedelta(days=2)
    body = {"id": order_id, "status": status, "client_id": client_id, "client_email": "owner@cats.example",
            "cat_id": str(uuid.uuid4()), "cat_name": "Barsik", "locale": "en", "toy_category": "feathers",
            "slot_start": _iso(start), "slot_end": _iso(start + timedelta(minutes=60)), "duration_minutes": 60,
            "address": {"city": "Moscow", "district": "Khamovniki", "street": "Ostozhenka", "building": "7",
                        "apartment": None, "notes": None},
            "worker_id": None, "offer": None, "kit": {"ready": False, "pickup_point": None, "fortune": None},
            "price": {"amount_minor": 150_000, "currency": "RUB",
                      "breakdown": {"base_minor": 150_000, "duration_factor": 1.0, "rating_tier": "gold",
                                    "tier_factor": 1.0, "surge_factor": 1.0, "minimum_applied": False}},
            "payment_id": None, "paid": False, "started_at": None, "completed_at": None, "expired_at": None,
            "cancellation": None, "created_at": _iso(NOW), "updated_at": _iso(NOW), "version": 1}
    body.update(changes)
    return body


def _assert_clean(stub: ContractStub, *expected: tuple[str, str]) -> None:
    assert not stub.violations, stub.violations
    for call in expected:
        assert call in stub.seen, (call, stub.seen)


# ---------------------------------------------------------------- the gateways

def test_orders_matching_gateway_asks_for_matches_as_matching_documents_it():
    from mcf.order.adapters.gateways import HttpMatchingGateway
    from mcf.order.ports import MatchRequest

    worker = str(uuid.uuid4())
    stub = ContractStub("matching", {("POST", "/matches"): lambda _p: (200, {"candidates": [{
        "worker_id": worker, "score": 0.8, "reasons": {"rating": 0.5, "distance": 0.3},
        "price": {"amount_minor": 150_000, "currency": "RUB", "breakdown": {
            "base_minor": 150_000, "duration_factor": 1.0, "rating_tier": "gold", "tier_factor": 1.0,
            "surge_factor": 1.0, "minimum_applied": False}}}]})})
    with serve(stub.app) as url:
        gateway = HttpMatchingGateway(_client("matching", url, "order"))
        found = gateway.find_candidates(MatchRequest(str(uuid.uuid4()), str(uuid.uuid4()), "feathers",
                                                     NOW + timedelta(days=2), 60, "Moscow", "Khamovniki",
                                                     (str(uuid.uuid4()),), 5))
    assert [c.worker_id for c in found] == [worker] and found[0].price.amount_minor == 150_000
    _assert_clean(stub, ("POST", "/matches"))


def test_orders_client_directory_reads_the_clients_cat_acting_for_the_client():
    from mcf.order.adapters.gateways import HttpClientDirectory

    client_id, cat_id = str(uuid.uuid4()), str(uuid.uuid4())
    template = "/internal/clients/{client_id}/cats/{cat_id}"
    stub = ContractStub("client-dashboard", {("GET", template): lambda path: (200, {
        "client_id": client_id, "email": "owner@cats.example", "locale": "en", "cat_id": cat_id,
        "cat_name": "Barsik"}) if client_id in path else (404, None)})
    with serve(stub.app) as url:
        facts = HttpClientDirectory(_client("client-dashboard", url, "order")).client_cat(client_id, cat_id)
    assert facts.cat_name == "Barsik" and facts.email == "owner@cats.example"
    _assert_clean(stub, ("GET", template))


def test_payments_order_directory_reads_the_order_acting_for_the_paying_client():
    from mcf.payment.adapters.gateways import HttpOrderDirectory

    order_id, client_id = str(uuid.uuid4()), str(uuid.uuid4())
    stub = ContractStub("order", {("GET", "/orders/{order_id}"): lambda path: (
        (200, order_body(order_id, client_id)) if order_id in path else (404, None))})
    with serve(stub.app) as url:
        directory = HttpOrderDirectory(_client("order", url, "payment"))
        facts = directory.order_for_client(order_id, client_id)
        assert directory.order_for_client(str(uuid.uuid4()), client_id) is None
    assert (facts.amount_minor, facts.currency, facts.status) == (150_000, "RUB", "placed")
    _assert_clean(stub, ("GET", "/orders/{order_id}"))


def test_order_historys_source_pages_order_services_listing_and_reads_each_order():
    from mcf.order_history.adapters.gateways import HttpOrderSource

    client_id = str(uuid.uuid4())
    done = {str(uuid.uuid4()): order_body("", client_id, "completed", worker_id=str(uuid.uuid4()), paid=True,
                                          started_at=_iso(NOW), completed_at=_iso(NOW), payment_id=str(uuid.uuid4()))
            for _ in range(2)}
    for order_id, body in done.items():
        body["id"] = order_id

    def listing(_path):
        status = request.args.get("status")
        rows = [{"order_id": o["id"], "status": o["status"], "client_id": o["client_id"],
                 "worker_id": o["worker_id"], "toy_category": o["toy_category"], "city": "Moscow",
                 "district": "Khamovniki", "slot_start": o["slot_start"], "slot_end": o["slot_end"],
                 "kit_ready": True, "paid": True, "placed_at": o["created_at"], "updated_at": o["updated_at"],
                 "version": 1}
                for o in done.values() if o["status"] == status and "after_order_id" not in request.args]
        return 200, rows

    stub = ContractStub("order", {("GET", "/orders"): listing,
                                  ("GET", "/orders/{order_id}"): lambda path: (200, done[path.rsplit("/", 1)[1]])})
    with serve(stub.app) as url:
        pages = list(HttpOrderSource(_client("order", url, "order-history")).finished_orders())
    assert sorted(o.order_id for page in pages for o in page) == sorted(done)
    _assert_clean(stub, ("GET", "/orders"), ("GET", "/orders/{order_id}"))


def test_qualitys_archive_feed_reads_order_historys_change_feed_with_its_cursor():
    from mcf.quality.adapters.gateways import HttpArchiveFeed

    cursor = f"c{int(NOW.timestamp())}_{uuid.uuid4()}"
    stub = ContractStub("order-history", {("GET", "/archive/changes"): lambda _p: (
        200, {"items": [], "next_cursor": request.args.get("after") or cursor})})
    with serve(stub.app) as url:
        feed = HttpArchiveFeed(_client("order-history", url, "quality"))
        first = feed.changes(None, 50)
        again = feed.changes(first.next_cursor, 50)
    assert first.next_cursor == cursor and again.next_cursor == cursor
    _assert_clean(stub, ("GET", "/archive/changes"))


def test_qualitys_reports_read_the_record_acting_for_the_manager_or_on_their_own():
    from mcf.quality.adapters.gateways import HttpReports

    order_id, manager = str(uuid.uuid4()), str(uuid.uuid4())
    photo = str(uuid.uuid4())
    record = {"order_id": order_id, "client_id": str(uuid.uuid4()), "report": None, "check_in": {
        "order_id": order_id, "worker_id": str(uuid.uuid4()), "checked_in_at": _iso(NOW), "recorded_at": _iso(NOW),
        "location": None, "photos": [{"photo_id": photo, "content_type": "image/jpeg", "width": 64, "height": 48,
                                      "size": 1200, "url": f"/photos/{photo}",
                                      "thumbnail_url": f"/photos/{photo}/thumbnail"}]}}
    stub = ContractStub("order-report", {("GET", "/orders/{order_id}/report"): lambda path: (
        (404, None) if order_id not in path else (200, record))})
    with serve(stub.app) as url:
        reports = HttpReports(_client("order-report", url, "quality"))
        assert reports.record(str(uuid.uuid4()), manager) is None
        assert reports.record(order_id, manager)["order_id"] == order_id
        assert reports.visit(order_id).photos == 1
    _assert_clean(stub, ("GET", "/orders/{order_id}/report"))


def test_the_contract_stub_catches_a_request_the_document_refuses():
    stub = ContractStub("matching", {("POST", "/matches"): lambda _p: (200, {"candidates": []})})
    with serve(stub.app) as url:
        _client("matching", url, "order").call("POST", "/matches", json={"order_id": "not a match request"})
    assert stub.violations and "body" in stub.violations[0]


@pytest.fixture(autouse=True)
def _no_servers():
    """The contract stubs need no database (tests/contract/conftest.py starts the servers for the suite)."""
    yield
