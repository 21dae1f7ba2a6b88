"""The use cases through in-memory ports: start, resume, submit, refusals, follow-ups, statistics."""
from datetime import datetime, timedelta, timezone

import pytest

from mcf.kit.errors import NotFound
from mcf.worker_testing import service
from mcf.worker_testing.domain import (
    AlreadyPassed,
    Answer,
    AttemptExpired,
    AttemptStatus,
    CoolingDown,
    InvalidAnswer,
    NoActiveTest,
    Question,
    QuestionKind,
    RetakePolicy,
    TestVersion,
    options_from_lines,
)
from mcf.worker_testing.ports import Contact
from tests.unit.worker_testing.fakes import FakeAnswerStore, FakeDirectory, FakeUnitOfWork

T0 = datetime(2026, 11, 20, 9, 0, tzinfo=timezone.utc)
POLICY = RetakePolicy(timedelta(hours=1))
Q1 = Question("q1", "Feather wand?", QuestionKind.SINGLE, 2, options_from_lines("* slowly\nfast"), 1)
Q2 = Question("q2", "Safe toys?", QuestionKind.MULTIPLE, 3, options_from_lines("* plush\nlaser\n* cardboard"), 2)
V1 = TestVersion("v1", "t1", "Onboarding", 1, 70, 600, (Q1, Q2), active=True)
RIGHT = [Answer("q1", frozenset({"1"}), 4000), Answer("q2", frozenset({"1", "3"}), 9000)]


@pytest.fixture
def uow():
    return FakeUnitOfWork([V1])


def test_a_candidate_starts_the_active_version_and_resumes_it_while_open(uow):
    attempt, version, created = service.start_attempt(uow, "w1", POLICY, T0)
    assert created and version.id == "v1" and attempt.deadline == T0 + timedelta(seconds=600)
    again, _, created_again = service.start_attempt(uow, "w1", POLICY, T0 + timedelta(minutes=3))
    assert again.id == attempt.id and not created_again


def test_no_active_version_is_a_not_found():
    with pytest.raises(NoActiveTest):
        service.start_attempt(FakeUnitOfWork([]), "w1", POLICY, T0)


def test_a_submission_is_scored_and_its_event_reaches_the_outbox_without_the_use_case_publishing(uow):
    attempt, _, _ = service.start_attempt(uow, "w1", POLICY, T0)
    done, _ = service.submit_answers(uow, attempt.id, "w1", RIGHT, T0 + timedelta(minutes=5))
    assert (done.score, done.max_score, done.passed) == (5, 5, True)
    [event] = uow.outbox_events
    assert event.type == "worker.test_completed" and event.subject == "w1"
    assert event.data == {"attempt_id": attempt.id, "worker_id": "w1", "test_id": "t1", "test_version": 1,
                          "score": 5, "max_score": 5, "pass_mark": 70, "passed": True,
                          "completed_at": "2026-11-20T09:05:00Z"}


def test_a_refused_submission_writes_nothing(uow):
    attempt, _, _ = service.start_attempt(uow, "w1", POLICY, T0)
    with pytest.raises(InvalidAnswer):
        service.submit_answers(uow, attempt.id, "w1", [Answer("q1", frozenset({"1", "2"}))], T0)
    assert uow.outbox_events == [] and uow.committed[attempt.id].status is AttemptStatus.IN_PROGRESS
    with pytest.raises(NotFound):  # another candidate's attempt does not exist for this one
        service.submit_answers(uow, attempt.id, "w2", RIGHT, T0)


def test_a_late_submission_is_refused_the_attempt_expires_and_no_event_is_written(uow):
    attempt, _, _ = service.start_attempt(uow, "w1", POLICY, T0)
    with pytest.raises(AttemptExpired):
        service.submit_answers(uow, attempt.id, "w1", RIGHT, T0 + timedelta(minutes=11))
    assert uow.committed[attempt.id].status is AttemptStatus.EXPIRED and uow.outbox_events == []


def test_a_failed_candidate_retakes_after_the_cool_down_and_a_passed_one_never(uow):
    first, _, _ = service.start_attempt(uow, "w1", POLICY, T0)
    service.submit_answers(uow, first.id, "w1", RIGHT[:1], T0 + timedelta(minutes=2))
    with pytest.raises(CoolingDown):
        service.start_attempt(uow, "w1", POLICY, T0 + timedelta(minutes=61))
    second, _, created = service.start_attempt(uow, "w1", POLICY, T0 + timedelta(minutes=62))
    assert created and second.id != first.id
    service.submit_answers(uow, second.id, "w1", RIGHT, T0 + timedelta(minutes=63))
    with pytest.raises(AlreadyPassed):
        service.start_attempt(uow, "w1", POLICY, T0 + timedelta(days=2))


def test_follow_ups_export_every_answer_once_and_notify_once_postponing_while_worker_profile_is_down(uow):
    attempt, _, _ = service.start_attempt(uow, "w1", POLICY, T0)
    service.submit_answers(uow, attempt.id, "w1", RIGHT, T0 + timedelta(minutes=5))
    store = FakeAnswerStore()
    store.fail = True
    with pytest.raises(ConnectionError):
        service.export_answers(uow, store, T0)
    store.fail = False
    assert service.export_answers(uow, store, T0) == 1 and service.export_answers(uow, store, T0) == 0
    assert sorted((r.question_id, r.correct, r.time_spent_ms) for r in store.rows) == [("q1", True, 4000),
                                                                                       ("q2", True, 9000)]
    directory = FakeDirectory({"w1": Contact("vasya@workers.example", "Vasya", "ru")})
    directory.down = True
    assert service.notify_candidates(uow, directory, T0) == 0 and uow.tries[attempt.id] == 1
    directory.down = False
    assert service.notify_candidates(uow, directory, T0 + timedelta(seconds=1)) == 0  # backoff not over yet
    assert service.notify_candidates(uow, directory, T0 + timedelta(seconds=6)) == 1
    assert service.notify_candidates(uow, directory, T0 + timedelta(minutes=1)) == 0
    notice = uow.outbox_events[-1]
    assert notice.type == "notification.worker-testing.completed" and notice.data["locale"] == "ru"
    assert notice.data["recipient"] == {"id": "w1", "role": "worker", "email": "vasya@workers.example"}


def test_statistics_cover_every_question_of_the_version(uow):
    store = FakeAnswerStore()
    for worker in ("w1", "w2", "w3"):
        attempt, _, _ = service.start_attempt(uow, worker, POLICY, T0)
        answers = RIGHT if worker != "w3" else [Answer("q1", frozenset({"2"}), 1000)]
        service.submit_answers(uow, attempt.id, worker, answers, T0 + timedelta(minutes=1))
    service.export_answers(uow, store, T0)
    _, reports = service.question_statistics(uow, store, "t1", 1)
    assert [(r.question_id, r.answers, round(r.share_correct, 2)) for r in reports] == [("q1", 3, 0.67),
                                                                                       ("q2", 3, 0.67)]
    with pytest.raises(NotFound):
        service.question_statistics(uow, store, "t1", 2)
