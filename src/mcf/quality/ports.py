"""What quality's core needs from the outside world: its own tables (through the unit of work), order-history's
change feed, order-report's record of a visit, and worker-profile's rating adjustments."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from mcf.kit.uow import Outbox
from mcf.quality.domain import QueuedOrder, RatingAdjustment, Reason, Review, VisitFacts


@dataclass(frozen=True)
class FeedPage:
    orders: list[QueuedOrder]          # the completed and cancelled orders of the page (others are skipped)
    next_cursor: str | None            # where the next page starts (the same cursor when nothing was new)
    seen: int = 0                      # how many archive entries the page held, reviewed or not


@dataclass(frozen=True)
class QueueEntry:
    order: QueuedOrder
    priority: int
    reasons: tuple[Reason, ...]
    queued_at: datetime
    review_id: str | None = None


@dataclass(frozen=True)
class Picture:
    content_type: str
    data: bytes


class ArchiveFeed(Protocol):
    """order-history's change feed (``GET /archive/changes``)."""

    def changes(self, after: str | None, limit: int) -> FeedPage:
        """The next page after ``after``. Raises Unavailable."""


class Reports(Protocol):
    """order-report: the check-in and report of an order, and their photos."""

    def visit(self, order_id: str) -> VisitFacts | None:
        """What the record holds (photos, reactions), asked as quality itself; None: no check-in. Unavailable."""

    def record(self, order_id: str, manager_id: str) -> dict[str, Any] | None:
        """The record as order-report presents it, read for a manager; None when there is none."""

    def thumbnail(self, photo_id: str, manager_id: str) -> Picture | None:
        """A photo's thumbnail, read for a manager; None when order-report has no such photo for them."""


class WorkerRatings(Protocol):
    """worker-profile's ``POST /workers/{worker_id}/rating-adjustments`` (ADR 0111)."""

    def apply(self, adjustment: RatingAdjustment) -> bool:
        """Ask worker-profile to apply it, for the manager who decided; True if applied now, False if it had been
        applied before under this review id. NotFound/InvalidInput: refused for good; Unavailable: try later."""


class Queue(Protocol):
    def get(self, order_id: str) -> QueueEntry | None: ...

    def put(self, order: QueuedOrder, priority: int, reasons: tuple[Reason, ...], now: datetime) -> None:
        """Insert, or replace the order's facts (keeping its review) — the caller checked the version."""

    def mark_reviewed(self, order_id: str, review_id: str) -> None: ...

    def listing(self, reviewed: bool | None, limit: int, offset: int = 0) -> list[QueueEntry]:
        """Highest priority first, then the oldest closed; ``reviewed`` None: both."""

    def count(self, reviewed: bool | None) -> int: ...


class Reviews(Protocol):
    def add(self, review: Review) -> None: ...

    def for_order(self, order_id: str) -> Review | None: ...


class Adjustments(Protocol):
    def add(self, adjustment: RatingAdjustment) -> None: ...

    def get(self, review_id: str) -> RatingAdjustment | None: ...

    def claim_due(self, now: datetime, limit: int, review_id: str | None = None) -> list[RatingAdjustment]:
        """Pending adjustments due by ``now``, locked for this transaction (skipping those others hold)."""

    def save(self, adjustment: RatingAdjustment) -> None: ...

    def listing(self, limit: int) -> list[RatingAdjustment]: ...


class Cursors(Protocol):
    def get(self, feed: str) -> str | None: ...

    def set(self, feed: str, cursor: str | None) -> None: ...


class UnitOfWork(Protocol):
    queue: Queue
    reviews: Reviews
    adjustments: Adjustments
    cursors: Cursors
    outbox: Outbox

    def __enter__(self) -> "UnitOfWork": ...

    def __exit__(self, *exc) -> bool | None: ...
