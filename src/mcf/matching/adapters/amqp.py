"""The consumer side of ``mcf.events`` for matching: worker.* and order.* events become read-model use cases.

The kit's Consumer runs the handler inside its transaction with the inbox record (duplicates are skipped there)
and dead-letters what raises Rejected. Keys matching does not use (``order.kit_ready``, ``order.started``, a
future ``order.*``, ``worker.test_completed``) are acked and ignored: the queue is bound to ``order.#`` on
purpose, and a new order fact must not poison it.
"""
from __future__ import annotations

from typing import Callable

import marshmallow as ma
from marshmallow import validate

from mcf.kit.errors import InvalidInput
from mcf.kit.events import Event
from mcf.kit.logging import get_logger
from mcf.kit.messaging import Handler, Rejected
from mcf.kit.payloads import load
from mcf.matching import service
from mcf.matching.domain import TOY_CATEGORIES, Window
from mcf.matching.ports import UnitOfWork

log = get_logger(__name__)

HHMM = validate.Regexp(r"^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$", error="Must be HH:MM (00:00..24:00).")


class _Tolerant(ma.Schema):
    class Meta:
        unknown = ma.EXCLUDE  # tolerant reader: producers may add fields


class WindowSchema(_Tolerant):
    weekday = ma.fields.Integer(required=True, strict=True, validate=validate.Range(0, 6))
    start = ma.fields.String(required=True, validate=HHMM)
    end = ma.fields.String(required=True, validate=HHMM)


class WorkerSchema(_Tolerant):
    """worker.registered / activated / profile_changed / rating_changed / deactivated: the fields known then."""

    worker_id = ma.fields.UUID(required=True)
    active = ma.fields.Boolean(load_default=None)
    toy_categories = ma.fields.List(ma.fields.String(validate=validate.OneOf(TOY_CATEGORIES)), load_default=None)
    districts = ma.fields.List(ma.fields.String(validate=validate.Length(1, 80)), load_default=None)
    availability = ma.fields.List(ma.fields.Nested(WindowSchema), load_default=None)
    rating = ma.fields.Float(load_default=None, validate=validate.Range(0, 5))
    test_score = ma.fields.Float(load_default=None, validate=validate.Range(0, 100))
    version = ma.fields.Integer(load_default=None, strict=True, validate=validate.Range(min=1))


class OrderCreatedSchema(_Tolerant):
    order_id = ma.fields.UUID(required=True)
    client_id = ma.fields.UUID(required=True)
    toy_category = ma.fields.String(required=True, validate=validate.OneOf(TOY_CATEGORIES))
    district = ma.fields.String(required=True)
    slot_start = ma.fields.AwareDateTime(required=True)
    slot_end = ma.fields.AwareDateTime(required=True)
    worker_id = ma.fields.UUID(load_default=None, allow_none=True)


class OrderOfferedSchema(_Tolerant):
    order_id = ma.fields.UUID(required=True)
    worker_id = ma.fields.UUID(required=True)
    client_id = ma.fields.UUID(load_default=None)
    toy_category = ma.fields.String(load_default=None, validate=validate.OneOf(TOY_CATEGORIES))
    district = ma.fields.String(load_default=None)
    slot_start = ma.fields.AwareDateTime(required=True)
    slot_end = ma.fields.AwareDateTime(required=True)


class OrderConfirmedSchema(_Tolerant):
    """order.confirmed: paid; the worker is null when the client paid before any worker accepted."""

    order_id = ma.fields.UUID(required=True)
    worker_id = ma.fields.UUID(load_default=None, allow_none=True)


class OrderWorkerSchema(_Tolerant):
    """order.offer_accepted, order.offer_declined: the order and its worker."""

    order_id = ma.fields.UUID(required=True)
    worker_id = ma.fields.UUID(required=True)


class OrderCompletedSchema(_Tolerant):
    order_id = ma.fields.UUID(required=True)
    client_id = ma.fields.UUID(required=True)
    worker_id = ma.fields.UUID(required=True)
    toy_category = ma.fields.String(required=True, validate=validate.OneOf(TOY_CATEGORIES))


class OrderCancelledSchema(_Tolerant):
    order_id = ma.fields.UUID(required=True)
    worker_id = ma.fields.UUID(load_default=None, allow_none=True)


class OrderExpiredSchema(_Tolerant):
    order_id = ma.fields.UUID(required=True)


def _text(payload: dict) -> dict:
    return {k: (str(v) if k.endswith("_id") and v is not None else v) for k, v in payload.items()}


def _load(schema: type[ma.Schema], event: Event) -> dict:
    return _text(load(schema, event))


def worker_facts(payload: dict) -> service.WorkerFacts:
    windows = payload["availability"]
    return service.WorkerFacts(
        worker_id=payload["worker_id"], active=payload["active"],
        toy_categories=tuple(payload["toy_categories"]) if payload["toy_categories"] is not None else None,
        districts=tuple(payload["districts"]) if payload["districts"] is not None else None,
        availability=tuple(Window.parse(w["weekday"], w["start"], w["end"]) for w in windows)
        if windows is not None else None,
        rating=payload["rating"], test_score=payload["test_score"], version=payload["version"])


def _order_created(uow, p):
    service.order_created(uow, order_id=p["order_id"], client_id=p["client_id"], toy_category=p["toy_category"],
                          district=p["district"], slot_start=p["slot_start"], slot_end=p["slot_end"],
                          worker_id=p["worker_id"])


def _order_offered(uow, p):
    service.order_offered(uow, order_id=p["order_id"], worker_id=p["worker_id"], client_id=p["client_id"],
                          toy_category=p["toy_category"], district=p["district"], slot_start=p["slot_start"],
                          slot_end=p["slot_end"])


def _order_assigned(uow, p):
    service.order_assigned(uow, order_id=p["order_id"], worker_id=p["worker_id"])


def _order_confirmed(uow, p):
    if p["worker_id"] is not None:  # paid before any worker accepted: no slot to hold yet
        _order_assigned(uow, p)


def _offer_declined(uow, p):
    service.offer_declined(uow, order_id=p["order_id"], worker_id=p["worker_id"])


def _order_completed(uow, p):
    service.order_completed(uow, order_id=p["order_id"], client_id=p["client_id"], worker_id=p["worker_id"],
                            toy_category=p["toy_category"])


def _order_cancelled(uow, p):
    service.order_cancelled(uow, order_id=p["order_id"], worker_id=p["worker_id"])


def _order_expired(uow, p):
    service.order_expired(uow, order_id=p["order_id"])


# routing key -> (payload schema, use case)
ORDER_HANDLERS: dict[str, tuple[type[ma.Schema], Callable]] = {
    "order.created": (OrderCreatedSchema, _order_created),
    "order.offered": (OrderOfferedSchema, _order_offered),
    "order.offer_accepted": (OrderWorkerSchema, _order_assigned),
    "order.offer_declined": (OrderWorkerSchema, _offer_declined),
    "order.confirmed": (OrderConfirmedSchema, _order_confirmed),
    "order.completed": (OrderCompletedSchema, _order_completed),
    "order.cancelled": (OrderCancelledSchema, _order_cancelled),
    "order.expired": (OrderExpiredSchema, _order_expired),
}
WORKER_KEYS = tuple(f"worker.{kind}" for kind in service.WORKER_EVENTS)
HANDLED_KEYS = (*WORKER_KEYS, *ORDER_HANDLERS)


def event_handler(uow_factory: Callable[[], UnitOfWork]) -> Handler:
    """The Consumer handler for queue ``matching.events`` (also what tests/support/matching_seed.py feeds)."""

    def handle(event: Event):
        try:
            if event.type in WORKER_KEYS:
                facts = worker_facts(_load(WorkerSchema, event))
                service.apply_worker_event(uow_factory(), event.type.split(".", 1)[1], facts, event.time)
            elif event.type in ORDER_HANDLERS:
                schema, use_case = ORDER_HANDLERS[event.type]
                use_case(uow_factory(), _load(schema, event))
            else:
                log.info("event not used by matching; acked", type=event.type, event_id=event.id)
        except InvalidInput as exc:
            field = exc.extensions.get("field")
            raise Rejected(f"{event.type}: {field + ': ' if field else ''}{exc.detail}") from None
        return None

    return handle
