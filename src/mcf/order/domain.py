"""The order aggregate: value objects, the lifecycle state machine and the domain events. Pure Python."""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import Enum

from mcf.kit.errors import Conflict, InvalidInput

TOY_CATEGORIES = ("balls", "catnip", "feathers", "laser", "mice", "puzzles", "tunnels")
MIN_DURATION, MAX_DURATION, DURATION_STEP = 30, 480, 15
MIN_LEAD_TIME = timedelta(minutes=30)


class OrderStatus(str, Enum):
    PLACED = "placed"            # matched and priced, awaiting payment
    CONFIRMED = "confirmed"      # paid
    IN_PROGRESS = "in_progress"  # the worker checked in
    COMPLETED = "completed"
    CANCELLED = "cancelled"      # by the client or the platform
    EXPIRED = "expired"          # unpaid past the deadline


# The whole lifecycle (ARCHITECTURE.md §5); a move not listed here is illegal.
TRANSITIONS: dict[OrderStatus, frozenset[OrderStatus]] = {
    OrderStatus.PLACED: frozenset({OrderStatus.CONFIRMED, OrderStatus.CANCELLED, OrderStatus.EXPIRED}),
    OrderStatus.CONFIRMED: frozenset({OrderStatus.IN_PROGRESS, OrderStatus.CANCELLED}),
    OrderStatus.IN_PROGRESS: frozenset({OrderStatus.COMPLETED}),
    OrderStatus.COMPLETED: frozenset(),
    OrderStatus.CANCELLED: frozenset(),
    OrderStatus.EXPIRED: frozenset(),
}


class IllegalTransition(Conflict):
    slug = "illegal-transition"


@dataclass(frozen=True)
class TimeSlot:
    start: datetime
    duration_minutes: int

    def __post_init__(self):
        if self.start.tzinfo is None:
            raise InvalidInput("slot_start must carry a timezone", field="slot_start")
        if not MIN_DURATION <= self.duration_minutes <= MAX_DURATION or self.duration_minutes % DURATION_STEP:
            raise InvalidInput(f"duration_minutes must be {MIN_DURATION}..{MAX_DURATION} in steps of "
                               f"{DURATION_STEP}", field="duration_minutes")

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
class OrderPlaced:
    order: "Order"


@dataclass(frozen=True)
class StatusChanged:
    order: "Order"
    previous: OrderStatus


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
    events: list = field(default_factory=list, repr=False, compare=False)

    @classmethod
    def place(cls, *, client_id: str, client_email: str, cat_id: str, cat_name: str | None, toy_category: str,
              slot: TimeSlot, address: Address, locale: str, now: datetime) -> "Order":
        if toy_category not in TOY_CATEGORIES:
            raise InvalidInput(f"unknown toy category {toy_category!r}", field="toy_category")
        if slot.start < now + MIN_LEAD_TIME:
            raise InvalidInput(f"slot_start must be at least {int(MIN_LEAD_TIME.total_seconds() // 60)} minutes "
                               "from now", field="slot_start")
        order = cls(id=str(uuid.uuid4()), client_id=client_id, client_email=client_email, cat_id=cat_id,
                    cat_name=cat_name, toy_category=toy_category, slot=slot, address=address, locale=locale,
                    status=OrderStatus.PLACED, created_at=now, updated_at=now)
        order.events.append(OrderPlaced(replace(order, events=[])))
        return order

    def transition(self, to: OrderStatus, now: datetime) -> None:
        if to not in TRANSITIONS[self.status]:
            raise IllegalTransition(f"an order that is {self.status.value} cannot become {to.value}",
                                    status=self.status.value, requested=to.value)
        previous, self.status, self.updated_at = self.status, to, now
        self.events.append(StatusChanged(replace(self, events=[]), previous))

    def visible_to(self, role: str, subject: str) -> bool:
        if role == "client":
            return self.client_id == subject
        if role == "worker":
            return self.worker_id is not None and self.worker_id == subject
        return role in ("manager", "service")
