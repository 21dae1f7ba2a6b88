"""Toy kits: what an order needs, where it is picked up, and the fortune cookie that completes it.

A kit moves pending -> awaiting_fortune (toys reserved) -> ready, or pending -> shortage; any of them may end
cancelled. Pure Python: no I/O, no framework.
"""
from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import Enum

from mcf.kit.errors import Conflict, InvalidInput
from mcf.kit.values import TOY_CATEGORIES  # noqa: F401 - part of the inventory's vocabulary

FORTUNE_LOCALES = ("en", "ru")
MAX_FORTUNE_LENGTH = 500


class KitStatus(str, Enum):
    PENDING = "pending"                    # order seen, toys not reserved yet
    AWAITING_FORTUNE = "awaiting_fortune"  # toys reserved, the cookie has not come yet
    READY = "ready"                        # toys and cookie: the worker may pick it up
    SHORTAGE = "shortage"                  # not enough toys at the pick-up point; nothing reserved
    CANCELLED = "cancelled"                # the order was cancelled; reserved toys went back to stock


class FortuneSource(str, Enum):
    PARTNER = "partner"
    HOUSE = "house"


@dataclass(frozen=True)
class PickupPoint:
    id: str
    name: str
    city: str
    district: str
    address: str


@dataclass(frozen=True)
class Toy:
    id: str
    name: str
    category: str


@dataclass(frozen=True)
class StockLevel:
    pickup_point_id: str
    toy_id: str
    toy_name: str
    available: int
    reserved: int


@dataclass(frozen=True)
class KitItem:
    toy_id: str
    name: str
    quantity: int


@dataclass(frozen=True)
class Missing:
    """A toy the pick-up point has too few of for one kit."""

    toy_id: str
    wanted: int
    available: int


@dataclass(frozen=True)
class Fortune:
    text: str
    locale: str
    source: FortuneSource
    fortune_id: str | None = None


@dataclass(frozen=True)
class FortuneIssued:
    """A cookie the partner issued for an order (``fortune.issued``), already validated."""

    order_id: str
    fortune_id: str
    text: str
    locale: str

    def __post_init__(self):
        if not self.text.strip() or len(self.text) > MAX_FORTUNE_LENGTH:
            raise InvalidInput(f"text must be 1 to {MAX_FORTUNE_LENGTH} characters", field="text")
        if self.locale not in FORTUNE_LOCALES:
            raise InvalidInput(f"locale must be one of {', '.join(FORTUNE_LOCALES)}", field="locale")

    def as_fortune(self) -> Fortune:
        return Fortune(self.text, self.locale, FortuneSource.PARTNER, self.fortune_id)


# The house's own cookies, used when the partner does not answer in time (ADR: house fortune after a timeout).
HOUSE_FORTUNES: dict[str, tuple[str, ...]] = {
    "en": ("A warm sunbeam is waiting for you today.",
           "The best toy is the one you have not caught yet.",
           "Patience at the mouse hole brings its reward.",
           "Today every box fits you perfectly."),
    "ru": ("Сегодня вас ждёт тёплый солнечный луч.",
           "Лучшая игрушка — та, которую вы ещё не поймали.",
           "Терпение у норки приносит награду.",
           "Сегодня любая коробка вам впору."),
}


def house_fortune(order_id: str, locale: str) -> Fortune:
    """A house cookie, the same one for the same order (so a repeated completion cannot change it)."""
    texts = HOUSE_FORTUNES.get(locale) or HOUSE_FORTUNES["en"]
    index = int(hashlib.sha256(order_id.encode()).hexdigest(), 16) % len(texts)
    return Fortune(texts[index], locale if locale in HOUSE_FORTUNES else "en", FortuneSource.HOUSE, None)


@dataclass
class Kit:
    order_id: str
    kit_id: str
    client_id: str | None
    toy_category: str | None
    city: str | None
    district: str | None
    locale: str
    status: KitStatus
    created_at: datetime
    updated_at: datetime
    pickup_point: PickupPoint | None = None
    items: tuple[KitItem, ...] = ()
    missing: tuple[Missing, ...] = ()
    fortune: Fortune | None = None
    fortune_deadline: datetime | None = None
    ready_at: datetime | None = None
    cancelled_at: datetime | None = None
    released: bool = False
    version: int = 1
    events: list = field(default_factory=list, repr=False, compare=False)

    @property
    def id(self) -> str:
        return self.order_id  # one kit per order

    @classmethod
    def for_order(cls, *, order_id: str, client_id: str, toy_category: str, city: str, district: str,
                  locale: str, now: datetime) -> "Kit":
        return cls(order_id=order_id, kit_id=str(uuid.uuid4()), client_id=client_id, toy_category=toy_category,
                   city=city, district=district, locale=locale,
                   status=KitStatus.PENDING, created_at=now, updated_at=now)

    @classmethod
    def cancelled_before_seen(cls, order_id: str, client_id: str | None, now: datetime) -> "Kit":
        """A tombstone: the cancellation came first, so a late ``order.created`` reserves nothing."""
        return cls(order_id=order_id, kit_id=str(uuid.uuid4()), client_id=client_id, toy_category=None, city=None,
                   district=None, locale="en", status=KitStatus.CANCELLED, created_at=now,
                   updated_at=now, cancelled_at=now)

    def reserved(self, point: PickupPoint, items: tuple[KitItem, ...], deadline: datetime, now: datetime) -> None:
        self._require(KitStatus.PENDING)
        self.pickup_point, self.items, self.fortune_deadline = point, items, deadline
        self.status, self.updated_at = KitStatus.AWAITING_FORTUNE, now
        self.version += 1

    def short(self, point: PickupPoint | None, missing: tuple[Missing, ...], now: datetime) -> None:
        self._require(KitStatus.PENDING)
        self.pickup_point, self.missing = point, missing
        self.status, self.updated_at = KitStatus.SHORTAGE, now
        self.version += 1
        self.events.append(KitShort(self))

    def complete(self, fortune: Fortune, now: datetime) -> None:
        self._require(KitStatus.AWAITING_FORTUNE)
        self.fortune, self.status, self.ready_at, self.updated_at = fortune, KitStatus.READY, now, now
        self.version += 1
        self.events.append(KitReady(self))

    def fortune_overdue(self, now: datetime) -> bool:
        return self.fortune_deadline is not None and now >= self.fortune_deadline

    def cancel(self, now: datetime) -> tuple[KitItem, ...]:
        """Cancel; returns the toys to put back in stock (none unless they were reserved)."""
        if self.status is KitStatus.CANCELLED:
            return ()
        to_release = self.items if self.status in (KitStatus.AWAITING_FORTUNE, KitStatus.READY) else ()
        self.status, self.cancelled_at, self.updated_at = KitStatus.CANCELLED, now, now
        self.released = bool(to_release)
        self.version += 1
        return to_release

    def visible_to(self, role: str, subject: str) -> bool:
        return role != "client" or subject == self.client_id

    def _require(self, status: KitStatus) -> None:
        if self.status is not status:
            raise Conflict(f"kit for order {self.order_id} is {self.status.value}, not {status.value}",
                           kit_status=self.status.value)


@dataclass(frozen=True)
class KitReady:
    kit: Kit


@dataclass(frozen=True)
class KitShort:
    kit: Kit


DOMAIN_EVENTS = (KitReady, KitShort)


def deadline_after(now: datetime, timeout_seconds: float) -> datetime:
    return now + timedelta(seconds=timeout_seconds)

