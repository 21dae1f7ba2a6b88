"""The kit's unit of work: saved aggregates' events reach the outbox on commit, and only then."""
from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from mcf.kit.errors import ConcurrentUpdate
from mcf.kit.events import Event
from tests.support.fake_uow import FakeUnitOfWork, InMemoryRepository


@dataclass(frozen=True)
class Renamed:
    counter_id: str
    name: str


@dataclass
class Counter:
    id: str
    name: str
    version: int = 1
    events: list = field(default_factory=list)

    def rename(self, name: str) -> None:
        self.name, self.version = name, self.version + 1
        self.events.append(Renamed(self.id, name))


def translate(domain_event):
    if isinstance(domain_event, Renamed):
        return [Event(type="counter.renamed", source="/test", data={"name": domain_event.name})]
    raise TypeError(domain_event)


class Counters(InMemoryRepository):
    pass


class CounterUnitOfWork(FakeUnitOfWork):
    def __init__(self):
        super().__init__(translate)
        self.counters = Counters()


def _stored(uow, name="a"):
    with uow:
        uow.counters.add(Counter("c1", name))


def test_a_saved_aggregates_event_reaches_the_outbox_without_the_use_case_publishing():
    uow = CounterUnitOfWork()
    _stored(uow)
    with uow:
        counter = uow.counters.get("c1")
        counter.rename("b")
        uow.counters.save(counter)  # the use case saves; it never touches the outbox
    assert uow.types() == ["counter.renamed"]
    assert uow.committed_events[0].data == {"name": "b"}
    assert counter.events == []  # collected once: a second commit cannot publish it again


def test_a_rolled_back_unit_of_work_writes_no_event_and_no_change():
    uow = CounterUnitOfWork()
    _stored(uow)
    with pytest.raises(RuntimeError):
        with uow:
            counter = uow.counters.get("c1")
            counter.rename("b")
            uow.counters.save(counter)
            raise RuntimeError("the use case fails after saving")
    assert uow.outbox.events == [] and uow.committed_events == []
    assert uow.counters.rows["c1"].name == "a" and uow.counters.rows["c1"].version == 1
    assert uow.rollbacks == 1


def test_an_aggregate_changed_but_not_saved_publishes_nothing():
    uow = CounterUnitOfWork()
    _stored(uow)
    with uow:
        uow.counters.get("c1").rename("b")
    assert uow.committed_events == []


def test_the_version_check_is_the_unit_of_works_a_stale_save_raises_and_writes_nothing():
    uow, other = CounterUnitOfWork(), None
    _stored(uow)
    with pytest.raises(ConcurrentUpdate):
        with uow:
            counter = uow.counters.get("c1")
            # someone else wins the race meanwhile
            other = Counter("c1", "z", version=2)
            uow.counters.rows["c1"] = other
            counter.rename("b")
            uow.counters.save(counter)
    assert uow.counters.rows["c1"].name == "a"  # rolled back to the state before the block
    assert uow.committed_events == []


def test_saving_an_aggregate_not_read_in_this_unit_of_work_is_a_programming_error():
    uow = CounterUnitOfWork()
    _stored(uow)
    with pytest.raises(LookupError):
        with uow:
            uow.counters.save(Counter("c1", "x", version=2))


def test_a_domain_event_the_mapping_does_not_know_fails_the_commit():
    uow = CounterUnitOfWork()

    @dataclass(frozen=True)
    class Unknown:
        pass

    with pytest.raises(TypeError):
        with uow:
            counter = Counter("c2", "a")
            counter.events.append(Unknown())
            uow.counters.add(counter)
    assert "c2" not in uow.counters.rows and uow.outbox.events == []


def test_an_open_unit_of_work_cannot_be_entered_again():
    uow = CounterUnitOfWork()
    with pytest.raises(RuntimeError, match="open already"):
        with uow:
            with uow:
                pass


def test_the_fake_rollback_restores_every_store_and_keeps_a_store_that_holds_another_live():
    from tests.support.fake_uow import FakeUnitOfWork, InMemory

    class Bookings(InMemory):
        def __init__(self):
            self.rows = {"a": 1}

    class View(InMemory):
        def __init__(self, bookings):
            self.bookings, self.seen = bookings, []

    class Work(FakeUnitOfWork):
        def __init__(self):
            super().__init__(lambda event: [])
            self.bookings = Bookings()
            self.view = View(self.bookings)

    uow = Work()
    with pytest.raises(RuntimeError):
        with uow:
            uow.bookings.rows["b"] = 2
            uow.view.seen.append("b")
            raise RuntimeError("boom")
    assert uow.bookings.rows == {"a": 1} and uow.view.seen == [] and uow.rollbacks == 1
    assert uow.view.bookings is uow.bookings, "the view still reads the live store after a rollback"
