"""order-history's use cases: archive a finished order, backfill the archive, search it, count a worker's record."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from mcf.kit.errors import Forbidden, InvalidInput, NotFound, found
from mcf.order_history.domain import (
    MAX_PAGE,
    TERMINAL_STATUSES,
    ArchivedOrder,
    ArchiveQuery,
    ChangeCursor,
    ChangePage,
    Cursor,
    NotFinished,
    Page,
    WorkerStatistics,
)
from mcf.order_history.ports import Archive, OrderSource

# The change feed serves only what was archived at least this long ago: an insert whose archived_at was taken
# just before a later one's, but that lands after it, is then still inside the feed's window (ADR 0110).
CHANGES_SETTLE = timedelta(seconds=2)


class UnknownOrder(NotFound):
    slug = "unknown-order"


@dataclass(frozen=True)
class OrderFinished:
    """A terminal order event: which order, which status it reached, at which version."""

    order_id: str
    status: str
    version: int


def archive_finished(orders: OrderSource, archive: Archive, event: OrderFinished) -> ArchivedOrder:
    """Archive the order an ``order.completed|cancelled|expired`` event names, as order-service knows it now.

    The event says which order; order-service says everything about it (stage timestamps, payment, report).
    Its current version is the row's version, so redelivered or repeated events write the same row.
    """
    order = orders.get(event.order_id)
    if order is None:
        raise UnknownOrder(f"order-service has no order {event.order_id}")
    if order.status not in TERMINAL_STATUSES or order.version < event.version:
        # Terminal states are final and versions only grow: order-service is behind; a retry will see it.
        raise NotFinished(f"order {event.order_id} is {order.status} at version {order.version}; the event said "
                          f"{event.status} at version {event.version}")
    archive.add([order])
    return order


@dataclass(frozen=True)
class Reviewed:
    """A manager's review of a finished order (quality's ``quality.reviewed``): what the statistics count."""

    review_id: str
    order_id: str
    worker_id: str
    score: int
    reviewed_at: datetime


def record_review(archive: Archive, review: Reviewed) -> None:
    """Count a review in the worker's statistics. quality reviews an order once, so the order id is the key: a
    redelivered event writes the same row (ReplacingMergeTree), and no inbox is needed (ADR 0090)."""
    archive.add_reviews([(review.order_id, review.worker_id, review.review_id, float(review.score),
                          review.reviewed_at, 1)])


def backfill(orders: OrderSource, archive: Archive) -> int:
    """Rebuild the archive from order-service: every finished order, page by page. Safe to rerun: an order
    archived again at the same version is the same row; one that changed since comes in at its new version."""
    total = 0
    for page in orders.finished_orders():
        if page:
            archive.add(page)
            total += len(page)
    return total


def search(archive: Archive, query: ArchiveQuery, role: str, subject: str) -> Page:
    query = query.scoped_to(role, subject)
    items = archive.search(query)
    last = items[-1] if len(items) == query.limit else None
    return Page(items, Cursor(last.slot_start, last.order_id).encode() if last else None)


def get_archived(archive: Archive, order_id: str, role: str, subject: str) -> ArchivedOrder:
    return found(archive.get(order_id), f"no archived order {order_id}", viewer=(role, subject))


def worker_statistics(archive: Archive, worker_id: str, slot_from: datetime | None, slot_to: datetime | None,
                      role: str) -> WorkerStatistics:
    if role not in ("manager", "service"):
        raise Forbidden("worker statistics are for managers")
    ArchiveQuery(slot_from=slot_from, slot_to=slot_to)  # the period's own checks
    return archive.worker_statistics(worker_id, slot_from, slot_to)


def changes(archive: Archive, after: str | None, limit: int, role: str, now: datetime) -> ChangePage:
    """The change feed for services that keep a copy (quality's review queue): orders in the order they were
    archived, after the caller's cursor. At least once: an order re-archived (a redelivered event, a new version,
    the backfill) comes again, at its latest version; the caller keeps the highest version it saw."""
    if role not in ("manager", "service"):
        raise Forbidden("the change feed is for services")
    if not 1 <= limit <= MAX_PAGE:
        raise InvalidInput(f"limit must be 1..{MAX_PAGE}", field="limit")
    cursor = ChangeCursor.decode(after) if after else None
    items = archive.changes(cursor, now - CHANGES_SETTLE, limit)
    if items:
        last = items[-1]
        return ChangePage(items, ChangeCursor(last.archived_at, last.order.order_id).encode())
    return ChangePage(items, after)
