"""The consumer side: ``order.created`` / ``order.cancelled`` (queue ``inventory.order-events``) and the
partner's ``fortune.issued`` (queue ``inventory.fortunes``) become use-case calls and dramatiq jobs.

The kit's Consumer runs each handler inside its transaction with the inbox record (so a redelivered event is
skipped), dead-letters what raises Rejected (with the reason), and runs the returned callable after commit:
that is when the dramatiq job is sent. dramatiq itself never sees these integration events.
"""
from __future__ import annotations

from typing import Callable

import marshmallow as ma

from mcf.inventory import service
from mcf.inventory.domain import FORTUNE_LOCALES, MAX_FORTUNE_LENGTH, FortuneIssued
from mcf.inventory.ports import KitJobs, UnitOfWork
from mcf.kit.errors import InvalidInput
from mcf.kit.events import Event, utcnow
from mcf.kit.logging import get_logger
from mcf.kit.messaging import Handler, Rejected
from mcf.kit.payloads import load

log = get_logger(__name__)


class OrderCreatedSchema(ma.Schema):
    """What inventory reads of ``order.created`` (a tolerant reader: other fields are ignored)."""

    class Meta:
        unknown = ma.EXCLUDE

    order_id = ma.fields.UUID(required=True)
    client_id = ma.fields.UUID(required=True)
    toy_category = ma.fields.String(required=True, validate=ma.validate.Length(1, 40))
    city = ma.fields.String(required=True, validate=ma.validate.Length(1, 80))
    district = ma.fields.String(required=True, validate=ma.validate.Length(1, 80))
    locale = ma.fields.String(load_default="en", validate=ma.validate.OneOf(("en", "ru")))


class OrderCancelledSchema(ma.Schema):
    class Meta:
        unknown = ma.EXCLUDE

    order_id = ma.fields.UUID(required=True)
    client_id = ma.fields.UUID(load_default=None, allow_none=True)


class FortuneIssuedSchema(ma.Schema):
    """The partner's ``fortune.issued`` data, as contracts/asyncapi/fur-tune.yaml defines it."""

    class Meta:
        unknown = ma.EXCLUDE

    order_id = ma.fields.UUID(required=True)
    fortune_id = ma.fields.String(required=True, validate=ma.validate.Length(1, 100))
    text = ma.fields.String(required=True, validate=ma.validate.Length(1, MAX_FORTUNE_LENGTH))
    locale = ma.fields.String(required=True, validate=ma.validate.OneOf(FORTUNE_LOCALES))


def parse_order_created(event: Event) -> service.OrderPlaced:
    data = load(OrderCreatedSchema(), event)
    return service.OrderPlaced(
        order_id=str(data["order_id"]), client_id=str(data["client_id"]), toy_category=data["toy_category"],
        city=data["city"], district=data["district"], locale=data["locale"])


def parse_fortune_issued(event: Event) -> FortuneIssued:
    if event.type != "fortune.issued":
        raise Rejected(f"type: expected fortune.issued, got {event.type!r}")
    data = load(FortuneIssuedSchema(), event)
    try:
        return FortuneIssued(str(data["order_id"]), data["fortune_id"], data["text"], data["locale"])
    except InvalidInput as exc:
        raise Rejected(f"fortune.issued: data.{exc.extensions.get('field', '')}: {exc.detail}") from None


def order_events_handler(uow_factory: Callable[[], UnitOfWork], jobs: KitJobs, *, clock=utcnow) -> Handler:
    """The Consumer handler for queue ``inventory.order-events``."""

    def handle(event: Event):
        if event.type == "order.created":
            order = parse_order_created(event)
            if service.accept_order(uow_factory(), order, clock()) is None:
                return None
            return lambda: jobs.prepare(order.order_id)
        if event.type == "order.cancelled":
            data = load(OrderCancelledSchema(), event)
            kit = service.cancel_order(uow_factory(), str(data["order_id"]),
                                       str(data["client_id"]) if data["client_id"] else None, clock())
            log.info("order cancelled", order_id=kit.order_id, released=kit.released)
            return None
        log.info("event ignored", type=event.type, event_id=event.id)
        return None

    return handle


def fortunes_handler(jobs: KitJobs) -> Handler:
    """The Consumer handler for queue ``inventory.fortunes``: validate, then hand the cookie to the actor."""

    def handle(event: Event):
        fortune = parse_fortune_issued(event)
        return lambda: jobs.attach_fortune(fortune)

    return handle
