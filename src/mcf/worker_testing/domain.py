"""The onboarding test and a candidate's attempt at it. Pure Python: scoring, time limit and cool-down rules.

A test has versions; a version holds questions (single or multiple choice, each with a weight), a pass mark (a
percentage of the version's maximum score) and a time limit. One version is active at a time: the one candidates
take. A version that candidates have answered is frozen, so its statistics keep meaning what they meant.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import Enum

from mcf.kit.errors import Conflict, InvalidInput, NotFound

MAX_WEIGHT = 100
MAX_TIME_LIMIT_SECONDS = 4 * 3600
MIN_TIME_LIMIT_SECONDS = 30
# Network and clock slack for a submission sent just as the time runs out.
SUBMISSION_GRACE = timedelta(seconds=5)


class QuestionKind(str, Enum):
    SINGLE = "single"      # exactly one option is chosen, exactly one is correct
    MULTIPLE = "multiple"  # any set of options; the answer counts only if it is exactly the correct set


class AttemptStatus(str, Enum):
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    EXPIRED = "expired"  # the time ran out before a submission


class NoActiveTest(NotFound):
    slug = "no-active-test"


class CoolingDown(Conflict):
    slug = "cooling-down"


class AlreadyPassed(Conflict):
    slug = "already-passed"


class AttemptExpired(Conflict):
    slug = "attempt-expired"


class AttemptFinished(Conflict):
    slug = "attempt-finished"


class InvalidAnswer(InvalidInput):
    slug = "invalid-answer"


class InvalidTest(InvalidInput):
    slug = "invalid-test"


@dataclass(frozen=True)
class Option:
    id: str
    text: str
    correct: bool


def options_from_lines(text: str) -> tuple[Option, ...]:
    """Options as managers type them in the panel: one a line, a leading ``*`` marks a correct one.

    Option ids are their 1-based positions: stable because a version is frozen once answered.
    """
    options = []
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        correct = line.startswith("*")
        label = line.lstrip("*").strip()
        if not label:
            raise InvalidTest("an option line holds no text")
        options.append(Option(str(len(options) + 1), label, correct))
    return tuple(options)


def options_to_lines(options: tuple[Option, ...]) -> str:
    return "\n".join(("* " if o.correct else "") + o.text for o in options)


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    kind: QuestionKind
    weight: int
    options: tuple[Option, ...]
    position: int = 0

    def check(self) -> None:
        """The rules a question must meet before candidates see it."""
        if not self.text.strip():
            raise InvalidTest("a question needs a text", question_id=self.id)
        if not 1 <= self.weight <= MAX_WEIGHT:
            raise InvalidTest(f"a question's weight must be 1..{MAX_WEIGHT}", question_id=self.id)
        if len(self.options) < 2:
            raise InvalidTest("a question needs at least two options", question_id=self.id)
        correct = sum(o.correct for o in self.options)
        if correct == 0:
            raise InvalidTest("a question needs a correct option (mark it with *)", question_id=self.id)
        if self.kind is QuestionKind.SINGLE and correct != 1:
            raise InvalidTest("a single-choice question has exactly one correct option", question_id=self.id)

    @property
    def correct_ids(self) -> frozenset[str]:
        return frozenset(o.id for o in self.options if o.correct)

    def score(self, chosen: frozenset[str]) -> int:
        """All or nothing: the weight when the choice is exactly the correct set, else 0 (no partial credit,
        which would reward ticking every box of a multiple-choice question)."""
        return self.weight if chosen == self.correct_ids else 0


@dataclass(frozen=True)
class TestVersion:
    __test__ = False  # a domain word, not a pytest class

    id: str
    test_id: str
    title: str
    number: int
    pass_mark: int              # percent of max_score needed to pass, 0..100
    time_limit_seconds: int
    questions: tuple[Question, ...]
    active: bool = False

    @property
    def max_score(self) -> int:
        return sum(q.weight for q in self.questions)

    def check(self) -> None:
        """What activation requires: a playable version."""
        if not 0 <= self.pass_mark <= 100:
            raise InvalidTest("the pass mark is a percentage, 0..100")
        if not MIN_TIME_LIMIT_SECONDS <= self.time_limit_seconds <= MAX_TIME_LIMIT_SECONDS:
            raise InvalidTest(f"the time limit must be {MIN_TIME_LIMIT_SECONDS}..{MAX_TIME_LIMIT_SECONDS} seconds")
        if not self.questions:
            raise InvalidTest("a version needs at least one question")
        for question in self.questions:
            question.check()

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)


def passes(score: int, max_score: int, pass_mark: int) -> bool:
    """``score`` reaches ``pass_mark`` percent of ``max_score`` (integer arithmetic: no rounding at the edge)."""
    return max_score > 0 and score * 100 >= pass_mark * max_score


@dataclass(frozen=True)
class Answer:
    question_id: str
    option_ids: frozenset[str]
    time_spent_ms: int = 0


@dataclass(frozen=True)
class ScoredAnswer:
    question_id: str
    option_ids: tuple[str, ...]
    correct: bool
    points: int
    time_spent_ms: int


def score_answers(version: TestVersion, answers: list[Answer]) -> tuple[ScoredAnswer, ...]:
    """One scored answer per question of the version (an unanswered question scores 0); bad answers refused."""
    by_question: dict[str, Answer] = {}
    limit_ms = version.time_limit_seconds * 1000
    for answer in answers:
        question = version.question(answer.question_id)
        if question is None:
            raise InvalidAnswer(f"question {answer.question_id} is not in this test", question_id=answer.question_id)
        if answer.question_id in by_question:
            raise InvalidAnswer("a question is answered twice", question_id=answer.question_id)
        known = {o.id for o in question.options}
        if not answer.option_ids <= known:
            raise InvalidAnswer("an answer names an option the question does not have",
                                question_id=answer.question_id)
        if question.kind is QuestionKind.SINGLE and len(answer.option_ids) > 1:
            raise InvalidAnswer("a single-choice question takes one option", question_id=answer.question_id)
        if not 0 <= answer.time_spent_ms <= limit_ms:
            raise InvalidAnswer(f"time_spent_ms must be 0..{limit_ms}", question_id=answer.question_id)
        by_question[answer.question_id] = answer
    scored = []
    for question in version.questions:
        answer = by_question.get(question.id, Answer(question.id, frozenset()))
        points = question.score(answer.option_ids) if answer.option_ids else 0
        scored.append(ScoredAnswer(question.id, tuple(sorted(answer.option_ids)), points > 0, points,
                                   answer.time_spent_ms))
    return tuple(scored)


# Domain events: one dataclass each; events.py maps them to integration events.
@dataclass(frozen=True)
class AttemptCompleted:
    attempt_id: str
    worker_id: str
    test_id: str
    test_version: int
    score: int
    max_score: int
    pass_mark: int
    passed: bool
    completed_at: datetime


@dataclass(frozen=True)
class ResultNoticeDue:
    """The candidate is to be e-mailed the result of a completed attempt, at the address worker-profile gave
    (a fact that changes no state of the attempt: no new version)."""

    attempt: "Attempt"
    email: str
    full_name: str
    locale: str


DOMAIN_EVENTS = (AttemptCompleted, ResultNoticeDue)


@dataclass
class Attempt:
    id: str
    worker_id: str
    version_id: str
    test_id: str
    test_version: int
    started_at: datetime
    deadline: datetime
    status: AttemptStatus = AttemptStatus.IN_PROGRESS
    score: int | None = None
    max_score: int | None = None
    pass_mark: int | None = None
    passed: bool | None = None
    completed_at: datetime | None = None
    answers: tuple[ScoredAnswer, ...] = ()
    version: int = 1  # of the attempt as stored: the unit of work writes it back only at the version it read
    events: list = field(default_factory=list, repr=False, compare=False)

    @classmethod
    def start(cls, worker_id: str, version: TestVersion, now: datetime) -> "Attempt":
        return cls(id=str(uuid.uuid4()), worker_id=worker_id, version_id=version.id, test_id=version.test_id,
                   test_version=version.number, started_at=now,
                   deadline=now + timedelta(seconds=version.time_limit_seconds))

    def is_open(self, now: datetime) -> bool:
        return self.status is AttemptStatus.IN_PROGRESS and now <= self.deadline + SUBMISSION_GRACE

    @property
    def ended_at(self) -> datetime | None:
        """When the attempt stopped counting: its submission, or its deadline if it ran out."""
        if self.status is AttemptStatus.COMPLETED:
            return self.completed_at
        if self.status is AttemptStatus.EXPIRED:
            return self.deadline
        return None

    def submit(self, version: TestVersion, answers: list[Answer], now: datetime) -> None:
        if self.status is not AttemptStatus.IN_PROGRESS:
            raise AttemptFinished(f"this attempt is already {self.status.value}", attempt_status=self.status.value)
        if not self.is_open(now):
            self.status = AttemptStatus.EXPIRED
            self.version += 1
            raise AttemptExpired("the time limit of this attempt has passed; the answers were not accepted",
                                 deadline=self.deadline.isoformat())
        scored = score_answers(version, answers)
        self.answers = scored
        self.score = sum(a.points for a in scored)
        self.max_score = version.max_score
        self.pass_mark = version.pass_mark
        self.passed = passes(self.score, self.max_score, self.pass_mark)
        self.status = AttemptStatus.COMPLETED
        self.completed_at = now
        self.version += 1
        self.events.append(AttemptCompleted(
            attempt_id=self.id, worker_id=self.worker_id, test_id=self.test_id, test_version=self.test_version,
            score=self.score, max_score=self.max_score, pass_mark=self.pass_mark, passed=self.passed,
            completed_at=now))

    def expire_if_overdue(self, now: datetime) -> bool:
        if self.status is AttemptStatus.IN_PROGRESS and not self.is_open(now):
            self.status = AttemptStatus.EXPIRED
            self.version += 1
            return True
        return False

    def notice_due(self, email: str, full_name: str, locale: str) -> None:
        """Raise the candidate's result notice (a completed attempt only); saving the attempt publishes it."""
        if self.status is not AttemptStatus.COMPLETED:
            raise ValueError(f"an attempt that is {self.status.value} has no result to tell")
        self.events.append(ResultNoticeDue(replace(self, events=[]), email, full_name, locale))


@dataclass(frozen=True)
class RetakePolicy:
    cooldown: timedelta


def may_start(history: list[Attempt], policy: RetakePolicy, now: datetime) -> None:
    """Refuse a new attempt for a candidate who passed, or whose last attempt ended less than a cool-down ago."""
    if any(a.status is AttemptStatus.COMPLETED and a.passed for a in history):
        raise AlreadyPassed("this candidate has passed the onboarding test already")
    ended = [a.ended_at for a in history if a.ended_at is not None]
    if ended:
        next_allowed = max(ended) + policy.cooldown
        if now < next_allowed:
            raise CoolingDown("a retake is allowed after the cool-down", retry_at=next_allowed.isoformat(),
                              retry_after_seconds=int((next_allowed - now).total_seconds()) + 1)
