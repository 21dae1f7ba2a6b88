"""What the matching core needs from the outside world: the candidate read model and the orders it tracks."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from mcf.matching.domain import Booking, Candidate, MatchRequest, TrackedOrder


@dataclass(frozen=True)
class ShortlistEntry:
    candidate: Candidate
    with_client: int = 0                       # orders this worker completed for the request's client
    bookings: tuple[Booking, ...] = ()         # the worker's bookings that overlap the requested slot


@dataclass(frozen=True)
class Shortlist:
    entries: list[ShortlistEntry] = field(default_factory=list)
    supply: int = 0                            # how many candidates pass every filter (not only those listed)


class CandidateStore(Protocol):
    def get(self, worker_id: str) -> Candidate | None:
        """The read-model row, or None."""

    def save(self, candidate: Candidate) -> None:
        """Insert or replace the row."""

    def shortlist(self, request: MatchRequest, size: int) -> Shortlist:
        """Up to ``size`` candidates that pass every filter for ``request``, best first by the domain's score,
        and the number of all such candidates. May over-include (the core re-checks); must not miss a better one.
        """

    def supply(self, request: MatchRequest) -> int:
        """How many candidates pass every filter for ``request``."""

    def add_client_completion(self, worker_id: str, client_id: str) -> None:
        """Count one more order the worker completed for the client."""


class OrderTracker(Protocol):
    def get(self, order_id: str) -> TrackedOrder | None:
        """The tracked order, or None."""

    def save(self, order: TrackedOrder) -> None:
        """Insert or replace."""

    def open_demand(self, district: str, start: datetime, end: datetime) -> int:
        """Orders not yet finished in the district whose slots overlap ``[start, end)``."""

    def booking(self, order_id: str) -> Booking | None:
        """The slot the order holds, or None."""

    def book(self, booking: Booking) -> bool:
        """Hold the slot for the order; False (and nothing changed) when the order holds one already."""

    def free(self, order_id: str) -> Booking | None:
        """Release the order's slot; the booking released, or None when it held none."""


class UnitOfWork(Protocol):
    candidates: CandidateStore
    orders: OrderTracker

    def __enter__(self) -> "UnitOfWork": ...

    def __exit__(self, *exc) -> bool | None:
        """Commit when the block ends cleanly; roll back on an exception."""
