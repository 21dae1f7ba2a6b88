"""Tests, versions, questions and attempts in PostgreSQL through peewee (the panel edits the same models); the
answers, one row per answer, in ClickHouse.

Rows convert to and from the plain domain objects. Attempts are the kit's ``Repository`` (``mcf.kit.uow``): one is
written back only at the version it was read at, and the kit's unit of work writes the events of the attempts it
saved to the outbox when it commits.
"""
from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone

import peewee
from playhouse.postgres_ext import ArrayField

from mcf.kit.admin import STAFF_MIGRATION
from mcf.kit.clickhouse import ClickhouseMigration
from mcf.kit.db import Migration, PeeweeUnitOfWork
from mcf.kit.login_throttle import THROTTLE_MIGRATION
from mcf.kit.uow import Repository
from mcf.kit.values import is_uuid
from mcf.worker_testing import events
from mcf.worker_testing.domain import (
    Attempt,
    AttemptStatus,
    Question,
    QuestionKind,
    ScoredAnswer,
    TestVersion,
    options_from_lines,
)
from mcf.worker_testing.ports import AnswerRow, QuestionStatistics

MIGRATIONS = (
    STAFF_MIGRATION,
    THROTTLE_MIGRATION,
    Migration("worker-testing:0001_tests_and_attempts", """
        CREATE TABLE tests (
            id uuid PRIMARY KEY,
            title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
            description text NOT NULL DEFAULT '',
            created_at timestamptz NOT NULL DEFAULT now()
        );
        CREATE TABLE test_versions (
            id uuid PRIMARY KEY,
            test_id uuid NOT NULL REFERENCES tests (id) ON DELETE CASCADE,
            number integer NOT NULL CHECK (number > 0),
            pass_mark integer NOT NULL CHECK (pass_mark BETWEEN 0 AND 100),
            time_limit_seconds integer NOT NULL CHECK (time_limit_seconds BETWEEN 30 AND 14400),
            active boolean NOT NULL DEFAULT false,
            created_at timestamptz NOT NULL DEFAULT now(),
            UNIQUE (test_id, number)
        );
        -- "the active test": at most one version is active in the whole service.
        CREATE UNIQUE INDEX test_versions_one_active ON test_versions ((true)) WHERE active;
        CREATE TABLE questions (
            id uuid PRIMARY KEY,
            version_id uuid NOT NULL REFERENCES test_versions (id) ON DELETE CASCADE,
            position integer NOT NULL DEFAULT 0,
            text text NOT NULL,
            kind text NOT NULL CHECK (kind IN ('single', 'multiple')),
            weight integer NOT NULL DEFAULT 1 CHECK (weight BETWEEN 1 AND 100),
            options text NOT NULL
        );
        CREATE INDEX questions_version ON questions (version_id, position);
        CREATE TABLE attempts (
            id uuid PRIMARY KEY,
            worker_id uuid NOT NULL,
            -- RESTRICT: a version candidates took is never deleted from under their attempts.
            version_id uuid NOT NULL REFERENCES test_versions (id) ON DELETE RESTRICT,
            test_id uuid NOT NULL,
            test_version integer NOT NULL,
            started_at timestamptz NOT NULL,
            deadline timestamptz NOT NULL,
            status text NOT NULL CHECK (status IN ('in_progress', 'completed', 'expired')),
            score integer, max_score integer, pass_mark integer, passed boolean,
            completed_at timestamptz,
            exported_at timestamptz,
            notified_at timestamptz,
            notice_tries integer NOT NULL DEFAULT 0,
            notice_next_at timestamptz,
            notice_error text
        );
        CREATE UNIQUE INDEX attempts_one_open ON attempts (worker_id) WHERE status = 'in_progress';
        CREATE INDEX attempts_worker ON attempts (worker_id, started_at);
        CREATE INDEX attempts_unexported ON attempts (completed_at) WHERE status = 'completed' AND exported_at IS NULL;
        CREATE INDEX attempts_unnotified ON attempts (completed_at) WHERE status = 'completed' AND notified_at IS NULL;
        CREATE TABLE attempt_answers (
            attempt_id uuid NOT NULL REFERENCES attempts (id) ON DELETE CASCADE,
            question_id uuid NOT NULL REFERENCES questions (id) ON DELETE RESTRICT,
            option_ids text[] NOT NULL,
            correct boolean NOT NULL,
            points integer NOT NULL,
            time_spent_ms integer NOT NULL,
            PRIMARY KEY (attempt_id, question_id)
        );
    """),
    # The version an attempt was read at, checked when it is written back (PeeweeAttempts, on the kit's base).
    Migration("worker-testing:0002_attempt_version", """
        ALTER TABLE attempts ADD COLUMN version integer NOT NULL DEFAULT 1;
        UPDATE attempts SET version = 2 WHERE status <> 'in_progress';
    """),
)


def _uuid() -> uuid.UUID:
    return uuid.uuid4()


class _Model(peewee.Model):
    class Meta:
        database = None  # bound per service database by ``bind``


class _EditedModel(_Model):
    """A model the panel creates: its UUID key is set before the first save, which peewee would take for an
    UPDATE of an existing row (Flask-Admin's inline forms call a plain ``save()``), so a new row is inserted."""

    def save(self, force_insert=False, only=None):
        if not force_insert and not type(self).select().where(type(self)._meta.primary_key == self.get_id()).exists():
            force_insert = True
        return super().save(force_insert=force_insert, only=only)


class TestRow(_EditedModel):
    __test__ = False
    id = peewee.UUIDField(primary_key=True, default=_uuid)
    title = peewee.CharField(max_length=200)
    description = peewee.TextField(default="")
    created_at = peewee.DateTimeField(default=lambda: datetime.now(timezone.utc))

    class Meta:
        table_name = "tests"

    def __str__(self):
        return self.title


class VersionRow(_EditedModel):
    id = peewee.UUIDField(primary_key=True, default=_uuid)
    test = peewee.ForeignKeyField(TestRow, column_name="test_id", backref="versions", on_delete="CASCADE")
    number = peewee.IntegerField(default=1)
    pass_mark = peewee.IntegerField(default=70, help_text="percent of the maximum score needed to pass")
    time_limit_seconds = peewee.IntegerField(default=900)
    active = peewee.BooleanField(default=False)
    created_at = peewee.DateTimeField(default=lambda: datetime.now(timezone.utc))

    class Meta:
        table_name = "test_versions"

    def __str__(self):
        return f"{self.test.title} v{self.number}"


class QuestionRow(_EditedModel):
    id = peewee.UUIDField(primary_key=True, default=_uuid)
    version = peewee.ForeignKeyField(VersionRow, column_name="version_id", backref="questions", on_delete="CASCADE")
    position = peewee.IntegerField(default=0)
    text = peewee.TextField()
    kind = peewee.CharField(choices=[("single", "single choice"), ("multiple", "multiple choice")], default="single")
    weight = peewee.IntegerField(default=1)
    options = peewee.TextField(help_text="one option a line; start a correct one with *")

    class Meta:
        table_name = "questions"


class AttemptRow(_Model):
    id = peewee.UUIDField(primary_key=True)
    worker_id = peewee.UUIDField()
    version_id = peewee.UUIDField()
    test_id = peewee.UUIDField()
    test_version = peewee.IntegerField()
    started_at = peewee.DateTimeField()
    deadline = peewee.DateTimeField()
    status = peewee.TextField()
    score = peewee.IntegerField(null=True)
    max_score = peewee.IntegerField(null=True)
    pass_mark = peewee.IntegerField(null=True)
    passed = peewee.BooleanField(null=True)
    completed_at = peewee.DateTimeField(null=True)
    exported_at = peewee.DateTimeField(null=True)
    notified_at = peewee.DateTimeField(null=True)
    notice_tries = peewee.IntegerField(default=0)
    notice_next_at = peewee.DateTimeField(null=True)
    notice_error = peewee.TextField(null=True)
    version = peewee.IntegerField(default=1)

    class Meta:
        table_name = "attempts"


class AttemptAnswerRow(_Model):
    attempt_id = peewee.UUIDField()
    question_id = peewee.UUIDField()
    option_ids = ArrayField(peewee.TextField)
    correct = peewee.BooleanField()
    points = peewee.IntegerField()
    time_spent_ms = peewee.IntegerField()

    class Meta:
        table_name = "attempt_answers"
        primary_key = peewee.CompositeKey("attempt_id", "question_id")


MODELS = (TestRow, VersionRow, QuestionRow, AttemptRow, AttemptAnswerRow)


def bind(database: peewee.Database) -> None:
    """Bind the models to the service's database (one per process; tests rebind per module)."""
    database.bind(MODELS, bind_refs=False, bind_backrefs=False)


def _utc(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)


# -- conversions -------------------------------------------------------------------------------------------------

def question_of(row: QuestionRow) -> Question:
    return Question(id=str(row.id), text=row.text, kind=QuestionKind(row.kind), weight=row.weight,
                    options=options_from_lines(row.options), position=row.position)


def version_of(row: VersionRow) -> TestVersion:
    questions = (QuestionRow.select().where(QuestionRow.version == row.id)
                 .order_by(QuestionRow.position, QuestionRow.id))
    return TestVersion(id=str(row.id), test_id=str(row.test_id), title=row.test.title, number=row.number,
                       pass_mark=row.pass_mark, time_limit_seconds=row.time_limit_seconds,
                       questions=tuple(question_of(q) for q in questions), active=row.active)


def _attempt_of(row: AttemptRow, answers=()) -> Attempt:
    return Attempt(id=str(row.id), worker_id=str(row.worker_id), version_id=str(row.version_id),
                   test_id=str(row.test_id), test_version=row.test_version, started_at=_utc(row.started_at),
                   deadline=_utc(row.deadline), status=AttemptStatus(row.status), score=row.score,
                   max_score=row.max_score, pass_mark=row.pass_mark, passed=row.passed,
                   completed_at=_utc(row.completed_at), answers=tuple(answers), version=row.version)


def _answers_of(attempt_id: str) -> list[ScoredAnswer]:
    rows = AttemptAnswerRow.select().where(AttemptAnswerRow.attempt_id == attempt_id)
    return [ScoredAnswer(str(r.question_id), tuple(r.option_ids), r.correct, r.points, r.time_spent_ms)
            for r in rows]


# -- repositories -------------------------------------------------------------------------------------------------

class PeeweeVersions:
    def active(self) -> TestVersion | None:
        row = VersionRow.select(VersionRow, TestRow).join(TestRow).where(VersionRow.active).first()
        return version_of(row) if row else None

    def get(self, version_id: str) -> TestVersion | None:
        if not is_uuid(version_id):
            return None
        row = VersionRow.select(VersionRow, TestRow).join(TestRow).where(VersionRow.id == version_id).first()
        return version_of(row) if row else None

    def find(self, test_id: str, number: int) -> TestVersion | None:
        if not is_uuid(test_id):
            return None
        row = (VersionRow.select(VersionRow, TestRow).join(TestRow)
               .where((VersionRow.test == test_id) & (VersionRow.number == number)).first())
        return version_of(row) if row else None


class PeeweeAttempts(Repository[Attempt]):
    """Attempts on the caller's transaction (the unit of work's); the kit's base checks versions on save."""

    def __init__(self, database: peewee.Database):
        super().__init__()
        self.database = database

    def _insert(self, attempt: Attempt) -> bool:
        try:
            with self.database.atomic():  # a savepoint: a lost race leaves the outer transaction usable
                AttemptRow.insert(id=attempt.id, worker_id=attempt.worker_id, version_id=attempt.version_id,
                                  test_id=attempt.test_id, test_version=attempt.test_version,
                                  started_at=attempt.started_at, deadline=attempt.deadline,
                                  status=attempt.status.value, version=attempt.version).execute()
        except peewee.IntegrityError:
            return False
        return True

    def _update(self, attempt: Attempt, expected_version: int) -> bool:
        written = AttemptRow.update(
            status=attempt.status.value, score=attempt.score, max_score=attempt.max_score,
            pass_mark=attempt.pass_mark, passed=attempt.passed, completed_at=attempt.completed_at,
            version=attempt.version,
        ).where((AttemptRow.id == attempt.id) & (AttemptRow.version == expected_version)).execute()
        if written != 1:
            return False
        if attempt.answers:
            AttemptAnswerRow.insert_many([
                {"attempt_id": attempt.id, "question_id": a.question_id, "option_ids": list(a.option_ids),
                 "correct": a.correct, "points": a.points, "time_spent_ms": a.time_spent_ms}
                for a in attempt.answers]).on_conflict_ignore().execute()
        return True

    def track(self, row: AttemptRow, answers=()) -> Attempt:
        """An attempt read from ``row`` (by this repository or the follow-ups'), which may be saved."""
        return self._track(_attempt_of(row, answers))

    def get(self, attempt_id: str) -> Attempt | None:
        if not is_uuid(attempt_id):
            return None
        row = AttemptRow.get_or_none(AttemptRow.id == attempt_id)
        return self.track(row, _answers_of(attempt_id)) if row else None

    def get_for_update(self, attempt_id: str) -> Attempt | None:
        if not is_uuid(attempt_id):
            return None
        row = AttemptRow.select().where(AttemptRow.id == attempt_id).for_update().first()
        return self.track(row, _answers_of(attempt_id)) if row else None

    def of_worker(self, worker_id: str) -> list[Attempt]:
        if not is_uuid(worker_id):
            return []
        rows = AttemptRow.select().where(AttemptRow.worker_id == worker_id).order_by(AttemptRow.started_at)
        return [self.track(row) for row in rows]


NOTICE_BACKOFF_BASE = timedelta(seconds=5)
NOTICE_BACKOFF_MAX = timedelta(hours=1)
MAX_NOTICE_TRIES = 20


class PeeweeFollowUps:
    def __init__(self, attempts: PeeweeAttempts):
        self.attempts = attempts  # the attempts it claims are read through it, so they can be saved

    def unexported(self, limit: int) -> list[Attempt]:
        rows = (AttemptRow.select()
                .where((AttemptRow.status == "completed") & AttemptRow.exported_at.is_null())
                .order_by(AttemptRow.completed_at).limit(limit).for_update(skip_locked=True))
        return [_attempt_of(row, _answers_of(str(row.id))) for row in rows]

    def mark_exported(self, attempt_ids: list[str], now: datetime) -> None:
        if attempt_ids:
            AttemptRow.update(exported_at=now).where(AttemptRow.id.in_(attempt_ids)).execute()

    def unnotified(self, limit: int, now: datetime) -> list[Attempt]:
        rows = (AttemptRow.select()
                .where((AttemptRow.status == "completed") & AttemptRow.notified_at.is_null()
                       & (AttemptRow.notice_tries < MAX_NOTICE_TRIES)
                       & (AttemptRow.notice_next_at.is_null() | (AttemptRow.notice_next_at <= now)))
                .order_by(AttemptRow.completed_at).limit(limit).for_update(skip_locked=True))
        return [self.attempts.track(row) for row in rows]

    def mark_notified(self, attempt_id: str, now: datetime) -> None:
        AttemptRow.update(notified_at=now).where(AttemptRow.id == attempt_id).execute()

    def postpone_notice(self, attempt_id: str, error: str, now: datetime) -> int:
        row = AttemptRow.get(AttemptRow.id == attempt_id)
        tries = row.notice_tries + 1
        delay = min(NOTICE_BACKOFF_BASE * (2 ** min(tries - 1, 16)), NOTICE_BACKOFF_MAX)
        AttemptRow.update(notice_tries=tries, notice_next_at=now + delay, notice_error=error[:500]) \
            .where(AttemptRow.id == attempt_id).execute()
        return tries


class WorkerTestingUnitOfWork(PeeweeUnitOfWork):
    """The kit's unit of work: on a clean exit the events the saved attempts raised go to the outbox, in its
    transaction (``events.integration_events``)."""

    def __init__(self, database: peewee.Database):
        super().__init__(database, events.integration_events)
        self.versions = PeeweeVersions()
        self.attempts = PeeweeAttempts(database)
        self.follow_ups = PeeweeFollowUps(self.attempts)


# -- ClickHouse: one row per answer ------------------------------------------------------------------------------

# 18.16-compatible SQL. The sorting key ends with (attempt_id, question_id): a row written twice (an export
# repeated after a crash) is one row after merges, and FINAL shows it once before.
CLICKHOUSE_MIGRATIONS = (
    ClickhouseMigration(1, "answers", ("""
        CREATE TABLE IF NOT EXISTS answers (
            test_id String,
            test_version UInt32,
            question_id String,
            attempt_id String,
            worker_id String,
            option_ids Array(String),
            correct UInt8,
            points UInt32,
            time_spent_ms UInt32,
            answered_at DateTime('UTC'),
            written_at DateTime('UTC')
        ) ENGINE = ReplacingMergeTree(written_at)
        PARTITION BY toYYYYMM(answered_at)
        ORDER BY (test_id, test_version, question_id, attempt_id)
    """,)),
)


def _naive_utc(moment: datetime) -> datetime:
    return moment.astimezone(timezone.utc).replace(tzinfo=None, microsecond=0)


class ClickhouseAnswerStore:
    """A clickhouse_driver client is one connection and not thread-safe: give each thread its own store."""

    def __init__(self, client):
        self.client = client

    def write(self, rows: list[AnswerRow]) -> None:
        now = _naive_utc(datetime.now(timezone.utc))
        self.client.execute(
            "INSERT INTO answers (test_id, test_version, question_id, attempt_id, worker_id, option_ids, correct, "
            "points, time_spent_ms, answered_at, written_at) VALUES",
            [(r.test_id, r.test_version, r.question_id, r.attempt_id, r.worker_id, list(r.option_ids),
              int(r.correct), r.points, r.time_spent_ms, _naive_utc(r.answered_at), now) for r in rows])

    def statistics(self, test_id: str, test_version: int) -> list[QuestionStatistics]:
        rows = self.client.execute(
            "SELECT question_id, count(), avg(correct), median(time_spent_ms) FROM answers FINAL "
            "WHERE test_id = %(test_id)s AND test_version = %(version)s GROUP BY question_id",
            {"test_id": test_id, "version": test_version})
        return [QuestionStatistics(q, int(n), float(share), float(median)) for q, n, share, median in rows]

    def answers_of(self, attempt_id: str) -> list[AnswerRow]:
        rows = self.client.execute(
            "SELECT attempt_id, worker_id, test_id, test_version, question_id, option_ids, correct, points, "
            "time_spent_ms, answered_at FROM answers FINAL WHERE attempt_id = %(attempt_id)s "
            "ORDER BY question_id", {"attempt_id": attempt_id})
        return [AnswerRow(a, w, t, int(v), q, tuple(o), bool(c), int(p), int(ms), _utc(at))
                for a, w, t, v, q, o, c, p, ms, at in rows]
