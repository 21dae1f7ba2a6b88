"""order-service's orders as ``GET /orders/{id}`` answers them, and a small real HTTP stand-in serving them, for
order-history's tests (gateway, consumer, backfill) without order-service itself."""
from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone

from flask import Flask, abort, jsonify, request

from mcf.kit.auth import decode_token

SLOT = datetime(2031, 3, 14, 9, 0, tzinfo=timezone.utc)


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")


def order_json(status: str = "completed", *, slot: datetime = SLOT, client_id: str | None = None,
               worker_id: str | None = None, version: int = 9, late_minutes: int = 2, **overrides) -> dict:
    """An order as order-service's ``present`` shapes it, finished in ``status``."""
    placed = slot - timedelta(days=1)
    order = {
        "id": str(uuid.uuid4()), "status": status, "client_id": client_id or str(uuid.uuid4()),
        "client_email": "murka@example.com", "cat_id": str(uuid.uuid4()), "cat_name": "Murka",
        "toy_category": "balls", "slot_start": _iso(slot), "slot_end": _iso(slot + timedelta(minutes=90)),
        "duration_minutes": 90, "address": {"city": "Moscow", "district": "Arbat", "street": "Arbat st",
                                            "building": "1", "apartment": None, "notes": None},
        "locale": "en", "worker_id": worker_id or str(uuid.uuid4()), "offer": None,
        "price": {"amount_minor": 150_000, "currency": "RUB", "breakdown": {}},
        "kit": {"ready": True, "ready_at": _iso(placed + timedelta(hours=1)), "pickup_point": {"id": "pp-1"},
                "fortune": None},
        "payment_id": "pay-1", "paid": True, "paid_at": _iso(placed + timedelta(minutes=10)), "refunds": [],
        "report_id": None, "cancellation": None, "started_at": None, "completed_at": None, "expired_at": None,
        "created_at": _iso(placed), "updated_at": _iso(slot), "version": version,
    }
    if status == "completed":
        order.update(started_at=_iso(slot + timedelta(minutes=late_minutes)),
                     completed_at=_iso(slot + timedelta(minutes=95)), report_id="rep-1")
    elif status == "cancelled":
        order.update(cancellation={"cancelled_by": "client", "reason": "client_request",
                                   "previous_status": "confirmed", "cancelled_at": _iso(placed + timedelta(hours=2))},
                     refunds=[{"refund_id": "r-1", "amount_minor": 150_000, "currency": "RUB",
                               "policy": "early_full"}])
    elif status == "expired":
        order.update(worker_id=None, payment_id=None, paid=False, paid_at=None,
                     expired_at=_iso(placed + timedelta(minutes=30)))
    order.update(overrides)
    return order


def order_service_stand_in(secret: str, orders: dict[str, dict], seen: list | None = None) -> Flask:
    """``GET /orders/{id}`` and ``GET /orders?status=&limit=&after_slot_start=&after_order_id=`` over ``orders``
    (the listing in order-service's order: slot_start descending, then order id); service tokens only."""
    app = Flask("order-stand-in")

    @app.before_request
    def _auth():
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        principal = decode_token(secret, token, audience="order")
        if principal.role != "service":
            abort(403)
        if seen is not None:
            seen.append((request.path, principal.subject, request.headers.get("X-Correlation-ID")))

    @app.get("/orders/<order_id>")
    def one(order_id):
        if order_id not in orders:
            return jsonify({"type": "urn:mcf:problem:not-found", "title": "Not Found", "status": 404}), 404
        return jsonify(orders[order_id])

    @app.get("/orders")
    def listing():
        rows = [o for o in orders.values() if o["status"] == request.args.get("status", o["status"])]
        rows.sort(key=lambda o: o["id"])
        rows.sort(key=lambda o: o["slot_start"], reverse=True)
        if request.args.get("after_order_id"):
            key = (request.args["after_slot_start"].replace("+00:00", "Z"), request.args["after_order_id"])
            rows = [o for o in rows if o["slot_start"] < key[0] or (o["slot_start"] == key[0] and o["id"] > key[1])]
        limit = int(request.args.get("limit", 50))
        return jsonify([{"order_id": o["id"], "status": o["status"], "slot_start": o["slot_start"]}
                        for o in rows[:limit]])

    return app
