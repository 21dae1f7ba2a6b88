"""What the worker-profile core needs from the outside world."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from mcf.kit.uow import Outbox
from mcf.worker_profile.domain import Actor, RatingChange, TestResult, Worker


class Workers(Protocol):
    def add(self, worker: Worker) -> None:
        """Store a new worker; EmailTaken / PhoneTaken when the blind index already holds its e-mail / phone."""

    def get(self, worker_id: str) -> Worker | None: ...

    def save(self, worker: Worker) -> None:
        """Write back a worker read in this unit of work (ConcurrentUpdate if someone changed it since)."""

    def by_email(self, email: str) -> Worker | None:
        """The worker with this (normalised) e-mail, found through the blind index, never by decrypting."""

    def by_phone(self, phone: str) -> Worker | None: ...

    def rating_change(self, review_id: str) -> tuple[str, RatingChange] | None:
        """(worker id, change) recorded for a review, if any."""

    def rating_history(self, worker_id: str) -> list[RatingChange]:
        """Oldest first."""

    def test_results(self, worker_id: str) -> list[TestResult]:
        """Oldest first."""

    def test_recorded(self, attempt_id: str) -> bool: ...


@dataclass(frozen=True)
class AccessRecord:
    worker_id: str
    reader: Actor
    on_behalf_of: Actor | None
    purpose: str
    fields: tuple[str, ...]
    at: datetime


class AccessLog(Protocol):
    def record(self, entry: AccessRecord) -> None:
        """Append in the unit of work's transaction: no read of personal data without its line."""

    def of_worker(self, worker_id: str, limit: int = 200) -> list[AccessRecord]:
        """Newest first."""


class UnitOfWork(Protocol):
    workers: Workers
    access_log: AccessLog
    outbox: Outbox

    def __enter__(self) -> "UnitOfWork": ...

    def __exit__(self, *exc) -> bool | None:
        """Commit when the block ends cleanly (the saved workers' events go to the outbox); roll back on an
        exception."""


class PasswordHasher(Protocol):
    def hash(self, password: str) -> str: ...

    def verify(self, password_hash: str | None, password: str) -> bool:
        """Whether the password matches; ``None`` (no such worker) costs the same time and returns False."""

    def needs_rehash(self, password_hash: str) -> bool: ...


class TokenIssuer(Protocol):
    def issue(self, worker_id: str) -> str:
        """A bearer token with role ``worker`` for the worker's audience."""
