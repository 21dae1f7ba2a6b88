"""The consumer side of queue ``order-history.inbox``: a terminal order event becomes ``archive_finished``;
quality's ``quality.reviewed`` becomes ``record_review`` (the per-worker statistics' review count and average).

No inbox table: archiving is idempotent by construction (the row is keyed by order id and order-service's
version, a review by its order id), so the kit's Consumer runs this handler without a database (ADR 0090). An
event that can never be archived (malformed, an order order-service does not know) is dead-lettered with the
reason; order-service or ClickHouse being unreachable requeues it without counting an attempt (``REQUEUE_ON``).
"""
from __future__ import annotations

import uuid

import marshmallow as ma

from mcf.kit import clickhouse
from mcf.kit.errors import Unavailable
from mcf.kit.events import Event
from mcf.kit.messaging import Handler, Rejected
from mcf.kit.payloads import Tolerant, load
from mcf.order_history import service
from mcf.order_history.ports import Archive, OrderSource

TERMINAL_EVENTS = {"order.completed": "completed", "order.cancelled": "cancelled", "order.expired": "expired"}
REQUEUE_ON = (Unavailable, *clickhouse.UNREACHABLE)


def finished_from(event: Event) -> service.OrderFinished:
    status = TERMINAL_EVENTS.get(event.type)
    if status is None:
        raise Rejected(f"type: order-history archives {', '.join(TERMINAL_EVENTS)}, not {event.type!r}")
    order_id = event.data.get("order_id")
    try:
        order_id = str(uuid.UUID(str(order_id)))
    except ValueError:
        raise Rejected(f"{event.type}: order_id: not a UUID: {order_id!r}") from None
    version = event.data.get("version", 1)
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise Rejected(f"{event.type}: version: must be a positive integer, got {version!r}")
    if event.data.get("status", status) != status:
        raise Rejected(f"{event.type}: status: {event.data.get('status')!r} contradicts the event type")
    return service.OrderFinished(order_id, status, version)


class ReviewedSchema(Tolerant):
    """What order-history reads of ``quality.reviewed`` (contracts/asyncapi/mcf.yaml, QualityReviewedData)."""

    review_id = ma.fields.UUID(required=True)
    order_id = ma.fields.UUID(required=True)
    worker_id = ma.fields.String(required=True, allow_none=True)
    score = ma.fields.Integer(required=True, strict=True, validate=ma.validate.Range(1, 5))
    reviewed_at = ma.fields.AwareDateTime(required=True)


def reviewed_from(event: Event) -> service.Reviewed | None:
    """The review in a ``quality.reviewed``; None for a review of an order that never had a worker (nothing to
    count)."""
    data = load(ReviewedSchema, event)
    if not data["worker_id"]:
        return None
    return service.Reviewed(str(data["review_id"]), str(data["order_id"]), data["worker_id"], data["score"],
                            data["reviewed_at"])


def archive_handler(orders: OrderSource, archive: Archive) -> Handler:
    def handle(event: Event):
        if event.type == "quality.reviewed":
            review = reviewed_from(event)
            if review is not None:
                service.record_review(archive, review)
            return None
        finished = finished_from(event)
        try:
            service.archive_finished(orders, archive, finished)
        except service.UnknownOrder as exc:
            raise Rejected(f"{event.type}: {exc.detail}") from None
        return None

    return handle
