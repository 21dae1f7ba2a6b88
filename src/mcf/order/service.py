"""Order use cases. Each owns its transaction: the change and its events commit together or not at all.

No use case publishes: the unit of work writes the events of the orders it saved to the outbox on commit
(``mcf.kit.uow``), mapped by ``events.py``; ``uow.orders.save`` checks the version the order was read at.

Calls to matching-service happen outside a transaction where they can (placing, declining), so no row waits on
the network; where a row is claimed for update first (the offer job), the call has its timeout and the job
takes one order at a time.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, Callable

from mcf.kit.errors import Conflict, Forbidden, InvalidInput, NotFound, found
from mcf.order.domain import (
    Address,
    CancelledBy,
    Candidate,
    Order,
    OrderStatus,
    TimeSlot,
)
from mcf.order.ports import (
    ClientDirectory,
    ClientFacts,
    LiveOrder,
    LiveOrderQuery,
    LiveOrders,
    MatchingGateway,
    MatchingUnavailable,
    MatchRequest,
    UnitOfWork,
)

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


class CatNotFound(NotFound):
    """The cat is not one of the client's (client-dashboard, its owner, says so): 404, nothing placed."""

    slug = "cat-not-found"


class IdempotencyKeyReused(InvalidInput):
    slug = "idempotency-key-reused"


@dataclass(frozen=True)
class CommandKey:
    """A person's command sent with an Idempotency-Key (docs/adr/0061-idempotent-order-commands.md).

    ``principal`` scopes the key (the acting person, e.g. ``client:<id>``); ``fingerprint`` stands for the
    command and its body; ``snapshot`` turns the order the command left into the response stored with the key.
    """

    principal: str
    key: str
    fingerprint: str
    snapshot: Callable[[Order], dict]


@dataclass(frozen=True)
class Replay:
    """The stored response of a command retried with its Idempotency-Key: nothing was done again."""

    response: dict


def _replay(key: CommandKey, seen) -> Replay:
    if seen.fingerprint != key.fingerprint:
        raise IdempotencyKeyReused("this Idempotency-Key was already used for another request",
                                   field="Idempotency-Key")
    return Replay(seen.response)


def _claim(uow: UnitOfWork, key: CommandKey | None) -> Replay | None:
    """Inside the command's transaction: take the key, or the stored response of the command that holds it."""
    if key is None:
        return None
    seen = uow.idempotency.claim(key.principal, key.key, key.fingerprint)
    return None if seen is None else _replay(key, seen)


def _complete(uow: UnitOfWork, key: CommandKey | None, order: Order) -> None:
    if key is not None:
        uow.idempotency.complete(key.principal, key.key, key.snapshot(order))


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
    asserted: ClientFacts | None = None  # the owner's facts, verified, sent with the request (ADR 0184)


def client_order_command(clients: ClientDirectory, request: ClientOrder) -> PlaceOrder:
    """The PlaceOrder for a client's request, with the e-mail, locale and cat name from client-dashboard (their
    owner): the facts it signed with the request, else read from it (a call back to the caller, which starves
    when the caller's threads all wait for us: ADR 0184). A cat that is not the client's is refused
    (CatNotFound, 404) and nothing is placed."""
    facts = request.asserted or clients.client_cat(request.client_id, request.cat_id)
    if facts is None or facts.client_id != request.client_id or facts.cat_id != request.cat_id:
        raise CatNotFound(f"cat {request.cat_id} is not one of the client's cats", field="cat_id")
    return PlaceOrder(client_id=facts.client_id, client_email=facts.email, cat_id=facts.cat_id,
                      cat_name=facts.cat_name, toy_category=request.toy_category, slot_start=request.slot_start,
                      duration_minutes=request.duration_minutes, address=request.address, locale=facts.locale)


# -- placing and reading -----------------------------------------------------------------------------------------

def place_order(uow: UnitOfWork, matching: MatchingGateway, command: PlaceOrder, now: datetime,
                policy: OrderPolicy = DEFAULT_POLICY, key: CommandKey | None = None) -> Order | Replay:
    """Validate, ask matching for candidates, store the order ``placed`` with an offer to the best one.

    Nobody fits: the order is stored and cancelled by the platform (``no_candidates``) in the same transaction,
    and the client is told. Matching unavailable: MatchingUnavailable, nothing stored. With a ``key`` done
    before (or by a concurrent twin that committed first): its Replay, and no second order, offer or notice.
    """
    if key is not None:
        with uow:
            seen = uow.idempotency.find(key.principal, key.key)
        if seen is not None:
            return _replay(key, seen)  # a plain retry: matching is not asked again
    order = Order.place(
        client_id=command.client_id, client_email=command.client_email, cat_id=command.cat_id,
        cat_name=command.cat_name, toy_category=command.toy_category,
        slot=TimeSlot(command.slot_start.astimezone(timezone.utc), command.duration_minutes),
        address=command.address, locale=command.locale, now=now)  # the rules run here, before matching is asked
    order.matched(matching.find_candidates(_match_request(order)), now + policy.offer_ttl, now)
    with uow:
        replay = _claim(uow, key)  # a twin that got here first wins; this order is dropped unsaved
        if replay is not None:
            return replay
        uow.orders.add(order)
        _complete(uow, key, order)
    return order


def get_order(uow: UnitOfWork, order_id: str, viewer_role: str, viewer_id: str) -> Order:
    """The order; asking for an order one may not see gets NotFound, never the order."""
    with uow:
        order = uow.orders.get(order_id)
    return found(order, f"order {order_id} does not exist", viewer=(viewer_role, viewer_id))


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
                 now: datetime, key: CommandKey | None = None) -> Order | Replay:
    """A client cancels its own order; a manager or a service cancels any (as the platform). Only ``placed`` and
    ``confirmed`` orders can be cancelled; otherwise IllegalTransition (409) and nothing changes."""
    if viewer_role not in ("client", "manager", "service"):
        raise Forbidden(f"role {viewer_role} cannot cancel orders")
    by = CancelledBy.CLIENT if viewer_role == "client" else CancelledBy.PLATFORM
    with uow:
        replay = _claim(uow, key)
        if replay is not None:
            return replay
        order = _visible(uow, order_id, viewer_role, viewer_id)
        order.cancel(by, reason or ("client_request" if by is CancelledBy.CLIENT else "platform_decision"), now)
        uow.orders.save(order)
        _complete(uow, key, order)
    return order


def accept_offer(uow: UnitOfWork, order_id: str, worker_id: str, now: datetime,
                 key: CommandKey | None = None) -> Order | Replay:
    """The offered worker takes the order. Two racing writers: the version check lets exactly one win; the
    other gets ConcurrentUpdate (409) and changes nothing."""
    with uow:
        replay = _claim(uow, key)
        if replay is not None:
            return replay
        order = _visible(uow, order_id, "worker", worker_id)
        order.accept_offer(worker_id, now)
        uow.orders.save(order)
        _complete(uow, key, order)
    return order


def decline_offer(uow: UnitOfWork, matching: MatchingGateway, order_id: str, worker_id: str, now: datetime,
                  policy: OrderPolicy = DEFAULT_POLICY, key: CommandKey | None = None) -> Order | Replay:
    """The offered worker says no; the order is offered to the next candidate (or cancelled when none is left).

    The decline commits first (with its key: a replay returns the order as the decline left it); re-matching
    follows in its own transaction. If matching is down then, the order waits without an offer and the offer
    job re-matches it.
    """
    with uow:
        replay = _claim(uow, key)
        if replay is not None:
            return replay
        order = _visible(uow, order_id, "worker", worker_id)
        order.decline_offer(worker_id, "declined", now)
        uow.orders.save(order)
        _complete(uow, key, order)
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
        _offer_next(order, matching, now, policy)
        uow.orders.save(order)
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
    return found(uow.orders.get(order_id), f"order {order_id} does not exist", viewer=(role, subject))


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
                uow.orders.save(order)
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
            order.expire(now)
            uow.orders.save(order)
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
    return _apply(uow, order_id, lambda order: order.payment_failed(
        payment_id, reason, order.created_at + policy.payment_deadline), event_id, "payment.failed", False)


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
        try:
            change(order)
        except (Conflict, Forbidden, InvalidInput) as exc:
            if strict:
                raise
            log.warning("event makes no sense for the order's state; recorded: %s %s: %s", event_type, order_id,
                        exc.detail)
            uow.anomalies.record(order_id, event_id, event_type, order.status.value, exc.detail)
            return order
        uow.orders.save(order)
    return order
