"""Small real HTTP stand-ins for order-service and payment-service, shaped as docs/integration-contracts.md
says, for testing the HTTP clients of those services (gateways) without the services themselves.

Each stub is a Flask app served by werkzeug in a thread on a free port (``serve``); it checks the bearer token
with the shared secret, records every request it receives, and can be told to fail (``fail_with``) or to hang
(``hang``) so timeouts and 5xx can be tested.
"""
from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from flask import Flask, jsonify, request
from werkzeug.serving import make_server

from mcf.kit.auth import decode_token

DECLINED_CARD = "4000000000000002"


@dataclass
class Received:
    method: str
    path: str
    headers: dict
    args: dict
    json: object
    role: str | None
    subject: str | None
    acting_for: tuple[str, str] | None = None  # (role, subject) of the token's on_behalf_of claim
    status: int | None = None   # what the stub answered
    answer: object = None


@dataclass
class StubControls:
    received: list[Received] = field(default_factory=list)
    fail_with: int | None = None           # answer every request with this status (a problem+json)
    hang: threading.Event | None = None    # wait on this (bounded) before answering
    list_wrapper: str | None = None        # listings as {wrapper: [...]} instead of a bare array
    # payment-stub: the status of an order as payment-service would read it from order-service (None: placed);
    # a new key for an order that is not placed is refused, as payment-service refuses it
    order_status: Callable[[str], str | None] | None = None

    def last(self, method: str | None = None) -> Received:
        return [r for r in self.received if method in (None, r.method)][-1]


def problem(status: int, title: str, detail: str, type_: str = "about:blank", **extensions):
    response = jsonify({"type": type_, "title": title, "status": status, "detail": detail, **extensions})
    response.status_code, response.content_type = status, "application/problem+json"
    return response


def _iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat()


def _stub(name: str, secret: str, controls: StubControls, audience: str | None = None) -> Flask:
    """``audience``: the service the stub stands in for (default: ``name`` without ``-stub``)."""
    app = Flask(name)
    audience = audience or name.removesuffix("-stub")

    @app.before_request
    def _record_and_check():
        role = subject = acting = None
        header = request.headers.get("Authorization", "")
        if header.startswith("Bearer "):
            try:  # as the real services: only a token meant for this service (its audience)
                principal = decode_token(secret, header.removeprefix("Bearer "), audience=audience)
                role, subject = principal.role, principal.subject
                if principal.on_behalf_of is not None:
                    acting = (principal.on_behalf_of.role, principal.on_behalf_of.subject)
            except Exception:  # noqa: BLE001 - any bad token is a 401, as the real services answer
                pass
        controls.received.append(Received(request.method, request.path, dict(request.headers),
                                          request.args.to_dict(), request.get_json(silent=True), role, subject,
                                          acting))
        if controls.hang is not None:
            controls.hang.wait(10)
        if controls.fail_with is not None:
            return problem(controls.fail_with, "Stub failure", "told to fail")
        if role is None:
            return problem(401, "Unauthorized", "A bearer token is required.")
        return None

    @app.after_request
    def _record_answer(response):
        if controls.received:
            controls.received[-1].status = response.status_code
            controls.received[-1].answer = response.get_json(silent=True)
        return response

    return app


def _listing(controls: StubControls, items: list):
    return jsonify({controls.list_wrapper: items} if controls.list_wrapper else items)


def live_order(order: dict) -> dict:
    """An order as order-service's listing shows it (its live-orders table)."""
    return {"order_id": order["id"], "version": order["version"], "status": order["status"],
            "client_id": order["client_id"], "worker_id": order["worker_id"], "offered_worker_id": None,
            "offer_expires_at": None, "toy_category": order["toy_category"], "slot_start": order["slot_start"],
            "slot_end": order["slot_end"], "city": order["address"]["city"], "district": order["address"]["district"],
            "price": order["price"], "paid": order["payment_id"] is not None, "kit_ready": False,
            "placed_at": order["created_at"], "updated_at": order["updated_at"]}


def order_stub(secret: str, controls: StubControls, price_minor: int = 150_000) -> tuple[Flask, dict]:
    """order-service: POST/GET /orders, GET /orders/{id}, POST /orders/{id}/cancel. Returns (app, orders)."""
    app, orders = _stub("order-stub", secret, controls), {}

    def visible(order) -> bool:
        acting = controls.received[-1].acting_for
        return acting is None or acting == ("client", order["client_id"])

    @app.post("/orders")
    def place():
        acting = controls.received[-1].acting_for
        if acting is None or acting[0] != "client":
            return problem(403, "Forbidden", "This needs a service token acting for a client.")
        body, now = request.get_json(), datetime.now(timezone.utc)
        start = datetime.fromisoformat(body["slot_start"])
        if start < now + timedelta(minutes=30):
            return problem(422, "Invalid Input", "slot_start must be at least 30 minutes from now",
                           "urn:mcf:problem:invalid-input", field="slot_start")
        order = {"id": str(uuid.uuid4()), "status": "placed", **body, "client_id": acting[1],
                 "client_email": "owner@cats.example", "cat_name": "Barsik", "locale": "en",
                 "slot_start": _iso(start),
                 "slot_end": _iso(start + timedelta(minutes=body["duration_minutes"])),
                 "address": {"apartment": None, "notes": None, **body["address"]}, "worker_id": None,
                 "price": {"amount_minor": price_minor, "currency": "RUB",
                           "breakdown": {"base_minor": price_minor, "duration_factor": 1.0, "rating_tier": "gold",
                                         "tier_factor": 1.0, "surge_factor": 1.0, "minimum_applied": False}},
                 "offer": None, "kit": {"ready": False, "pickup_point": None, "fortune": None},
                 "payment_id": None, "paid": False, "started_at": None, "completed_at": None,
                 "expired_at": None, "cancellation": None, "created_at": _iso(now), "updated_at": _iso(now),
                 "version": 1}
        orders[order["id"]] = order
        return jsonify(order), 201

    @app.get("/orders")
    def listing():
        client_id = request.args.get("client_id")
        return _listing(controls, [live_order(o) for o in orders.values() if client_id in (None, o["client_id"])])

    @app.get("/orders/<order_id>")
    def one(order_id):
        order = orders.get(order_id)
        if order is None or not visible(order):
            return problem(404, "Not Found", f"order {order_id} does not exist", "urn:mcf:problem:not-found")
        return jsonify(order)

    @app.post("/orders/<order_id>/cancel")
    def cancel(order_id):
        order = orders.get(order_id)
        if order is None or not visible(order):
            return problem(404, "Not Found", f"order {order_id} does not exist", "urn:mcf:problem:not-found")
        if order["status"] not in ("placed", "confirmed"):
            return problem(409, "Illegal Transition", f"an order that is {order['status']} cannot become "
                           "cancelled", "urn:mcf:problem:illegal-transition", order_status=order["status"],
                           requested="cancelled")
        acting = controls.received[-1].acting_for
        now, by = _iso(datetime.now(timezone.utc)), "client" if acting and acting[0] == "client" else "platform"
        body = request.get_json(silent=True) or {}
        order.update(status="cancelled", version=order["version"] + 1, updated_at=now, cancellation={
            "cancelled_by": by, "reason": body.get("reason") or "", "previous_status": order["status"],
            "cancelled_at": now})
        return jsonify(order)

    return app, orders


def payment_stub(secret: str, controls: StubControls) -> tuple[Flask, dict]:
    """payment-service: POST /payments (Idempotency-Key), GET /payments/{id}, GET /payments?order_id=."""
    app, payments, keys = _stub("payment-stub", secret, controls), {}, {}

    @app.post("/payments")
    def pay():
        key = request.headers.get("Idempotency-Key")
        if not key:
            return problem(422, "Validation failed", "Idempotency-Key is required",
                           "urn:mcf:problem:validation-error", errors={"headers": {"Idempotency-Key": ["Missing."]}})
        if key in keys:
            return jsonify(payments[keys[key]]), 200
        body, acting = request.get_json(), controls.received[-1].acting_for
        if acting is None or acting[0] != "client":
            return problem(403, "Forbidden", "This needs a service token acting for a client.")
        status = controls.order_status(body["order_id"]) if controls.order_status else None
        if status not in (None, "placed"):
            return problem(409, "Not Payable", f"an order that is {status} cannot be paid",
                           "urn:mcf:problem:order-not-payable", order_status=status)
        declined = body["card_number"] == DECLINED_CARD
        price = body.get("expected_price") or {"amount_minor": 150_000, "currency": "RUB"}
        payment = {"id": str(uuid.uuid4()), "order_id": body["order_id"], "client_id": acting[1],
                   "amount_minor": price["amount_minor"], "currency": price["currency"],
                   "status": "failed" if declined else "succeeded",
                   "failure_reason": "card_declined" if declined else None,
                   "created_at": _iso(datetime.now(timezone.utc))}
        payments[payment["id"]], keys[key] = payment, payment["id"]
        return jsonify(payment), 201

    @app.get("/payments/<payment_id>")
    def one(payment_id):
        if payment_id not in payments:
            return problem(404, "Not Found", f"payment {payment_id} does not exist", "urn:mcf:problem:not-found")
        return jsonify(payments[payment_id])

    @app.get("/payments")
    def listing():
        order_id = request.args.get("order_id")
        return _listing(controls, [p for p in payments.values() if p["order_id"] == order_id])

    return app, payments


@contextmanager
def serve(app: Flask, port: int = 0, *, threaded: bool = True):
    """Serve ``app`` on ``port`` (a free one by default) in a thread; yields its base URL; stops it afterwards.
    ``threaded=False``: one request at a time, a service whose every thread is busy."""
    server = make_server("127.0.0.1", port, app, threaded=threaded)
    thread = threading.Thread(target=server.serve_forever, name=f"{app.name}-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
