"""worker-testing's rules at their edges, the expected answers written from the rules (the domain's docstring, the
API's documented limits: weights 1..100, a time limit of 30 s..4 h, a pass mark 0..100 %, 5 s of grace, the
cool-down), never computed with the code: each refusal names its field or question and says why."""
import uuid
from datetime import datetime, timedelta, timezone

import pytest

from mcf.worker_testing.domain import (
    AlreadyPassed,
    Answer,
    Attempt,
    AttemptExpired,
    AttemptFinished,
    AttemptStatus,
    CoolingDown,
    InvalidAnswer,
    InvalidTest,
    Option,
    Question,
    QuestionKind,
    RetakePolicy,
    ScoredAnswer,
    TestVersion,
    may_start,
    options_from_lines,
    options_to_lines,
    score_answers,
)

T0 = datetime(2026, 11, 20, 9, 0, tzinfo=timezone.utc)
DAY = RetakePolicy(timedelta(hours=24))


def single(qid="q1", weight=1, lines="* right\nwrong"):
    return Question(qid, f"question {qid}", QuestionKind.SINGLE, weight, options_from_lines(lines))


def multiple(qid="q2", weight=1, lines="* a\n* b\nc"):
    return Question(qid, f"question {qid}", QuestionKind.MULTIPLE, weight, options_from_lines(lines))


def version(*questions, pass_mark=70, limit=600):
    return TestVersion("v1", "t1", "Onboarding", 3, pass_mark, limit, tuple(questions), active=True)


def refused(error, call, detail, **extensions):
    with pytest.raises(error) as caught:
        call()
    assert caught.value.detail == detail
    assert caught.value.extensions == extensions
    return caught.value


def test_an_option_line_with_only_a_star_is_refused_and_no_text_is_no_options():
    refused(InvalidTest, lambda: options_from_lines("* a\n*  \nb"), "an option line holds no text")
    assert options_from_lines("") == () and options_from_lines(None) == ()


def test_options_are_written_back_one_a_line_with_a_star_before_the_correct_ones():
    options = (Option("1", "Catnip", True), Option("2", "Water", False))
    assert options_to_lines(options) == "* Catnip\nWater"
    assert options_from_lines(options_to_lines(options)) == options
    # only the star marks a correct option: the text itself may start with any letter
    assert options_from_lines("*Xylophone\nXmas tree") == (Option("1", "Xylophone", True),
                                                           Option("2", "Xmas tree", False))


@pytest.mark.parametrize("question, detail", [
    (Question("q9", " ", QuestionKind.SINGLE, 1, options_from_lines("* a\nb")), "a question needs a text"),
    (single("q9", weight=0), "a question's weight must be 1..100"),
    (single("q9", weight=101), "a question's weight must be 1..100"),
    (single("q9", lines="* only"), "a question needs at least two options"),
    (Question("q9", "t", QuestionKind.MULTIPLE, 1, options_from_lines("a\nb")),
     "a question needs a correct option (mark it with *)"),
    (single("q9", lines="* a\n* b"), "a single-choice question has exactly one correct option"),
])
def test_a_broken_question_is_refused_by_its_id_and_why(question, detail):
    refused(InvalidTest, question.check, detail, question_id="q9")


def test_the_weights_edges_and_a_multiple_choice_question_with_every_option_correct_are_playable():
    for question in (single(weight=1), single(weight=100), multiple(lines="* a\n* b"), single(lines="a\n* b")):
        question.check()
    assert multiple(lines="* a\nb\n* c").correct_ids == frozenset({"1", "3"})


@pytest.mark.parametrize("pass_mark, limit, detail", [
    (-1, 600, "the pass mark is a percentage, 0..100"), (101, 600, "the pass mark is a percentage, 0..100"),
    (70, 29, "the time limit must be 30..14400 seconds"), (70, 14401, "the time limit must be 30..14400 seconds")])
def test_a_version_is_refused_outside_its_limits(pass_mark, limit, detail):
    refused(InvalidTest, version(single(), pass_mark=pass_mark, limit=limit).check, detail)


def test_a_version_on_its_limits_is_playable_and_an_empty_one_is_not():
    for pass_mark, limit in ((0, 30), (100, 14400)):
        version(single(), pass_mark=pass_mark, limit=limit).check()
    refused(InvalidTest, version().check, "a version needs at least one question")
    v = version(single("q1", 2), multiple("q2", 5))
    assert v.max_score == 7 and v.question("q2").weight == 5 and v.question("nope") is None


def test_each_refused_answer_names_its_question_and_why():
    v = version(single("q1"), limit=60)
    cases = [
        ([Answer("zz", frozenset({"1"}))], "question zz is not in this test", "zz"),
        ([Answer("q1", frozenset({"1"})), Answer("q1", frozenset())], "a question is answered twice", "q1"),
        ([Answer("q1", frozenset({"3"}))], "an answer names an option the question does not have", "q1"),
        ([Answer("q1", frozenset({"1", "2"}))], "a single-choice question takes one option", "q1"),
        ([Answer("q1", frozenset({"1"}), time_spent_ms=-1)], "time_spent_ms must be 0..60000", "q1"),
        ([Answer("q1", frozenset({"1"}), time_spent_ms=60_001)], "time_spent_ms must be 0..60000", "q1"),
    ]
    for answers, detail, question_id in cases:
        refused(InvalidAnswer, lambda a=answers: score_answers(v, a), detail, question_id=question_id)


def test_scored_answers_follow_the_versions_order_with_sorted_options_and_the_time_spent():
    v = version(single("q1", 2), multiple("q2", 3), single("q3", 4), limit=60)
    scored = score_answers(v, [Answer("q2", frozenset({"2", "1"}), 60_000), Answer("q1", frozenset({"2"}), 0)])
    assert scored == (ScoredAnswer("q1", ("2",), False, 0, 0), ScoredAnswer("q2", ("1", "2"), True, 3, 60_000),
                      ScoredAnswer("q3", (), False, 0, 0))
    light = version(single("q1", 1), limit=60)
    assert score_answers(light, [Answer("q1", frozenset({"1"}))]) == (ScoredAnswer("q1", ("1",), True, 1, 0),)


def test_an_attempt_starts_with_the_versions_limit_as_its_deadline():
    attempt = Attempt.start("w1", version(single(), limit=600), T0)
    assert str(uuid.UUID(attempt.id)) == attempt.id
    assert (attempt.worker_id, attempt.version_id, attempt.test_id, attempt.test_version, attempt.started_at,
            attempt.deadline, attempt.status) == ("w1", "v1", "t1", 3, T0, T0 + timedelta(minutes=10),
                                                  AttemptStatus.IN_PROGRESS)
    assert attempt.ended_at is None
    assert Attempt.start("w1", version(single()), T0).id != attempt.id


def test_an_attempt_ends_at_its_submission_or_at_its_deadline_and_a_finished_one_takes_nothing_more():
    v = version(single(), limit=600)
    done = Attempt.start("w1", v, T0)
    done.submit(v, [Answer("q1", frozenset({"1"}))], T0 + timedelta(minutes=3))
    assert done.ended_at == T0 + timedelta(minutes=3) and (done.score, done.pass_mark) == (1, 70)
    assert done.expire_if_overdue(T0 + timedelta(days=1)) is False and done.status is AttemptStatus.COMPLETED
    refused(AttemptFinished, lambda: done.submit(v, [], T0 + timedelta(minutes=4)),
            "this attempt is already completed", attempt_status="completed")
    overdue = Attempt.start("w1", v, T0)
    assert overdue.expire_if_overdue(T0 + timedelta(seconds=605)) is False  # within the grace
    assert overdue.expire_if_overdue(T0 + timedelta(seconds=606)) is True
    assert overdue.ended_at == T0 + timedelta(minutes=10)
    refused(AttemptFinished, lambda: overdue.submit(v, [], T0), "this attempt is already expired",
            attempt_status="expired")


def test_a_late_submission_says_when_the_deadline_was():
    v = version(single(), limit=600)
    late = Attempt.start("w1", v, T0)
    refused(AttemptExpired, lambda: late.submit(v, [], T0 + timedelta(minutes=11)),
            "the time limit of this attempt has passed; the answers were not accepted",
            deadline=(T0 + timedelta(minutes=10)).isoformat())


def _ended(at, passed=False):
    attempt = Attempt.start("w1", version(single()), at - timedelta(minutes=1))
    attempt.submit(version(single()), [Answer("q1", frozenset({"1" if passed else "2"}))], at)
    return attempt


def test_the_cool_down_counts_from_the_latest_ended_attempt_and_says_when_to_come_back():
    history = [_ended(T0), _ended(T0 + timedelta(hours=2)), Attempt.start("w1", version(single()), T0)]
    error = refused(CoolingDown, lambda: may_start(history, DAY, T0 + timedelta(hours=25, minutes=30)),
                    "a retake is allowed after the cool-down",
                    retry_at=(T0 + timedelta(hours=26)).isoformat(), retry_after_seconds=30 * 60 + 1)
    assert error.extensions["retry_after_seconds"] == 1801
    may_start(history, DAY, T0 + timedelta(hours=26))
    may_start([Attempt.start("w1", version(single()), T0)], DAY, T0)  # nothing ended yet: nothing to wait for
    may_start([], DAY, T0)


def test_a_pass_is_final_whatever_came_after():
    refused(AlreadyPassed, lambda: may_start([_ended(T0, passed=True), _ended(T0 + timedelta(days=1))], DAY,
                                             T0 + timedelta(days=90)),
            "this candidate has passed the onboarding test already")
