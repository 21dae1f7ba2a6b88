"""A worker as worker-profile knows them: personal data, characteristics, status, rating and test results.

Pure Python. The personal data (``PersonalData``) lives only here and in worker-profile's database, encrypted
field by field (adapters/crypto.py); nothing else in the system ever sees it except through the contact card
and the managers' logged reads. Characteristics, status, rating and test results are not personal data: they go
to other services (events, the projection).

Lifecycle: candidate -> active (passed the onboarding test) -> suspended (a manager's hold) -> deactivated
(a manager, the rating below the threshold, or an erasure). ``TRANSITIONS`` is the one table of allowed moves.
"""
from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import Enum

from mcf.kit.errors import Conflict, InvalidInput, NotFound, Unauthorized
from mcf.kit.values import TOY_CATEGORIES, normalise_email  # noqa: F401 - the marketplace's e-mail rule

# Matching's scale (mcf.matching.domain.MAX_RATING): 0..5. A new worker starts in the middle of it.
MAX_RATING = 5.0
INITIAL_RATING = 3.0
MAX_DELTA = MAX_RATING
# The most one review may move a rating through the API, either way (quality's MAX_DELTA; ADR 0111).
MAX_REVIEW_DELTA = 1.0
LOCALES = ("en", "ru")
HHMM = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MIN_PASSWORD_LENGTH = 10


class WorkerStatus(str, Enum):
    CANDIDATE = "candidate"
    ACTIVE = "active"
    SUSPENDED = "suspended"
    DEACTIVATED = "deactivated"


TRANSITIONS: dict[WorkerStatus, frozenset[WorkerStatus]] = {
    WorkerStatus.CANDIDATE: frozenset({WorkerStatus.ACTIVE, WorkerStatus.DEACTIVATED}),
    WorkerStatus.ACTIVE: frozenset({WorkerStatus.SUSPENDED, WorkerStatus.DEACTIVATED}),
    WorkerStatus.SUSPENDED: frozenset({WorkerStatus.ACTIVE, WorkerStatus.DEACTIVATED}),
    WorkerStatus.DEACTIVATED: frozenset(),
}


class IllegalTransition(Conflict):
    slug = "illegal-transition"


class EmailTaken(Conflict):
    slug = "email-taken"


class PhoneTaken(Conflict):
    slug = "phone-taken"


class UnderAge(Conflict):
    """Workers are adults: a rule of the clock (today's date), which no schema can say, so a 409 of its own
    (ADR 0051), not a 422."""

    slug = "under-age"


class InvalidCredentials(Unauthorized):
    slug = "invalid-credentials"


class RatingAdjustmentMismatch(Conflict):
    """The same review id came with another adjustment than the first time (the contract of ADR 0111)."""

    slug = "rating-adjustment-mismatch"


class Erased(NotFound):
    slug = "erased"


def normalise_phone(phone: str) -> str:
    """Digits only, with a leading + kept: ``+7 (916) 123-45-67`` and ``+79161234567`` are one phone."""
    raw = (phone or "").strip()
    digits = re.sub(r"[^0-9]", "", raw)
    return ("+" if raw.startswith("+") else "") + digits


@dataclass(frozen=True)
class Window:
    """A weekly availability window, Moscow time; weekday 0 = Monday; ``end`` may be 24:00."""

    weekday: int
    start: str
    end: str

    def check(self) -> None:
        if not 0 <= self.weekday <= 6:
            raise InvalidInput("weekday is 0 (Monday) .. 6", field="availability")
        if not (HHMM.match(self.start) and HHMM.match(self.end)) or self.start == "24:00":
            raise InvalidInput("times are HH:MM, 00:00..24:00", field="availability")
        if self.end <= self.start:
            raise InvalidInput("a window ends after it starts", field="availability")

    def to_dict(self) -> dict:
        return {"weekday": self.weekday, "start": self.start, "end": self.end}


@dataclass(frozen=True)
class PersonalData:
    """Personal data: encrypted at rest, never in logs or events."""

    full_name: str
    phone: str
    email: str
    date_of_birth: date
    document_number: str
    home_district: str

    def normalised(self) -> "PersonalData":
        return replace(self, full_name=self.full_name.strip(), email=normalise_email(self.email),
                       phone=normalise_phone(self.phone), document_number=self.document_number.strip(),
                       home_district=self.home_district.strip())

    def check(self, today: date) -> None:
        if not self.full_name:
            raise InvalidInput("a full name is needed", field="full_name")
        if not EMAIL.match(self.email):
            raise InvalidInput("not an e-mail address", field="email")
        if len(self.phone.lstrip("+")) < 7:
            raise InvalidInput("a phone number has at least 7 digits", field="phone")
        if not self.document_number:
            raise InvalidInput("an identity document number is needed", field="document_number")
        if not self.home_district:
            raise InvalidInput("a home district is needed", field="home_district")
        age = today.year - self.date_of_birth.year - ((today.month, today.day) <
                                                      (self.date_of_birth.month, self.date_of_birth.day))
        if age < 18:
            raise UnderAge("workers are adults (18 or older)", field="date_of_birth")


@dataclass(frozen=True)
class Characteristics:
    toy_categories: tuple[str, ...]
    districts: tuple[str, ...]
    availability: tuple[Window, ...]

    def check(self) -> None:
        unknown = sorted(set(self.toy_categories) - set(TOY_CATEGORIES))
        if unknown:
            raise InvalidInput(f"unknown toy categories: {', '.join(unknown)}", field="toy_categories")
        if any(not d.strip() for d in self.districts):
            raise InvalidInput("a district has a name", field="districts")
        for window in self.availability:
            window.check()

    def normalised(self) -> "Characteristics":
        return Characteristics(tuple(sorted(set(self.toy_categories))),
                               tuple(dict.fromkeys(d.strip() for d in self.districts)),
                               tuple(sorted(set(self.availability), key=lambda w: (w.weekday, w.start, w.end))))


@dataclass(frozen=True)
class Actor:
    """Who did something: a role and an id (a manager's id, ``worker-testing``, ``system``)."""

    role: str
    id: str


SYSTEM = Actor("system", "worker-profile")


@dataclass(frozen=True)
class RatingChange:
    """One line of the rating's history: who, when, why, which review, from what to what."""

    review_id: str | None
    delta: float
    reason: str
    by: Actor
    at: datetime
    rating_before: float
    rating_after: float


@dataclass(frozen=True)
class TestResult:
    __test__ = False  # a domain word, not a pytest class

    attempt_id: str
    test_id: str
    test_version: int
    score: int
    max_score: int
    pass_mark: int
    passed: bool
    completed_at: datetime

    @property
    def percent(self) -> float:
        return round(self.score * 100 / self.max_score, 1) if self.max_score else 0.0


@dataclass(frozen=True)
class TestSummary:
    """The aggregate of a worker's attempts (what the profile shows and matching's ``test_score``)."""

    __test__ = False

    attempts: int = 0
    passed: bool = False
    best_percent: float = 0.0
    last_completed_at: datetime | None = None

    def with_result(self, result: TestResult) -> "TestSummary":
        return TestSummary(attempts=self.attempts + 1, passed=self.passed or result.passed,
                           best_percent=max(self.best_percent, result.percent),
                           last_completed_at=max(filter(None, (self.last_completed_at, result.completed_at))))


# -- domain events: one class each; events.py maps them. Each carries the worker as it was left. ----------------
@dataclass(frozen=True)
class WorkerRegistered:
    worker: "Worker"


@dataclass(frozen=True)
class WorkerActivated:
    worker: "Worker"


@dataclass(frozen=True)
class WorkerProfileChanged:
    worker: "Worker"


@dataclass(frozen=True)
class WorkerRatingChanged:
    worker: "Worker"
    change: RatingChange


@dataclass(frozen=True)
class WorkerDeactivated:
    worker: "Worker"
    reason: str


@dataclass(frozen=True)
class WorkerSuspended:
    worker: "Worker"
    reason: str


@dataclass
class Worker:
    id: str
    status: WorkerStatus
    personal: PersonalData | None          # None once erased
    password_hash: str | None
    characteristics: Characteristics
    locale: str
    registered_at: datetime
    updated_at: datetime
    rating: float = INITIAL_RATING
    tests: TestSummary = TestSummary()
    erased_at: datetime | None = None
    version: int = 1
    # What this unit of work added (stored by the repository next to the worker).
    new_rating_changes: list = field(default_factory=list, repr=False, compare=False)
    new_test_results: list = field(default_factory=list, repr=False, compare=False)
    events: list = field(default_factory=list, repr=False, compare=False)

    @classmethod
    def register(cls, personal: PersonalData, password_hash: str, characteristics: Characteristics, locale: str,
                 now: datetime, worker_id: str | None = None) -> "Worker":
        personal, characteristics = personal.normalised(), characteristics.normalised()
        personal.check(now.date())
        characteristics.check()
        if locale not in LOCALES:
            raise InvalidInput(f"locale is one of {', '.join(LOCALES)}", field="locale")
        worker = cls(id=worker_id or str(uuid.uuid4()), status=WorkerStatus.CANDIDATE, personal=personal,
                     password_hash=password_hash, characteristics=characteristics, locale=locale,
                     registered_at=now, updated_at=now)
        worker.events.append(WorkerRegistered(worker.snapshot()))
        return worker

    def snapshot(self) -> "Worker":
        """A copy for an event: the worker as this change left it (later changes do not reach it)."""
        return replace(self, new_rating_changes=[], new_test_results=[], events=[])

    @property
    def erased(self) -> bool:
        return self.erased_at is not None

    def _bump(self, now: datetime) -> None:
        self.version += 1
        self.updated_at = now

    def _move(self, target: WorkerStatus) -> None:
        if target not in TRANSITIONS[self.status]:
            raise IllegalTransition(f"a {self.status.value} worker cannot become {target.value}",
                                    requested=target.value)
        self.status = target

    def _alive(self) -> None:
        if self.erased:
            raise Erased(f"worker {self.id}'s personal data was erased")

    def change_profile(self, now: datetime, *, personal: PersonalData | None = None,
                       characteristics: Characteristics | None = None, locale: str | None = None) -> bool:
        """Apply what the worker changed; False (nothing recorded) if nothing did."""
        self._alive()
        new_personal = personal.normalised() if personal is not None else self.personal
        new_characteristics = characteristics.normalised() if characteristics is not None else self.characteristics
        new_personal.check(now.date())
        new_characteristics.check()
        new_locale = locale or self.locale
        if new_locale not in LOCALES:
            raise InvalidInput(f"locale is one of {', '.join(LOCALES)}", field="locale")
        if (new_personal, new_characteristics, new_locale) == (self.personal, self.characteristics, self.locale):
            return False
        self.personal, self.characteristics, self.locale = new_personal, new_characteristics, new_locale
        self._bump(now)
        self.events.append(WorkerProfileChanged(self.snapshot()))
        return True

    def record_test(self, result: TestResult, now: datetime) -> bool:
        """Add a completed attempt's aggregate; a pass activates a candidate. False if already recorded."""
        if result.attempt_id in {r.attempt_id for r in self.new_test_results}:
            return False
        self.tests = self.tests.with_result(result)
        self.new_test_results.append(result)
        self._bump(now)
        if result.passed and self.status is WorkerStatus.CANDIDATE and not self.erased:
            self._move(WorkerStatus.ACTIVE)
            self.events.append(WorkerActivated(self.snapshot()))
        else:
            self.events.append(WorkerProfileChanged(self.snapshot()))
        return True

    def adjust_rating(self, delta: float, reason: str, review_id: str | None, by: Actor, now: datetime,
                      threshold: float) -> RatingChange:
        """Move the rating by ``delta`` (clamped to 0..MAX_RATING); below ``threshold`` an active or suspended
        worker is deactivated."""
        if not -MAX_DELTA <= delta <= MAX_DELTA or delta == 0:
            raise InvalidInput(f"delta is a non-zero number in -{MAX_DELTA}..{MAX_DELTA}", field="delta")
        if not reason.strip():
            raise InvalidInput("a rating change needs a reason", field="reason")
        before = self.rating
        after = round(min(max(before + delta, 0.0), MAX_RATING), 2)
        change = RatingChange(review_id=review_id, delta=delta, reason=reason.strip(), by=by, at=now,
                              rating_before=before, rating_after=after)
        self.rating = after
        self.new_rating_changes.append(change)
        self._bump(now)
        self.events.append(WorkerRatingChanged(self.snapshot(), change))
        if after < threshold and self.status in (WorkerStatus.ACTIVE, WorkerStatus.SUSPENDED):
            self._move(WorkerStatus.DEACTIVATED)
            self._bump(now)
            self.events.append(WorkerDeactivated(self.snapshot(), "rating_below_threshold"))
        return change

    def change_status(self, target: WorkerStatus, reason: str, now: datetime) -> None:
        """A manager's move: suspend, reactivate or deactivate (the lifecycle table decides)."""
        if target is WorkerStatus.CANDIDATE:
            raise IllegalTransition("nobody becomes a candidate again", requested=target.value)
        if target is WorkerStatus.ACTIVE and self.status is WorkerStatus.CANDIDATE:
            raise IllegalTransition("a candidate becomes active by passing the onboarding test",
                                    requested=target.value)
        self._move(target)
        self._bump(now)
        if target is WorkerStatus.ACTIVE:
            self.events.append(WorkerActivated(self.snapshot()))
        elif target is WorkerStatus.SUSPENDED:
            self.events.append(WorkerSuspended(self.snapshot(), reason))
        else:
            self.events.append(WorkerDeactivated(self.snapshot(), reason))

    def erase(self, now: datetime) -> None:
        """Wipe the personal data and the password; the anonymous history (ratings, test results) stays."""
        self._alive()
        was = self.status
        if was is not WorkerStatus.DEACTIVATED:
            self._move(WorkerStatus.DEACTIVATED)
        self.personal, self.password_hash, self.erased_at = None, None, now
        self._bump(now)
        if was is not WorkerStatus.DEACTIVATED:
            self.events.append(WorkerDeactivated(self.snapshot(), "erased"))

    @property
    def test_score(self) -> float:
        return self.tests.best_percent


def check_password(password: str) -> None:
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise InvalidInput(f"a password has at least {MIN_PASSWORD_LENGTH} characters", field="password")
