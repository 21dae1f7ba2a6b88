"""What the worker-testing core needs from the outside world."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from mcf.kit.uow import Outbox
from mcf.worker_testing.domain import Attempt, TestVersion


class Versions(Protocol):
    def active(self) -> TestVersion | None:
        """The one active version (with its questions), or None."""

    def get(self, version_id: str) -> TestVersion | None: ...

    def find(self, test_id: str, number: int) -> TestVersion | None: ...


class Attempts(Protocol):
    """The kit's ``mcf.kit.uow.Repository`` of attempts: what a read returns may be saved in the same unit of
    work, and the events it raised go to the outbox on commit."""

    def add_if_new(self, attempt: Attempt) -> bool:
        """Store a new attempt; False when the candidate already has one in progress (a concurrent start)."""

    def get(self, attempt_id: str) -> Attempt | None: ...

    def get_for_update(self, attempt_id: str) -> Attempt | None:
        """The attempt, locked until the unit of work ends."""

    def of_worker(self, worker_id: str) -> list[Attempt]:
        """Every attempt of a candidate, oldest first (answers not loaded)."""

    def save(self, attempt: Attempt) -> None:
        """Write status, score and (once) the scored answers if the attempt changed (a new version) and its stored
        version is still the one read (else ConcurrentUpdate); its events go out with the commit."""


class UnitOfWork(Protocol):
    versions: Versions
    attempts: Attempts
    follow_ups: "FollowUps"
    outbox: Outbox

    def __enter__(self) -> "UnitOfWork": ...

    def __exit__(self, *exc) -> bool | None:
        """Commit when the block ends cleanly (the saved attempts' events go to the outbox); roll back on an
        exception."""


@dataclass(frozen=True)
class AnswerRow:
    """One answer as the columnar store keeps it (one row per answer)."""

    attempt_id: str
    worker_id: str
    test_id: str
    test_version: int
    question_id: str
    option_ids: tuple[str, ...]
    correct: bool
    points: int
    time_spent_ms: int
    answered_at: datetime


@dataclass(frozen=True)
class QuestionStatistics:
    question_id: str
    answers: int
    share_correct: float
    median_time_ms: float


class AnswerStore(Protocol):
    def write(self, rows: list[AnswerRow]) -> None:
        """Append rows; writing the same (attempt, question) again must not show twice in any reading."""

    def statistics(self, test_id: str, test_version: int) -> list[QuestionStatistics]:
        """Per question of the version: how many answered, the share correct, the median time."""

    def answers_of(self, attempt_id: str) -> list[AnswerRow]: ...


@dataclass(frozen=True)
class Contact:
    email: str
    full_name: str
    locale: str = "en"


class WorkerDirectory(Protocol):
    def contact(self, worker_id: str) -> Contact | None:
        """worker-profile's contact card of a worker; None if it has none (unknown, or erased).

        Raises ``Unavailable`` when worker-profile does not answer in time."""


class FollowUps(Protocol):
    """Completed attempts whose answers or notice are still to be delivered (claimed with SKIP LOCKED)."""

    def unexported(self, limit: int) -> list[Attempt]:
        """Completed attempts (answers loaded) not yet in the answer store, locked for this transaction."""

    def mark_exported(self, attempt_ids: list[str], now: datetime) -> None: ...

    def unnotified(self, limit: int, now: datetime) -> list[Attempt]:
        """Completed attempts whose candidate was not yet notified and whose next try is due, locked; read
        through ``attempts``, so they may be saved (with the notice they raise)."""

    def mark_notified(self, attempt_id: str, now: datetime) -> None: ...

    def postpone_notice(self, attempt_id: str, error: str, now: datetime) -> int:
        """Record a failed try and when to try next (bounded backoff); returns the tries so far."""
