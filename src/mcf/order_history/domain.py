"""The archived order, the archive's queries and a worker's statistics. Pure Python.

An archived order is an order in a terminal state (completed, cancelled, expired) as order-service last knew it;
``version`` is order-service's version, so a later fact about the same order (a refund recorded after the
cancellation) replaces the row, and the same fact archived twice is the same row (ADR 0090).
"""
from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from mcf.kit.errors import Conflict, Forbidden, InvalidInput

TERMINAL_STATUSES = ("completed", "cancelled", "expired")
# "client" and "platform" today; "worker" is kept so statistics count it the day workers may cancel.
CANCELLERS = ("client", "platform", "worker")
# A check-in at most this long after the slot's start counts as on time.
ON_TIME_GRACE = timedelta(minutes=5)
PAYMENT_OUTCOMES = ("unpaid", "paid", "partially_refunded", "refunded")
MAX_PAGE = 200


class NotFinished(Conflict):
    """order-service holds the order in a non-terminal state, or at an older version than an event said."""

    slug = "order-not-finished"


def _aware(moment: datetime | None, name: str) -> None:
    if moment is not None and moment.tzinfo is None:
        raise InvalidInput(f"{name} must carry a timezone", field=name)


@dataclass(frozen=True)
class ArchivedOrder:
    order_id: str
    version: int
    status: str
    client_id: str
    cat_id: str
    worker_id: str | None
    toy_category: str
    city: str
    district: str
    slot_start: datetime
    slot_end: datetime
    duration_minutes: int
    price_minor: int | None
    currency: str | None
    paid: bool
    payment_id: str | None
    refunded_minor: int
    placed_at: datetime
    paid_at: datetime | None = None
    kit_ready_at: datetime | None = None
    checked_in_at: datetime | None = None
    completed_at: datetime | None = None
    cancelled_at: datetime | None = None
    expired_at: datetime | None = None
    cancelled_by: str | None = None
    cancel_reason: str | None = None
    cancelled_from: str | None = None   # the status the order had when it was cancelled
    report_id: str | None = None
    report_summary: str | None = None   # from order-report-service, once it exists

    def __post_init__(self):
        if self.status not in TERMINAL_STATUSES:
            raise InvalidInput(f"only finished orders are archived, not {self.status!r}", field="status")
        if self.version < 1:
            raise InvalidInput("version must be positive", field="version")
        if self.cancelled_by is not None and self.cancelled_by not in CANCELLERS:
            raise InvalidInput(f"unknown canceller {self.cancelled_by!r}", field="cancelled_by")
        for name in ("slot_start", "slot_end", "placed_at", "paid_at", "kit_ready_at", "checked_in_at",
                     "completed_at", "cancelled_at", "expired_at"):
            _aware(getattr(self, name), name)

    @property
    def closed_at(self) -> datetime:
        """When the order reached its terminal state."""
        moment = {"completed": self.completed_at, "cancelled": self.cancelled_at,
                  "expired": self.expired_at}[self.status]
        return moment or self.placed_at

    @property
    def checked_in(self) -> bool:
        return self.checked_in_at is not None

    @property
    def checked_in_on_time(self) -> bool:
        return self.checked_in_at is not None and self.checked_in_at <= self.slot_start + ON_TIME_GRACE

    @property
    def payment_outcome(self) -> str:
        if not self.paid:
            return "unpaid"
        if self.refunded_minor <= 0:
            return "paid"
        if self.price_minor is not None and self.refunded_minor >= self.price_minor:
            return "refunded"
        return "partially_refunded"

    def visible_to(self, role: str, subject: str) -> bool:
        if role == "client":
            return self.client_id == subject
        if role == "worker":
            return self.worker_id == subject
        return role in ("manager", "service")


# The cursors are what their pattern says (the contract's ``pattern``): every string that matches is one this
# service can decode, so "valid by the document" and "accepted" are the same (ADR 0051). A position is the epoch
# second (clamped to ClickHouse's DateTime range) and an order id, ``<epoch>_<uuid>``; the change feed's start "c".
_UUID = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
CURSOR_PATTERN = f"^[0-9]{{1,10}}_{_UUID}$"
CHANGE_CURSOR_PATTERN = f"^c[0-9]{{1,10}}_{_UUID}$"
MAX_EPOCH = 2**32 - 1  # ClickHouse DateTime's last second (2106-02-07)


def _position(text: str, pattern: str, prefix: str, field: str) -> tuple[datetime, str]:
    if not isinstance(text, str) or re.fullmatch(pattern, text) is None:
        raise InvalidInput("cursor is not one this service handed out", field=field)
    epoch, order_id = text.removeprefix(prefix).split("_", 1)
    return datetime.fromtimestamp(min(int(epoch), MAX_EPOCH), timezone.utc), str(uuid.UUID(order_id))


def _epoch(moment: datetime) -> int:
    return min(max(int(moment.astimezone(timezone.utc).timestamp()), 0), MAX_EPOCH)


@dataclass(frozen=True)
class Cursor:
    """A position in the archive's one listing order (slot_start descending, then order id): stable, because
    neither moves once an order is archived, and new rows land before or after it, never shift it."""

    slot_start: datetime
    order_id: str

    def encode(self) -> str:
        return f"{_epoch(self.slot_start)}_{self.order_id}"

    @classmethod
    def decode(cls, text: str) -> "Cursor":
        return cls(*_position(text, CURSOR_PATTERN, "", "cursor"))


@dataclass(frozen=True)
class ChangeCursor:
    """A position in the archive's change feed (archived_at ascending, then order id): what was archived after it
    comes after it. Told apart from ``Cursor`` by its "c"."""

    archived_at: datetime
    order_id: str

    PREFIX = "c"

    def encode(self) -> str:
        return f"{self.PREFIX}{_epoch(self.archived_at)}_{self.order_id}"

    @classmethod
    def decode(cls, text: str) -> "ChangeCursor":
        return cls(*_position(text, CHANGE_CURSOR_PATTERN, cls.PREFIX, "after"))


@dataclass(frozen=True)
class Change:
    """An order as the archive holds it now, and when it was (re)archived: one entry of the change feed."""

    order: ArchivedOrder
    archived_at: datetime


@dataclass(frozen=True)
class ChangePage:
    items: list[Change]
    next_cursor: str | None   # where to go on from; the caller's own cursor again when nothing was new


@dataclass(frozen=True)
class ArchiveQuery:
    client_id: str | None = None
    worker_id: str | None = None
    statuses: tuple[str, ...] = ()
    slot_from: datetime | None = None   # inclusive
    slot_to: datetime | None = None     # exclusive
    limit: int = 50
    after: Cursor | None = None

    def __post_init__(self):
        unknown = set(self.statuses) - set(TERMINAL_STATUSES)
        if unknown:
            raise InvalidInput(f"the archive holds no {sorted(unknown)[0]!r} orders", field="status")
        if not 1 <= self.limit <= MAX_PAGE:
            raise InvalidInput(f"limit must be 1..{MAX_PAGE}", field="limit")
        _aware(self.slot_from, "from")
        _aware(self.slot_to, "to")
        # from at or after to is an empty period (nothing starts in it), not an error: no schema can say
        # "before", and each bound is meaningful alone (ADR 0051).

    def scoped_to(self, role: str, subject: str) -> "ArchiveQuery":
        """A client sees only its own orders, a worker only its own; managers and services filter freely."""
        if role == "client":
            if self.client_id not in (None, subject):
                raise Forbidden("a client can search only its own orders")
            return _replace(self, client_id=subject)
        if role == "worker":
            if self.worker_id not in (None, subject):
                raise Forbidden("a worker can search only its own orders")
            return _replace(self, worker_id=subject)
        if role not in ("manager", "service"):
            raise Forbidden(f"role {role} cannot read the archive")
        return self


def _replace(query: ArchiveQuery, **changes) -> ArchiveQuery:
    return ArchiveQuery(**{**vars(query), **changes})


@dataclass(frozen=True)
class Page:
    items: list[ArchivedOrder]
    next_cursor: str | None


@dataclass(frozen=True)
class WorkerStatistics:
    worker_id: str
    orders: int
    completed: int
    cancelled: int
    cancelled_by_worker: int
    checked_in: int
    on_time_check_ins: int
    reviews: int
    average_review_score: float | None   # None until a review is known
