"""In-memory ports for the worker-testing service layer, on the shared fake unit of work (tests/support/fake_uow.py)
with the real one's semantics: writes and events become visible on a clean exit only; an exception discards them."""
from __future__ import annotations

from datetime import datetime, timedelta

from mcf.kit.errors import Unavailable
from mcf.worker_testing import events
from mcf.worker_testing.domain import Attempt, AttemptStatus, TestVersion
from mcf.worker_testing.ports import AnswerRow, Contact, QuestionStatistics
from tests.support import fake_uow
from tests.support.fake_uow import InMemory, InMemoryRepository


class FakeVersions:
    def __init__(self, versions: list[TestVersion]):
        self.by_id = {v.id: v for v in versions}

    def active(self):
        return next((v for v in self.by_id.values() if v.active), None)

    def get(self, version_id):
        return self.by_id.get(version_id)

    def find(self, test_id, number):
        return next((v for v in self.by_id.values() if v.test_id == test_id and v.number == number), None)


class FakeAttempts(InMemoryRepository):
    """Attempts by id, at most one in progress per candidate (the database's partial unique index)."""

    def _insert(self, attempt: Attempt) -> bool:
        if any(a.worker_id == attempt.worker_id and a.status is AttemptStatus.IN_PROGRESS
               for a in self.rows.values()):
            return False
        return super()._insert(attempt)

    get_for_update = InMemoryRepository.get

    def of_worker(self, worker_id):
        return self._many(sorted((a for a in self.rows.values() if a.worker_id == worker_id),
                                 key=lambda a: a.started_at))


class FakeFollowUps(InMemory):
    def __init__(self, attempts: FakeAttempts):
        self.attempts = attempts
        self.exported: set[str] = set()
        self.notified: set[str] = set()
        self.tries: dict[str, int] = {}
        self.next_try: dict[str, datetime] = {}

    def _completed(self):
        return [a for a in self.attempts.rows.values() if a.status is AttemptStatus.COMPLETED]

    def unexported(self, limit):
        return self.attempts._many([a for a in self._completed() if a.id not in self.exported][:limit])

    def mark_exported(self, ids, now):
        self.exported.update(ids)

    def unnotified(self, limit, now):
        return self.attempts._many([a for a in self._completed() if a.id not in self.notified
                                    and self.next_try.get(a.id, now) <= now][:limit])

    def mark_notified(self, attempt_id, now):
        self.notified.add(attempt_id)

    def postpone_notice(self, attempt_id, error, now):
        self.tries[attempt_id] = self.tries.get(attempt_id, 0) + 1
        self.next_try[attempt_id] = now + timedelta(seconds=5)
        return self.tries[attempt_id]


class FakeUnitOfWork(fake_uow.FakeUnitOfWork):
    """worker-testing's unit of work in memory, on the shared base: writes and events become visible on a clean
    exit only (published through worker-testing's own ``events.py``); an exception restores every store."""

    def __init__(self, versions: list[TestVersion]):
        super().__init__(events.integration_events)
        self.versions = FakeVersions(versions)
        self.attempts = FakeAttempts()
        # The follow-ups hold the same attempts: a view over the repository, restored with it on a rollback.
        self.follow_ups = FakeFollowUps(self.attempts)

    def __call__(self):
        return self

    @property
    def committed(self) -> dict[str, Attempt]:
        return self.attempts.rows

    @property
    def outbox_events(self) -> list:
        return self.committed_events

    @property
    def tries(self) -> dict[str, int]:
        return self.follow_ups.tries


class FakeAnswerStore:
    def __init__(self):
        self.rows: list[AnswerRow] = []
        self.fail = False

    def write(self, rows):
        if self.fail:
            raise ConnectionError("clickhouse down")
        self.rows.extend(rows)

    def statistics(self, test_id, test_version):
        by_q: dict[str, list[AnswerRow]] = {}
        for r in self.rows:
            if r.test_id == test_id and r.test_version == test_version:
                by_q.setdefault(r.question_id, []).append(r)
        out = []
        for q, rows in by_q.items():
            times = sorted(r.time_spent_ms for r in rows)
            out.append(QuestionStatistics(q, len(rows), sum(r.correct for r in rows) / len(rows),
                                          float(times[len(times) // 2])))
        return out

    def answers_of(self, attempt_id):
        return [r for r in self.rows if r.attempt_id == attempt_id]


class FakeDirectory:
    def __init__(self, contacts: dict[str, Contact] | None = None):
        self.contacts = contacts or {}
        self.down = False
        self.calls: list[str] = []

    def contact(self, worker_id):
        self.calls.append(worker_id)
        if self.down:
            raise Unavailable("worker-profile did not answer: ReadTimeout")
        return self.contacts.get(worker_id)
