"""The consumer side of order-service: other services' events move orders on; order events feed the live table.

The kit's Consumer runs each handler inside its transaction with the inbox record and dead-letters what raises
Rejected. An event about an order that does not exist is Rejected (dead-lettered with the reason); an event that
makes no sense for the order's state is recorded by the core and acked.
"""
from __future__ import annotations

from datetime import datetime
from typing import Callable

import marshmallow as ma

from mcf.kit.events import Event, utcnow
from mcf.kit.logging import get_logger
from mcf.kit.messaging import Handler, Rejected
from mcf.kit.payloads import Tolerant, load
from mcf.order import service
from mcf.order.ports import LiveOrder, LiveOrders, UnitOfWork

log = get_logger(__name__)


class PaymentSucceeded(Tolerant):
    payment_id = ma.fields.String(required=True, validate=ma.validate.Length(1, 100))
    order_id = ma.fields.UUID(required=True)
    client_id = ma.fields.UUID(required=True)
    amount_minor = ma.fields.Integer(required=True, strict=True)
    currency = ma.fields.String(required=True)


class PaymentFailed(Tolerant):
    payment_id = ma.fields.String(required=True, validate=ma.validate.Length(1, 100))
    order_id = ma.fields.UUID(required=True)
    client_id = ma.fields.UUID(required=True)
    reason = ma.fields.String(required=True)


class PaymentRefunded(Tolerant):
    refund_id = ma.fields.String(required=True, validate=ma.validate.Length(1, 100))
    payment_id = ma.fields.String(required=True)
    order_id = ma.fields.UUID(required=True)
    amount_minor = ma.fields.Integer(required=True, strict=True)
    currency = ma.fields.String(required=True)
    policy = ma.fields.String(load_default=None, allow_none=True)


class PickupPoint(ma.Schema):
    class Meta:
        unknown = ma.INCLUDE  # kept as given and shown to people

    id = ma.fields.String(required=True)
    name = ma.fields.String(required=True)
    address = ma.fields.String(required=True)


class Fortune(ma.Schema):
    class Meta:
        unknown = ma.INCLUDE

    text = ma.fields.String(required=True)
    locale = ma.fields.String(load_default=None, allow_none=True)
    source = ma.fields.String(load_default=None, allow_none=True)


class InventoryReady(Tolerant):
    order_id = ma.fields.UUID(required=True)
    kit_id = ma.fields.String(required=True)
    pickup_point = ma.fields.Nested(PickupPoint, required=True)
    fortune = ma.fields.Nested(Fortune, load_default=None, allow_none=True)


class InventoryShortage(Tolerant):
    order_id = ma.fields.UUID(required=True)


class CheckedIn(Tolerant):
    order_id = ma.fields.UUID(required=True)
    worker_id = ma.fields.UUID(required=True)
    checked_in_at = ma.fields.AwareDateTime(required=True)


class ReportFiled(Tolerant):
    order_id = ma.fields.UUID(required=True)
    worker_id = ma.fields.UUID(required=True)
    report_id = ma.fields.String(required=True)
    filed_at = ma.fields.AwareDateTime(required=True)


def inbox_handler(uow_factory: Callable[[], UnitOfWork], policy: service.OrderPolicy, *,
                  clock: Callable[[], datetime] = utcnow) -> Handler:
    """The Consumer handler for queue ``order.inbox`` (payment.*, inventory.*, report.*)."""

    def payment_succeeded(event: Event, now: datetime):
        d = load(PaymentSucceeded, event)
        service.on_payment_succeeded(uow_factory(), str(d["order_id"]), d["payment_id"], now, event_id=event.id)

    def payment_failed(event: Event, now: datetime):
        d = load(PaymentFailed, event)
        service.on_payment_failed(uow_factory(), str(d["order_id"]), d["payment_id"], d["reason"], now, policy,
                                  event_id=event.id)

    def payment_refunded(event: Event, now: datetime):
        d = load(PaymentRefunded, event)
        refund = {"refund_id": d["refund_id"], "payment_id": d["payment_id"], "amount_minor": d["amount_minor"],
                  "currency": d["currency"], "policy": d["policy"]}
        service.on_payment_refunded(uow_factory(), str(d["order_id"]), refund, now, event_id=event.id)

    def inventory_ready(event: Event, now: datetime):
        d = load(InventoryReady, event)
        service.on_kit_ready(uow_factory(), str(d["order_id"]), d["kit_id"], d["pickup_point"], d["fortune"], now,
                             event_id=event.id)

    def inventory_shortage(event: Event, now: datetime):
        d = load(InventoryShortage, event)
        service.on_inventory_shortage(uow_factory(), str(d["order_id"]), now, event_id=event.id)

    def checked_in(event: Event, now: datetime):
        d = load(CheckedIn, event)
        service.on_checked_in(uow_factory(), str(d["order_id"]), str(d["worker_id"]), d["checked_in_at"], now,
                              event_id=event.id)

    def report_filed(event: Event, now: datetime):
        d = load(ReportFiled, event)
        service.on_report_filed(uow_factory(), str(d["order_id"]), str(d["worker_id"]), d["report_id"],
                                d["filed_at"], now, event_id=event.id)

    routes = {
        "payment.succeeded": payment_succeeded, "payment.failed": payment_failed,
        "payment.refunded": payment_refunded, "inventory.ready": inventory_ready,
        "inventory.shortage": inventory_shortage, "report.checked_in": checked_in, "report.filed": report_filed,
    }

    def handle(event: Event):
        route = routes.get(event.type)
        if route is None:
            # Other facts of these producers (the bindings are wildcards): none of the order's business.
            log.info("event ignored", type=event.type, event_id=event.id)
            return None
        try:
            route(event, clock())
        except service.UnknownOrder as exc:
            raise Rejected(f"{event.type}: {exc.detail}") from None
        return None

    return handle


class LiveOrderSchema(Tolerant):
    """The ``order`` snapshot every order.* event carries."""

    order_id = ma.fields.UUID(required=True)
    status = ma.fields.String(required=True, validate=ma.validate.OneOf(
        ("placed", "confirmed", "in_progress", "completed", "cancelled", "expired")))
    version = ma.fields.Integer(required=True, strict=True, validate=ma.validate.Range(min=1))
    client_id = ma.fields.UUID(required=True)
    worker_id = ma.fields.UUID(required=True, allow_none=True)
    offered_worker_id = ma.fields.UUID(required=True, allow_none=True)
    offer_expires_at = ma.fields.AwareDateTime(required=True, allow_none=True)
    toy_category = ma.fields.String(required=True)
    slot_start = ma.fields.AwareDateTime(required=True)
    slot_end = ma.fields.AwareDateTime(required=True)
    city = ma.fields.String(required=True)
    district = ma.fields.String(required=True)
    price = ma.fields.Dict(required=True, allow_none=True)
    paid = ma.fields.Boolean(required=True)
    kit_ready = ma.fields.Boolean(required=True)
    placed_at = ma.fields.AwareDateTime(required=True)
    updated_at = ma.fields.AwareDateTime(required=True)


def live_order_from(event: Event) -> LiveOrder:
    d = load(LiveOrderSchema, event, part="data.order")
    price = d["price"]
    if price is not None and not (isinstance(price.get("amount_minor"), int) and isinstance(price.get("currency"),
                                                                                             str)):
        raise Rejected(f"{event.type}: order.price: needs integer amount_minor and currency")
    return LiveOrder(
        order_id=str(d["order_id"]), version=d["version"], status=d["status"], client_id=str(d["client_id"]),
        worker_id=str(d["worker_id"]) if d["worker_id"] else None,
        offered_worker_id=str(d["offered_worker_id"]) if d["offered_worker_id"] else None,
        offer_expires_at=d["offer_expires_at"], toy_category=d["toy_category"], slot_start=d["slot_start"],
        slot_end=d["slot_end"], city=d["city"], district=d["district"], price=price, paid=d["paid"],
        kit_ready=d["kit_ready"], placed_at=d["placed_at"], updated_at=d["updated_at"])


def live_orders_handler(live: LiveOrders) -> Handler:
    """The Consumer handler for queue ``order.live-orders`` (order.#): each event's snapshot becomes a row
    version. Idempotent by construction (same version, same row), so a redelivery is harmless."""

    def handle(event: Event):
        live.upsert(live_order_from(event))
        return None

    return handle
