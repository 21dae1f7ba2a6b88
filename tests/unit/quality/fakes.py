"""In-memory doubles of quality's ports for unit tests of its service layer (on the shared fake unit of work)."""
from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import datetime, timedelta, timezone

from mcf.kit.errors import Unavailable
from mcf.quality import events
from mcf.quality.domain import AdjustmentStatus, QueuedOrder, VisitFacts
from mcf.quality.ports import FeedPage, QueueEntry
from tests.support.fake_uow import FakeUnitOfWork, InMemory, InMemoryRepository

NOW = datetime(2031, 6, 1, 12, 0, tzinfo=timezone.utc)
SLOT = datetime(2031, 5, 30, 10, 0, tzinfo=timezone.utc)


def queued(status="completed", *, version=3, worker_id="w-1", late_minutes=0, cancelled_by=None, visit=None,
           order_id=None, **changes) -> QueuedOrder:
    return QueuedOrder(order_id=order_id or str(uuid.uuid4()),
                       version=version, status=status, worker_id=worker_id, client_id="c-1", toy_category="mice",
                       district="Arbat", slot_start=SLOT,
                       checked_in_at=SLOT + timedelta(minutes=late_minutes) if status == "completed" else None,
                       closed_at=SLOT + timedelta(hours=1), cancelled_by=cancelled_by, visit=visit, **changes)


class FakeQueue(InMemory):
    def __init__(self):
        self.rows: dict[str, QueueEntry] = {}

    def get(self, order_id):
        return self.rows.get(order_id)

    def put(self, order, priority, reasons, now):
        held = self.rows.get(order_id := order.order_id)
        self.rows[order_id] = QueueEntry(order, priority, reasons, held.queued_at if held else now,
                                         held.review_id if held else None)

    def mark_reviewed(self, order_id, review_id):
        self.rows[order_id] = replace(self.rows[order_id], review_id=review_id)

    def listing(self, reviewed, limit, offset=0):
        rows = [e for e in self.rows.values() if reviewed is None or (e.review_id is not None) == reviewed]
        rows.sort(key=lambda e: (-e.priority, e.order.closed_at, e.order.order_id))
        return rows[offset:offset + limit]

    def count(self, reviewed):
        return len(self.listing(reviewed, 10**9))


class FakeReviews(InMemoryRepository):
    def for_order(self, order_id):
        return next((self.get(r.id) for r in self.rows.values() if r.order_id == order_id), None)


class FakeAdjustments(InMemory):
    def __init__(self):
        self.rows = {}

    def add(self, adjustment):
        assert adjustment.review_id not in self.rows
        self.rows[adjustment.review_id] = adjustment

    def get(self, review_id):
        return self.rows.get(review_id)

    def claim_due(self, now, limit, review_id=None):
        due = [a for a in self.rows.values() if a.status is AdjustmentStatus.PENDING and a.next_attempt_at <= now
               and review_id in (None, a.review_id)]
        return sorted(due, key=lambda a: a.next_attempt_at)[:limit]

    def save(self, adjustment):
        self.rows[adjustment.review_id] = adjustment

    def listing(self, limit):
        return list(self.rows.values())[:limit]


class FakeCursors(InMemory):
    def __init__(self):
        self.rows = {}

    def get(self, feed):
        return self.rows.get(feed)

    def set(self, feed, cursor):
        self.rows[feed] = cursor


class FakeQualityUnitOfWork(FakeUnitOfWork):
    def __init__(self):
        super().__init__(events.integration_events)
        self.queue = FakeQueue()
        self.reviews = FakeReviews()
        self.adjustments = FakeAdjustments()
        self.cursors = FakeCursors()


class FakeFeed:
    """The change feed over a list of pages: each call after cursor ``str(i)`` answers page ``i``."""

    def __init__(self, pages):
        self.pages, self.calls = pages, []

    def changes(self, after, limit):
        self.calls.append(after)
        index = int(after or 0)
        if index >= len(self.pages):
            return FeedPage([], after)
        return FeedPage(self.pages[index], str(index + 1), len(self.pages[index]))


class FakeReports:
    def __init__(self, visits=None, down=False):
        self.visits, self.down, self.asked = visits or {}, down, []

    def visit(self, order_id):
        self.asked.append(order_id)
        if self.down:
            raise Unavailable("order-report-service did not answer in time")
        return self.visits.get(order_id, VisitFacts(2, (4, 5), True))


class FakeRatings:
    def __init__(self, *failures):
        self.failures, self.sent = list(failures), []

    def apply(self, adjustment):
        self.sent.append(adjustment)
        if self.failures:
            raise self.failures.pop(0)
        return True
