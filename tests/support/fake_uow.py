"""The one in-memory unit of work for unit tests of a service layer, with the real one's rules.

It derives from the kit's ``UnitOfWork``, so committing publishes the saved aggregates' events through the
service's ``events.py`` exactly as in production; a rolled-back block (an exception) restores every in-memory
store it holds (``InMemory``: repositories, the outbox, any other fake) to what it was when the block began.
"""
from __future__ import annotations

import copy

from mcf.kit.uow import Repository, Translate, UnitOfWork, no_domain_events


class InMemory:
    """A fake store whose whole state a FakeUnitOfWork takes back on rollback."""


def stored(aggregate):
    """A copy as a database would keep it: without the pending domain events."""
    kept = copy.deepcopy(aggregate)
    kept.events.clear()  # in place: a frozen aggregate (a refund decision) keeps its list
    return kept


class InMemoryRepository(Repository, InMemory):
    """``rows`` by id; reads return copies (as rows read back would), writes keep copies."""

    def __init__(self):
        super().__init__()
        self.rows: dict = {}

    def _insert(self, aggregate) -> bool:
        if aggregate.id in self.rows:
            return False
        self.rows[aggregate.id] = stored(aggregate)
        return True

    def _update(self, aggregate, expected_version: int) -> bool:
        current = self.rows.get(aggregate.id)
        if current is None or current.version != expected_version:
            return False
        self.rows[aggregate.id] = stored(aggregate)
        return True

    def get(self, aggregate_id):
        return self._track(copy.deepcopy(self.rows.get(aggregate_id)))

    def _many(self, aggregates) -> list:
        return [self._track(copy.deepcopy(a)) for a in aggregates]


class FakeOutbox(InMemory):
    def __init__(self):
        self.events = []

    def add(self, event):
        self.events.append(event)


class FakeUnitOfWork(UnitOfWork):
    """Subclass it per service: set the repositories and fakes in ``__init__`` after calling this one."""

    def __init__(self, translate: Translate = no_domain_events):
        super().__init__(translate)
        self.outbox = FakeOutbox()
        self.commits = 0
        self.rollbacks = 0
        self.committed_events: list = []
        self._before: dict | None = None

    def _stores(self) -> dict:
        return {name: value for name, value in vars(self).items() if isinstance(value, InMemory)}

    def _begin(self) -> None:
        stores = self._stores()
        # One store may hold another (a view over a repository): those references stay the live objects.
        live = {id(store): store for store in stores.values()}
        self._before = {name: copy.deepcopy(vars(store), dict(live)) for name, store in stores.items()}
        self._events_before = len(self.outbox.events)

    def _commit(self) -> None:
        self.commits += 1
        self.committed_events.extend(self.outbox.events[self._events_before:])
        self._before = None

    def _rollback(self) -> None:
        self.rollbacks += 1
        for name, store in self._stores().items():
            vars(store).clear()
            vars(store).update(self._before[name])
        self._before = None

    def types(self) -> list[str]:
        return [event.type for event in self.committed_events]
