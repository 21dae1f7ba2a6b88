"""The order aggregate: value objects, the lifecycle state machine, offers and the domain events. Pure Python.

Every change bumps ``version`` by one and records a domain event holding a snapshot of the order as the change
left it, so each integration event can carry the whole current row (the live-orders table is built from them)
and a reader keeping the highest version keeps the newest state.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import Enum
from typing import Any

from mcf.kit.errors import ConcurrentUpdate, Conflict, Forbidden, InvalidInput  # noqa: F401 - the order's too
from mcf.kit.values import (  # noqa: F401 - part of the order's vocabulary
    DURATION_STEP,
    MAX_DURATION,
    MIN_DURATION,
    TOY_CATEGORIES,
    check_slot,
)

MIN_LEAD_TIME = timedelta(minutes=30)


class SlotTooSoon(Conflict):
    """A rule of the clock, which no schema can say: the slot starts less than MIN_LEAD_TIME from now (409)."""

    slug = "slot-too-soon"


class OrderStatus(str, Enum):
    PLACED = "placed"            # matched and priced, awaiting payment
    CONFIRMED = "confirmed"      # paid
    IN_PROGRESS = "in_progress"  # the worker checked in
    COMPLETED = "completed"
    CANCELLED = "cancelled"      # by the client or the platform
    EXPIRED = "expired"          # unpaid past the deadline


CURRENT_STATUSES = (OrderStatus.PLACED, OrderStatus.CONFIRMED, OrderStatus.IN_PROGRESS)
# Orders still looking for a worker: an offer may be open, declined or timed out.
MATCHABLE_STATUSES = (OrderStatus.PLACED, OrderStatus.CONFIRMED)

# The whole lifecycle (ARCHITECTURE.md §5); a move not listed here is illegal.
TRANSITIONS: dict[OrderStatus, frozenset[OrderStatus]] = {
    OrderStatus.PLACED: frozenset({OrderStatus.CONFIRMED, OrderStatus.CANCELLED, OrderStatus.EXPIRED}),
    OrderStatus.CONFIRMED: frozenset({OrderStatus.IN_PROGRESS, OrderStatus.CANCELLED}),
    OrderStatus.IN_PROGRESS: frozenset({OrderStatus.COMPLETED}),
    OrderStatus.COMPLETED: frozenset(),
    OrderStatus.CANCELLED: frozenset(),
    OrderStatus.EXPIRED: frozenset(),
}


class CancelledBy(str, Enum):
    CLIENT = "client"
    PLATFORM = "platform"


class IllegalTransition(Conflict):
    slug = "illegal-transition"


class OfferNotOpen(Conflict):
    """No open offer for this worker: it went to someone else, timed out, or was already answered."""

    slug = "offer-not-open"


@dataclass(frozen=True)
class TimeSlot:
    start: datetime
    duration_minutes: int

    def __post_init__(self):
        check_slot(self.start, self.duration_minutes)

    @property
    def end(self) -> datetime:
        return self.start + timedelta(minutes=self.duration_minutes)


@dataclass(frozen=True)
class Address:
    city: str
    district: str
    street: str
    building: str
    apartment: str | None = None
    notes: str | None = None


@dataclass(frozen=True)
class Price:
    """Integer minor units and an ISO 4217 code; ``breakdown`` is matching's explanation, kept as given."""

    amount_minor: int
    currency: str
    breakdown: dict[str, Any] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class Candidate:
    worker_id: str
    score: float
    price: Price


@dataclass(frozen=True)
class Offer:
    worker_id: str
    offered_at: datetime
    expires_at: datetime

    def is_open(self, now: datetime) -> bool:
        return now < self.expires_at


@dataclass(frozen=True)
class Kit:
    kit_id: str
    pickup_point: dict[str, Any]
    fortune: dict[str, Any] | None
    ready_at: datetime


@dataclass(frozen=True)
class Cancellation:
    by: CancelledBy
    reason: str
    previous_status: OrderStatus
    at: datetime


# -- domain events: one class each; ``order`` is the order as the change left it (its version, its row) ---------

@dataclass(frozen=True)
class OrderPlaced:
    """``matched``: someone was found to offer it to; an order born without a candidate is cancelled at once and
    its client hears only of the cancellation."""

    order: "Order"
    matched: bool


@dataclass(frozen=True)
class OrderOffered:
    order: "Order"


@dataclass(frozen=True)
class OfferAccepted:
    order: "Order"
    worker_id: str


@dataclass(frozen=True)
class OfferDeclined:
    order: "Order"
    worker_id: str
    reason: str  # declined | timeout


@dataclass(frozen=True)
class OrderConfirmed:
    order: "Order"


@dataclass(frozen=True)
class LatePaymentRecorded:
    """Paid after it was cancelled or expired: the money must go back (ADR 0040)."""

    order: "Order"
    payment_id: str


@dataclass(frozen=True)
class RefundRecorded:
    order: "Order"
    refund: dict[str, Any]


@dataclass(frozen=True)
class KitReady:
    order: "Order"


@dataclass(frozen=True)
class OrderStarted:
    order: "Order"


@dataclass(frozen=True)
class OrderCompleted:
    order: "Order"


@dataclass(frozen=True)
class OrderCancelled:
    order: "Order"


@dataclass(frozen=True)
class OrderExpired:
    order: "Order"


@dataclass(frozen=True)
class StatusChanged:
    """A bare status move (``transition``, kept for the state-machine tests)."""

    order: "Order"


@dataclass(frozen=True)
class PaymentFailed:
    """A payment failed; the order does not change (no new version), its client is reminded of the deadline."""

    order: "Order"
    payment_id: str
    reason: str
    pay_by: datetime


DOMAIN_EVENTS = (OrderPlaced, OrderOffered, OfferAccepted, OfferDeclined, OrderConfirmed, LatePaymentRecorded,
                 RefundRecorded, KitReady, OrderStarted, OrderCompleted, OrderCancelled, OrderExpired,
                 StatusChanged, PaymentFailed)


@dataclass
class Order:
    id: str
    client_id: str
    client_email: str
    cat_id: str
    cat_name: str | None
    toy_category: str
    slot: TimeSlot
    address: Address
    locale: str
    status: OrderStatus
    created_at: datetime
    updated_at: datetime
    version: int = 1
    worker_id: str | None = None
    price: Price | None = None
    offer: Offer | None = None
    offered_worker_ids: tuple[str, ...] = ()
    kit: Kit | None = None
    payment_id: str | None = None
    paid_at: datetime | None = None
    refunds: tuple[dict[str, Any], ...] = ()
    started_at: datetime | None = None
    completed_at: datetime | None = None
    report_id: str | None = None
    cancellation: Cancellation | None = None
    expired_at: datetime | None = None
    events: list = field(default_factory=list, repr=False, compare=False)

    # -- creation ----------------------------------------------------------------------------------------------
    @staticmethod
    def check_placeable(toy_category: str, slot: TimeSlot, now: datetime) -> None:
        """The rules a new order must meet; checked before anyone (matching) is asked anything."""
        if toy_category not in TOY_CATEGORIES:
            raise InvalidInput(f"unknown toy category {toy_category!r}", field="toy_category")
        if slot.start < now + MIN_LEAD_TIME:
            raise SlotTooSoon(f"slot_start must be at least {int(MIN_LEAD_TIME.total_seconds() // 60)} minutes "
                              "from now", field="slot_start")

    @classmethod
    def place(cls, *, client_id: str, client_email: str, cat_id: str, cat_name: str | None, toy_category: str,
              slot: TimeSlot, address: Address, locale: str, now: datetime) -> "Order":
        """A new order, checked against the placement rules (once, here). It raises no event yet: it is placed
        when ``matched`` gives it its price and its first offer (or its cancellation)."""
        cls.check_placeable(toy_category, slot, now)
        return cls(id=str(uuid.uuid4()), client_id=client_id, client_email=client_email, cat_id=cat_id,
                   cat_name=cat_name, toy_category=toy_category, slot=slot, address=address, locale=locale,
                   status=OrderStatus.PLACED, created_at=now, updated_at=now)

    def matched(self, candidates: "list[Candidate]", offer_expires_at: datetime, now: datetime) -> None:
        """Placement ends: priced by the best candidate and offered to it, or, nobody fitting, cancelled by the
        platform (``no_candidates``). ``order.created`` carries the price, so it is raised here, at version 1."""
        if self.events or self.version != 1 or self.price is not None:
            raise IllegalTransition(f"order {self.id} is placed already", order_status=self.status.value)
        best = candidates[0] if candidates else None
        self.price = best.price if best else None
        self.events.append(OrderPlaced(self.snapshot(), matched=best is not None))
        if best is None:
            self.cancel(CancelledBy.PLATFORM, "no_candidates", now)
        else:
            self.offer_to(best, offer_expires_at, now)

    # -- reading -----------------------------------------------------------------------------------------------
    def snapshot(self) -> "Order":
        return replace(self, events=[])

    @property
    def paid(self) -> bool:
        return self.payment_id is not None and self.paid_at is not None

    @property
    def checked_in(self) -> bool:
        return self.started_at is not None

    @property
    def is_current(self) -> bool:
        return self.status in CURRENT_STATUSES

    def open_offer(self, now: datetime) -> Offer | None:
        return self.offer if self.offer is not None and self.offer.is_open(now) else None

    @property
    def needs_worker(self) -> bool:
        """Still looking for a worker: matchable, nobody assigned, no offer out."""
        return self.status in MATCHABLE_STATUSES and self.worker_id is None and self.offer is None

    def visible_to(self, role: str, subject: str) -> bool:
        if role == "client":
            return self.client_id == subject
        if role == "worker":
            return subject in (self.worker_id, self.offer.worker_id if self.offer else None)
        return role in ("manager", "service")

    # -- changes -----------------------------------------------------------------------------------------------
    def _changed(self, event: type, now: datetime, **details) -> None:
        self.version += 1
        self.updated_at = max(now, self.updated_at)
        self.events.append(event(self.snapshot(), **details))

    def _require(self, to: OrderStatus) -> None:
        if to not in TRANSITIONS[self.status]:
            raise IllegalTransition(f"an order that is {self.status.value} cannot become {to.value}",
                                    order_status=self.status.value, requested=to.value)

    def _move(self, to: OrderStatus) -> OrderStatus:
        self._require(to)
        previous, self.status = self.status, to
        return previous

    def transition(self, to: OrderStatus, now: datetime) -> None:
        """A bare status move (kept for the state-machine tests); the use cases call the named changes below."""
        self._move(to)
        self._changed(StatusChanged, now)

    def offer_to(self, candidate: Candidate, expires_at: datetime, now: datetime) -> None:
        if not self.needs_worker:
            raise IllegalTransition(f"order {self.id} is not looking for a worker", order_status=self.status.value)
        if candidate.worker_id in self.offered_worker_ids:
            raise InvalidInput(f"worker {candidate.worker_id} was offered this order before", field="worker_id")
        self.offer = Offer(candidate.worker_id, now, expires_at)
        self.offered_worker_ids = (*self.offered_worker_ids, candidate.worker_id)
        if self.price is None:
            self.price = candidate.price
        self._changed(OrderOffered, now)

    def accept_offer(self, worker_id: str, now: datetime) -> None:
        if self.status not in MATCHABLE_STATUSES:
            raise IllegalTransition(f"an order that is {self.status.value} takes no offers",
                                    order_status=self.status.value)
        offer = self.open_offer(now)
        if offer is None or offer.worker_id != worker_id:
            raise OfferNotOpen(f"order {self.id} has no open offer for worker {worker_id}")
        self.worker_id, self.offer = worker_id, None
        self._changed(OfferAccepted, now, worker_id=worker_id)

    def decline_offer(self, worker_id: str, reason: str, now: datetime) -> None:
        """The worker said no (``declined``) or let the offer lapse (``timeout``)."""
        if self.status not in MATCHABLE_STATUSES:
            raise IllegalTransition(f"an order that is {self.status.value} takes no offers",
                                    order_status=self.status.value)
        if self.offer is None or self.offer.worker_id != worker_id:
            raise OfferNotOpen(f"order {self.id} has no offer out to worker {worker_id}")
        if reason == "declined" and not self.offer.is_open(now):
            raise OfferNotOpen(f"the offer of order {self.id} to worker {worker_id} has timed out")
        self.offer = None
        self._changed(OfferDeclined, now, worker_id=worker_id, reason=reason)

    def payment_failed(self, payment_id: str, reason: str, pay_by: datetime) -> None:
        """Nothing changes (a placed order may be paid again until ``pay_by``); the client is reminded."""
        if self.status is not OrderStatus.PLACED:
            raise IllegalTransition(f"a failed payment for an order that is {self.status.value}",
                                    order_status=self.status.value)
        self.events.append(PaymentFailed(self.snapshot(), payment_id, reason, pay_by))

    def confirm(self, payment_id: str, now: datetime) -> None:
        self._move(OrderStatus.CONFIRMED)
        self.payment_id, self.paid_at = payment_id, now
        self._changed(OrderConfirmed, now)

    def record_late_payment(self, payment_id: str, now: datetime) -> None:
        """Money arrived for an order already cancelled or expired: it must go back (see ADR 0040)."""
        if self.status not in (OrderStatus.CANCELLED, OrderStatus.EXPIRED):
            raise IllegalTransition(f"a payment for an order that is {self.status.value} is not late",
                                    order_status=self.status.value)
        if self.payment_id is not None:
            raise IllegalTransition(f"order {self.id} already has payment {self.payment_id}",
                                    order_status=self.status.value)
        self.payment_id, self.paid_at = payment_id, now
        self._changed(LatePaymentRecorded, now, payment_id=payment_id)

    def record_refund(self, refund: dict[str, Any], now: datetime) -> None:
        if self.payment_id is None:
            raise IllegalTransition(f"order {self.id} has no payment to refund", order_status=self.status.value)
        if any(r.get("refund_id") == refund.get("refund_id") for r in self.refunds):
            raise IllegalTransition(f"refund {refund.get('refund_id')} is already recorded",
                                    order_status=self.status.value)
        self.refunds = (*self.refunds, dict(refund))
        self._changed(RefundRecorded, now, refund=dict(refund))

    def mark_kit_ready(self, kit_id: str, pickup_point: dict, fortune: dict | None, now: datetime) -> None:
        if self.status not in CURRENT_STATUSES:
            raise IllegalTransition(f"an order that is {self.status.value} needs no kit",
                                    order_status=self.status.value)
        if self.kit is not None:
            raise IllegalTransition(f"the kit of order {self.id} is already ready", order_status=self.status.value)
        self.kit = Kit(kit_id, dict(pickup_point), dict(fortune) if fortune else None, now)
        self._changed(KitReady, now)

    def start(self, worker_id: str, checked_in_at: datetime, now: datetime) -> None:
        self._require(OrderStatus.IN_PROGRESS)
        if self.worker_id is None or self.worker_id != worker_id:
            raise Forbidden(f"worker {worker_id} is not assigned to order {self.id}")
        self._move(OrderStatus.IN_PROGRESS)
        self.started_at = checked_in_at
        self._changed(OrderStarted, now)

    def complete(self, worker_id: str, report_id: str, filed_at: datetime, now: datetime) -> None:
        self._require(OrderStatus.COMPLETED)
        if self.worker_id is None or self.worker_id != worker_id:
            raise Forbidden(f"worker {worker_id} is not assigned to order {self.id}")
        self._move(OrderStatus.COMPLETED)
        self.completed_at, self.report_id = filed_at, report_id
        self._changed(OrderCompleted, now)

    def cancel(self, by: CancelledBy, reason: str, now: datetime) -> None:
        previous = self._move(OrderStatus.CANCELLED)
        self.offer = None
        self.cancellation = Cancellation(by, reason, previous, now)
        self._changed(OrderCancelled, now)

    def expire(self, now: datetime) -> None:
        self._move(OrderStatus.EXPIRED)
        self.offer, self.expired_at = None, now
        self._changed(OrderExpired, now)
