"""What worker-dashboard's core needs from the services behind it.

Every gateway call carries the ``Caller``: who the worker is (the verified subject of its token). How a gateway
turns that into the upstream's credential is the adapters' business (one place: ``adapters/upstream.py``).
NotFound / Conflict / InvalidInput from an upstream pass through as the core's errors;
an upstream that is down, slow or answers nonsense raises Unavailable.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from mcf.kit.values import FileContent
from mcf.worker_dashboard.domain import Photo, ToyReaction


@dataclass(frozen=True)
class Caller:
    worker_id: str


@dataclass(frozen=True)
class CheckIn:
    order_id: str
    photos: list[Photo]
    latitude: float | None = None    # coarse location, if the worker shared it
    longitude: float | None = None
    checked_in_at: datetime | None = None   # the phone's clock when the worker pressed "check in" (offline: earlier)


@dataclass(frozen=True)
class Report:
    order_id: str
    toys: list[ToyReaction]
    duration_minutes: int
    notes: str
    photos: list[Photo]


@dataclass(frozen=True)
class Submitted:
    """order-report's answer: the check-in or report, and whether it had seen the key before (a replay)."""

    document: dict
    replayed: bool


class ProfileGateway(Protocol):
    """worker-profile."""

    def log_in(self, email: str, password: str) -> str:
        """A worker token for the right credentials; wrong ones raise Unauthorized (passed through)."""


class OrderGateway(Protocol):
    """order-service, as the worker."""

    def for_worker(self, caller: Caller, *, current_only: bool) -> list[dict]:
        """Live-orders rows offered or assigned to the worker (keyed ``order_id``); may lag a moment."""

    def get(self, caller: Caller, order_id: str) -> dict | None:
        """The order, current, or None when order-service does not show it to this worker."""

    def accept(self, caller: Caller, order_id: str, key: str | None = None) -> dict:
        """``key``: the action's Idempotency-Key (already namespaced per worker); a retry gets the first answer."""

    def decline(self, caller: Caller, order_id: str, key: str | None = None) -> dict: ...


class ReportGateway(Protocol):
    """order-report. ``key`` is the submission's idempotency key (already namespaced per worker)."""

    def check_in(self, caller: Caller, check_in: CheckIn, key: str) -> Submitted: ...

    def file_report(self, caller: Caller, report: Report, key: str) -> Submitted: ...

    def report_of(self, caller: Caller, order_id: str) -> dict | None: ...

    def photo(self, caller: Caller, photo_id: str, thumbnail: bool = False) -> FileContent | None:
        """A photo of the worker's own check-in or report (or its thumbnail); None when missing or not theirs."""


class HistoryGateway(Protocol):
    """The worker's finished orders: order-history's archive, or order-service's listings until it exists."""

    def for_worker(self, caller: Caller) -> list[dict]: ...
