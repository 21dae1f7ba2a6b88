"""Order use cases. Each owns its transaction: the change and its events commit together or not at all.

Calls to matching-service happen outside a transaction where they can (placing, declining), so no row waits on
the network; where a row is claimed for update first (the offer job), the call has its timeout and the job
takes one order at a time.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, Callable

from mcf.kit.errors import Conflict, Forbidden, InvalidInput, NotFound
from mcf.kit.events import Event, notification
from mcf.kit.values import iso_utc
from mcf.order.domain import (
    Address,
    CancelledBy,
    Candidate,
    Order,
    OrderChanged,
    OrderStatus,
    TimeSlot,
)
from mcf.order.ports import (
    ClientDirectory,
    LiveOrder,
    LiveOrderQuery,
    LiveOrders,
    MatchingGateway,
    MatchingUnavailable,
    MatchRequest,
    UnitOfWork,
)

SOURCE = "/mcf/order"
CANDIDATES_PER_ASK = 5
MAX_LIST_LIMIT = 200
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class OrderPolicy:
    """Times the order lifecycle runs on (configurable per deployment)."""

    offer_ttl: timedelta = timedelta(seconds=600)
    payment_deadline: timedelta = timedelta(seconds=1800)


DEFAULT_POLICY = OrderPolicy()


class UnknownOrder(NotFound):
    slug = "unknown-order"


@dataclass(frozen=True)
class PlaceOrder:
    client_id: str
    client_email: str
    cat_id: str
    cat_name: str | None
    toy_category: str
    slot_start: datetime
    duration_minutes: int
    address: Address
    locale: str = "en"


@dataclass(frozen=True)
class ClientOrder:
    """A client's order as a service asks for it on the client's behalf: who and which cat, not their facts."""

    client_id: str  # the verified on_behalf_of claim of the caller's token, never a body field
    cat_id: str
    toy_category: str
    slot_start: datetime
    duration_minutes: int
    address: Address


def client_order_command(clients: ClientDirectory, request: ClientOrder) -> PlaceOrder:
    """The PlaceOrder for a client's request, with the e-mail, locale and cat name from client-dashboard (their
    owner). A cat that is not the client's is refused (InvalidInput, 422) and nothing is placed."""
    facts = clients.client_cat(request.client_id, request.cat_id)
    if facts is None or facts.client_id != request.client_id or facts.cat_id != request.cat_id:
        raise InvalidInput(f"cat {request.cat_id} is not one of the client's cats", field="cat_id")
    return PlaceOrder(client_id=facts.client_id, client_email=facts.email, cat_id=facts.cat_id,
                      cat_name=facts.cat_name, toy_category=request.toy_category, slot_start=request.slot_start,
                      duration_minutes=request.duration_minutes, address=request.address, locale=facts.locale)


# -- placing and reading -----------------------------------------------------------------------------------------

def place_order(uow: UnitOfWork, matching: MatchingGateway, command: PlaceOrder, now: datetime,
                policy: OrderPolicy = DEFAULT_POLICY) -> Order:
    """Validate, ask matching for candidates, store the order ``placed`` with an offer to the best one.

    Nobody fits: the order is stored and cancelled by the platform (``no_candidates``) in the same transaction,
    and the client is told. Matching unavailable: MatchingUnavailable, nothing stored.
    """
    slot = TimeSlot(command.slot_start.astimezone(timezone.utc), command.duration_minutes)
    Order.check_placeable(command.toy_category, slot, now)
    draft = Order.place(
        client_id=command.client_id, client_email=command.client_email, cat_id=command.cat_id,
        cat_name=command.cat_name, toy_category=command.toy_category, slot=slot, address=command.address,
        locale=command.locale, now=now)
    candidates = matching.find_candidates(_match_request(draft))
    best = candidates[0] if candidates else None
    order = Order.place(
        client_id=command.client_id, client_email=command.client_email, cat_id=command.cat_id,
        cat_name=command.cat_name, toy_category=command.toy_category, slot=slot, address=command.address,
        locale=command.locale, now=now, price=best.price if best else None, order_id=draft.id)
    if best is None:
        order.cancel(CancelledBy.PLATFORM, "no_candidates", now)
    else:
        order.offer_to(best, now + policy.offer_ttl, now)
    with uow:
        uow.orders.add(order)
        _publish(uow, order)
    return order


def get_order(uow: UnitOfWork, order_id: str, viewer_role: str, viewer_id: str) -> Order:
    """The order; asking for an order one may not see gets NotFound, never the order."""
    with uow:
        order = uow.orders.get(order_id)
    if order is None or not order.visible_to(viewer_role, viewer_id):
        raise NotFound(f"order {order_id} does not exist")
    return order


def list_orders(live: LiveOrders, query: LiveOrderQuery, viewer_role: str, viewer_id: str) -> list[LiveOrder]:
    """Listings from the live-orders read model. A client lists only its own orders, a worker only its offers and
    assignments; managers and services may filter freely."""
    if viewer_role == "client":
        if query.client_id not in (None, viewer_id):
            raise Forbidden("a client can list only its own orders")
        query = _with(query, client_id=viewer_id)
    elif viewer_role == "worker":
        if query.worker_id not in (None, viewer_id):
            raise Forbidden("a worker can list only its own offers and orders")
        query = _with(query, worker_id=viewer_id)
    elif viewer_role not in ("manager", "service"):
        raise Forbidden(f"role {viewer_role} cannot list orders")
    unknown = set(query.statuses) - {s.value for s in OrderStatus}
    if unknown:
        raise InvalidInput(f"unknown status {sorted(unknown)[0]!r}", field="status")
    return live.list(_with(query, limit=max(1, min(query.limit, MAX_LIST_LIMIT))))


def _with(query: LiveOrderQuery, **changes) -> LiveOrderQuery:
    return LiveOrderQuery(**{**vars(query), **changes})


# -- people's commands -------------------------------------------------------------------------------------------

def cancel_order(uow: UnitOfWork, order_id: str, viewer_role: str, viewer_id: str, reason: str | None,
                 now: datetime) -> Order:
    """A client cancels its own order; a manager or a service cancels any (as the platform). Only ``placed`` and
    ``confirmed`` orders can be cancelled; otherwise IllegalTransition (409) and nothing changes."""
    if viewer_role not in ("client", "manager", "service"):
        raise Forbidden(f"role {viewer_role} cannot cancel orders")
    by = CancelledBy.CLIENT if viewer_role == "client" else CancelledBy.PLATFORM
    with uow:
        order = _visible(uow, order_id, viewer_role, viewer_id)
        expected = order.version
        order.cancel(by, reason or ("client_request" if by is CancelledBy.CLIENT else "platform_decision"), now)
        uow.orders.save(order, expected)
        _publish(uow, order)
    return order


def accept_offer(uow: UnitOfWork, order_id: str, worker_id: str, now: datetime) -> Order:
    """The offered worker takes the order. Two racing writers: the version check lets exactly one win; the
    other gets ConcurrentUpdate (409) and changes nothing."""
    with uow:
        order = _visible(uow, order_id, "worker", worker_id)
        expected = order.version
        order.accept_offer(worker_id, now)
        uow.orders.save(order, expected)
        _publish(uow, order)
    return order


def decline_offer(uow: UnitOfWork, matching: MatchingGateway, order_id: str, worker_id: str, now: datetime,
                  policy: OrderPolicy = DEFAULT_POLICY) -> Order:
    """The offered worker says no; the order is offered to the next candidate (or cancelled when none is left).

    The decline commits first; re-matching follows in its own transaction. If matching is down then, the order
    waits without an offer and the offer job re-matches it.
    """
    with uow:
        order = _visible(uow, order_id, "worker", worker_id)
        expected = order.version
        order.decline_offer(worker_id, "declined", now)
        uow.orders.save(order, expected)
        _publish(uow, order)
    try:
        return rematch(uow, matching, order_id, now, policy)
    except (MatchingUnavailable, Conflict) as exc:
        log.warning("re-matching after a decline deferred to the offer job: %s", exc)
        return order


def rematch(uow: UnitOfWork, matching: MatchingGateway, order_id: str, now: datetime,
            policy: OrderPolicy = DEFAULT_POLICY) -> Order:
    """Offer an order that needs a worker to the next candidate not yet offered it; none left: cancel it."""
    with uow:
        order = uow.orders.get(order_id)
        if order is None:
            raise UnknownOrder(f"order {order_id} does not exist")
        if not order.needs_worker:
            return order
        expected = order.version
        _offer_next(order, matching, now, policy)
        uow.orders.save(order, expected)
        _publish(uow, order)
    return order


def _offer_next(order: Order, matching: MatchingGateway, now: datetime, policy: OrderPolicy) -> None:
    candidates = matching.find_candidates(_match_request(order))
    fresh: list[Candidate] = [c for c in candidates if c.worker_id not in order.offered_worker_ids]
    if fresh:
        order.offer_to(fresh[0], now + policy.offer_ttl, now)
    else:
        order.cancel(CancelledBy.PLATFORM, "no_candidates", now)


def _match_request(order: Order) -> MatchRequest:
    return MatchRequest(
        order_id=order.id, client_id=order.client_id, toy_category=order.toy_category,
        slot_start=order.slot.start, duration_minutes=order.slot.duration_minutes, city=order.address.city,
        district=order.address.district, exclude_worker_ids=order.offered_worker_ids, limit=CANDIDATES_PER_ASK)


def _visible(uow: UnitOfWork, order_id: str, role: str, subject: str) -> Order:
    order = uow.orders.get(order_id)
    if order is None or not order.visible_to(role, subject):
        raise NotFound(f"order {order_id} does not exist")
    return order


# -- scheduled jobs ----------------------------------------------------------------------------------------------

def process_due_offers(uow: UnitOfWork, matching: MatchingGateway, now: datetime,
                       policy: OrderPolicy = DEFAULT_POLICY, max_orders: int = 50) -> list[str]:
    """Time out lapsed offers and re-match orders that need a worker, one locked order per transaction.

    Stops early when matching is unavailable (the claimed order keeps its decline and no offer; the next round
    tries again). Returns the ids of the orders changed.
    """
    changed: list[str] = []
    while len(changed) < max_orders:
        with uow:
            claimed = uow.orders.claim_offers_due(now, 1)
            if not claimed:
                return changed
            order = claimed[0]
            expected = order.version
            if order.offer is not None and not order.offer.is_open(now):
                order.decline_offer(order.offer.worker_id, "timeout", now)
            unavailable = None
            try:
                _offer_next(order, matching, now, policy)
            except MatchingUnavailable as exc:
                unavailable = exc
            if order.version != expected:
                uow.orders.save(order, expected)
                _publish(uow, order)
                changed.append(order.id)
        if unavailable is not None:
            log.warning("matching unavailable; offers wait for the next round: %s", unavailable)
            return changed
    return changed


def expire_unpaid(uow: UnitOfWork, now: datetime, policy: OrderPolicy = DEFAULT_POLICY,
                  limit: int = 100) -> list[str]:
    """``placed`` orders unpaid past the deadline become ``expired``, and their clients are told."""
    with uow:
        orders = uow.orders.claim_unpaid_before(now - policy.payment_deadline, limit)
        for order in orders:
            expected = order.version
            order.expire(now)
            uow.orders.save(order, expected)
            _publish(uow, order)
    return [order.id for order in orders]


# -- other services' events --------------------------------------------------------------------------------------

def on_payment_succeeded(uow: UnitOfWork, order_id: str, payment_id: str, now: datetime, *,
                         event_id: str = "", event_type: str = "payment.succeeded", strict: bool = False) -> Order:
    """Paid: ``placed`` becomes ``confirmed``. Paid after a cancellation or expiry: the payment is recorded and
    ``order.cancelled`` goes out again with ``paid: true`` so payment-service refunds it (ADR 0040)."""
    def change(order: Order) -> None:
        if order.status in (OrderStatus.CANCELLED, OrderStatus.EXPIRED) and not strict:
            order.record_late_payment(payment_id, now)
        else:
            order.confirm(payment_id, now)
    return _apply(uow, order_id, change, event_id, event_type, strict)


def on_payment_failed(uow: UnitOfWork, order_id: str, payment_id: str, reason: str, now: datetime,
                      policy: OrderPolicy = DEFAULT_POLICY, *, event_id: str = "") -> Order:
    """The order stays ``placed``; the client is reminded it can pay again until the deadline."""
    with uow:
        order = uow.orders.get(order_id)
        if order is None:
            raise UnknownOrder(f"order {order_id} does not exist")
        if order.status is not OrderStatus.PLACED:
            uow.anomalies.record(order_id, event_id, "payment.failed", order.status.value,
                                 f"a failed payment for an order that is {order.status.value}")
            return order
        uow.outbox.add(_notice(order, "payment_failed", {
            **_notice_basics(order), "payment_id": payment_id, "reason": reason,
            "pay_by": _iso(order.created_at + policy.payment_deadline)}))
    return order


def on_payment_refunded(uow: UnitOfWork, order_id: str, refund: dict[str, Any], now: datetime, *,
                        event_id: str = "") -> Order:
    """Recorded on the order (payment-service tells the client itself)."""
    return _apply(uow, order_id, lambda order: order.record_refund(refund, now), event_id, "payment.refunded",
                  False)


def on_kit_ready(uow: UnitOfWork, order_id: str, kit_id: str, pickup_point: dict, fortune: dict | None,
                 now: datetime, *, event_id: str = "") -> Order:
    return _apply(uow, order_id, lambda order: order.mark_kit_ready(kit_id, pickup_point, fortune, now),
                  event_id, "inventory.ready", False)


def on_inventory_shortage(uow: UnitOfWork, order_id: str, now: datetime, *, event_id: str = "") -> Order:
    """No kit can be made: the platform cancels (``out_of_stock``), so a paid order is refunded in full."""
    return _apply(uow, order_id, lambda order: order.cancel(CancelledBy.PLATFORM, "out_of_stock", now),
                  event_id, "inventory.shortage", False)


def on_checked_in(uow: UnitOfWork, order_id: str, worker_id: str, checked_in_at: datetime, now: datetime, *,
                  event_id: str = "", strict: bool = False) -> Order:
    return _apply(uow, order_id, lambda order: order.start(worker_id, checked_in_at, now), event_id,
                  "report.checked_in", strict)


def on_report_filed(uow: UnitOfWork, order_id: str, worker_id: str, report_id: str, filed_at: datetime,
                    now: datetime, *, event_id: str = "", strict: bool = False) -> Order:
    return _apply(uow, order_id, lambda order: order.complete(worker_id, report_id, filed_at, now), event_id,
                  "report.filed", strict)


def expire_order(uow: UnitOfWork, order_id: str, now: datetime) -> Order:
    """An internal transition (service role): expire one ``placed`` order now."""
    return _apply(uow, order_id, lambda order: order.expire(now), "", "internal", True)


def _apply(uow: UnitOfWork, order_id: str, change: Callable[[Order], None], event_id: str, event_type: str,
           strict: bool) -> Order:
    """Apply one change. An unknown order raises UnknownOrder. A change the order's state forbids raises when
    ``strict`` (HTTP: 409, nothing changed); from another service's event it is recorded as an anomaly and the
    event counts as handled: retrying it could never succeed."""
    with uow:
        order = uow.orders.get(order_id)
        if order is None:
            raise UnknownOrder(f"order {order_id} does not exist")
        expected = order.version
        try:
            change(order)
        except (Conflict, Forbidden, InvalidInput) as exc:
            if strict:
                raise
            log.warning("event makes no sense for the order's state; recorded: %s %s: %s", event_type, order_id,
                        exc.detail)
            uow.anomalies.record(order_id, event_id, event_type, order.status.value, exc.detail)
            return order
        uow.orders.save(order, expected)
        _publish(uow, order)
    return order


# -- integration events ------------------------------------------------------------------------------------------

def _publish(uow: UnitOfWork, order: Order) -> None:
    for event in integration_events(order):
        uow.outbox.add(event)


def integration_events(order: Order) -> list[Event]:
    """Turn the aggregate's domain events into the events and notifications other services receive."""
    out: list[Event] = []
    changes: list[OrderChanged] = list(order.events)
    born_dead = any(c.kind == "created" for c in changes) and order.status is OrderStatus.CANCELLED
    for change in changes:
        for routing_key, data in _event_data(change):
            out.append(Event(type=routing_key, source=SOURCE, subject=change.order.id, data=data))
        notice = _notice_for(change)
        if notice is not None and not (born_dead and change.kind == "created"):
            out.append(notice)
    order.events.clear()
    return out


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


def _price(order: Order) -> dict | None:
    return None if order.price is None else {"amount_minor": order.price.amount_minor,
                                             "currency": order.price.currency}


def _event_data(change: OrderChanged) -> list[tuple[str, dict]]:
    o = change.order
    common = {"status": o.status.value, "version": o.version, "order": snapshot(o)}
    kind = change.kind
    if kind == "created":
        return [("order.created", {**order_created(o), **common})]
    if kind == "offered":
        return [("order.offered", {
            "order_id": o.id, "worker_id": o.offer.worker_id, "expires_at": _iso(o.offer.expires_at),
            "toy_category": o.toy_category, "slot_start": _iso(o.slot.start), "slot_end": _iso(o.slot.end),
            "district": o.address.district, "client_id": o.client_id, **common})]
    if kind == "offer_accepted":
        return [("order.offer_accepted", {"order_id": o.id, "worker_id": change.details["worker_id"], **common})]
    if kind == "offer_declined":
        return [("order.offer_declined", {"order_id": o.id, "worker_id": change.details["worker_id"],
                                          "reason": change.details["reason"], **common})]
    if kind == "confirmed":
        return [("order.confirmed", {"order_id": o.id, "client_id": o.client_id, "worker_id": o.worker_id,
                                     "payment_id": o.payment_id, **common})]
    if kind == "kit_ready":
        return [("order.kit_ready", {"order_id": o.id, "worker_id": o.worker_id,
                                     "pickup_point": o.kit.pickup_point, **common})]
    if kind == "started":
        return [("order.started", {"order_id": o.id, "worker_id": o.worker_id, "started_at": _iso(o.started_at),
                                   **common})]
    if kind == "completed":
        return [("order.completed", {"order_id": o.id, "client_id": o.client_id, "worker_id": o.worker_id,
                                     "toy_category": o.toy_category, "completed_at": _iso(o.completed_at),
                                     **common})]
    if kind == "cancelled":
        c = o.cancellation
        return [("order.cancelled", _cancelled(o, c.by.value, c.reason, c.previous_status.value, c.at, common))]
    if kind == "refund_needed":
        # The order stays cancelled/expired; order.cancelled goes out again, now paid, so the money goes back.
        if o.cancellation is not None:
            previous, closed_at, reason = (o.cancellation.previous_status.value, o.cancellation.at,
                                           "paid_after_cancellation")
        else:
            previous, closed_at, reason = OrderStatus.PLACED.value, o.expired_at, "paid_after_expiry"
        return [("order.cancelled", _cancelled(o, CancelledBy.PLATFORM.value, reason, previous, closed_at, common))]
    if kind == "expired":
        return [("order.expired", {"order_id": o.id, "client_id": o.client_id, "expired_at": _iso(o.expired_at),
                                   **common})]
    return []  # refunded, status_changed: recorded on the order, nothing for other services


def _cancelled(o: Order, by: str, reason: str, previous: str, at: datetime, common: dict) -> dict:
    return {"order_id": o.id, "client_id": o.client_id, "worker_id": o.worker_id, "cancelled_by": by,
            "reason": reason, "previous_status": previous, "slot_start": _iso(o.slot.start), "paid": o.paid,
            "checked_in": o.checked_in, "cancelled_at": _iso(at), "payment_id": o.payment_id, **common}


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


def _notice_basics(order: Order) -> dict:
    return {"order_id": order.id, "cat_name": order.cat_name, "toy_category": order.toy_category,
            "slot_start": _iso(order.slot.start), "duration_minutes": order.slot.duration_minutes,
            "district": order.address.district}


def _notice(order: Order, kind: str, data: dict) -> Event:
    return notification("order", kind, template=f"order.{kind}", locale=order.locale, subject=order.id,
                        recipient={"id": order.client_id, "role": "client", "email": order.client_email},
                        data=data)


def _notice_for(change: OrderChanged) -> Event | None:
    o = change.order
    basics = _notice_basics(o)
    if change.kind == "created":
        return _notice(o, "created", basics)
    if change.kind == "confirmed":
        return _notice(o, "confirmed", {**basics, "payment_id": o.payment_id, "price": _price(o)})
    if change.kind == "kit_ready":
        fortune = (o.kit.fortune or {}).get("text")
        return _notice(o, "kit_ready", {**basics, "pickup_point": o.kit.pickup_point, "fortune": fortune})
    if change.kind == "completed":
        return _notice(o, "completed", {**basics, "completed_at": _iso(o.completed_at)})
    if change.kind == "cancelled":
        c = o.cancellation
        return _notice(o, "cancelled", {**basics, "cancelled_by": c.by.value, "reason": c.reason,
                                        "paid": o.paid})
    if change.kind == "expired":
        return _notice(o, "expired", {**basics, "expired_at": _iso(o.expired_at)})
    return None


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else iso_utc(moment)
