"""In-memory ports for the worker-testing service layer, with the real unit of work's semantics: writes and
events become visible on a clean exit only; an exception discards them."""
from __future__ import annotations

import copy
from datetime import datetime

from mcf.kit.errors import Unavailable
from mcf.worker_testing import events
from mcf.worker_testing.domain import Attempt, AttemptStatus, TestVersion
from mcf.worker_testing.ports import AnswerRow, Contact, QuestionStatistics


class FakeVersions:
    def __init__(self, versions: list[TestVersion]):
        self.by_id = {v.id: v for v in versions}

    def active(self):
        return next((v for v in self.by_id.values() if v.active), None)

    def get(self, version_id):
        return self.by_id.get(version_id)

    def find(self, test_id, number):
        return next((v for v in self.by_id.values() if v.test_id == test_id and v.number == number), None)


class FakeAttempts:
    def __init__(self, uow):
        self.uow = uow

    def add(self, attempt: Attempt) -> bool:
        if any(a.worker_id == attempt.worker_id and a.status is AttemptStatus.IN_PROGRESS
               for a in self.uow.pending.values()):
            return False
        self.uow.pending[attempt.id] = attempt
        self.uow.saved.append(attempt)
        return True

    def get(self, attempt_id):
        found = self.uow.pending.get(attempt_id)
        return copy.deepcopy(found) if found else None

    get_for_update = get

    def of_worker(self, worker_id):
        return sorted((copy.deepcopy(a) for a in self.uow.pending.values() if a.worker_id == worker_id),
                      key=lambda a: a.started_at)

    def save(self, attempt: Attempt) -> None:
        self.uow.pending[attempt.id] = attempt
        self.uow.saved.append(attempt)


class FakeFollowUps:
    def __init__(self, uow):
        self.uow = uow

    def _completed(self):
        return [a for a in self.uow.pending.values() if a.status is AttemptStatus.COMPLETED]

    def unexported(self, limit):
        return [a for a in self._completed() if a.id not in self.uow.exported_pending][:limit]

    def mark_exported(self, ids, now):
        self.uow.exported_pending.update(ids)

    def unnotified(self, limit, now):
        return [a for a in self._completed() if a.id not in self.uow.notified_pending
                and self.uow.next_try_pending.get(a.id, now) <= now][:limit]

    def mark_notified(self, attempt_id, now):
        self.uow.notified_pending.add(attempt_id)

    def postpone_notice(self, attempt_id, error, now):
        from datetime import timedelta

        self.uow.tries_pending[attempt_id] = self.uow.tries_pending.get(attempt_id, 0) + 1
        self.uow.next_try_pending[attempt_id] = now + timedelta(seconds=5)
        return self.uow.tries_pending[attempt_id]


class FakeUnitOfWork:
    def __init__(self, versions: list[TestVersion]):
        self.versions = FakeVersions(versions)
        self.committed: dict[str, Attempt] = {}
        self.outbox_events: list = []
        self.exported: set[str] = set()
        self.notified: set[str] = set()
        self.tries: dict[str, int] = {}
        self.next_try: dict[str, datetime] = {}
        self.attempts = FakeAttempts(self)
        self.follow_ups = FakeFollowUps(self)
        self.outbox = self

    def add(self, event):  # the outbox port
        self.pending_events.append(event)

    def __call__(self):
        return self

    def __enter__(self):
        self.pending = copy.deepcopy(self.committed)
        self.pending_events, self.saved = [], []
        self.exported_pending, self.notified_pending = set(self.exported), set(self.notified)
        self.tries_pending, self.next_try_pending = dict(self.tries), dict(self.next_try)
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            for attempt in self.saved:
                while attempt.events:
                    self.pending_events.extend(events.integration_events(attempt.events.pop(0)))
            self.committed = {k: copy.deepcopy(v) for k, v in self.pending.items()}
            self.outbox_events.extend(self.pending_events)
            self.exported, self.notified = self.exported_pending, self.notified_pending
            self.tries, self.next_try = self.tries_pending, self.next_try_pending
        return False


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
