"""Scoring rules: weights, single and multiple choice, the pass mark's edges, the time limit, the cool-down."""
from datetime import datetime, timedelta, timezone

import pytest

from mcf.worker_testing.domain import (
    SUBMISSION_GRACE,
    AlreadyPassed,
    Answer,
    Attempt,
    AttemptCompleted,
    AttemptExpired,
    AttemptFinished,
    AttemptStatus,
    CoolingDown,
    InvalidAnswer,
    InvalidTest,
    Question,
    QuestionKind,
    RetakePolicy,
    TestVersion,
    may_start,
    options_from_lines,
    passes,
    score_answers,
)

T0 = datetime(2026, 11, 20, 9, 0, tzinfo=timezone.utc)


def single(qid, weight=1, lines="* right\nwrong\nalso wrong"):
    return Question(qid, f"question {qid}", QuestionKind.SINGLE, weight, options_from_lines(lines))


def multiple(qid, weight=1, lines="* a\n* b\nc"):
    return Question(qid, f"question {qid}", QuestionKind.MULTIPLE, weight, options_from_lines(lines))


def version(*questions, pass_mark=70, limit=600):
    return TestVersion("v1", "t1", "Onboarding", 1, pass_mark, limit, tuple(questions), active=True)


def test_options_are_typed_one_a_line_with_a_star_for_the_correct_ones():
    options = options_from_lines("* Catnip\n\n  Water \n*Feathers")
    assert [(o.id, o.text, o.correct) for o in options] == [("1", "Catnip", True), ("2", "Water", False),
                                                           ("3", "Feathers", True)]


def test_each_question_scores_its_weight_when_right_and_nothing_when_wrong():
    v = version(single("q1", 2), single("q2", 3), single("q3", 5))
    scored = score_answers(v, [Answer("q1", frozenset({"1"})), Answer("q2", frozenset({"2"}))])
    assert [(a.question_id, a.points, a.correct) for a in scored] == [("q1", 2, True), ("q2", 0, False),
                                                                     ("q3", 0, False)]
    assert v.max_score == 10


def test_multiple_choice_counts_only_the_exact_set_of_correct_options():
    q = multiple("q1", 4)
    assert q.score(frozenset({"1", "2"})) == 4
    assert q.score(frozenset({"1"})) == 0            # half right is wrong
    assert q.score(frozenset({"1", "2", "3"})) == 0  # ticking every box is wrong
    assert q.score(frozenset()) == 0


def test_a_single_choice_question_takes_one_option_and_answers_must_name_known_things():
    v = version(single("q1"))
    with pytest.raises(InvalidAnswer):
        score_answers(v, [Answer("q1", frozenset({"1", "2"}))])
    with pytest.raises(InvalidAnswer):
        score_answers(v, [Answer("q1", frozenset({"9"}))])
    with pytest.raises(InvalidAnswer):
        score_answers(v, [Answer("elsewhere", frozenset({"1"}))])
    with pytest.raises(InvalidAnswer):
        score_answers(v, [Answer("q1", frozenset({"1"})), Answer("q1", frozenset({"2"}))])
    with pytest.raises(InvalidAnswer):
        score_answers(v, [Answer("q1", frozenset({"1"}), time_spent_ms=600_001)])


@pytest.mark.parametrize("score, max_score, mark, expected", [
    (7, 10, 70, True), (6, 10, 70, False),      # exactly at the mark passes; one point below fails
    (2, 3, 67, False), (2, 3, 66, True),        # 66.67 %: integer arithmetic, no rounding up
    (0, 5, 0, True), (5, 5, 100, True), (4, 5, 100, False), (0, 0, 0, False)])
def test_the_pass_mark_is_a_percentage_of_the_maximum_and_its_edge_passes(score, max_score, mark, expected):
    assert passes(score, max_score, mark) is expected


def test_a_submission_in_time_is_scored_and_raises_the_completed_event():
    v = version(single("q1", 3), multiple("q2", 7), pass_mark=70)
    attempt = Attempt.start("w1", v, T0)
    attempt.submit(v, [Answer("q1", frozenset({"1"})), Answer("q2", frozenset({"1", "2"}))], T0 + timedelta(minutes=9))
    assert (attempt.status, attempt.score, attempt.max_score, attempt.passed) == (AttemptStatus.COMPLETED, 10, 10, True)
    assert attempt.events == [AttemptCompleted(attempt.id, "w1", "t1", 1, 10, 10, 70, True, T0 + timedelta(minutes=9))]


def test_the_time_limit_allows_a_few_seconds_of_grace_and_then_refuses():
    v = version(single("q1"), limit=600)
    on_time = Attempt.start("w1", v, T0)
    on_time.submit(v, [], T0 + timedelta(seconds=600) + SUBMISSION_GRACE)
    assert on_time.status is AttemptStatus.COMPLETED and on_time.score == 0
    late = Attempt.start("w2", v, T0)
    with pytest.raises(AttemptExpired):
        late.submit(v, [Answer("q1", frozenset({"1"}))], T0 + timedelta(seconds=600) + SUBMISSION_GRACE
                    + timedelta(microseconds=1))
    assert late.status is AttemptStatus.EXPIRED and late.score is None and late.events == []
    with pytest.raises(AttemptFinished):
        on_time.submit(v, [], T0 + timedelta(seconds=10))


def test_retakes_wait_for_the_cool_down_after_the_last_attempt_ended_and_a_pass_is_final():
    v = version(single("q1"))
    policy = RetakePolicy(timedelta(hours=24))
    failed = Attempt.start("w1", v, T0)
    failed.submit(v, [], T0 + timedelta(minutes=5))
    with pytest.raises(CoolingDown) as refused:
        may_start([failed], policy, T0 + timedelta(minutes=5, hours=23, seconds=59))
    assert refused.value.extensions["retry_at"] == (T0 + timedelta(minutes=5, hours=24)).isoformat()
    may_start([failed], policy, T0 + timedelta(minutes=5, hours=24))  # exactly at the end: allowed
    expired = Attempt.start("w1", v, T0)
    expired.expire_if_overdue(T0 + timedelta(hours=1))
    with pytest.raises(CoolingDown):  # an expired attempt ended at its deadline
        may_start([expired], policy, T0 + timedelta(seconds=600 + 3600))
    passed = Attempt.start("w1", v, T0)
    passed.submit(v, [Answer("q1", frozenset({"1"}))], T0 + timedelta(minutes=1))
    with pytest.raises(AlreadyPassed):
        may_start([passed], policy, T0 + timedelta(days=30))


@pytest.mark.parametrize("question", [
    Question("q", "text", QuestionKind.SINGLE, 1, options_from_lines("* only one option")),
    Question("q", "text", QuestionKind.SINGLE, 1, options_from_lines("* a\n* b")),
    Question("q", "text", QuestionKind.MULTIPLE, 1, options_from_lines("a\nb")),
    Question("q", "text", QuestionKind.SINGLE, 0, options_from_lines("* a\nb")),
    Question("q", " ", QuestionKind.SINGLE, 1, options_from_lines("* a\nb")),
])
def test_a_version_with_a_broken_question_cannot_be_activated(question):
    with pytest.raises(InvalidTest):
        version(question).check()


def test_a_version_needs_questions_a_sane_pass_mark_and_time_limit():
    with pytest.raises(InvalidTest):
        version().check()
    with pytest.raises(InvalidTest):
        version(single("q1"), pass_mark=101).check()
    with pytest.raises(InvalidTest):
        version(single("q1"), limit=10).check()
    version(single("q1"), multiple("q2")).check()
