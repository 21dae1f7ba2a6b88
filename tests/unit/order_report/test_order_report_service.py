"""order-report's use cases through in-memory fakes of its ports."""
from __future__ import annotations

import copy
import dataclasses
import inspect
import uuid
from datetime import datetime, timedelta, timezone

import pytest

from mcf.kit.errors import InvalidInput, NotFound, Unavailable
from mcf.order_report import domain, service
from mcf.order_report.domain import (
    Actor,
    AlreadyCheckedIn,
    AlreadyReported,
    CheckInTimeOutOfRange,
    IdempotencyKeyReused,
    NotCheckable,
    NotCheckedIn,
    OrderView,
    ToyReaction,
    WorkerCheckedIn,
    WorkerFiledReport,
)
from mcf.order_report.events import integration_events
from mcf.order_report.ports import BadImage, Upload
from tests.contract.asyncapi import message_for
from tests.unit.order_report.fakes import FakeCheckIns, FakeInspector, FakeOrders, FakePhotoStore, FakeReports

NOW = datetime(2026, 11, 28, 10, 0, tzinfo=timezone.utc)
WORKER, OTHER_WORKER, CLIENT = str(uuid.uuid4()), str(uuid.uuid4()), str(uuid.uuid4())
PHOTO = Upload("cat.jpg", b"IMG jpeg bytes with GPS")
TOYS = (ToyReaction("feather wand", 5), ToyReaction("laser", 2, "bored after a minute"))


def order(status="confirmed", worker=WORKER, kit_ready=True):
    return OrderView(str(uuid.uuid4()), status, CLIENT, worker, kit_ready)


class World:
    def __init__(self, *orders):
        self.orders = FakeOrders(*orders)
        self.check_ins, self.reports = FakeCheckIns(), FakeReports()
        self.inspector, self.photos = FakeInspector(), FakePhotoStore()

    def check_in(self, order_id, key="k1", worker=WORKER, photos=(PHOTO,), **extra):
        return service.check_in(self.check_ins, self.orders, self.inspector, self.photos, service.CheckInCommand(
            order_id=order_id, worker_id=worker, idempotency_key=key, photos=photos, **extra), NOW)

    def report(self, order_id, key="r1", worker=WORKER, toys=TOYS, photos=(), notes="a good cat", duration=55):
        return service.file_report(self.check_ins, self.reports, self.inspector, self.photos, service.ReportCommand(
            order_id=order_id, worker_id=worker, idempotency_key=key, toys=toys, duration_minutes=duration,
            notes=notes, photos=photos), NOW)

    def events(self):
        return self.check_ins.outbox + self.reports.outbox


# ---------------------------------------------------------------- check-in

def test_a_check_in_stores_the_photos_and_its_event_together():
    o = order()
    world = World(o)
    outcome = world.check_in(o.order_id, lat=55.75583, lon=37.6173)
    assert outcome.created
    stored = world.check_ins.get(o.order_id)
    assert (stored.worker_id, stored.client_id, stored.checked_in_at) == (WORKER, CLIENT, NOW)
    assert (stored.location.lat, stored.location.lon) == (55.76, 37.62)  # coarse
    assert [p.photo_id for p in stored.photos] == list(world.photos.files)
    [event] = world.events()
    assert event.type == "report.checked_in"
    assert event.data == {"order_id": o.order_id, "worker_id": WORKER, "checked_in_at": "2026-11-28T10:00:00Z"}


def test_the_same_submission_twice_is_stored_once_and_published_once():
    o = order()
    world = World(o)
    first = world.check_in(o.order_id, key="offline-1")
    again = world.check_in(o.order_id, key="offline-1")
    assert first.created and not again.created
    assert again.value.photos == first.value.photos
    assert len(world.photos.files) == 1 and len(world.events()) == 1
    assert world.orders.calls == 1  # the replay asks order-service nothing


def test_the_same_key_with_other_content_is_refused():
    o = order()
    world = World(o)
    world.check_in(o.order_id, key="k")
    with pytest.raises(IdempotencyKeyReused):
        world.check_in(o.order_id, key="k", photos=(Upload("other.jpg", b"IMG another photo"),))
    assert len(world.events()) == 1 and len(world.photos.files) == 1


def test_another_key_for_an_order_already_checked_in_is_a_conflict():
    o = order()
    world = World(o)
    world.check_in(o.order_id, key="a")
    with pytest.raises(AlreadyCheckedIn):
        world.check_in(o.order_id, key="b")
    assert len(world.events()) == 1


def test_a_lost_race_returns_the_winner_and_removes_this_submissions_photos():
    o = order()
    world = World(o)
    winner = World(o)
    winner.check_in(o.order_id, key="same")
    world.check_ins.race = copy.deepcopy(winner.check_ins.rows[o.order_id])
    world.check_ins.race.events = [WorkerCheckedIn(o.order_id, WORKER, NOW)]
    outcome = world.check_in(o.order_id, key="same")
    assert not outcome.created
    assert world.photos.files == {}  # ours were removed; the winner's live in the winner's store
    assert len(world.check_ins.outbox) == 1  # only the winner's event


@pytest.mark.parametrize("view, error", [
    (None, NotFound),
    (order(worker=OTHER_WORKER), NotFound),
    (order(worker=None), NotFound),
    (order(status="placed"), NotCheckable),
    (order(status="in_progress"), NotCheckable),
    (order(status="cancelled"), NotCheckable),
    (order(kit_ready=False), NotCheckable),
])
def test_only_the_assigned_worker_of_a_paid_order_with_its_kit_checks_in(view, error):
    world = World(*(v for v in [view] if v))
    with pytest.raises(error):
        world.check_in(view.order_id if view else str(uuid.uuid4()))
    assert world.events() == [] and world.photos.files == {} and world.check_ins.rows == {}


def test_order_service_down_stores_nothing():
    o = order()
    world = World(o)
    world.orders.down = True
    with pytest.raises(Unavailable):
        world.check_in(o.order_id)
    assert world.events() == [] and world.photos.files == {}


@pytest.mark.parametrize("photos", [(), tuple(PHOTO for _ in range(11))])
def test_a_check_in_needs_one_to_ten_photos(photos):
    o = order()
    world = World(o)
    with pytest.raises(InvalidInput):
        world.check_in(o.order_id, photos=photos)
    assert world.photos.files == {}


def test_one_forged_photo_refuses_the_whole_check_in_and_stores_no_photo():
    o = order()
    world = World(o)
    with pytest.raises(BadImage):
        world.check_in(o.order_id, photos=(PHOTO, Upload("cat.jpg", b"just text pretending")))
    assert world.photos.files == {} and world.events() == []


def test_a_photo_store_failure_midway_removes_the_photos_already_stored():
    o = order()
    world = World(o)
    world.photos.fail_after = 1
    with pytest.raises(RuntimeError):
        world.check_in(o.order_id, photos=(PHOTO, PHOTO))
    assert world.photos.files == {} and world.events() == []


@pytest.mark.parametrize("when", [NOW + timedelta(minutes=6), NOW - timedelta(days=3)])
def test_an_implausible_check_in_time_is_refused(when):
    o = order()
    world = World(o)
    # a rule of the clock, which no schema can say: a 409 of its own (ADR 0051), not a 422
    with pytest.raises(CheckInTimeOutOfRange):
        world.check_in(o.order_id, time=when)


def test_an_offline_check_in_keeps_the_devices_time():
    o = order()
    world = World(o)
    earlier = NOW - timedelta(minutes=40)
    world.check_in(o.order_id, time=earlier)
    assert world.events()[0].data["checked_in_at"] == "2026-11-28T09:20:00Z"


# ---------------------------------------------------------------- report

def test_a_report_after_the_check_in_is_stored_and_published():
    o = order()
    world = World(o)
    world.check_in(o.order_id)
    outcome = world.report(o.order_id, photos=(PHOTO,))
    report = world.reports.get(o.order_id)
    assert outcome.created and report.toys == TOYS and report.duration_minutes == 55
    assert [e.type for e in world.events()] == ["report.checked_in", "report.filed"]
    assert world.events()[1].data == {"order_id": o.order_id, "worker_id": WORKER, "report_id": report.report_id,
                                      "filed_at": "2026-11-28T10:00:00Z"}


def test_a_report_needs_a_check_in_first():
    o = order()
    world = World(o)
    with pytest.raises(NotCheckedIn):
        world.report(o.order_id)
    assert world.reports.rows == {}


def test_a_report_on_someone_elses_check_in_is_not_found():
    o = order()
    world = World(o)
    world.check_in(o.order_id)
    with pytest.raises(NotFound):
        world.report(o.order_id, worker=OTHER_WORKER)


def test_a_report_sent_twice_is_stored_and_published_once_and_another_is_a_conflict():
    o = order()
    world = World(o)
    world.check_in(o.order_id)
    first = world.report(o.order_id, key="r")
    again = world.report(o.order_id, key="r")
    assert not again.created and again.value.report_id == first.value.report_id
    with pytest.raises(AlreadyReported):
        world.report(o.order_id, key="other")
    with pytest.raises(IdempotencyKeyReused):
        world.report(o.order_id, key="r", notes="changed my mind")
    assert [e.type for e in world.events()].count("report.filed") == 1


@pytest.mark.parametrize("toys, duration, notes", [
    ((), 30, None),
    ((ToyReaction("laser", 3), ToyReaction("Laser", 4)), 30, None),
    (TOYS, 0, None),
    (TOYS, 30, "x" * 4001),
])
def test_a_bad_report_is_refused_before_any_photo_is_stored(toys, duration, notes):
    o = order()
    world = World(o)
    world.check_in(o.order_id)
    before = dict(world.photos.files)
    with pytest.raises(InvalidInput):
        world.report(o.order_id, toys=toys, duration=duration, notes=notes, photos=(PHOTO,))
    assert world.photos.files == before and world.reports.rows == {}


@pytest.mark.parametrize("reaction", [0, 6, True, 2.5])
def test_a_reaction_is_an_integer_one_to_five(reaction):
    with pytest.raises(InvalidInput):
        ToyReaction("mouse", reaction)


# ---------------------------------------------------------------- readers

@pytest.mark.parametrize("actor, visible", [
    (Actor("worker", WORKER), True),
    (Actor("client", CLIENT), True),
    (Actor("manager", "m1"), True),
    (Actor("service", "quality-service"), True),
    (Actor("worker", OTHER_WORKER), False),
    (Actor("client", str(uuid.uuid4())), False),
])
def test_the_record_and_its_photos_are_for_their_readers_only(actor, visible):
    o = order()
    world = World(o)
    checked = world.check_in(o.order_id).value
    world.report(o.order_id)
    photo_id = checked.photos[0].photo_id
    if visible:
        record = service.read_order_record(world.check_ins, world.reports, o.order_id, actor)
        assert record.check_in.order_id == o.order_id and record.report is not None
        assert service.open_photo(world.photos, photo_id, actor).owner.order_id == o.order_id
    else:
        with pytest.raises(NotFound):
            service.read_order_record(world.check_ins, world.reports, o.order_id, actor)
        with pytest.raises(NotFound):
            service.open_photo(world.photos, photo_id, actor)


def test_an_order_with_no_check_in_has_no_record_even_for_a_manager():
    world = World()
    with pytest.raises(NotFound):
        service.read_order_record(world.check_ins, world.reports, str(uuid.uuid4()), Actor("manager", "m"))


# ---------------------------------------------------------------- events

def test_each_domain_event_maps_to_its_documented_message():
    o = str(uuid.uuid4())
    for domain_event in (WorkerCheckedIn(o, WORKER, NOW), WorkerFiledReport(o, WORKER, "r-1", NOW)):
        [event] = integration_events(domain_event)
        assert event.id == domain_event.event_id and event.subject == o
        message_for(event.exchange, event.routing_key).validate(event.to_dict())


def test_every_domain_event_class_has_a_mapping():
    classes = [c for _, c in inspect.getmembers(domain, inspect.isclass)
               if dataclasses.is_dataclass(c) and c.__module__ == domain.__name__ and "event_id" in
               {f.name for f in dataclasses.fields(c)}]
    assert {c.__name__ for c in classes} == {"WorkerCheckedIn", "WorkerFiledReport"}
    with pytest.raises(TypeError):
        integration_events(object())
