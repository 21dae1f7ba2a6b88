"""PostgreSQL through peewee: one database per service, created if missing, with versioned migrations.

The kit's own tables (schema_migrations, outbox, inbox) are reached with plain SQL on the service's database,
so they never need a peewee model bound to one database at import time.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Callable, Sequence

import peewee
import psycopg2
from playhouse.pool import PooledPostgresqlDatabase

from mcf.kit.config import Settings
from mcf.kit.logging import get_logger

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


def connect(settings: Settings, service: str, max_connections: int = 20) -> peewee.Database:
    """The service's database (created if missing), pooled, one connection per thread."""
    name = settings.database_name(service)
    create_database_if_missing(settings, name)
    return PooledPostgresqlDatabase(
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


class PeeweeUnitOfWork:
    """A transaction per use case: commits when the block ends cleanly, rolls back on an exception.

    Subclasses add repositories built on the same database; nesting (inside a consumer's transaction)
    becomes a savepoint, so the inbox record and the change still commit together.
    """

    def __init__(self, database: peewee.Database):
        self.database = database
        self._tx: Callable | None = None

    def __enter__(self):
        self._tx = self.database.atomic()
        self._tx.__enter__()
        return self

    def __exit__(self, exc_type, exc, tb):
        tx, self._tx = self._tx, None
        return tx.__exit__(exc_type, exc, tb)
