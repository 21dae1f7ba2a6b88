"""Workers in PostgreSQL through peewee, their personal data encrypted field by field.

- ``workers``: one row per worker. Each personal field is two columns: ``<field>`` (bytea: nonce || AES-GCM
  ciphertext and tag) and ``<field>_key`` (the id of the key that encrypted it). ``email_index`` and
  ``phone_index`` are the keyed blind indexes (HMAC-SHA256) the lookups and the uniqueness go through. An
  erased worker has all of them NULL. Status, characteristics, rating and the test summary are plain columns.
- ``rating_changes``: the rating's history, append-only; ``review_id`` unique (the idempotency of a review).
- ``test_results``: one row per completed attempt (``attempt_id`` is the key: a redelivery adds nothing).
- ``pii_access_log``: every read of personal data by someone other than the worker.

The repository encrypts in ``to_row`` and decrypts in ``to_aggregate``; nothing outside it sees ciphertext.
"""
from __future__ import annotations

import json
from datetime import date, datetime, timezone

import peewee
from playhouse.postgres_ext import ArrayField, BinaryJSONField

from mcf.kit import db
from mcf.kit.db import Migration, PeeweeUnitOfWork
from mcf.kit.login_throttle import THROTTLE_MIGRATION
from mcf.kit.values import is_uuid
from mcf.worker_profile import events
from mcf.worker_profile.adapters.crypto import FieldCipher
from mcf.worker_profile.domain import (
    Actor,
    Characteristics,
    EmailTaken,
    PersonalData,
    PhoneTaken,
    RatingChange,
    TestResult,
    TestSummary,
    Window,
    Worker,
    WorkerStatus,
    normalise_email,
    normalise_phone,
)
from mcf.worker_profile.ports import AccessRecord

ENCRYPTED_FIELDS = ("full_name", "phone", "email", "date_of_birth", "document_number", "home_district")


def _encrypted_columns() -> str:
    return "\n".join(f"            {name} bytea, {name}_key text, CHECK (({name} IS NULL) = ({name}_key IS NULL)),"
                     for name in ENCRYPTED_FIELDS)


MIGRATIONS = (
    THROTTLE_MIGRATION,
    Migration("worker-profile:0001_workers", f"""
        CREATE TABLE workers (
            id uuid PRIMARY KEY,
            status text NOT NULL CHECK (status IN ('candidate', 'active', 'suspended', 'deactivated')),
            version integer NOT NULL,
            locale text NOT NULL DEFAULT 'en',
{_encrypted_columns()}
            email_index bytea UNIQUE,
            phone_index bytea UNIQUE,
            password_hash text,
            toy_categories text[] NOT NULL DEFAULT '{{}}',
            districts text[] NOT NULL DEFAULT '{{}}',
            availability jsonb NOT NULL DEFAULT '[]',
            rating double precision NOT NULL CHECK (rating BETWEEN 0 AND 5),
            test_attempts integer NOT NULL DEFAULT 0,
            test_passed boolean NOT NULL DEFAULT false,
            test_best_percent double precision NOT NULL DEFAULT 0,
            test_last_at timestamptz,
            registered_at timestamptz NOT NULL,
            updated_at timestamptz NOT NULL,
            erased_at timestamptz
        );
        CREATE TABLE rating_changes (
            id bigserial PRIMARY KEY,
            worker_id uuid NOT NULL REFERENCES workers (id),
            review_id text UNIQUE,
            delta double precision NOT NULL,
            reason text NOT NULL,
            by_role text NOT NULL,
            by_id text NOT NULL,
            at timestamptz NOT NULL,
            rating_before double precision NOT NULL,
            rating_after double precision NOT NULL
        );
        CREATE INDEX rating_changes_worker ON rating_changes (worker_id, id);
        CREATE TABLE test_results (
            attempt_id uuid PRIMARY KEY,
            worker_id uuid NOT NULL REFERENCES workers (id),
            test_id uuid NOT NULL,
            test_version integer NOT NULL,
            score integer NOT NULL,
            max_score integer NOT NULL,
            pass_mark integer NOT NULL,
            passed boolean NOT NULL,
            completed_at timestamptz NOT NULL
        );
        CREATE INDEX test_results_worker ON test_results (worker_id, completed_at);
        CREATE TABLE pii_access_log (
            id bigserial PRIMARY KEY,
            worker_id uuid NOT NULL,
            reader_role text NOT NULL,
            reader_id text NOT NULL,
            on_behalf_of_role text,
            on_behalf_of_id text,
            purpose text NOT NULL,
            fields text[] NOT NULL,
            at timestamptz NOT NULL
        );
        CREATE INDEX pii_access_log_worker ON pii_access_log (worker_id, id);
    """),
)


class WorkerRow(peewee.Model):
    id = peewee.UUIDField(primary_key=True)
    status = peewee.TextField()
    version = peewee.IntegerField()
    locale = peewee.TextField()
    full_name = peewee.BlobField(null=True)
    full_name_key = peewee.TextField(null=True)
    phone = peewee.BlobField(null=True)
    phone_key = peewee.TextField(null=True)
    email = peewee.BlobField(null=True)
    email_key = peewee.TextField(null=True)
    date_of_birth = peewee.BlobField(null=True)
    date_of_birth_key = peewee.TextField(null=True)
    document_number = peewee.BlobField(null=True)
    document_number_key = peewee.TextField(null=True)
    home_district = peewee.BlobField(null=True)
    home_district_key = peewee.TextField(null=True)
    email_index = peewee.BlobField(null=True)
    phone_index = peewee.BlobField(null=True)
    password_hash = peewee.TextField(null=True)
    toy_categories = ArrayField(peewee.TextField)
    districts = ArrayField(peewee.TextField)
    availability = BinaryJSONField()
    rating = peewee.DoubleField()
    test_attempts = peewee.IntegerField()
    test_passed = peewee.BooleanField()
    test_best_percent = peewee.DoubleField()
    test_last_at = peewee.DateTimeField(null=True)
    registered_at = peewee.DateTimeField()
    updated_at = peewee.DateTimeField()
    erased_at = peewee.DateTimeField(null=True)

    class Meta:
        table_name = "workers"


class RatingChangeRow(peewee.Model):
    id = peewee.BigAutoField(primary_key=True)
    worker_id = peewee.UUIDField()
    review_id = peewee.TextField(null=True)
    delta = peewee.DoubleField()
    reason = peewee.TextField()
    by_role = peewee.TextField()
    by_id = peewee.TextField()
    at = peewee.DateTimeField()
    rating_before = peewee.DoubleField()
    rating_after = peewee.DoubleField()

    class Meta:
        table_name = "rating_changes"


class TestResultRow(peewee.Model):
    __test__ = False
    attempt_id = peewee.UUIDField(primary_key=True)
    worker_id = peewee.UUIDField()
    test_id = peewee.UUIDField()
    test_version = peewee.IntegerField()
    score = peewee.IntegerField()
    max_score = peewee.IntegerField()
    pass_mark = peewee.IntegerField()
    passed = peewee.BooleanField()
    completed_at = peewee.DateTimeField()

    class Meta:
        table_name = "test_results"


class AccessLogRow(peewee.Model):
    id = peewee.BigAutoField(primary_key=True)
    worker_id = peewee.UUIDField()
    reader_role = peewee.TextField()
    reader_id = peewee.TextField()
    on_behalf_of_role = peewee.TextField(null=True)
    on_behalf_of_id = peewee.TextField(null=True)
    purpose = peewee.TextField()
    fields = ArrayField(peewee.TextField)
    at = peewee.DateTimeField()

    class Meta:
        table_name = "pii_access_log"


def _utc(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)


def _plain(value) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


def encrypted_values(cipher: FieldCipher, worker_id: str, personal: PersonalData | None) -> dict:
    """The encrypted columns and blind indexes of a worker's personal data (all NULL once erased)."""
    if personal is None:
        out = {name: None for name in ENCRYPTED_FIELDS}
        out.update({f"{name}_key": None for name in ENCRYPTED_FIELDS})
        return {**out, "email_index": None, "phone_index": None}
    out = {}
    for name in ENCRYPTED_FIELDS:
        key_id, blob = cipher.encrypt(worker_id, name, _plain(getattr(personal, name)))
        out[name], out[f"{name}_key"] = blob, key_id
    out["email_index"] = cipher.blind_index("email", normalise_email(personal.email))
    out["phone_index"] = cipher.blind_index("phone", normalise_phone(personal.phone))
    return out


def decrypted_personal(cipher: FieldCipher, row) -> PersonalData | None:
    if row.email is None:
        return None
    worker_id = str(row.id)
    values = {name: cipher.decrypt(worker_id, name, getattr(row, f"{name}_key"), getattr(row, name))
              for name in ENCRYPTED_FIELDS}
    values["date_of_birth"] = date.fromisoformat(values["date_of_birth"])
    return PersonalData(**values)


class PeeweeWorkers(db.PeeweeRepository):
    model = WorkerRow

    def __init__(self, database: peewee.Database, cipher: FieldCipher):
        super().__init__(database)
        self.cipher = cipher
        self.changes = db.bound(RatingChangeRow, database)
        self.results = db.bound(TestResultRow, database)

    def to_row(self, worker: Worker) -> dict:
        c = worker.characteristics
        return {
            "id": worker.id, "status": worker.status.value, "version": worker.version, "locale": worker.locale,
            **encrypted_values(self.cipher, worker.id, worker.personal),
            "password_hash": worker.password_hash, "toy_categories": list(c.toy_categories),
            "districts": list(c.districts), "availability": [w.to_dict() for w in c.availability],
            "rating": worker.rating, "test_attempts": worker.tests.attempts, "test_passed": worker.tests.passed,
            "test_best_percent": worker.tests.best_percent, "test_last_at": worker.tests.last_completed_at,
            "registered_at": worker.registered_at, "updated_at": worker.updated_at, "erased_at": worker.erased_at,
        }

    def to_aggregate(self, row) -> Worker:
        availability = row.availability if not isinstance(row.availability, str) else json.loads(row.availability)
        return Worker(
            id=str(row.id), status=WorkerStatus(row.status), personal=decrypted_personal(self.cipher, row),
            password_hash=row.password_hash,
            characteristics=Characteristics(tuple(row.toy_categories), tuple(row.districts),
                                            tuple(Window(w["weekday"], w["start"], w["end"]) for w in availability)),
            locale=row.locale, registered_at=_utc(row.registered_at), updated_at=_utc(row.updated_at),
            rating=row.rating, tests=TestSummary(row.test_attempts, row.test_passed, row.test_best_percent,
                                                 _utc(row.test_last_at)),
            erased_at=_utc(row.erased_at), version=row.version)

    def _insert(self, worker: Worker) -> bool:
        try:
            with self.database.atomic():
                self.rows.insert(**self.to_row(worker)).execute()
        except peewee.IntegrityError as exc:
            if "workers_pkey" in str(exc):
                return False
            raise self._taken(exc) from None
        self._children(worker)
        return True

    def _update(self, worker: Worker, expected_version: int) -> bool:
        try:
            with self.database.atomic():
                updated = super()._update(worker, expected_version)
        except peewee.IntegrityError as exc:
            raise self._taken(exc) from None
        if updated:
            self._children(worker)
        return updated

    @staticmethod
    def _taken(exc: Exception) -> Exception:
        if "phone_index" in str(exc):
            return PhoneTaken("a worker with this phone exists already", field="phone")
        return EmailTaken("a worker with this e-mail exists already", field="email")

    def _children(self, worker: Worker) -> None:
        for change in worker.new_rating_changes:
            self.changes.insert(worker_id=worker.id, review_id=change.review_id, delta=change.delta,
                                reason=change.reason, by_role=change.by.role, by_id=change.by.id, at=change.at,
                                rating_before=change.rating_before, rating_after=change.rating_after).execute()
        for result in worker.new_test_results:
            self.results.insert(worker_id=worker.id, **{k: getattr(result, k) for k in (
                "attempt_id", "test_id", "test_version", "score", "max_score", "pass_mark", "passed",
                "completed_at")}).on_conflict_ignore().execute()
        worker.new_rating_changes.clear()
        worker.new_test_results.clear()

    def get(self, worker_id: str) -> Worker | None:
        if not is_uuid(worker_id):
            return None
        return self._one(self.rows.select().where(self.rows.id == worker_id))

    def by_email(self, email: str) -> Worker | None:
        digest = self.cipher.blind_index("email", normalise_email(email))
        return self._one(self.rows.select().where(self.rows.email_index == digest))

    def by_phone(self, phone: str) -> Worker | None:
        digest = self.cipher.blind_index("phone", normalise_phone(phone))
        return self._one(self.rows.select().where(self.rows.phone_index == digest))

    @staticmethod
    def _change(row) -> RatingChange:
        return RatingChange(review_id=row.review_id, delta=row.delta, reason=row.reason,
                            by=Actor(row.by_role, row.by_id), at=_utc(row.at), rating_before=row.rating_before,
                            rating_after=row.rating_after)

    def rating_change(self, review_id: str) -> tuple[str, RatingChange] | None:
        row = self.changes.select().where(self.changes.review_id == review_id).first()
        return None if row is None else (str(row.worker_id), self._change(row))

    def rating_history(self, worker_id: str) -> list[RatingChange]:
        rows = self.changes.select().where(self.changes.worker_id == worker_id).order_by(self.changes.id)
        return [self._change(r) for r in rows]

    def test_results(self, worker_id: str) -> list[TestResult]:
        rows = (self.results.select().where(self.results.worker_id == worker_id)
                .order_by(self.results.completed_at))
        return [TestResult(str(r.attempt_id), str(r.test_id), r.test_version, r.score, r.max_score, r.pass_mark,
                           r.passed, _utc(r.completed_at)) for r in rows]

    def test_recorded(self, attempt_id: str) -> bool:
        return is_uuid(attempt_id) and self.results.select().where(
            self.results.attempt_id == attempt_id).exists()


class PeeweeAccessLog:
    def __init__(self, database: peewee.Database):
        self.rows = db.bound(AccessLogRow, database)

    def record(self, entry: AccessRecord) -> None:
        acting = entry.on_behalf_of
        self.rows.insert(worker_id=entry.worker_id, reader_role=entry.reader.role, reader_id=entry.reader.id,
                         on_behalf_of_role=acting.role if acting else None,
                         on_behalf_of_id=acting.id if acting else None, purpose=entry.purpose,
                         fields=list(entry.fields), at=entry.at).execute()

    def of_worker(self, worker_id: str, limit: int = 200) -> list[AccessRecord]:
        rows = self.rows.select().where(self.rows.worker_id == worker_id).order_by(self.rows.id.desc()).limit(limit)
        return [AccessRecord(str(r.worker_id), Actor(r.reader_role, r.reader_id),
                             Actor(r.on_behalf_of_role, r.on_behalf_of_id) if r.on_behalf_of_role else None,
                             r.purpose, tuple(r.fields), _utc(r.at)) for r in rows]


class WorkerProfileUnitOfWork(PeeweeUnitOfWork):
    def __init__(self, database: peewee.Database, cipher: FieldCipher):
        super().__init__(database, events.integration_events)
        self.workers = PeeweeWorkers(database, cipher)
        self.access_log = PeeweeAccessLog(database)


def rotate_keys(database: peewee.Database, cipher: FieldCipher, batch: int = 200) -> dict[str, int]:
    """Re-encrypt every personal value not under the active key, and recompute the blind indexes (so a new
    index key takes effect too). Rows are claimed in batches with FOR UPDATE; the worker's version is not
    changed (its facts did not change, so nothing is published). Safe to rerun."""
    rows = db.bound(WorkerRow, database)
    seen = reencrypted = 0
    last = None
    with database.connection_context():
        while True:
            with database.atomic():
                query = rows.select().where(rows.email.is_null(False)).order_by(rows.id).limit(batch).for_update()
                if last is not None:
                    query = query.where(rows.id > last)
                chunk = list(query)
                for row in chunk:
                    seen += 1
                    personal = decrypted_personal(cipher, row)
                    stale = any(getattr(row, f"{name}_key") != cipher.active for name in ENCRYPTED_FIELDS)
                    values = encrypted_values(cipher, str(row.id), personal)
                    if not stale:  # keep the ciphertexts; only the indexes may need the current index key
                        values = {"email_index": values["email_index"], "phone_index": values["phone_index"]}
                    else:
                        reencrypted += 1
                    rows.update(**values).where(rows.id == row.id).execute()
            if len(chunk) < batch:
                break
            last = chunk[-1].id
    return {"workers": seen, "reencrypted": reencrypted}
