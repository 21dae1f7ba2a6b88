"""client-dashboard's calls to order- and payment-service, checked against those services' OpenAPI documents
(contracts/openapi/<service>.yaml) when committed, else against the shapes of docs/integration-contracts.md.

The gateways run against the stub servers of tests/support/stub_services.py; the stubs' answers are checked
against the same documents, so the stubs cannot drift from what the services really answer."""
from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

import jsonschema
import pytest
import yaml

from mcf.client_dashboard.adapters.gateways import HttpOrderGateway, HttpPaymentGateway, ServiceClient
from mcf.client_dashboard.domain import payment_key
from mcf.client_dashboard.ports import OrderRequest, PaymentRequest
from mcf.kit.auth import ServiceCredentials
from mcf.kit.config import Settings
from tests.support.stub_services import StubControls, order_stub, payment_stub, serve

FOLDER = Path(__file__).resolve().parents[2] / "contracts" / "openapi"
SECRET = "contract-test-secret-long-enough-for-hs256"
CREDENTIALS = ServiceCredentials(Settings(jwt_secret=SECRET), caller="client-dashboard")

def document(service: str) -> dict:
    """The committed OpenAPI document; a missing one fails the test (a contract nobody can read is no contract)."""
    path = FOLDER / f"{service}.yaml"
    assert path.is_file(), f"{path.relative_to(FOLDER.parents[1])} is missing: run `mcf openapi`"
    return yaml.safe_load(path.read_text())


def json_schema(node, root: dict, *, open_objects: bool = False):
    """An OpenAPI 3.0 schema as JSON Schema: ``$ref``s inlined, ``nullable`` as a null type; ``open_objects``
    allows members the document does not list yet (for answers: readers ignore what they do not know)."""
    if isinstance(node, list):
        return [json_schema(item, root, open_objects=open_objects) for item in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        target = root
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        return json_schema(target, root, open_objects=open_objects)
    out = {key: json_schema(value, root, open_objects=open_objects) for key, value in node.items()
           if key not in ("nullable", "example", "default")}
    if node.get("nullable") and "type" in out:
        out["type"] = [out["type"], "null"]
        if "enum" in out and None not in out["enum"]:
            out["enum"] = [*out["enum"], None]
    if open_objects and out.get("additionalProperties") is False:
        del out["additionalProperties"]
    return out


def operation(doc: dict, path: str, method: str) -> dict | None:
    return doc.get("paths", {}).get(path, {}).get(method)


def request_schema(doc: dict, path: str, method: str) -> dict:
    op = operation(doc, path, method)
    assert op is not None, f"{method.upper()} {path} is not in the document"
    return json_schema(op["requestBody"]["content"]["application/json"]["schema"], doc)


def response_schema(doc: dict, path: str, method: str, status: str) -> dict:
    op = operation(doc, path, method)
    assert op is not None, f"{method.upper()} {path} is not in the document"
    assert status in op["responses"], f"{method.upper()} {path} documents no {status} answer"
    return json_schema(op["responses"][status]["content"]["application/json"]["schema"], doc, open_objects=True)


def validate(instance, schema):
    jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER).validate(instance)


@pytest.fixture(scope="module")
def order_side():
    controls = StubControls()
    app, _orders = order_stub(SECRET, controls)
    with serve(app) as url:
        yield HttpOrderGateway(ServiceClient("order", url, CREDENTIALS, timeout=2)), controls


@pytest.fixture(scope="module")
def payment_side():
    controls = StubControls()
    app, _payments = payment_stub(SECRET, controls)
    with serve(app) as url:
        yield HttpPaymentGateway(ServiceClient("payment", url, CREDENTIALS, timeout=2)), controls


def place(gateway: HttpOrderGateway, client_id: str) -> dict:
    return gateway.place(OrderRequest(
        client_id=client_id, cat_id=str(uuid.uuid4()), toy_category="catnip",
        slot_start=datetime.now(timezone.utc) + timedelta(days=1), duration_minutes=45,
        address={"city": "Moscow", "district": "Arbat", "street": "Arbat st", "building": "1", "apartment": "7"}))


def test_the_order_request_matches_order_services_document_and_so_do_the_stubs_answers(order_side):
    doc = document("order")
    gateway, controls = order_side
    client_id = str(uuid.uuid4())
    placed = place(gateway, client_id)
    sent = controls.last("POST")
    validate(sent.json, request_schema(doc, "/orders", "post"))
    validate(placed, response_schema(doc, "/orders", "post", "201"))
    validate(gateway.get(placed["id"]), response_schema(doc, "/orders/{order_id}", "get", "200"))
    gateway.for_client(client_id)
    listing = controls.last("GET")
    validate(listing.answer, response_schema(doc, "/orders", "get", "200"))
    parameters = {p["name"] for p in operation(doc, "/orders", "get").get("parameters", [])}
    assert set(listing.args) <= parameters


def test_the_cancel_request_matches_order_services_document(order_side):
    doc = document("order")
    gateway, controls = order_side
    client_id = str(uuid.uuid4())
    placed = place(gateway, client_id)
    cancelled = gateway.cancel(placed["id"], client_id)
    validate(controls.last("POST").json, request_schema(doc, "/orders/{order_id}/cancel", "post"))
    validate(cancelled, response_schema(doc, "/orders/{order_id}/cancel", "post", "200"))


def test_the_payment_request_matches_payment_services_document(payment_side):
    doc = document("payment")
    gateway, controls = payment_side
    request = PaymentRequest(order_id=str(uuid.uuid4()), client_id=str(uuid.uuid4()), amount_minor=150_000,
                             currency="RUB", card_number="4242424242424242")
    result = gateway.pay(request, payment_key(request.client_id, "k-1"))
    sent = controls.last("POST")
    assert sent.headers["Idempotency-Key"] == payment_key(request.client_id, "k-1")
    validate(sent.json, request_schema(doc, "/payments", "post"))
    header = next(p for p in operation(doc, "/payments", "post")["parameters"] if p["in"] == "header")
    assert header["name"] == "Idempotency-Key" and header["required"]
    validate(sent.headers["Idempotency-Key"], json_schema(header["schema"], doc))
    validate(result.payment, response_schema(doc, "/payments", "post", "201"))
    validate(gateway.for_order(request.order_id), response_schema(doc, "/payments", "get", "200"))
    validate(gateway.get(result.payment["id"]), response_schema(doc, "/payments/{payment_id}", "get", "200"))
