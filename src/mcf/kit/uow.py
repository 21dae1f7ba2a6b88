"""The unit of work every service uses: one transaction per use case, and the events of what it saved.

A use case reads aggregates through repositories, changes them (each change records a domain event on the
aggregate and bumps its ``version``) and saves them. It never publishes: on a clean commit the unit of work takes
the domain events of every aggregate its repositories added or saved, turns each into integration events with
the service's pure ``events.py`` mapping, and writes them to the outbox inside the same transaction. A rolled-back
unit of work writes none. The version check lives here too (``Repository.save``), not in each use case.

Pure standard library: the fakes in ``tests/support`` and the peewee unit of work in ``mcf.kit.db`` share it, so
both have the same commit and rollback rules. (After cosmicpython's unit of work, which collects new events from
the aggregates its repositories have seen.)
"""
from __future__ import annotations

from typing import Any, Callable, Generic, Iterable, Protocol, TypeVar

from mcf.kit.errors import ConcurrentUpdate
from mcf.kit.events import Event


class Outbox(Protocol):
    def add(self, event: Event) -> None:
        """Queue an event for publishing; commits (or not) with the unit of work."""


class Aggregate(Protocol):
    id: str
    version: int
    events: list


A = TypeVar("A", bound=Aggregate)
# A service's ``events.integration_events``: one domain event in, the integration events it becomes out.
Translate = Callable[[Any], Iterable[Event]]


def no_domain_events(domain_event: object) -> list:
    """The Translate of a unit of work whose aggregates raise no domain events (their use cases write to the
    outbox themselves): an event reaching it is a bug."""
    raise TypeError(f"this unit of work maps no domain events, got {type(domain_event).__name__}")


class Repository(Generic[A]):
    """Base of a repository whose aggregates the unit of work publishes for.

    Subclasses store aggregates with ``_insert`` and ``_update`` and pass every aggregate a read returns through
    ``_track``. ``save`` writes back only if the stored version is still the one read: otherwise
    ConcurrentUpdate, and nothing is written. An aggregate saved unchanged (same version) is not written again,
    but its events (a notice that changed nothing) are still collected.
    """

    def __init__(self) -> None:
        # By object, not by id: two copies of one aggregate read in one unit of work are checked apart.
        self._read: dict[int, tuple[A, int]] = {}
        self._saved: list[A] = []

    # -- what a store implements ---------------------------------------------------------------------------
    def _insert(self, aggregate: A) -> bool:
        """Store a new aggregate; False if one with its id exists already (nothing written)."""
        raise NotImplementedError

    def _update(self, aggregate: A, expected_version: int) -> bool:
        """Write the aggregate back if its stored version is ``expected_version``; False (nothing written) if not."""
        raise NotImplementedError

    # -- what use cases call -------------------------------------------------------------------------------
    def add(self, aggregate: A) -> None:
        if not self._insert(aggregate):
            raise ConcurrentUpdate(f"{aggregate.id} exists already")
        self._remember(aggregate)

    def add_if_new(self, aggregate: A) -> bool:
        """Store a new aggregate unless one with its id exists; False (nothing written, no events) if it does."""
        if not self._insert(aggregate):
            return False
        self._remember(aggregate)
        return True

    def save(self, aggregate: A) -> None:
        read = self._read.get(id(aggregate))
        expected = None if read is None else read[1]
        if expected is None:
            raise LookupError(f"{aggregate.id} was not read in this unit of work; read it before saving it")
        if aggregate.version != expected and not self._update(aggregate, expected):
            raise ConcurrentUpdate(f"{aggregate.id} was changed by someone else; read it again",
                                   expected_version=expected)
        self._remember(aggregate)

    # -- for subclasses and the unit of work ---------------------------------------------------------------
    def _track(self, aggregate: A | None) -> A | None:
        if aggregate is not None:
            self._read[id(aggregate)] = (aggregate, aggregate.version)
        return aggregate

    def _remember(self, aggregate: A) -> None:
        self._read[id(aggregate)] = (aggregate, aggregate.version)
        if all(seen is not aggregate for seen in self._saved):
            self._saved.append(aggregate)

    def collect(self) -> list[A]:
        """The aggregates added or saved since the last collect, in that order."""
        saved, self._saved = self._saved, []
        return saved

    def forget(self) -> None:
        self._read.clear()
        self._saved.clear()


class UnitOfWork:
    """Base of a service's unit of work: ``with uow:`` is one transaction.

    Subclasses set ``outbox`` and their repositories as attributes (any attribute that is a ``Repository`` is
    collected from) and implement ``_begin``, ``_commit`` and ``_rollback``. A unit of work can be entered again
    after it ended (one transaction after the other), never while it is open.
    """

    outbox: Outbox

    def __init__(self, translate: Translate):
        self._translate = translate
        self._open = False

    def _begin(self) -> None:
        raise NotImplementedError

    def _commit(self) -> None:
        raise NotImplementedError

    def _rollback(self) -> None:
        raise NotImplementedError

    @property
    def repositories(self) -> list[Repository]:
        return [value for value in vars(self).values() if isinstance(value, Repository)]

    def __enter__(self):
        if self._open:
            raise RuntimeError("this unit of work is open already; use a new one for a nested transaction")
        for repository in self.repositories:
            repository.forget()
        self._begin()
        self._open = True
        return self

    def __exit__(self, exc_type, exc, tb):
        self._open = False
        if exc_type is not None:
            self._end_badly()
            return False
        try:
            self.publish_events()
        except BaseException:
            self._end_badly()
            raise
        self._commit()
        return False

    def _end_badly(self) -> None:
        for repository in self.repositories:
            repository.forget()
        self._rollback()

    def publish_events(self) -> list[Event]:
        """Write the collected aggregates' events to the outbox (called on commit); returns them."""
        written: list[Event] = []
        for repository in self.repositories:
            for aggregate in repository.collect():
                domain_events, aggregate.events[:] = list(aggregate.events), []
                for domain_event in domain_events:
                    for event in self._translate(domain_event):
                        self.outbox.add(event)
                        written.append(event)
        return written
