"""In-memory stand-ins for worker-profile's unit of work (the shared FakeUnitOfWork base) and password hasher."""
from __future__ import annotations

from mcf.worker_profile import events
from mcf.worker_profile.domain import normalise_email, normalise_phone
from tests.support.fake_uow import FakeUnitOfWork, InMemory, InMemoryRepository


class FakeWorkers(InMemoryRepository):
    def __init__(self):
        super().__init__()
        self.changes: list = []   # (worker id, RatingChange)
        self.results: list = []   # (worker id, TestResult)

    def _children(self, worker):
        self.changes.extend((worker.id, c) for c in worker.new_rating_changes)
        self.results.extend((worker.id, r) for r in worker.new_test_results)
        worker.new_rating_changes.clear()
        worker.new_test_results.clear()

    # The children go to their own lists first: the stored copy of the worker holds none (as a row would not).
    def _insert(self, worker) -> bool:
        if worker.id in self.rows:
            return False
        self._children(worker)
        return super()._insert(worker)

    def _update(self, worker, expected_version) -> bool:
        current = self.rows.get(worker.id)
        if current is None or current.version != expected_version:
            return False
        self._children(worker)
        return super()._update(worker, expected_version)

    def _find(self, predicate):
        found = [w for w in self.rows.values() if w.personal is not None and predicate(w.personal)]
        return self._many(found)[0] if found else None

    def by_email(self, email):
        return self._find(lambda p: p.email == normalise_email(email))

    def by_phone(self, phone):
        return self._find(lambda p: p.phone == normalise_phone(phone))

    def rating_change(self, review_id):
        return next(((w, c) for w, c in self.changes if c.review_id == review_id), None)

    def rating_history(self, worker_id):
        return [c for w, c in self.changes if w == worker_id]

    def test_results(self, worker_id):
        return [r for w, r in self.results if w == worker_id]

    def test_recorded(self, attempt_id):
        return any(r.attempt_id == attempt_id for _, r in self.results)


class FakeAccessLog(InMemory):
    def __init__(self):
        self.entries = []

    def record(self, entry):
        self.entries.append(entry)

    def of_worker(self, worker_id, limit=200):
        return [e for e in reversed(self.entries) if e.worker_id == worker_id][:limit]


class FakeWorkerProfileUnitOfWork(FakeUnitOfWork):
    def __init__(self):
        super().__init__(events.integration_events)
        self.workers = FakeWorkers()
        self.access_log = FakeAccessLog()


class PlainHasher:
    """Not a hash: enough to test the core's rules (argon2 is the adapter's, tested on its own)."""

    def __init__(self, stale: bool = False):
        self.stale = stale

    def hash(self, password):
        return f"plain:{password}"

    def verify(self, password_hash, password):
        return password_hash == f"plain:{password}"

    def needs_rehash(self, password_hash):
        return self.stale


class Tokens:
    def issue(self, worker_id):
        return f"token-for-{worker_id}"
