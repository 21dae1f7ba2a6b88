"""What order-history's core needs from the outside world."""
from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Protocol

from mcf.order_history.domain import ArchivedOrder, ArchiveQuery, Change, ChangeCursor, WorkerStatistics


class OrderSource(Protocol):
    """order-service, the owner of orders."""

    def get(self, order_id: str) -> ArchivedOrder | None:
        """The order as order-service knows it now; None when it has no such order. Raises Unavailable."""

    def finished_orders(self) -> Iterator[list[ArchivedOrder]]:
        """Every order in a terminal state, page by page (for the backfill)."""


class Archive(Protocol):
    """The ClickHouse archive. Adding the same order at the same version again changes nothing visible."""

    def add(self, orders: list[ArchivedOrder]) -> None: ...

    def get(self, order_id: str) -> ArchivedOrder | None: ...

    def search(self, query: ArchiveQuery) -> list[ArchivedOrder]:
        """Up to ``query.limit`` orders, slot_start descending then order id, after ``query.after``."""

    def changes(self, after: ChangeCursor | None, before: datetime, limit: int) -> list[Change]:
        """Up to ``limit`` orders archived (or re-archived) after ``after`` and before ``before``, in
        (archived_at, order id) order, each at its latest version."""

    def worker_statistics(self, worker_id: str, slot_from: datetime | None,
                          slot_to: datetime | None) -> WorkerStatistics: ...

    def add_reviews(self, reviews: list[tuple[str, str, str, float, datetime, int]]) -> None:
        """(order_id, worker_id, review_id, score, reviewed_at, version); one review per order, keyed by the
        order id, so adding the same review again changes nothing visible."""
