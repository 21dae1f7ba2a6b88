"""worker-testing use cases: a candidate starts, submits and reads an attempt at the active onboarding test;
the follow-ups deliver each completed attempt's answers to the columnar store and its notice to the candidate;
managers read per-question statistics.

Each use case owns its transaction. A completed attempt raises ``AttemptCompleted``, and a result notice due to its
candidate ``ResultNoticeDue``; the unit of work writes their integration events (``worker.test_completed``,
``notification.worker-testing.completed``) to the outbox on commit, so no use case publishes by hand.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Callable

from mcf.kit.errors import Conflict, Forbidden, NotFound, Unavailable
from mcf.worker_testing.domain import (
    Answer,
    Attempt,
    NoActiveTest,
    RetakePolicy,
    TestVersion,
    may_start,
)
from mcf.worker_testing.ports import AnswerRow, AnswerStore, UnitOfWork, WorkerDirectory

Log = Callable[..., None]
MAX_NOTICE_TRIES = 20


def _quiet(_message: str, **_fields) -> None:
    pass


def start_attempt(uow: UnitOfWork, worker_id: str, policy: RetakePolicy, now: datetime
                  ) -> tuple[Attempt, TestVersion, bool]:
    """Start an attempt at the active version, or resume the one still open; returns (attempt, its version,
    created). Refused: no active test (404), passed already or within the cool-down (409)."""
    with uow:
        history = uow.attempts.of_worker(worker_id)
        for attempt in history:
            if attempt.is_open(now):
                return attempt, uow.versions.get(attempt.version_id), False
        version = uow.versions.active()
        if version is None:
            raise NoActiveTest("no onboarding test is active; a manager activates one in the panel")
        for attempt in history:
            if attempt.expire_if_overdue(now):
                uow.attempts.save(attempt)
        may_start(history, policy, now)
        attempt = Attempt.start(worker_id, version, now)
        if not uow.attempts.add_if_new(attempt):
            raise Conflict("another attempt of this candidate was started at the same moment; start again")
    return attempt, version, True


def submit_answers(uow: UnitOfWork, attempt_id: str, worker_id: str, answers: list[Answer], now: datetime
                   ) -> tuple[Attempt, TestVersion]:
    """Score the candidate's answers if the attempt is still open; a late submission expires the attempt and is
    refused (409, the answers are not kept)."""
    refusal = None
    with uow:
        attempt = uow.attempts.get_for_update(attempt_id)
        if attempt is None or attempt.worker_id != worker_id:
            raise NotFound(f"attempt {attempt_id} does not exist")
        version = uow.versions.get(attempt.version_id)
        try:
            attempt.submit(version, answers, now)
        except Conflict as exc:  # late or finished: the expiry (if any) is kept, the answers are not
            refusal = exc
        uow.attempts.save(attempt)
    if refusal is not None:
        raise refusal
    return attempt, version


def get_attempt(uow: UnitOfWork, attempt_id: str, subject: str, role: str, now: datetime
                ) -> tuple[Attempt, TestVersion]:
    """A worker reads its own attempts; a manager reads any."""
    with uow:
        attempt = uow.attempts.get(attempt_id)
        if attempt is None or (role == "worker" and attempt.worker_id != subject):
            raise NotFound(f"attempt {attempt_id} does not exist")
        if role not in ("worker", "manager"):
            raise Forbidden("attempts are read by their candidate or by a manager")
        attempt.expire_if_overdue(now)  # shown as it is; stored as expired at the next start or submission
        return attempt, uow.versions.get(attempt.version_id)


@dataclass(frozen=True)
class QuestionReport:
    question_id: str
    position: int
    text: str
    weight: int
    answers: int
    share_correct: float | None
    median_time_ms: float | None


def question_statistics(uow: UnitOfWork, store: AnswerStore, test_id: str, number: int
                        ) -> tuple[TestVersion, list[QuestionReport]]:
    """Per question of a version: answers, share correct, median time; questions nobody answered show 0."""
    with uow:
        version = uow.versions.find(test_id, number)
    if version is None:
        raise NotFound(f"test {test_id} has no version {number}")
    stats = {s.question_id: s for s in store.statistics(version.test_id, version.number)}
    reports = []
    for question in version.questions:
        s = stats.get(question.id)
        reports.append(QuestionReport(question.id, question.position, question.text, question.weight,
                                      s.answers if s else 0, s.share_correct if s else None,
                                      s.median_time_ms if s else None))
    return version, reports


def export_answers(uow: UnitOfWork, store: AnswerStore, now: datetime, limit: int = 200) -> int:
    """Copy completed attempts' answers to the answer store, one row per answer, then mark them exported.

    The store is written inside the claiming transaction: a crash after the write and before the commit writes
    the same rows again, which the store deduplicates by (attempt, question)."""
    with uow:
        batch = uow.follow_ups.unexported(limit)
        rows = [AnswerRow(attempt.id, attempt.worker_id, attempt.test_id, attempt.test_version, a.question_id,
                          a.option_ids, a.correct, a.points, a.time_spent_ms, attempt.completed_at)
                for attempt in batch for a in attempt.answers]
        if rows:
            store.write(rows)
        uow.follow_ups.mark_exported([attempt.id for attempt in batch], now)
    return len(batch)


def notify_candidates(uow: UnitOfWork, directory: WorkerDirectory, now: datetime, limit: int = 20,
                      log: Log = _quiet) -> int:
    """Ask notification-service to e-mail each candidate its result (the address comes from worker-profile).

    worker-profile not answering postpones that notice with a bounded backoff; a worker without a contact card
    (unknown or erased) gets none. Returns how many notices were queued."""
    queued = 0
    with uow:
        for attempt in uow.follow_ups.unnotified(limit, now):
            try:
                contact = directory.contact(attempt.worker_id)
            except Unavailable as exc:
                tries = uow.follow_ups.postpone_notice(attempt.id, exc.detail, now)
                log("worker-profile did not answer; notice postponed", attempt_id=attempt.id, tries=tries,
                    gave_up=tries >= MAX_NOTICE_TRIES)
                continue
            if contact is None:
                log("no contact card for the worker; no notice sent", attempt_id=attempt.id)
            else:
                attempt.notice_due(contact.email, contact.full_name, contact.locale)
                uow.attempts.save(attempt)  # no new version (nothing written): the notice goes out on commit
                queued += 1
            uow.follow_ups.mark_notified(attempt.id, now)
    return queued
