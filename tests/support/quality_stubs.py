"""Small real HTTP stand-ins for the services behind quality: worker-profile's rating adjustments (the contract of
docs/adr/0111, for the failures the real app cannot be made to show: 5xx, hangs; the contract itself is checked
against the real app in tests/contract/test_quality_against_worker_profile.py) and order-report's records and
thumbnails, shaped as contracts/openapi/order-report.yaml says. They share tests/support/stub_services.py's
plumbing: bearer tokens checked with the shared secret, every request recorded, ``fail_with`` and ``hang``.
"""
from __future__ import annotations

import io
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone

from flask import Flask, Response, jsonify, request

from tests.support.stub_services import StubControls, _iso, _stub, problem


@dataclass
class Ratings:
    """worker-profile's side: the workers it knows (id -> rating) and every adjustment applied, by review id."""

    workers: dict[str, float] = field(default_factory=dict)
    applied: dict[str, dict] = field(default_factory=dict)

    def add_worker(self, rating: float = 4.5) -> str:
        worker_id = str(uuid.uuid4())
        self.workers[worker_id] = rating
        return worker_id


def worker_profile_stub(secret: str, ratings: Ratings, controls: StubControls) -> Flask:
    """``POST /workers/{worker_id}/rating-adjustments`` {review_id, delta, reason}: a service token acting for a
    manager; 201 {review_id, worker_id, delta, rating} the first time; the same review id and body again: 200 with
    ``Idempotent-Replayed: true``; the same review id with another body:
    409 ``rating-adjustment-mismatch``; an unknown worker: 404; a delta outside [-1, 1]: 422."""
    app = _stub("worker-profile-stub", secret, controls, audience="worker-profile")

    @app.post("/workers/<worker_id>/rating-adjustments")
    def adjust(worker_id):
        acting = controls.received[-1].acting_for
        if acting is None or acting[0] != "manager":
            return problem(403, "Forbidden", "This needs a service token acting for a manager.")
        body = request.get_json(silent=True) or {}
        review_id, delta, reason = body.get("review_id"), body.get("delta"), body.get("reason")
        if not isinstance(delta, (int, float)) or not -1 <= delta <= 1 or not review_id or not reason:
            return problem(422, "Invalid Input", "review_id, delta in [-1, 1] and reason are required",
                           "urn:mcf:problem:invalid-input", field="delta")
        if worker_id not in ratings.workers:
            return problem(404, "Not Found", f"no worker {worker_id}", "urn:mcf:problem:not-found")
        seen = ratings.applied.get(review_id)
        if seen is not None:
            if (seen["worker_id"], seen["delta"], seen["reason"]) != (worker_id, delta, reason):
                return problem(409, "Conflict", "this review id holds another adjustment",
                               "urn:mcf:problem:rating-adjustment-mismatch", review_id=review_id)
            response = jsonify(seen)
            response.headers["Idempotent-Replayed"] = "true"
            return response, 200
        ratings.workers[worker_id] = round(min(5.0, max(0.0, ratings.workers[worker_id] + delta)), 2)
        seen = ratings.applied[review_id] = {"review_id": review_id, "worker_id": worker_id, "delta": delta,
                                             "reason": reason, "manager_id": acting[1],
                                             "rating": ratings.workers[worker_id],
                                             "applied_at": _iso(datetime.now(timezone.utc))}
        return jsonify(seen), 201

    return app


def a_jpeg(colour=(200, 120, 40), size=(64, 48)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "JPEG")
    return out.getvalue()


@dataclass
class Records:
    """order-report's side: records by order id (as GET /orders/{id}/report answers) and photos by id."""

    records: dict[str, dict] = field(default_factory=dict)
    photos: dict[str, bytes] = field(default_factory=dict)

    def add(self, order_id: str, worker_id: str, *, photos: int = 1, reactions=(5, 4), report: bool = True) -> dict:
        def links(n):
            ids = [str(uuid.uuid4()) for _ in range(n)]
            for photo_id in ids:
                self.photos[photo_id] = a_jpeg()
            return [{"photo_id": p, "content_type": "image/jpeg", "width": 64, "height": 48, "size": 600,
                     "url": f"/photos/{p}", "thumbnail_url": f"/photos/{p}/thumbnail"} for p in ids]

        now = _iso(datetime.now(timezone.utc))
        record = {"order_id": order_id, "client_id": str(uuid.uuid4()),
                  "check_in": {"order_id": order_id, "worker_id": worker_id, "checked_in_at": now, "location": None,
                               "photos": links(photos), "recorded_at": now},
                  "report": None if not report else {
                      "report_id": str(uuid.uuid4()), "order_id": order_id, "worker_id": worker_id,
                      "toys": [{"toy": f"toy {i}", "reaction": r, "comment": None} for i, r in enumerate(reactions)],
                      "notes": "The cat was busy", "duration_minutes": 50, "photos": [], "filed_at": now}}
        self.records[order_id] = record
        return record


def order_report_stub(secret: str, records: Records, controls: StubControls) -> Flask:
    """``GET /orders/{id}/report`` and ``GET /photos/{id}/thumbnail`` for services (acting for a manager or for
    nobody, as order-report lets them); 404 for what it does not hold."""
    app = _stub("order-report-stub", secret, controls, audience="order-report")

    def allowed() -> bool:
        received = controls.received[-1]
        return received.role == "service" and received.acting_for in (None,) or \
            (received.acting_for or ("",))[0] == "manager"

    @app.get("/orders/<order_id>/report")
    def record(order_id):
        if not allowed() or order_id not in records.records:
            return problem(404, "Not Found", f"no record of order {order_id}", "urn:mcf:problem:not-found")
        return jsonify(records.records[order_id])

    @app.get("/photos/<photo_id>/thumbnail")
    def thumbnail(photo_id):
        if not allowed() or photo_id not in records.photos:
            return problem(404, "Not Found", f"no photo {photo_id}", "urn:mcf:problem:not-found")
        return Response(records.photos[photo_id], mimetype="image/jpeg")

    return app
