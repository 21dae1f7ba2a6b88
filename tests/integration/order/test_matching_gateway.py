"""The matching gateway against a real HTTP server: a tiny stand-in for matching-service whose requests and
responses are checked against matching-service's committed OpenAPI contract."""
from __future__ import annotations

import threading
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

import jsonschema
import pytest
import yaml
from flask import Flask, jsonify, request
from werkzeug.serving import make_server

from mcf.kit.auth import ServiceCredentials, decode_token
from mcf.kit.config import Settings
from mcf.kit.service_client import ServiceClient
from mcf.order.adapters.gateways import HttpMatchingGateway
from mcf.order.ports import MatchingUnavailable, MatchRequest

CONTRACT = Path(__file__).resolve().parents[3] / "contracts" / "openapi" / "matching.yaml"
SECRET = "gateway-test-secret-of-at-least-32-bytes"
CREDENTIALS = ServiceCredentials(Settings(jwt_secret=SECRET), caller="order")


def gateway_at(url: str, timeout: float) -> HttpMatchingGateway:
    """As order's app.py builds it."""
    return HttpMatchingGateway(ServiceClient("matching", url, CREDENTIALS, timeout=timeout, connect_timeout=3.0,
                                             unavailable=MatchingUnavailable))
W1, W2 = str(uuid.uuid4()), str(uuid.uuid4())


def _json_schema(node):
    """OpenAPI 3.0 schema -> JSON Schema: ``nullable: true`` becomes a null type, refs point into the document."""
    if isinstance(node, dict):
        out = {k: _json_schema(v) for k, v in node.items() if k not in ("nullable", "example")}
        if node.get("nullable"):
            out = {"anyOf": [out, {"type": "null"}]}
        return out
    if isinstance(node, list):
        return [_json_schema(item) for item in node]
    return node


@pytest.fixture(scope="module")
def contract():
    if not CONTRACT.exists():
        pytest.skip("contracts/openapi/matching.yaml is not there yet")
    document = _json_schema(yaml.safe_load(CONTRACT.read_text()))

    def validator(name):
        return jsonschema.Draft7Validator({"$ref": f"#/components/schemas/{name}", **document},
                                          format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
    return validator


def candidate(worker_id, amount):
    return {"worker_id": worker_id, "score": 0.8, "reasons": {"rating": 0.5, "history": 0.3},
            "price": {"amount_minor": amount, "currency": "RUB", "breakdown": {
                "base_minor": 100_000, "duration_factor": 1.5, "rating_tier": "top", "tier_factor": 1.2,
                "surge_factor": 1.0, "minimum_applied": False}}}


class Stub:
    def __init__(self, contract):
        self.contract = contract
        self.received: list[dict] = []
        self.answer = lambda body: (200, {"candidates": [candidate(W1, 180_000), candidate(W2, 150_000)]})
        self.release = threading.Event()
        app = Flask("matching-stub")

        @app.post("/matches")
        def matches():
            principal = decode_token(SECRET, request.headers["Authorization"].split(" ", 1)[1],
                                     audience="matching")
            body = request.get_json()
            self.contract("MatchRequest").validate(body)
            self.received.append({"body": body, "role": principal.role,
                                  "correlation": request.headers.get("X-Correlation-ID")})
            status, payload = self.answer(body)
            if status == 200 and isinstance(payload, dict) and "candidates" in payload:
                self.contract("MatchResponse").validate(payload)  # the stub answers only what matching may
            return jsonify(payload), status

        @app.post("/slow/matches")
        def slow():
            self.release.wait(5)
            return jsonify({"candidates": []})

        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.release.set()
        self.server.shutdown()


@pytest.fixture
def stub(contract):
    server = Stub(contract)
    yield server
    server.close()


def match_request(**overrides):
    values = dict(order_id=str(uuid.uuid4()), client_id=str(uuid.uuid4()), toy_category="laser",
                  slot_start=datetime.now(timezone(timedelta(hours=3))) + timedelta(days=1), duration_minutes=90,
                  city="Moscow", district="Tverskoy", exclude_worker_ids=(str(uuid.uuid4()),), limit=5)
    values.update(overrides)
    return MatchRequest(**values)


def test_candidates_come_back_ranked_with_prices_and_the_request_follows_the_contract(stub):
    gateway = gateway_at(stub.url, 2)
    request_ = match_request()
    found = gateway.find_candidates(request_)
    assert [c.worker_id for c in found] == [W1, W2]
    assert (found[0].price.amount_minor, found[0].price.currency) == (180_000, "RUB")
    assert found[0].price.breakdown["rating_tier"] == "top"
    [received] = stub.received
    assert received["role"] == "service"
    body = received["body"]
    assert body["order_id"] == request_.order_id and body["exclude_worker_ids"] == list(request_.exclude_worker_ids)
    assert body["slot_start"].endswith("Z") and body["limit"] == 5


def test_an_empty_list_means_nobody_fits(stub):
    stub.answer = lambda body: (200, {"candidates": []})
    assert gateway_at(stub.url, 2).find_candidates(match_request()) == []


@pytest.mark.parametrize("status, payload", [
    (500, {"type": "about:blank", "title": "Internal Server Error", "status": 500}),
    (422, {"type": "urn:mcf:problem:validation-error", "title": "Validation failed", "status": 422}),
    (200, {"candidates": [{"worker_id": "x", "price": {"amount_minor": 1.5, "currency": "RUB"}}]}),
    (200, {"something": "else"}),
])
def test_errors_and_unusable_answers_are_matching_unavailable(stub, status, payload):
    stub.answer = lambda body: (status, payload)
    with pytest.raises(MatchingUnavailable):
        gateway_at(stub.url, 2).find_candidates(match_request())


def test_a_matching_that_never_answers_times_out(stub):
    gateway = gateway_at(f"{stub.url}/slow", 0.3)
    started = datetime.now()
    with pytest.raises(MatchingUnavailable, match="did not answer in time"):
        gateway.find_candidates(match_request())
    assert (datetime.now() - started).total_seconds() < 3


def test_a_matching_that_is_not_there_is_unavailable():
    with pytest.raises(MatchingUnavailable):
        gateway_at("http://127.0.0.1:9", 0.5).find_candidates(match_request())
