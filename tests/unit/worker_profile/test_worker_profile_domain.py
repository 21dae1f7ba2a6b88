"""worker-profile's domain: the lifecycle table, activation by a passed test, the rating and its threshold,
erasure, and the mapping of every domain event to worker.* events without personal data."""
import dataclasses
import json
import uuid
from datetime import date, datetime, timedelta, timezone

import pytest

from mcf.kit.errors import InvalidInput
from mcf.worker_profile import domain, events
from mcf.worker_profile.domain import (
    TRANSITIONS,
    Actor,
    Characteristics,
    IllegalTransition,
    PersonalData,
    TestResult,
    Window,
    Worker,
    WorkerStatus,
)

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=timezone.utc)
MANAGER = Actor("manager", "m-1")
PERSONAL = PersonalData("Vasilisa Kotova", "+7 (916) 123-45-67", "Vasilisa@Workers.Example", date(1994, 5, 17),
                        "45 11 223344", "Lefortovo")
TRAITS = Characteristics(("laser", "feathers"), ("Lefortovo",), (Window(0, "09:00", "18:00"),))
SECRETS = ("Vasilisa", "vasilisa@workers.example", "+79161234567", "45 11 223344", "1994-05-17")


def worker(**changes) -> Worker:
    w = Worker.register(PERSONAL, "hash", TRAITS, "en", NOW)
    for name, value in changes.items():
        setattr(w, name, value)
    return w


def result(score=5, max_score=6, passed=True, attempt=None) -> TestResult:
    return TestResult(attempt or str(uuid.uuid4()), str(uuid.uuid4()), 1, score, max_score, 70, passed, NOW)


def test_registration_normalises_and_checks_the_personal_data():
    w = worker()
    assert w.status is WorkerStatus.CANDIDATE and w.version == 1 and w.rating == domain.INITIAL_RATING
    assert w.personal.email == "vasilisa@workers.example" and w.personal.phone == "+79161234567"
    assert w.characteristics.toy_categories == ("feathers", "laser")
    with pytest.raises(domain.UnderAge):
        Worker.register(dataclasses.replace(PERSONAL, date_of_birth=date(2015, 1, 1)), "h", TRAITS, "en", NOW)
    with pytest.raises(InvalidInput):
        Worker.register(PERSONAL, "h", dataclasses.replace(TRAITS, toy_categories=("lasers",)), "en", NOW)
    with pytest.raises(InvalidInput):
        Worker.register(PERSONAL, "h", dataclasses.replace(TRAITS, availability=(Window(0, "18:00", "09:00"),)),
                        "en", NOW)


@pytest.mark.parametrize("start", list(WorkerStatus))
@pytest.mark.parametrize("target", [WorkerStatus.SUSPENDED, WorkerStatus.DEACTIVATED, WorkerStatus.ACTIVE])
def test_the_lifecycle_table_decides_every_managers_move(start, target):
    w = worker(status=start)
    allowed = target in TRANSITIONS[start] and not (start is WorkerStatus.CANDIDATE and target is WorkerStatus.ACTIVE)
    if allowed:
        w.change_status(target, "because", NOW)
        assert w.status is target and w.version == 2
    else:
        with pytest.raises(IllegalTransition):
            w.change_status(target, "because", NOW)
        assert w.status is start and w.version == 1


def test_a_passed_test_activates_a_candidate_and_a_failed_one_does_not():
    w = worker()
    w.events.clear()
    w.record_test(result(score=3, passed=False), NOW)
    assert w.status is WorkerStatus.CANDIDATE and w.tests.attempts == 1 and w.test_score == 50.0
    w.record_test(result(score=5), NOW + timedelta(days=1))
    assert w.status is WorkerStatus.ACTIVE and w.tests.passed and w.test_score == pytest.approx(83.3)
    assert [type(e).__name__ for e in w.events] == ["WorkerProfileChanged", "WorkerActivated"]
    w.record_test(result(score=6), NOW + timedelta(days=2))  # an active worker stays active
    assert w.status is WorkerStatus.ACTIVE and w.test_score == 100.0


def test_a_pass_does_not_reactivate_a_suspended_or_deactivated_worker():
    for status in (WorkerStatus.SUSPENDED, WorkerStatus.DEACTIVATED):
        w = worker(status=status)
        w.record_test(result(), NOW)
        assert w.status is status


def test_the_rating_moves_by_the_delta_within_the_scale_and_records_who_why_and_which_review():
    w = worker(status=WorkerStatus.ACTIVE)
    change = w.adjust_rating(1.5, "  great session  ", "review-1", MANAGER, NOW, threshold=2.0)
    assert (change.rating_before, change.rating_after, w.rating) == (3.0, 4.5, 4.5)
    assert change.by == MANAGER and change.review_id == "review-1" and change.reason == "great session"
    w.adjust_rating(2.0, "again", "review-2", MANAGER, NOW, threshold=2.0)
    assert w.rating == domain.MAX_RATING
    for delta in (0, 5.5, -6):
        with pytest.raises(InvalidInput):
            w.adjust_rating(delta, "x", "r", MANAGER, NOW, threshold=2.0)
    with pytest.raises(InvalidInput):
        w.adjust_rating(1, " ", "r", MANAGER, NOW, threshold=2.0)


def test_below_the_threshold_an_active_worker_is_deactivated_a_candidate_is_not():
    w = worker(status=WorkerStatus.ACTIVE)
    w.events.clear()
    w.adjust_rating(-1.5, "two bad sessions", "r-1", MANAGER, NOW, threshold=2.0)
    assert w.status is WorkerStatus.DEACTIVATED and w.rating == 1.5
    assert [type(e).__name__ for e in w.events] == ["WorkerRatingChanged", "WorkerDeactivated"]
    assert w.events[1].reason == "rating_below_threshold"
    candidate = worker()
    candidate.adjust_rating(-1.5, "seeded", "r-2", MANAGER, NOW, threshold=2.0)
    assert candidate.status is WorkerStatus.CANDIDATE


def test_erasure_wipes_the_personal_data_and_keeps_the_anonymous_history():
    w = worker(status=WorkerStatus.ACTIVE)
    w.adjust_rating(0.5, "fine", "r-1", MANAGER, NOW, threshold=2.0)
    w.record_test(result(), NOW)
    w.erase(NOW)
    assert w.personal is None and w.password_hash is None and w.erased and w.status is WorkerStatus.DEACTIVATED
    assert w.rating == 3.5 and w.tests.attempts == 1 and len(w.new_rating_changes) == 1
    with pytest.raises(domain.Erased):
        w.change_profile(NOW, locale="ru")


def test_every_domain_event_has_a_mapping_and_none_carries_personal_data():
    classes = {obj for obj in vars(domain).values()
               if isinstance(obj, type) and dataclasses.is_dataclass(obj) and obj.__name__.startswith("Worker")
               and obj is not Worker and obj.__module__ == domain.__name__}
    assert classes == set(events.DOMAIN_EVENTS)
    w = worker()
    w.change_profile(NOW, characteristics=dataclasses.replace(TRAITS, districts=("Lefortovo", "Sokolniki")))
    w.record_test(result(), NOW)
    w.change_status(WorkerStatus.SUSPENDED, "holiday", NOW)
    w.change_status(WorkerStatus.ACTIVE, "back", NOW)
    w.adjust_rating(-1.5, "bad", "r-1", MANAGER, NOW, threshold=2.0)
    published = [e for domain_event in w.events for e in events.integration_events(domain_event)]
    kinds = [e.type for e in published]
    assert kinds == ["worker.registered", "worker.profile_changed", "worker.activated", "worker.profile_changed",
                     "worker.activated", "worker.rating_changed", "worker.deactivated",
                     "notification.worker-profile.deactivated"]
    versions = [e.data["version"] for e in published if e.exchange == "mcf.events"]
    assert versions == sorted(versions) and len(set(versions)) == len(versions)
    for event in published:
        text = json.dumps(event.to_dict(), default=str)
        if event.exchange == "mcf.events":
            assert not any(secret.lower() in text.lower() for secret in SECRETS), event.type
    notice = published[-1]
    assert notice.data["recipient"]["email"] == "vasilisa@workers.example"
    assert notice.data["data"]["reason"] == "rating_below_threshold"
    with pytest.raises(TypeError):
        events.integration_events(object())


def test_an_erased_worker_gets_no_notice_of_its_deactivation():
    w = worker(status=WorkerStatus.ACTIVE)
    w.events.clear()
    w.erase(NOW)
    published = [e for d in w.events for e in events.integration_events(d)]
    assert [e.type for e in published] == ["worker.deactivated"] and published[0].data["reason"] == "erased"
