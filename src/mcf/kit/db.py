"""PostgreSQL through peewee: one database per service, created if missing, with versioned migrations.

The one persistence style of MCF (ADR 0001): a service declares its tables as peewee models that name no
database (``class Meta: table_name = ...`` only); ``bound(model, database)`` gives the model bound to one
service database (a cached subclass), so nothing is bound process-wide and several services' databases live
side by side in one test process. Repositories derive from ``PeeweeRepository`` and units of work from
``PeeweeUnitOfWork``, which publishes the saved aggregates' events to the outbox on commit (``mcf.kit.uow``).
The kit's own tables (schema_migrations, outbox, inbox) are reached with plain SQL on the service's database.
"""
from __future__ import annotations

import functools
import time
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Sequence, TypeVar

import peewee
import psycopg2
import psycopg2.extensions
from playhouse.pool import PooledPostgresqlDatabase

from mcf.kit.config import Settings
from mcf.kit.logging import get_logger
from mcf.kit.runtime import PeriodicJob
from mcf.kit.uow import Repository, Translate, UnitOfWork, no_domain_events

log = get_logger(__name__)


@dataclass(frozen=True)
class Migration:
    """One schema step. ``sql`` runs in the migration's transaction; ids are ``<owner>:<NNNN>_<name>``."""

    id: str
    sql: str


def create_database_if_missing(settings: Settings, name: str, wait_seconds: float = 30.0) -> None:
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            conn = psycopg2.connect(settings.pg_dsn("postgres"), connect_timeout=5)
            break
        except psycopg2.OperationalError as exc:
            if time.monotonic() > deadline:
                raise RuntimeError(f"PostgreSQL at {settings.pg_host}:{settings.pg_port} did not answer: {exc}") \
                    from exc
            time.sleep(0.5)
    try:
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
            if cur.fetchone() is None:
                try:
                    cur.execute(f'CREATE DATABASE "{name}"')
                    log.info("database created", database=name)
                except (psycopg2.errors.DuplicateDatabase, psycopg2.errors.UniqueViolation):
                    pass  # another process of the same service won the race
    finally:
        conn.close()


def drop_database(settings: Settings, name: str) -> None:
    conn = psycopg2.connect(settings.pg_dsn("postgres"), connect_timeout=5)
    try:
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        conn.close()


def drop_databases_with_prefix(settings: Settings, prefix: str) -> None:
    conn = psycopg2.connect(settings.pg_dsn("postgres"), connect_timeout=5)
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT datname FROM pg_database WHERE datname LIKE %s", (prefix.replace("_", r"\_") + "%",))
            names = [row[0] for row in cur.fetchall()]
    finally:
        conn.close()
    for name in names:
        drop_database(settings, name)


class _Pool(PooledPostgresqlDatabase):
    """peewee's pool, without its ``SELECT 1`` on every check-out of a connection checked in moments ago.

    peewee pings each pooled connection when it is checked out, under the pool's lock: one round trip per unit
    of work, and all threads queue behind it. A connection back in the pool for less than ``FRESH_SECONDS``, idle
    and not closed by the driver, is handed out as it is; an older one is still pinged. A server restarted within
    those seconds costs the next use of such a connection one error, which every caller already survives (the
    request fails, the consumer requeues, the relay retries).
    """

    FRESH_SECONDS = 5.0

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._checked_in: dict[int, float] = {}

    def _can_reuse(self, conn) -> bool:
        reusable = super()._can_reuse(conn)
        if reusable:
            self._checked_in[self.conn_key(conn)] = time.monotonic()
        return reusable

    def _is_closed(self, conn) -> bool:
        checked_in = self._checked_in.pop(self.conn_key(conn), None)
        if (checked_in is not None and not conn.closed and time.monotonic() - checked_in < self.FRESH_SECONDS
                and conn.info.transaction_status == psycopg2.extensions.TRANSACTION_STATUS_IDLE):
            return False
        return super()._is_closed(conn)

    def _close_raw(self, conn):
        self._checked_in.pop(self.conn_key(conn), None)
        return super()._close_raw(conn)

    # BEGIN goes with the transaction's first statement ("BEGIN; <statement>", one round trip) instead of on
    # its own (ADR 0152); a transaction that ran no statement sends neither BEGIN nor COMMIT.
    def begin(self, isolation_level=None):
        if isolation_level is None and not self._isolation_level and not self.is_closed():
            self._state.deferred_begin = self._state.conn
            return
        super().begin(isolation_level)

    def _begin_deferred_here(self) -> bool:
        """Take the deferred BEGIN: True if it was for this thread's current connection (nothing sent yet)."""
        deferred = getattr(self._state, "deferred_begin", None)
        self._state.deferred_begin = None
        return deferred is not None and deferred is self._state.conn

    def _execute_cursor(self, sql, params, **cursor_options):
        if getattr(self._state, "deferred_begin", None) is not None and self._begin_deferred_here():
            sql = f"BEGIN; {sql}"
        return super()._execute_cursor(sql, params, **cursor_options)

    def commit(self):
        if not self._begin_deferred_here():
            super().commit()

    def rollback(self):
        if not self._begin_deferred_here():
            super().rollback()

    def close(self):
        self._state.deferred_begin = None
        return super().close()


def connect(settings: Settings, service: str, max_connections: int = 20) -> peewee.Database:
    """The service's database (created if missing), pooled, one connection per thread."""
    name = settings.database_name(service)
    create_database_if_missing(settings, name)
    return _Pool(
        name, host=settings.pg_host, port=settings.pg_port, user=settings.pg_user,
        password=settings.pg_password or None, max_connections=max_connections, stale_timeout=300,
        timeout=10, connect_timeout=5, options="-c timezone=UTC",
    )


KIT_MIGRATIONS: tuple[Migration, ...] = (
    Migration("kit:0001_outbox", """
        CREATE TABLE outbox (
            id uuid PRIMARY KEY,
            exchange text NOT NULL,
            routing_key text NOT NULL,
            body bytea NOT NULL,
            correlation_id text,
            created_at timestamptz NOT NULL DEFAULT now(),
            sent_at timestamptz,
            attempts integer NOT NULL DEFAULT 0,
            last_error text
        );
        CREATE INDEX outbox_unsent ON outbox (created_at) WHERE sent_at IS NULL;
    """),
    Migration("kit:0002_inbox", """
        CREATE TABLE inbox (
            consumer text NOT NULL,
            event_id text NOT NULL,
            received_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (consumer, event_id)
        );
    """),
    Migration("kit:0003_periodic_ticks", """
        CREATE TABLE periodic_ticks (
            job text PRIMARY KEY,
            due_at timestamptz NOT NULL,
            claimed_at timestamptz NOT NULL DEFAULT now()
        );
    """),
    # The trace of the change that wrote the row, so the relay's publish continues it (ADR 0160).
    Migration("kit:0004_outbox_traceparent", "ALTER TABLE outbox ADD COLUMN IF NOT EXISTS traceparent text;"),
    # Notification requests already published lose their data (the personal part), as the relay does now (ADR 0122).
    Migration("kit:0005_sent_notification_requests_redacted", """
        UPDATE outbox SET body = convert_to((convert_from(body, 'UTF8')::jsonb - 'data')::text, 'UTF8')
        WHERE sent_at IS NOT NULL AND exchange = 'mcf.notifications';
    """),
)

_MIGRATION_LOCK = 7_201_104  # any constant: serialises migrations across a service's processes


def migrate(database: peewee.Database, migrations: Sequence[Migration] = ()) -> list[str]:
    """Apply the kit's and the service's migrations not yet applied, each in its own transaction."""
    applied: list[str] = []
    with database.connection_context():
        with database.atomic():
            # Lock first: two processes creating the table at once would collide even with IF NOT EXISTS.
            database.execute_sql("SELECT pg_advisory_xact_lock(%s)", (_MIGRATION_LOCK,))
            database.execute_sql("""CREATE TABLE IF NOT EXISTS schema_migrations (
                id text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())""")
            done = {row[0] for row in database.execute_sql("SELECT id FROM schema_migrations")}
            for migration in (*KIT_MIGRATIONS, *migrations):
                if migration.id in done:
                    continue
                with database.atomic():
                    database.execute_sql(migration.sql)
                    database.execute_sql("INSERT INTO schema_migrations (id) VALUES (%s)", (migration.id,))
                applied.append(migration.id)
    if applied:
        log.info("migrations applied", database=database.database, migrations=applied)
    return applied


def ping(database: peewee.Database) -> bool:
    try:
        with database.connection_context():
            database.execute_sql("SELECT 1")
        return True
    except peewee.PeeweeException:
        return False
    except psycopg2.Error:
        return False


def claim_inbox(database: peewee.Database, consumer: str, event_id: str) -> bool:
    """Record that ``consumer`` handles ``event_id``, in the caller's transaction. False: seen before."""
    cursor = database.execute_sql(
        "INSERT INTO inbox (consumer, event_id) VALUES (%s, %s) ON CONFLICT DO NOTHING RETURNING 1",
        (consumer, event_id))
    return cursor.fetchone() is not None


class TickClaim:
    """Once per tick across replicas: ``claim()`` is True for exactly one caller per ``interval_seconds``.

    The claimed row is ``periodic_ticks`` (job, due_at): a caller wins when the row is due and moves it one interval
    on, in one statement, so two replicas of a sweeper never both run a round of the same tick (ADR 0140). Times
    are the database's clock, so the replicas' clocks need not agree.
    """

    def __init__(self, database: peewee.Database, job: str, interval_seconds: float):
        self.database, self.job, self.interval_seconds = database, job, interval_seconds

    def __call__(self) -> bool:
        with self.database.connection_context(), self.database.atomic():
            cursor = self.database.execute_sql(
                "INSERT INTO periodic_ticks (job, due_at) VALUES (%s, now() + make_interval(secs => %s)) "
                "ON CONFLICT (job) DO UPDATE SET due_at = EXCLUDED.due_at, claimed_at = now() "
                "WHERE periodic_ticks.due_at <= now() RETURNING 1", (self.job, self.interval_seconds))
            return cursor.fetchone() is not None


def periodic_job(database: peewee.Database, name: str, job: Callable[[], Any], interval_seconds: float) -> PeriodicJob:
    """``job()`` every ``interval_seconds``, one round per tick across all replicas: a PeriodicJob whose claim is
    the TickClaim of the same name and interval (so the two cannot drift apart)."""
    return PeriodicJob(name, job, interval_seconds, claim=TickClaim(database, name, interval_seconds))


M = TypeVar("M", bound=peewee.Model)
A = TypeVar("A")


@functools.lru_cache(maxsize=None)
def bound(model: type[M], database: peewee.Database) -> type[M]:
    """``model`` bound to ``database``: a subclass made once per pair, so no binding is process-wide."""
    meta = type("Meta", (), {"database": database, "table_name": model._meta.table_name})
    return type(model.__name__, (model,), {"Meta": meta, "__module__": model.__module__})


class PeeweeRepository(Repository[A]):
    """A Repository on one peewee model, in the caller's transaction (the unit of work's).

    Subclasses set ``model`` (unbound; its primary key is the aggregate's ``id`` and it has a ``version``
    column) and convert with ``to_row`` and ``to_aggregate``; reads go through ``_one`` and ``_many`` so the
    unit of work knows the version each aggregate was read at.
    """

    model: type[peewee.Model]

    def __init__(self, database: peewee.Database):
        super().__init__()
        self.database = database
        self.rows = bound(self.model, database)

    def to_row(self, aggregate: A) -> dict[str, Any]:
        raise NotImplementedError

    def to_aggregate(self, row: peewee.Model) -> A:
        raise NotImplementedError

    @property
    def _key(self) -> peewee.Field:
        return self.rows._meta.primary_key

    def _insert(self, aggregate: A) -> bool:
        query = self.rows.insert(**self.to_row(aggregate)).on_conflict_ignore().returning(self._key)
        return len(list(query.execute())) == 1

    def _update(self, aggregate: A, expected_version: int) -> bool:
        changes = self.to_row(aggregate)
        changes.pop(self._key.name, None)
        return self.rows.update(**changes).where(
            (self._key == aggregate.id) & (self.rows.version == expected_version)).execute() == 1

    def _one(self, query: peewee.ModelSelect) -> A | None:
        row = query.first()
        return None if row is None else self._track(self.to_aggregate(row))

    def _many(self, query: Iterable[peewee.Model]) -> list[A]:
        return [self._track(self.to_aggregate(row)) for row in query]


class PeeweeUnitOfWork(UnitOfWork):
    """A transaction per use case: commits when the block ends cleanly, rolls back on an exception; on commit
    the events of the aggregates its repositories saved go to the outbox first, in the same transaction.

    Subclasses add repositories built on the same database; nesting (inside a consumer's transaction)
    becomes a savepoint, so the inbox record, the change and its events still commit together.
    """

    def __init__(self, database: peewee.Database, translate: Translate = no_domain_events):
        from mcf.kit.outbox import PeeweeOutbox  # here: the outbox module imports this one

        super().__init__(translate)
        self.database = database
        self.outbox = PeeweeOutbox(database)
        self._tx = None

    def _begin(self) -> None:
        self._tx = self.database.atomic()
        self._tx.__enter__()

    def _commit(self) -> None:
        tx, self._tx = self._tx, None
        tx.__exit__(None, None, None)

    def _rollback(self) -> None:
        tx, self._tx = self._tx, None
        tx.__exit__(RuntimeError, RuntimeError("unit of work rolled back"), None)
