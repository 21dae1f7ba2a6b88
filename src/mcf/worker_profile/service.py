"""worker-profile use cases: registration and login, the worker's own profile, the managers' logged reads of
personal data, the projection other services get, the contact card, ratings, status, erasure, and test results.

Each use case owns its transaction. The saved workers' domain events become worker.* events (and the notice
of a deactivation) through the unit of work's outbox on commit; no use case publishes by hand.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from mcf.kit.errors import Forbidden, NotFound
from mcf.worker_profile.domain import (
    Actor,
    Characteristics,
    EmailTaken,
    Erased,
    InvalidCredentials,
    PersonalData,
    PhoneTaken,
    RatingAdjustmentMismatch,
    RatingChange,
    TestResult,
    Worker,
    WorkerStatus,
    check_password,
    normalise_email,
)
from mcf.worker_profile.ports import AccessRecord, PasswordHasher, TokenIssuer, UnitOfWork

PERSONAL_FIELDS = ("full_name", "phone", "email", "date_of_birth", "document_number", "home_district")
CONTACT_FIELDS = ("full_name", "email")


@dataclass(frozen=True)
class Registration:
    personal: PersonalData
    password: str
    characteristics: Characteristics
    locale: str = "en"


@dataclass(frozen=True)
class Contact:
    email: str
    full_name: str
    locale: str


@dataclass(frozen=True)
class RatingPolicy:
    """Below ``deactivation_threshold`` (matching's 0..5 scale) an active worker is deactivated."""

    deactivation_threshold: float = 2.0


def _get(uow: UnitOfWork, worker_id: str) -> Worker:
    worker = uow.workers.get(worker_id)
    if worker is None:
        raise NotFound(f"worker {worker_id} does not exist")
    return worker


def _personal(uow: UnitOfWork, worker_id: str) -> Worker:
    worker = _get(uow, worker_id)
    if worker.erased:
        raise Erased(f"worker {worker_id}'s personal data was erased")
    return worker


# -- registration and login ------------------------------------------------------------------------------------

def register(uow: UnitOfWork, hasher: PasswordHasher, command: Registration, now: datetime,
             worker_id: str | None = None) -> Worker:
    """A new candidate. A taken e-mail or phone is 409 (looked up by the blind index)."""
    check_password(command.password)
    password_hash = hasher.hash(command.password)  # first, so a taken e-mail costs the same time
    worker = Worker.register(command.personal, password_hash, command.characteristics, command.locale, now,
                             worker_id=worker_id)
    with uow:
        if uow.workers.by_email(worker.personal.email) is not None:
            raise EmailTaken("a worker with this e-mail exists already", field="email")
        if uow.workers.by_phone(worker.personal.phone) is not None:
            raise PhoneTaken("a worker with this phone exists already", field="phone")
        uow.workers.add(worker)
    return worker


def log_in(uow: UnitOfWork, hasher: PasswordHasher, tokens: TokenIssuer, email: str, password: str) -> str:
    """A worker token for the right password; unknown e-mail, wrong password and an erased worker are the same
    401. A hash made with older argon2 parameters is replaced while the password is at hand."""
    with uow:
        worker = uow.workers.by_email(normalise_email(email))
    stored = worker.password_hash if worker is not None else None
    if not hasher.verify(stored, password) or worker is None:
        raise InvalidCredentials("the e-mail or the password is wrong")
    if hasher.needs_rehash(stored):
        with uow:
            fresh = _get(uow, worker.id)
            fresh.password_hash = hasher.hash(password)
            fresh.version += 1
            uow.workers.save(fresh)
    return tokens.issue(worker.id)


# -- the worker's own profile ----------------------------------------------------------------------------------

def own_profile(uow: UnitOfWork, worker_id: str) -> Worker:
    with uow:
        return _personal(uow, worker_id)


@dataclass(frozen=True)
class ProfileChanges:
    """What the worker may change; None: unchanged. Personal fields change one by one."""

    full_name: str | None = None
    phone: str | None = None
    email: str | None = None
    date_of_birth: object = None
    document_number: str | None = None
    home_district: str | None = None
    toy_categories: tuple[str, ...] | None = None
    districts: tuple[str, ...] | None = None
    availability: tuple | None = None
    locale: str | None = None


def change_own_profile(uow: UnitOfWork, worker_id: str, changes: ProfileChanges, now: datetime) -> Worker:
    with uow:
        worker = _personal(uow, worker_id)
        personal = PersonalData(**{name: getattr(changes, name) if getattr(changes, name) is not None
                                   else getattr(worker.personal, name) for name in PERSONAL_FIELDS})
        c = worker.characteristics
        characteristics = Characteristics(
            changes.toy_categories if changes.toy_categories is not None else c.toy_categories,
            changes.districts if changes.districts is not None else c.districts,
            changes.availability if changes.availability is not None else c.availability)
        if normalise_email(personal.email) != worker.personal.email:
            other = uow.workers.by_email(personal.email)
            if other is not None and other.id != worker.id:
                raise EmailTaken("a worker with this e-mail exists already", field="email")
        if changes.phone is not None:
            other = uow.workers.by_phone(personal.phone)
            if other is not None and other.id != worker.id:
                raise PhoneTaken("a worker with this phone exists already", field="phone")
        if worker.change_profile(now, personal=personal, characteristics=characteristics, locale=changes.locale):
            uow.workers.save(worker)
    return worker


# -- who sees what ---------------------------------------------------------------------------------------------

def projection(uow: UnitOfWork, worker_id: str) -> tuple[Worker, list[TestResult]]:
    """The worker without personal data (what services and managers list): status, characteristics, rating,
    test results."""
    with uow:
        worker = _get(uow, worker_id)
        return worker, uow.workers.test_results(worker_id)


def read_personal(uow: UnitOfWork, worker_id: str, reader: Actor, on_behalf_of: Actor | None, purpose: str,
                  now: datetime) -> Worker:
    """A manager's read of a worker's personal data: written to the access log in the same transaction."""
    if (on_behalf_of or reader).role != "manager":
        raise Forbidden("personal data is read by the worker or by a manager")
    with uow:
        worker = _personal(uow, worker_id)
        uow.access_log.record(AccessRecord(worker_id, reader, on_behalf_of, purpose, PERSONAL_FIELDS, now))
    return worker


def contact(uow: UnitOfWork, worker_id: str, reader: Actor, now: datetime) -> Contact:
    """The contact card a service needs to write to the worker (e-mail, name, language); logged like any read
    of personal data. An unknown or erased worker has none (404)."""
    with uow:
        worker = _personal(uow, worker_id)
        uow.access_log.record(AccessRecord(worker_id, reader, None, "contact", CONTACT_FIELDS, now))
    return Contact(email=worker.personal.email, full_name=worker.personal.full_name, locale=worker.locale)


def access_log(uow: UnitOfWork, worker_id: str) -> list[AccessRecord]:
    with uow:
        _get(uow, worker_id)
        return uow.access_log.of_worker(worker_id)


# -- ratings, status, erasure ----------------------------------------------------------------------------------

def adjust_rating(uow: UnitOfWork, worker_id: str, review_id: str, delta: float, reason: str, by: Actor,
                  now: datetime, policy: RatingPolicy) -> tuple[Worker, RatingChange, bool]:
    """Apply a review's rating change once: the same review id with the same change answers the first result
    (created False); with another change it is 409 ``rating-adjustment-mismatch`` (ADR 0111)."""
    with uow:
        seen = uow.workers.rating_change(review_id)
        if seen is not None:
            seen_worker, change = seen
            if (seen_worker, change.delta, change.reason) != (worker_id, delta, reason.strip()):
                raise RatingAdjustmentMismatch(f"review {review_id} already changed a rating differently")
            return _get(uow, worker_id), change, False
        worker = _get(uow, worker_id)
        change = worker.adjust_rating(delta, reason, review_id, by, now, policy.deactivation_threshold)
        uow.workers.save(worker)
    return worker, change, True


def rating_history(uow: UnitOfWork, worker_id: str) -> tuple[Worker, list[RatingChange]]:
    with uow:
        worker = _get(uow, worker_id)
        return worker, uow.workers.rating_history(worker_id)


def change_status(uow: UnitOfWork, worker_id: str, target: WorkerStatus, reason: str, now: datetime) -> Worker:
    with uow:
        worker = _get(uow, worker_id)
        worker.change_status(target, reason, now)
        uow.workers.save(worker)
    return worker


def erase(uow: UnitOfWork, worker_id: str, now: datetime) -> Worker:
    """Erasure on request: personal data and password wiped; ratings and test results stay, anonymous."""
    with uow:
        worker = _get(uow, worker_id)
        if worker.erased:
            return worker
        worker.erase(now)
        uow.workers.save(worker)
    return worker


# -- test results (worker.test_completed) ----------------------------------------------------------------------

class UnknownWorker(NotFound):
    slug = "unknown-worker"


def record_test_result(uow: UnitOfWork, worker_id: str, result: TestResult, now: datetime) -> Worker | None:
    """Add an attempt's aggregate to the worker's results; a pass activates a candidate. A redelivered attempt
    changes nothing (None)."""
    with uow:
        worker = uow.workers.get(worker_id)
        if worker is None:
            raise UnknownWorker(f"worker {worker_id} does not exist")
        if uow.workers.test_recorded(result.attempt_id):
            return None
        worker.record_test(result, now)
        uow.workers.save(worker)
    return worker
