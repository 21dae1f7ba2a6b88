"""Small real HTTP stand-ins for the services behind worker-dashboard: worker-profile's login, order-service as a
worker sees it, and order-report's check-ins and reports, shaped as contracts/openapi/order.yaml and issue 9 say.

Like tests/support/stub_services.py (whose plumbing they share) they check bearer tokens with the shared secret,
record every request, and can be told to fail or hang. ``WorkerWorld`` ties them together the way the events do
in the real system: a check-in moves the order to ``in_progress``, a report to ``completed``.
"""
from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from flask import Flask, jsonify, request

from mcf.kit.auth import WORKER_AUDIENCE, issue_token
from tests.support.stub_services import Received, StubControls, _iso, _stub, live_order, problem

PICKUP_POINT = {"id": "pp-1", "name": "MCF kit point Arbat", "address": "Arbat 12, Moscow"}


@dataclass
class WorkerWorld:
    secret: str
    orders: dict = field(default_factory=dict)
    check_ins: dict = field(default_factory=dict)      # idempotency key -> check-in document
    reports: dict = field(default_factory=dict)        # idempotency key -> report document
    photos: list = field(default_factory=list)         # (content type, bytes) of every photo stored
    photo_files: dict = field(default_factory=dict)    # photo id -> (worker id, content type, bytes)
    workers: dict = field(default_factory=dict)        # e-mail -> (password, worker id)

    def add_worker(self, email: str, password: str) -> str:
        worker_id = str(uuid.uuid4())
        self.workers[email] = (password, worker_id)
        return worker_id

    def offer(self, worker_id: str, *, status: str = "confirmed", kit_ready: bool = True, **changes) -> dict:
        """An order offered to ``worker_id`` (paid and its kit ready unless told otherwise)."""
        now = datetime.now(timezone.utc)
        start = now + timedelta(hours=3)
        order = {"id": str(uuid.uuid4()), "status": status, "client_id": str(uuid.uuid4()),
                 "client_email": "human@example.com", "cat_id": str(uuid.uuid4()), "cat_name": "Murka",
                 "toy_category": "feathers", "slot_start": _iso(start), "slot_end": _iso(start + timedelta(hours=1)),
                 "duration_minutes": 60, "locale": "en",
                 "address": {"city": "Moscow", "district": "Arbat", "street": "Arbat", "building": "10",
                             "apartment": "5", "notes": None},
                 "worker_id": None, "offer": {"worker_id": worker_id, "expires_at": _iso(now + timedelta(minutes=15))},
                 "price": {"amount_minor": 150_000, "currency": "RUB", "breakdown": {}},
                 "kit": {"ready": kit_ready, "pickup_point": PICKUP_POINT if kit_ready else None,
                         "fortune": {"text": "A feather will find you.", "locale": "en", "source": "partner"}
                         if kit_ready else None},
                 "payment_id": str(uuid.uuid4()), "paid": True, "cancellation": None, "started_at": None,
                 "completed_at": None, "expired_at": None, "created_at": _iso(now), "updated_at": _iso(now),
                 "version": 1, **changes}
        self.orders[order["id"]] = order
        return order


def actor(received: Received) -> tuple[str | None, str | None]:
    """(role, subject) of the person a service token acts for, else of the caller itself (the kit's
    ``Principal.actor``), as the real services decide visibility."""
    return received.acting_for or (received.role, received.subject)


def _acting_worker(received: Received) -> str | None:
    """The worker a service acts for (worker-dashboard's calls), or None."""
    if received.role == "service" and received.acting_for and received.acting_for[0] == "worker":
        return received.acting_for[1]
    return None


def _sees(order: dict, role: str | None, subject: str | None) -> bool:
    if role in ("service", "manager"):
        return True
    if role == "worker":
        offered = (order.get("offer") or {}).get("worker_id")
        return subject in (order["worker_id"], offered)
    return role == "client" and subject == order["client_id"]


def _row(order: dict) -> dict:
    row = live_order(order)
    row.update(offered_worker_id=(order.get("offer") or {}).get("worker_id"),
               offer_expires_at=(order.get("offer") or {}).get("expires_at"), kit_ready=order["kit"]["ready"],
               paid=order["paid"])
    return row


def worker_order_stub(world: WorkerWorld, controls: StubControls) -> Flask:
    """order-service: GET /orders (worker_id, current), GET /orders/{id}, POST …/offer/accept|decline."""
    app = _stub("worker-order-stub", world.secret, controls, audience="order")

    def who():
        return actor(controls.received[-1])

    def missing(order_id):
        return problem(404, "Not Found", f"order {order_id} does not exist", "urn:mcf:problem:not-found")

    @app.get("/orders")
    def listing():
        role, subject = who()
        worker_id = request.args.get("worker_id")
        if role == "worker" and worker_id not in (None, subject):
            return problem(403, "Forbidden", "a worker can list only its own offers and orders")
        current = request.args.get("current") == "true"
        rows = [_row(o) for o in world.orders.values() if _sees(o, role, subject)
                and (worker_id is None or worker_id in (o["worker_id"], (o.get("offer") or {}).get("worker_id")))
                and (not current or o["status"] in ("placed", "confirmed", "in_progress"))]
        return jsonify(rows)

    @app.get("/orders/<order_id>")
    def one(order_id):
        order = world.orders.get(order_id)
        if order is None or not _sees(order, *who()):
            return missing(order_id)
        return jsonify(order)

    @app.post("/orders/<order_id>/offer/<decision>")
    def decide(order_id, decision):
        role, subject = who()
        order = world.orders.get(order_id)
        if _acting_worker(controls.received[-1]) is None:
            return problem(403, "Forbidden", "This needs a service token acting for a worker.")
        if order is None or not _sees(order, role, subject) or decision not in ("accept", "decline"):
            return missing(order_id)
        if (order.get("offer") or {}).get("worker_id") != subject or order["worker_id"]:
            return problem(409, "Offer Closed", "the offer is not open", "urn:mcf:problem:offer-closed")
        if decision == "accept":
            order.update(worker_id=subject, offer=None, version=order["version"] + 1)
        else:
            order.update(offer=None, status="cancelled", version=order["version"] + 1)
        return jsonify(order)

    return app


def profile_stub(world: WorkerWorld, controls: StubControls) -> Flask:
    """worker-profile: POST /login {email, password} -> {token} (role worker, subject the worker's id)."""
    app = Flask("profile-stub")

    @app.before_request
    def _record():
        controls.received.append(Received(request.method, request.path, dict(request.headers),
                                          request.args.to_dict(), request.get_json(silent=True), None, None))
        if controls.fail_with is not None:
            return problem(controls.fail_with, "Stub failure", "told to fail")
        return None

    @app.post("/login")
    def login():
        body = request.get_json(silent=True) or {}
        password, worker_id = world.workers.get(str(body.get("email", "")).lower(), (None, None))
        if password is None or password != body.get("password"):
            return problem(401, "Invalid Credentials", "the e-mail or the password is wrong",
                           "urn:mcf:problem:invalid-credentials")
        return jsonify({"token": issue_token(world.secret, worker_id, "worker", audience=list(WORKER_AUDIENCE))})

    return app


def report_stub(world: WorkerWorld, controls: StubControls) -> Flask:
    """order-report: POST /orders/{id}/check-in (photos, time, lat, lon) and /report (toys JSON, duration_minutes,
    notes, photos), multipart with an Idempotency-Key (a seen key answers 200 with the earlier document and stores
    nothing); GET /orders/{id}/report -> {order_id, client_id, check_in, report}."""
    app = _stub("report-stub", world.secret, controls, audience="order-report")

    def guard(order_id):
        worker = _acting_worker(controls.received[-1])
        order = world.orders.get(order_id)
        if order is None or worker is None or order["worker_id"] != worker:
            return None, problem(404, "Not Found", f"order {order_id} does not exist", "urn:mcf:problem:not-found")
        return order, None

    def photos(worker_id):
        stored = []
        for f in request.files.getlist("photos"):
            photo_id, data = str(uuid.uuid4()), f.read()
            world.photos.append((f.mimetype, data))
            world.photo_files[photo_id] = (worker_id, f.mimetype, data)
            stored.append({"photo_id": photo_id, "content_type": f.mimetype})
        return stored

    @app.post("/orders/<order_id>/check-in")
    def check_in(order_id):
        key = request.headers.get("Idempotency-Key")
        if not key:
            return problem(422, "Validation failed", "Idempotency-Key is required", "urn:mcf:problem:validation-error")
        if key in world.check_ins:
            return jsonify(world.check_ins[key]), 200
        order, refused = guard(order_id)
        if refused:
            return refused
        if order["status"] != "confirmed" or not order["kit"]["ready"]:
            return problem(409, "Not Ready", "the order cannot take a check-in now", "urn:mcf:problem:conflict")
        stored = photos(order["worker_id"])
        if not stored:
            return problem(422, "Invalid Input", "at least one photo", "urn:mcf:problem:invalid-input")
        document = {"order_id": order_id, "worker_id": order["worker_id"],
                    "checked_in_at": request.form.get("time") or _iso(datetime.now(timezone.utc)), "photos": stored,
                    "location": None if request.form.get("lat") is None else {
                        "lat": float(request.form["lat"]), "lon": float(request.form["lon"])},
                    "recorded_at": _iso(datetime.now(timezone.utc))}
        world.check_ins[key] = document
        order.update(status="in_progress", started_at=document["checked_in_at"], version=order["version"] + 1)
        return jsonify(document), 201

    @app.post("/orders/<order_id>/report")
    def file_report(order_id):
        key = request.headers.get("Idempotency-Key")
        if not key:
            return problem(422, "Validation failed", "Idempotency-Key is required", "urn:mcf:problem:validation-error")
        if key in world.reports:
            return jsonify(world.reports[key]), 200
        order, refused = guard(order_id)
        if refused:
            return refused
        if order["status"] != "in_progress":
            return problem(409, "Not Started", "check in first", "urn:mcf:problem:conflict")
        document = {"report_id": str(uuid.uuid4()), "order_id": order_id, "worker_id": order["worker_id"],
                    "toys": json.loads(request.form["toys"]), "duration_minutes": int(request.form["duration_minutes"]),
                    "notes": request.form.get("notes"), "photos": photos(order["worker_id"]),
                    "filed_at": _iso(datetime.now(timezone.utc))}
        world.reports[key] = document
        order.update(status="completed", completed_at=document["filed_at"], version=order["version"] + 1)
        return jsonify(document), 201

    @app.get("/orders/<order_id>/report")
    def read_report(order_id):
        _order, refused = guard(order_id)
        if refused:
            return refused
        check_in = next((c for c in world.check_ins.values() if c["order_id"] == order_id), None)
        report = next((r for r in world.reports.values() if r["order_id"] == order_id), None)
        if check_in is None:
            return problem(404, "Not Found", "no check-in yet", "urn:mcf:problem:not-found")
        return jsonify({"order_id": order_id, "client_id": _order["client_id"], "check_in": check_in,
                        "report": report})

    @app.get("/photos/<photo_id>")
    @app.get("/photos/<photo_id>/thumbnail")
    def photo(photo_id):
        # As order-report: the photo's own worker (from its metadata) reads it; anyone else, or none: 404.
        worker_id, content_type, data = world.photo_files.get(photo_id, (None, None, None))
        if worker_id is None or worker_id != _acting_worker(controls.received[-1]):
            return problem(404, "Not Found", f"no photo {photo_id}", "urn:mcf:problem:not-found")
        thumbnail = request.path.endswith("/thumbnail")
        return app.response_class(data[:64] if thumbnail else data,
                                  mimetype="image/jpeg" if thumbnail else content_type)

    return app


def history_stub(world: WorkerWorld, controls: StubControls, page: int = 2) -> Flask:
    """order-history: GET /workers/{worker_id}/orders -> {items, next_cursor} (pages of ``page`` so paging is
    exercised); a worker may ask only about itself (403)."""
    app = _stub("history-stub", world.secret, controls, audience="order-history")

    @app.get("/workers/<worker_id>/orders")
    def worker_orders(worker_id):
        role, subject = actor(controls.received[-1])
        if role == "worker" and subject != worker_id:
            return problem(403, "Forbidden", "a worker reads only its own history")
        done = sorted((o for o in world.orders.values() if o["worker_id"] == worker_id
                       and o["status"] in ("completed", "cancelled", "expired")), key=lambda o: o["slot_start"],
                      reverse=True)
        start = int(request.args.get("cursor") or 0)
        chunk = done[start:start + min(page, int(request.args.get("limit", 50)))]
        more = start + len(chunk) < len(done)
        return jsonify({"items": [{**_row(o), "stages": {}, "report": {"report_id": None, "summary": None}}
                                  for o in chunk], "next_cursor": str(start + len(chunk)) if more else None})

    return app
