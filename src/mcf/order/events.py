"""The order's wire format: each domain event becomes the integration events and notices other services get.

Pure and exhaustive: every class in ``domain.DOMAIN_EVENTS`` has a mapping (a unit test checks it), and one
without a mapping is a TypeError at commit, never a silently dropped event. Every order.* event carries
``status``, ``version`` and the whole live-orders row as ``order``: the live-orders table is built from them.
"""
from __future__ import annotations

from datetime import datetime
from typing import Callable

from mcf.kit.events import Event, mapped, notification
from mcf.kit.values import iso_utc
from mcf.order.domain import (
    CancelledBy,
    KitReady,
    LatePaymentRecorded,
    OfferAccepted,
    OfferDeclined,
    Order,
    OrderCancelled,
    OrderCompleted,
    OrderConfirmed,
    OrderExpired,
    OrderOffered,
    OrderPlaced,
    OrderStarted,
    OrderStatus,
    PaymentFailed,
    RefundRecorded,
    StatusChanged,
)

SOURCE = "/mcf/order"


def integration_events(domain_event) -> list[Event]:
    """What one domain event of an order becomes on the wire (``mcf.events`` and ``mcf.notifications``)."""
    return mapped(_MAPPINGS, domain_event, "order")


def snapshot(order: Order) -> dict:
    """The order as a row of the live-orders table: carried by every order event as ``order``."""
    return {
        "order_id": order.id, "status": order.status.value, "version": order.version,
        "client_id": order.client_id, "worker_id": order.worker_id,
        "offered_worker_id": order.offer.worker_id if order.offer else None,
        "offer_expires_at": _iso(order.offer.expires_at) if order.offer else None,
        "toy_category": order.toy_category, "slot_start": _iso(order.slot.start), "slot_end": _iso(order.slot.end),
        "city": order.address.city, "district": order.address.district, "price": _price(order),
        "paid": order.paid, "kit_ready": order.kit is not None,
        "placed_at": _iso(order.created_at), "updated_at": _iso(order.updated_at),
    }


def order_created(order: Order) -> dict:
    # Ids and facts only: the fur-tune partner reads this event too, so no personal data (no e-mail, no street).
    return {
        "order_id": order.id, "client_id": order.client_id,
        "cat_id": order.cat_id, "toy_category": order.toy_category, "slot_start": _iso(order.slot.start),
        "slot_end": _iso(order.slot.end), "duration_minutes": order.slot.duration_minutes,
        "city": order.address.city, "district": order.address.district, "status": order.status.value,
        "placed_at": _iso(order.created_at), "worker_id": order.worker_id, "price": _price(order),
        "locale": order.locale,
    }


# -- one function per domain event -------------------------------------------------------------------------------

def _placed(e: OrderPlaced) -> list[Event]:
    o = e.order
    out = [_event("order.created", o, order_created(o))]
    if e.matched:  # born without a candidate: the client hears only of the cancellation that follows
        out.append(_notice(o, "created", _basics(o)))
    return out


def _offered(e: OrderOffered) -> list[Event]:
    o = e.order
    return [_event("order.offered", o, {
        "order_id": o.id, "worker_id": o.offer.worker_id, "expires_at": _iso(o.offer.expires_at),
        "toy_category": o.toy_category, "slot_start": _iso(o.slot.start), "slot_end": _iso(o.slot.end),
        "district": o.address.district, "client_id": o.client_id})]


def _accepted(e: OfferAccepted) -> list[Event]:
    return [_event("order.offer_accepted", e.order, {"order_id": e.order.id, "worker_id": e.worker_id})]


def _declined(e: OfferDeclined) -> list[Event]:
    return [_event("order.offer_declined", e.order, {"order_id": e.order.id, "worker_id": e.worker_id,
                                                     "reason": e.reason})]


def _confirmed(e: OrderConfirmed) -> list[Event]:
    o = e.order
    return [_event("order.confirmed", o, {"order_id": o.id, "client_id": o.client_id, "worker_id": o.worker_id,
                                          "payment_id": o.payment_id}),
            _notice(o, "confirmed", {**_basics(o), "payment_id": o.payment_id, "price": _price(o)})]


def _late_payment(e: LatePaymentRecorded) -> list[Event]:
    # The order stays cancelled/expired; order.cancelled goes out again, now paid, so the money goes back.
    o = e.order
    if o.cancellation is not None:
        previous, closed_at, reason = o.cancellation.previous_status.value, o.cancellation.at, \
            "paid_after_cancellation"
    else:
        previous, closed_at, reason = OrderStatus.PLACED.value, o.expired_at, "paid_after_expiry"
    return [_event("order.cancelled", o, _cancelled(o, CancelledBy.PLATFORM.value, reason, previous, closed_at))]


def _nothing(_e) -> list[Event]:
    return []  # recorded on the order; nothing for other services


def _kit_ready(e: KitReady) -> list[Event]:
    o = e.order
    fortune = (o.kit.fortune or {}).get("text")
    return [_event("order.kit_ready", o, {"order_id": o.id, "worker_id": o.worker_id,
                                          "pickup_point": o.kit.pickup_point}),
            _notice(o, "kit_ready", {**_basics(o), "pickup_point": o.kit.pickup_point, "fortune": fortune})]


def _started(e: OrderStarted) -> list[Event]:
    o = e.order
    return [_event("order.started", o, {"order_id": o.id, "worker_id": o.worker_id,
                                        "started_at": _iso(o.started_at)})]


def _completed(e: OrderCompleted) -> list[Event]:
    o = e.order
    return [_event("order.completed", o, {"order_id": o.id, "client_id": o.client_id, "worker_id": o.worker_id,
                                          "toy_category": o.toy_category, "completed_at": _iso(o.completed_at)}),
            _notice(o, "completed", {**_basics(o), "completed_at": _iso(o.completed_at)})]


def _cancelled_event(e: OrderCancelled) -> list[Event]:
    o, c = e.order, e.order.cancellation
    return [_event("order.cancelled", o, _cancelled(o, c.by.value, c.reason, c.previous_status.value, c.at)),
            _notice(o, "cancelled", {**_basics(o), "cancelled_by": c.by.value, "reason": c.reason,
                                     "paid": o.paid})]


def _expired(e: OrderExpired) -> list[Event]:
    o = e.order
    return [_event("order.expired", o, {"order_id": o.id, "client_id": o.client_id,
                                        "expired_at": _iso(o.expired_at)}),
            _notice(o, "expired", {**_basics(o), "expired_at": _iso(o.expired_at)})]


def _payment_failed(e: PaymentFailed) -> list[Event]:
    o = e.order
    return [_notice(o, "payment_failed", {**_basics(o), "payment_id": e.payment_id, "reason": e.reason,
                                          "pay_by": _iso(e.pay_by)})]


_MAPPINGS: dict[type, Callable[..., list[Event]]] = {
    OrderPlaced: _placed, OrderOffered: _offered, OfferAccepted: _accepted, OfferDeclined: _declined,
    OrderConfirmed: _confirmed, LatePaymentRecorded: _late_payment, RefundRecorded: _nothing,
    KitReady: _kit_ready, OrderStarted: _started, OrderCompleted: _completed, OrderCancelled: _cancelled_event,
    OrderExpired: _expired, StatusChanged: _nothing, PaymentFailed: _payment_failed,
}


# -- the parts ---------------------------------------------------------------------------------------------------

def _event(routing_key: str, o: Order, data: dict) -> Event:
    common = {"status": o.status.value, "version": o.version, "order": snapshot(o)}
    return Event(type=routing_key, source=SOURCE, subject=o.id, data={**data, **common})


def _cancelled(o: Order, by: str, reason: str, previous: str, at: datetime) -> dict:
    return {"order_id": o.id, "client_id": o.client_id, "worker_id": o.worker_id, "cancelled_by": by,
            "reason": reason, "previous_status": previous, "slot_start": _iso(o.slot.start), "paid": o.paid,
            "checked_in": o.checked_in, "cancelled_at": _iso(at), "payment_id": o.payment_id}


def _basics(order: Order) -> dict:
    return {"order_id": order.id, "cat_name": order.cat_name, "toy_category": order.toy_category,
            "slot_start": _iso(order.slot.start), "duration_minutes": order.slot.duration_minutes,
            "district": order.address.district}


def _notice(order: Order, kind: str, data: dict) -> Event:
    return notification("order", kind, template=f"order.{kind}", locale=order.locale, subject=order.id,
                        recipient={"id": order.client_id, "role": "client", "email": order.client_email},
                        data=data)


def _price(order: Order) -> dict | None:
    return None if order.price is None else {"amount_minor": order.price.amount_minor,
                                             "currency": order.price.currency}


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else iso_utc(moment)
