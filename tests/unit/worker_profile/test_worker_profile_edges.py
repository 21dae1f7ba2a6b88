"""worker-profile's rules at their edges, the expected answers written from the rules (the domain's docstring and
ADRs 0070/0071/0111: adults only, a phone of 7 digits or more, HH:MM windows to 24:00, locales en and ru, the rating
on 0..5 moved by a non-zero delta of at most 5, the lifecycle table, passwords of 10 characters or more), never
computed with the code: each refusal names its field and says why."""
import dataclasses
import uuid
from datetime import date, datetime, timedelta, timezone

import pytest

from mcf.kit.errors import InvalidInput
from mcf.worker_profile.domain import (
    SYSTEM,
    Actor,
    Characteristics,
    Erased,
    IllegalTransition,
    PersonalData,
    RatingChange,
    TestResult,
    TestSummary,
    UnderAge,
    Window,
    Worker,
    WorkerActivated,
    WorkerDeactivated,
    WorkerProfileChanged,
    WorkerRatingChanged,
    WorkerRegistered,
    WorkerStatus,
    check_password,
    normalise_email,
    normalise_phone,
)

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=timezone.utc)
TODAY = NOW.date()
MANAGER = Actor("manager", "m-1")
PERSONAL = PersonalData("Vasilisa Kotova", "+79161234567", "vasilisa@workers.example", date(1994, 5, 17),
                        "45 11 223344", "Lefortovo")
TRAITS = Characteristics(("feathers", "laser"), ("Lefortovo",), (Window(0, "09:00", "18:00"),))


def worker(status=WorkerStatus.CANDIDATE) -> Worker:
    w = Worker.register(PERSONAL, "hash", TRAITS, "en", NOW, worker_id="w-1")
    w.status = status
    w.events.clear()
    return w


def refused(error, call, detail, **extensions):
    with pytest.raises(error) as caught:
        call()
    assert caught.value.detail == detail
    assert caught.value.extensions == extensions


def test_emails_and_phones_are_compared_normalised():
    assert normalise_email("  Vasilisa@Workers.EXAMPLE ") == "vasilisa@workers.example"
    assert normalise_email(None) == ""
    assert normalise_phone(" +7 (916) 123-45-67 ") == "+79161234567"
    assert normalise_phone("8 916 123 45 67") == "89161234567"
    assert normalise_phone(None) == ""


@pytest.mark.parametrize("window, detail", [
    (Window(-1, "09:00", "10:00"), "weekday is 0 (Monday) .. 6"), (Window(7, "09:00", "10:00"),
                                                                   "weekday is 0 (Monday) .. 6"),
    (Window(0, "9:00", "10:00"), "times are HH:MM, 00:00..24:00"),
    (Window(0, "09:00", "24:01"), "times are HH:MM, 00:00..24:00"),
    (Window(0, "09:60", "10:00"), "times are HH:MM, 00:00..24:00"),
    (Window(0, "24:00", "24:00"), "times are HH:MM, 00:00..24:00"),
    (Window(0, "10:00", "10:00"), "a window ends after it starts"),
    (Window(0, "10:00", "09:59"), "a window ends after it starts")])
def test_a_window_outside_the_week_or_the_day_is_refused(window, detail):
    refused(InvalidInput, window.check, detail, field="availability")


def test_windows_on_the_days_edges_are_valid():
    for window in (Window(0, "00:00", "00:01"), Window(6, "23:59", "24:00"), Window(3, "00:00", "24:00")):
        window.check()
    assert Window(6, "20:00", "24:00").to_dict() == {"weekday": 6, "start": "20:00", "end": "24:00"}


@pytest.mark.parametrize("change, field, detail", [
    (dict(full_name=""), "full_name", "a full name is needed"),
    (dict(email="vasilisa.example"), "email", "not an e-mail address"),
    (dict(email="v@example"), "email", "not an e-mail address"),
    (dict(phone="+123456"), "phone", "a phone number has at least 7 digits"),
    (dict(document_number=""), "document_number", "an identity document number is needed"),
    (dict(home_district=""), "home_district", "a home district is needed"),
])
def test_personal_data_is_refused_field_by_field(change, field, detail):
    refused(InvalidInput, lambda: dataclasses.replace(PERSONAL, **change).check(TODAY), detail, field=field)


def test_a_candidate_a_day_short_of_eighteen_is_refused_as_under_age():
    # a rule of today's date: a 409 of its own (under-age), not a 422
    refused(UnderAge, lambda: dataclasses.replace(PERSONAL, date_of_birth=date(2008, 11, 21)).check(TODAY),
            "workers are adults (18 or older)", field="date_of_birth")
    assert UnderAge.slug == "under-age"


def test_seven_digits_and_an_eighteenth_birthday_today_are_enough():
    dataclasses.replace(PERSONAL, phone="+1234567", date_of_birth=date(2008, 11, 20)).check(TODAY)
    dataclasses.replace(PERSONAL, phone="1234567", date_of_birth=date(2008, 10, 31)).check(TODAY)


def test_personal_data_is_stored_trimmed():
    messy = PersonalData(" Vasilisa ", " +7 916 123 45 67", " V@W.Example ", date(1994, 5, 17), " 45 11 ",
                         " Lefortovo ")
    assert messy.normalised() == PersonalData("Vasilisa", "+79161234567", "v@w.example", date(1994, 5, 17),
                                              "45 11", "Lefortovo")


def test_characteristics_name_unknown_categories_and_blank_districts():
    refused(InvalidInput, Characteristics(("yarn", "laser", "boxes"), (), ()).check,
            "unknown toy categories: boxes, yarn", field="toy_categories")
    refused(InvalidInput, Characteristics(("laser",), ("Arbat", "  "), ()).check, "a district has a name",
            field="districts")
    refused(InvalidInput, Characteristics(("laser",), ("Arbat",), (Window(0, "10:00", "09:00"),)).check,
            "a window ends after it starts", field="availability")


def test_characteristics_are_stored_sorted_and_without_repeats():
    messy = Characteristics(("laser", "balls", "laser"), (" Arbat", "Tverskoy", "Arbat "),
                            (Window(2, "09:00", "10:00"), Window(0, "12:00", "13:00"), Window(0, "08:00", "09:00"),
                             Window(2, "09:00", "10:00")))
    assert messy.normalised() == Characteristics(
        ("balls", "laser"), ("Arbat", "Tverskoy"),
        (Window(0, "08:00", "09:00"), Window(0, "12:00", "13:00"), Window(2, "09:00", "10:00")))


def test_a_test_result_is_a_percentage_to_one_place_and_the_summary_keeps_the_best_and_the_latest():
    first = TestResult("a-1", "t-1", 1, 2, 3, 70, False, NOW)
    assert first.percent == 66.7 and TestResult("a", "t", 1, 0, 0, 70, False, NOW).percent == 0.0
    passed = TestResult("a-2", "t-1", 1, 5, 6, 70, True, NOW - timedelta(days=1))  # delivered late
    summary = TestSummary().with_result(first).with_result(passed)
    assert summary == TestSummary(attempts=2, passed=True, best_percent=83.3, last_completed_at=NOW)
    after = summary.with_result(TestResult("a-3", "t-1", 1, 1, 6, 70, False, NOW + timedelta(days=1)))
    assert after == TestSummary(attempts=3, passed=True, best_percent=83.3, last_completed_at=NOW + timedelta(days=1))


def test_registration_takes_a_known_locale_and_raises_the_registered_event_with_the_worker_as_registered():
    refused(InvalidInput, lambda: Worker.register(PERSONAL, "h", TRAITS, "de", NOW), "locale is one of en, ru",
            field="locale")
    w = Worker.register(PERSONAL, "hash", TRAITS, "ru", NOW)
    assert str(uuid.UUID(w.id)) == w.id and w.id != Worker.register(PERSONAL, "h", TRAITS, "ru", NOW).id
    assert (w.status, w.locale, w.password_hash, w.registered_at, w.updated_at, w.version, w.rating) == (
        WorkerStatus.CANDIDATE, "ru", "hash", NOW, NOW, 1, 3.0)
    assert w.events == [WorkerRegistered(w.snapshot())]
    w.change_profile(NOW, locale="en")
    assert w.events[0].worker.locale == "ru", "an event keeps the worker as that change left it"


def test_a_change_to_nothing_records_nothing_and_a_real_change_bumps_the_version_once():
    w = worker()
    assert w.change_profile(NOW + timedelta(hours=1)) is False
    assert w.change_profile(NOW + timedelta(hours=1), personal=PERSONAL, characteristics=TRAITS, locale="en") is False
    assert (w.version, w.updated_at, w.events) == (1, NOW, [])
    assert w.change_profile(NOW + timedelta(hours=2), locale="ru") is True
    assert (w.version, w.updated_at, w.locale) == (2, NOW + timedelta(hours=2), "ru")
    assert w.events == [WorkerProfileChanged(w.snapshot())]
    refused(InvalidInput, lambda: w.change_profile(NOW, locale="fr"), "locale is one of en, ru", field="locale")
    refused(InvalidInput, lambda: w.change_profile(NOW, personal=dataclasses.replace(PERSONAL, email="x")),
            "not an e-mail address", field="email")
    assert w.change_profile(NOW, personal=dataclasses.replace(PERSONAL, email=" Other@Example.com ")) is True
    assert w.personal.email == "other@example.com" and w.version == 3


def test_a_test_result_is_recorded_once_and_an_erased_candidate_is_not_activated():
    w = worker()
    result = TestResult("a-1", "t-1", 1, 6, 6, 70, True, NOW)
    assert w.record_test(result, NOW + timedelta(hours=1)) is True and w.status is WorkerStatus.ACTIVE
    assert (w.version, w.updated_at) == (2, NOW + timedelta(hours=1))
    assert w.events == [WorkerActivated(w.snapshot())]
    assert w.record_test(result, NOW) is False and w.version == 2 and w.tests.attempts == 1
    erased = worker()
    erased.erased_at = NOW
    erased.record_test(result, NOW)
    assert erased.status is WorkerStatus.CANDIDATE and [type(e) for e in erased.events] == [WorkerProfileChanged]


@pytest.mark.parametrize("delta", [0, 5.01, -5.01])
def test_a_rating_delta_is_non_zero_and_at_most_five_either_way(delta):
    refused(InvalidInput, lambda: worker().adjust_rating(delta, "x", None, MANAGER, NOW, threshold=2.0),
            "delta is a non-zero number in -5.0..5.0", field="delta")


def test_a_rating_change_needs_a_reason_and_moves_within_0_to_5_rounded_to_hundredths():
    refused(InvalidInput, lambda: worker().adjust_rating(1, "  ", None, MANAGER, NOW, threshold=0),
            "a rating change needs a reason", field="reason")
    w = worker(WorkerStatus.ACTIVE)
    change = w.adjust_rating(5, "best ever", None, SYSTEM, NOW, threshold=0)
    assert change == RatingChange(None, 5, "best ever", SYSTEM, NOW, 3.0, 5.0) and w.rating == 5.0
    assert w.adjust_rating(-5, "worst ever", "r-2", MANAGER, NOW, threshold=0).rating_after == 0.0
    assert w.adjust_rating(0.333, "a third", "r-3", MANAGER, NOW, threshold=0).rating_after == 0.33
    assert w.status is WorkerStatus.ACTIVE and w.version == 4  # a threshold of 0 deactivates nobody
    assert [c.review_id for c in w.new_rating_changes] == [None, "r-2", "r-3"]


def test_a_rating_exactly_at_the_threshold_keeps_the_worker_and_below_it_a_suspended_one_goes_too():
    at = worker(WorkerStatus.ACTIVE)
    at.adjust_rating(-1, "meh", "r-1", MANAGER, NOW, threshold=2.0)
    assert (at.rating, at.status, at.version) == (2.0, WorkerStatus.ACTIVE, 2)
    suspended = worker(WorkerStatus.SUSPENDED)
    change = suspended.adjust_rating(-1.01, "bad", "r-1", MANAGER, NOW, threshold=2.0)
    assert (suspended.status, suspended.version) == (WorkerStatus.DEACTIVATED, 3)
    assert at.updated_at == NOW and suspended.updated_at == NOW
    later = worker(WorkerStatus.ACTIVE)
    later.adjust_rating(-1.5, "bad", "r-9", MANAGER, NOW + timedelta(days=3), threshold=2.0)
    assert later.updated_at == NOW + timedelta(days=3) and later.events[1].worker.updated_at == NOW + timedelta(days=3)
    rated, deactivated = suspended.events
    assert rated == WorkerRatingChanged(rated.worker, change) and rated.worker.status is WorkerStatus.SUSPENDED
    assert deactivated == WorkerDeactivated(suspended.snapshot(), "rating_below_threshold")


def test_a_managers_move_raises_the_event_it_is_with_the_reason_given():
    w = worker(WorkerStatus.ACTIVE)
    w.change_status(WorkerStatus.SUSPENDED, "holiday", NOW + timedelta(hours=1))
    assert (w.version, w.updated_at) == (2, NOW + timedelta(hours=1))
    w.change_status(WorkerStatus.ACTIVE, "back", NOW)
    w.change_status(WorkerStatus.DEACTIVATED, "left", NOW)
    kinds = [(type(e).__name__, getattr(e, "reason", None), e.worker.status) for e in w.events]
    assert kinds == [("WorkerSuspended", "holiday", WorkerStatus.SUSPENDED),
                     ("WorkerActivated", None, WorkerStatus.ACTIVE),
                     ("WorkerDeactivated", "left", WorkerStatus.DEACTIVATED)]


def test_a_refused_move_says_what_and_why():
    refused(IllegalTransition, lambda: worker(WorkerStatus.ACTIVE).change_status(WorkerStatus.CANDIDATE, "x", NOW),
            "nobody becomes a candidate again", requested="candidate")
    refused(IllegalTransition, lambda: worker().change_status(WorkerStatus.ACTIVE, "x", NOW),
            "a candidate becomes active by passing the onboarding test", requested="active")
    refused(IllegalTransition, lambda: worker().change_status(WorkerStatus.SUSPENDED, "x", NOW),
            "a candidate worker cannot become suspended", requested="suspended")
    refused(IllegalTransition,
            lambda: worker(WorkerStatus.DEACTIVATED).change_status(WorkerStatus.ACTIVE, "x", NOW),
            "a deactivated worker cannot become active", requested="active")


def test_erasing_a_deactivated_worker_raises_no_event_and_an_erased_one_cannot_be_erased_again():
    w = worker(WorkerStatus.DEACTIVATED)
    w.erase(NOW + timedelta(days=1))
    assert (w.status, w.erased_at, w.version, w.events) == (WorkerStatus.DEACTIVATED, NOW + timedelta(days=1), 2, [])
    refused(Erased, lambda: w.erase(NOW), "worker w-1's personal data was erased")
    active = worker(WorkerStatus.ACTIVE)
    active.erase(NOW)
    assert active.events == [WorkerDeactivated(active.snapshot(), "erased")] and active.version == 2
    assert active.updated_at == NOW and w.updated_at == NOW + timedelta(days=1)


def test_an_events_worker_holds_none_of_the_unit_of_works_pending_rows():
    w = worker(WorkerStatus.ACTIVE)
    w.record_test(TestResult("a-1", "t-1", 1, 6, 6, 70, True, NOW), NOW)
    w.adjust_rating(0.5, "fine", "r-1", MANAGER, NOW, threshold=2.0)
    assert len(w.new_rating_changes) == 1 and len(w.new_test_results) == 1 and len(w.events) == 2
    for event in w.events:
        assert (event.worker.new_rating_changes, event.worker.new_test_results, event.worker.events) == ([], [], [])


def test_a_password_has_at_least_ten_characters():
    check_password("x" * 10)
    for short in ("x" * 9, "", None):
        refused(InvalidInput, lambda p=short: check_password(p), "a password has at least 10 characters",
                field="password")
