"""order-report's rules at their edges, the expected answers written from the rules (ADRs 0081/0082 and the
domain's docstring: a location to two decimals, a check-in time at most 5 minutes ahead and 2 days behind, 1..10
photos, 1..30 toys each named once and rated 1..5, notes of at most 4000 characters, 1..1440 minutes, an
Idempotency-Key of 1..200 printable characters), never computed with the code."""
from datetime import datetime, timedelta, timezone

import pytest

from mcf.kit.errors import InvalidInput, NotFound
from mcf.order_report.domain import (
    Actor,
    CheckIn,
    CheckInTimeOutOfRange,
    IdempotencyKeyReused,
    Location,
    NotCheckable,
    NotCheckedIn,
    OrderView,
    Photo,
    Report,
    Submission,
    ToyReaction,
    WorkerCheckedIn,
    WorkerFiledReport,
    photo_readable_by,
    to_millis,
)

NOW = datetime(2031, 3, 14, 9, 0, tzinfo=timezone.utc)
ORDER = OrderView("o-1", "confirmed", "c-1", "w-1", kit_ready=True)
PHOTO = Photo("p-1", "image/jpeg", 640, 480, 1000)
KEY = Submission("k-1", "f-1")


def refused(error, call, detail, **extensions):
    with pytest.raises(error) as caught:
        call()
    assert caught.value.detail == detail
    assert caught.value.extensions == extensions


def test_times_are_kept_to_the_millisecond():
    assert to_millis(NOW.replace(microsecond=123_999)) == NOW.replace(microsecond=123_000)
    assert to_millis(NOW.replace(microsecond=999)) == NOW
    assert to_millis(NOW.replace(microsecond=1_000)) == NOW.replace(microsecond=1_000)


def test_a_location_is_coarsened_to_two_decimals_within_the_globe():
    assert Location.coarse(55.75583, 37.61730) == Location(55.76, 37.62)
    assert Location.coarse(-90, 180) == Location(-90, 180) and Location.coarse(90, -180) == Location(90, -180)
    refused(InvalidInput, lambda: Location.coarse(90.01, 0), "lat must be between -90 and 90", field="lat")
    refused(InvalidInput, lambda: Location.coarse(-90.01, 0), "lat must be between -90 and 90", field="lat")
    refused(InvalidInput, lambda: Location.coarse(0, 180.01), "lon must be between -180 and 180", field="lon")
    refused(InvalidInput, lambda: Location.coarse(0, -180.01), "lon must be between -180 and 180", field="lon")


def test_a_toy_has_a_name_of_1_to_80_characters_an_integer_reaction_1_to_5_and_a_short_comment():
    assert ToyReaction("x" * 80, 1, "c" * 500).reaction == 1 and ToyReaction("ball", 5).comment is None
    for name in ("  ", "x" * 81):
        refused(InvalidInput, lambda n=name: ToyReaction(n, 3), "each toy needs a name of 1..80 characters",
                field="toys")
    for reaction in (0, 6, True, 3.0):
        refused(InvalidInput, lambda r=reaction: ToyReaction("ball", r), "reaction must be an integer 1..5",
                field="toys")
    refused(InvalidInput, lambda: ToyReaction("ball", 3, "c" * 501), "a toy's comment is at most 500 characters",
            field="toys")


def test_an_idempotency_key_is_1_to_200_printable_characters_and_a_replay_is_the_same_key_and_content():
    assert Submission("x" * 200, "f").key == "x" * 200
    for bad in ("", "x" * 201, "new\nline"):
        refused(InvalidInput, lambda k=bad: Submission(k, "f"),
                "Idempotency-Key must be 1..200 printable characters", field="Idempotency-Key")
    assert Submission("k-1", "f-1").replays(KEY) is True
    assert Submission("k-2", "f-2").replays(KEY) is False
    refused(IdempotencyKeyReused, lambda: Submission("k-1", "f-2").replays(KEY),
            "this Idempotency-Key was used for a different submission")


def test_only_the_assigned_worker_checks_in_a_confirmed_order_whose_kit_is_ready():
    refused(NotFound, lambda: CheckIn.require_checkable(None, "w-1"), "no such order assigned to this worker")
    refused(NotFound, lambda: CheckIn.require_checkable(ORDER, "w-2"), "no such order assigned to this worker")
    placed = OrderView("o-1", "placed", "c-1", "w-1", kit_ready=True)
    refused(NotCheckable, lambda: CheckIn.require_checkable(placed, "w-1"),
            "an order that is placed cannot be checked in (it must be confirmed)", order_status="placed")
    no_kit = OrderView("o-1", "confirmed", "c-1", "w-1", kit_ready=False)
    refused(NotCheckable, lambda: CheckIn.require_checkable(no_kit, "w-1"),
            "the order's kit is not ready for pick-up yet", order_status="confirmed")
    assert CheckIn.require_checkable(ORDER, "w-1") is ORDER


def test_a_check_in_time_may_be_5_minutes_ahead_and_2_days_behind_and_carries_a_timezone():
    for ok in (NOW + timedelta(minutes=5), NOW - timedelta(days=2), NOW):
        CheckIn.check_time(ok, NOW)
    # a rule of the clock: a 409 of its own (check-in-time-out-of-range), not a 422
    refused(CheckInTimeOutOfRange, lambda: CheckIn.check_time(NOW + timedelta(minutes=5, microseconds=1), NOW),
            "time is in the future", field="time")
    refused(CheckInTimeOutOfRange, lambda: CheckIn.check_time(NOW - timedelta(days=2, microseconds=1), NOW),
            "time is more than 2 days ago", field="time")
    assert CheckInTimeOutOfRange.slug == "check-in-time-out-of-range"
    refused(InvalidInput, lambda: CheckIn.check_time(NOW.replace(tzinfo=None), NOW), "time must carry a timezone",
            field="time")


@pytest.mark.parametrize("count, ok", [(0, False), (1, True), (10, True), (11, False)])
def test_a_check_in_has_1_to_10_photos(count, ok):
    if ok:
        CheckIn.check_photo_count(count)
    else:
        refused(InvalidInput, lambda: CheckIn.check_photo_count(count), "a check-in needs 1..10 photos",
                field="photos")


def _check_in(at=NOW - timedelta(minutes=1)):
    return CheckIn.record(ORDER, "w-1", at, Location(55.76, 37.62), (PHOTO,), KEY, NOW)


def test_a_check_in_records_the_devices_time_and_raises_its_event():
    at = NOW - timedelta(hours=3)
    check_in = _check_in(at)
    assert (check_in.order_id, check_in.worker_id, check_in.client_id, check_in.checked_in_at, check_in.location,
            check_in.photos, check_in.submission, check_in.recorded_at) == (
        "o-1", "w-1", "c-1", at, Location(55.76, 37.62), (PHOTO,), KEY, NOW)
    (event,) = check_in.events
    assert (event.order_id, event.worker_id, event.checked_in_at) == ("o-1", "w-1", at)
    assert isinstance(event, WorkerCheckedIn) and event.event_id != WorkerCheckedIn("o", "w", at).event_id
    assert check_in.snapshot() == check_in and check_in.snapshot().events == []


def test_a_report_follows_the_workers_own_check_in():
    refused(NotCheckedIn, lambda: Report.require_checked_in(None, "w-1"),
            "the order has no check-in yet; check in first")
    refused(NotFound, lambda: Report.require_checked_in(_check_in(), "w-2"), "no such order checked in by this worker")


BALL = (ToyReaction("ball", 4),)


def _contents(toys=BALL, notes=None, minutes=60, photos=0):
    Report.check_contents(tuple(toys), notes, minutes, photos)


def test_a_reports_contents_on_their_limits_pass():
    _contents(toys=[ToyReaction(f"toy {i}", 3) for i in range(30)], notes="n" * 4000, minutes=1, photos=10)
    _contents(minutes=1440, notes="")


@pytest.mark.parametrize("kwargs, field, detail", [
    (dict(toys=()), "toys", "a report names 1..30 tested toys"),
    (dict(toys=[ToyReaction(f"toy {i}", 3) for i in range(31)]), "toys", "a report names 1..30 tested toys"),
    (dict(toys=[ToyReaction("Ball", 3), ToyReaction(" ball ", 4)]), "toys", "each toy is named once"),
    (dict(notes="n" * 4001), "notes", "notes are at most 4000 characters"),
    (dict(minutes=0), "duration_minutes", "duration_minutes must be 1..1440"),
    (dict(minutes=1441), "duration_minutes", "duration_minutes must be 1..1440"),
    (dict(minutes=True), "duration_minutes", "duration_minutes must be 1..1440"),
    (dict(photos=11), "photos", "a report has at most 10 photos")])
def test_a_bad_reports_contents_are_refused_by_field(kwargs, field, detail):
    refused(InvalidInput, lambda: _contents(**kwargs), detail, field=field)


def test_a_report_is_filed_no_earlier_than_its_check_in_with_its_event():
    ahead = _check_in(NOW + timedelta(minutes=4))  # the phone's clock ran a little fast
    report = Report.file(ahead, "w-1", (ToyReaction("ball", 4),), "good", 45, (PHOTO,), Submission("k-2", "f"),
                         NOW, report_id="r-1")
    assert (report.report_id, report.order_id, report.worker_id, report.client_id, report.toys, report.notes,
            report.duration_minutes, report.photos, report.filed_at) == (
        "r-1", "o-1", "w-1", "c-1", (ToyReaction("ball", 4),), "good", 45, (PHOTO,), NOW + timedelta(minutes=4))
    (event,) = report.events
    assert isinstance(event, WorkerFiledReport)
    assert (event.order_id, event.worker_id, event.report_id, event.filed_at) == (
        "o-1", "w-1", "r-1", NOW + timedelta(minutes=4))
    refused(InvalidInput, lambda: Report.file(_check_in(), "w-1", (ToyReaction("ball", 4),), "n" * 4001, 45, (),
                                              Submission("k-4", "f"), NOW),
            "notes are at most 4000 characters", field="notes")
    later = Report.file(_check_in(), "w-1", (ToyReaction("ball", 4),), None, 45, (), Submission("k-3", "f"), NOW)
    assert later.filed_at == NOW and len(later.report_id) == 36 and later.report_id != report.report_id


@pytest.mark.parametrize("actor, readable", [
    (Actor("worker", "w-1"), True), (Actor("worker", "c-1"), False), (Actor("client", "c-1"), True),
    (Actor("client", "w-1"), False), (Actor("manager", "m-1"), True), (Actor("service", "quality"), True),
    (Actor("partner", "w-1"), False)])
def test_a_record_and_its_photos_are_for_the_worker_the_client_managers_and_services(actor, readable):
    check_in = _check_in()
    report = Report.file(check_in, "w-1", (ToyReaction("ball", 4),), None, 45, (), Submission("k-2", "f"), NOW)
    assert check_in.readable_by(actor) is readable and report.readable_by(actor) is readable
    assert photo_readable_by(actor, "w-1", "c-1") is readable
