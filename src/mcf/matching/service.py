"""matching's use cases: rank candidates for an order and price it, quote a price, keep the read model fresh.

Queries take a unit of work for a consistent read; the event use cases run inside the consumer's transaction
(their unit of work nests as a savepoint), so the inbox record and the change commit together.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from mcf.kit.errors import InvalidInput, found
from mcf.matching import pricing
from mcf.matching.domain import (
    BOOKED,
    CLOSED,
    OFFERED,
    OPEN,
    Booking,
    Candidate,
    MatchRequest,
    Scored,
    TrackedOrder,
    Window,
    failed_filters,
    rank,
    score,
)
from mcf.matching.ports import UnitOfWork

# The adapter ranks in SQL; the core re-scores a few more than asked, so a float that rounds differently at the
# edge of the list cannot push a better candidate out of it.
SHORTLIST_MARGIN = 10
MAX_LIMIT = 50


@dataclass(frozen=True)
class Match:
    scored: Scored
    price: pricing.Price


@dataclass(frozen=True)
class MatchResult:
    candidates: list[Match]
    supply: int
    open_demand: int


def match(uow: UnitOfWork, request: MatchRequest) -> MatchResult:
    """The best candidates for the order, best first, each with its score's reasons and its price."""
    if not 1 <= request.limit <= MAX_LIMIT:
        raise InvalidInput(f"limit must be 1..{MAX_LIMIT}", field="limit")
    with uow:
        shortlist = uow.candidates.shortlist(request, request.limit + SHORTLIST_MARGIN)
        demand = uow.orders.open_demand(request.district, request.slot_start, request.slot_end)
    scored = []
    for entry in shortlist.entries:
        if failed_filters(entry.candidate, request, entry.bookings):
            continue  # the adapter may over-include; the domain's filters decide
        scored.append(score(entry.candidate, request.toy_category, entry.with_client))
    best = rank(scored, request.limit)
    return MatchResult(
        [Match(s, pricing.quote(request.toy_category, request.duration_minutes, s.rating, open_demand=demand,
                                supply=shortlist.supply)) for s in best],
        supply=shortlist.supply, open_demand=demand)


def quote(uow: UnitOfWork, request: MatchRequest, worker_rating: float | None) -> pricing.Price:
    """The price of a session with a worker of this rating, at today's demand and supply for the slot."""
    with uow:
        supply = uow.candidates.supply(request)
        demand = uow.orders.open_demand(request.district, request.slot_start, request.slot_end)
    return pricing.quote(request.toy_category, request.duration_minutes, worker_rating, open_demand=demand,
                         supply=supply)


def get_candidate(uow: UnitOfWork, worker_id: str) -> Candidate:
    with uow:
        candidate = uow.candidates.get(worker_id)
    return found(candidate, f"worker {worker_id} is not in matching's read model")


# -- worker events ---------------------------------------------------------------------------------------------

WORKER_EVENTS = ("registered", "activated", "profile_changed", "rating_changed", "deactivated")


@dataclass(frozen=True)
class WorkerFacts:
    """The fields a worker.* event carried; None: not carried (the read model keeps what it had)."""

    worker_id: str
    active: bool | None = None
    toy_categories: tuple[str, ...] | None = None
    districts: tuple[str, ...] | None = None
    availability: tuple[Window, ...] | None = None
    rating: float | None = None
    test_score: float | None = None
    version: int | None = None  # worker-profile's per-worker version; None: an event without one (applied)


def apply_worker_event(uow: UnitOfWork, kind: str, facts: WorkerFacts, at: datetime) -> Candidate:
    """Merge what worker-profile says into the read model. ``activated`` / ``deactivated`` set ``active`` whatever
    the payload says; other fields are taken when present. An event whose version is not newer than the one
    applied last is stale (events may arrive out of order) and changes nothing."""
    if kind not in WORKER_EVENTS:
        raise InvalidInput(f"unknown worker event {kind!r}")
    with uow:
        current = uow.candidates.get(facts.worker_id) or Candidate(facts.worker_id)
        if facts.version is not None and facts.version <= current.profile_version:
            return current
        changes = {name: getattr(facts, name) for name in
                   ("active", "toy_categories", "districts", "availability", "rating", "test_score")
                   if getattr(facts, name) is not None}
        if kind == "activated":
            changes["active"] = True
        elif kind == "deactivated":
            changes["active"] = False
        if facts.version is not None:
            changes["profile_version"] = facts.version
        updated = replace(current, **changes, updated_at=at)
        uow.candidates.save(updated)
    return updated


# -- order events ----------------------------------------------------------------------------------------------

def order_created(uow: UnitOfWork, *, order_id: str, client_id: str, toy_category: str, district: str,
                  slot_start: datetime, slot_end: datetime, worker_id: str | None = None) -> None:
    with uow:
        known = uow.orders.get(order_id)
        order = TrackedOrder(order_id, OPEN if known is None else known.state, client_id, toy_category, district,
                             slot_start, slot_end, worker_id or (known.worker_id if known else None),
                             known.counted if known else False)
        uow.orders.save(order)


def order_offered(uow: UnitOfWork, *, order_id: str, worker_id: str, client_id: str | None, toy_category: str | None,
                  district: str | None, slot_start: datetime, slot_end: datetime) -> None:
    """The order is offered to a worker: the worker's slot is held from now on."""
    with uow:
        known = uow.orders.get(order_id) or TrackedOrder(order_id)
        if known.state == CLOSED:
            return
        order = replace(known, state=OFFERED, worker_id=worker_id, client_id=client_id or known.client_id,
                        toy_category=toy_category or known.toy_category, district=district or known.district,
                        slot_start=slot_start, slot_end=slot_end)
        uow.orders.save(order)
        _hold(uow, order)


def order_assigned(uow: UnitOfWork, *, order_id: str, worker_id: str) -> None:
    """The offer was accepted or the order confirmed: the slot stays held (held again if the offer was missed)."""
    with uow:
        known = uow.orders.get(order_id) or TrackedOrder(order_id)
        if known.state == CLOSED:
            return
        order = replace(known, state=BOOKED, worker_id=worker_id)
        uow.orders.save(order)
        _hold(uow, order)


def offer_declined(uow: UnitOfWork, *, order_id: str, worker_id: str) -> None:
    """The worker declined or let the offer time out: the slot is free again, and reliability counts it."""
    with uow:
        known = uow.orders.get(order_id) or TrackedOrder(order_id)
        freed = _release(uow, order_id)
        if freed is None or freed.worker_id == worker_id:
            _change(uow, worker_id, lambda c: replace(c, declined=c.declined + 1))
        if known.state != CLOSED:
            uow.orders.save(replace(known, state=OPEN, worker_id=None))


def order_completed(uow: UnitOfWork, *, order_id: str, client_id: str, worker_id: str, toy_category: str) -> None:
    with uow:
        known = uow.orders.get(order_id) or TrackedOrder(order_id)
        _release(uow, order_id)
        if not known.counted:
            def count(c: Candidate) -> Candidate:
                categories = dict(c.category_completed)
                categories[toy_category] = categories.get(toy_category, 0) + 1
                return replace(c, completed=c.completed + 1, category_completed=categories)

            _change(uow, worker_id, count)
            uow.candidates.add_client_completion(worker_id, client_id)
        uow.orders.save(replace(known, state=CLOSED, worker_id=worker_id, client_id=client_id,
                                toy_category=toy_category, counted=True))


def order_cancelled(uow: UnitOfWork, *, order_id: str, worker_id: str | None) -> None:
    with uow:
        known = uow.orders.get(order_id) or TrackedOrder(order_id)
        _release(uow, order_id)
        if worker_id and not known.counted:
            _change(uow, worker_id, lambda c: replace(c, cancelled=c.cancelled + 1))
        uow.orders.save(replace(known, state=CLOSED, counted=known.counted or bool(worker_id)))


def order_expired(uow: UnitOfWork, *, order_id: str) -> None:
    with uow:
        known = uow.orders.get(order_id) or TrackedOrder(order_id)
        _release(uow, order_id)
        uow.orders.save(replace(known, state=CLOSED))


def _hold(uow: UnitOfWork, order: TrackedOrder) -> None:
    if order.slot_start is None or order.slot_end is None or order.worker_id is None:
        return  # nothing to hold yet: the slot arrives with order.created or order.offered
    held = uow.orders.booking(order.order_id)
    if held is not None and held.worker_id == order.worker_id:
        return
    if held is not None:
        _release(uow, order.order_id)
    if uow.orders.book(Booking(order.order_id, order.worker_id, order.slot_start, order.slot_end)):
        _change(uow, order.worker_id, lambda c: replace(c, current_load=c.current_load + 1))


def _release(uow: UnitOfWork, order_id: str) -> Booking | None:
    freed = uow.orders.free(order_id)
    if freed is not None:
        _change(uow, freed.worker_id, lambda c: replace(c, current_load=max(c.current_load - 1, 0)))
    return freed


def _change(uow: UnitOfWork, worker_id: str, change) -> None:
    # Order events may reach matching before the worker's own events: count on a bare row, filled in later.
    candidate = uow.candidates.get(worker_id) or Candidate(worker_id)
    uow.candidates.save(change(candidate))
