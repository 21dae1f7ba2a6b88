"""ClickHouse through clickhouse-driver (native TCP protocol): one database per service, versioned DDL.

The SQL here and in the services' migrations must run on both the local Debian server (18.16) and the current
release in production: no LowCardinality, DateTime64, Map, JSONExtract* or window functions (STORES.md).

A ``clickhouse_driver.Client`` holds one connection and is not thread-safe: one client per thread or per job.
"""
from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from clickhouse_driver import Client
from clickhouse_driver import errors as ch_errors

from mcf.kit.config import Settings
from mcf.kit.values import is_uuid

CONNECT_TIMEOUT = 5.0
SEND_RECEIVE_TIMEOUT = 60.0
SYNC_REQUEST_TIMEOUT = 5.0

_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
# Network trouble worth waiting out while the server starts; anything else (bad SQL, auth) fails at once.
UNREACHABLE = (ch_errors.NetworkError, ch_errors.SocketTimeoutError, EOFError, OSError)
_UNREACHABLE = UNREACHABLE


# A statement is SQL, or a callable for DDL that 18.16 cannot make idempotent itself (see add_column_if_missing).
Statement = str | Callable[[Client], None]


@dataclass(frozen=True)
class ClickhouseMigration:
    """One schema step. Statements must be idempotent (``CREATE TABLE IF NOT EXISTS``, ``add_column_if_missing``):
    ClickHouse DDL is not transactional, so a crash mid-step means the whole step runs again."""

    version: int
    name: str
    statements: tuple[Statement, ...]


def add_column_if_missing(table: str, column: str, type_: str, after: str | None = None) -> Callable[[Client], None]:
    """An idempotent ``ALTER TABLE … ADD COLUMN``: the 18.16 server rejects ``ADD COLUMN IF NOT EXISTS``."""
    sql = (f"ALTER TABLE {quote_identifier(table)} ADD COLUMN {quote_identifier(column)} {type_}"
           + (f" AFTER {quote_identifier(after)}" if after else ""))

    def apply(client: Client) -> None:
        exists = client.execute(
            "SELECT count() FROM system.columns WHERE database = currentDatabase() "
            "AND table = %(table)s AND name = %(column)s", {"table": table, "column": column})
        if exists[0][0] == 0:
            client.execute(sql)

    apply.__name__ = f"add_column_if_missing({table}.{column})"
    return apply


def drop_column_if_present(table: str, column: str) -> Callable[[Client], None]:
    """An idempotent ``ALTER TABLE … DROP COLUMN`` (a rerun of its step, after a crash, finds it gone)."""
    sql = f"ALTER TABLE {quote_identifier(table)} DROP COLUMN {quote_identifier(column)}"

    def apply(client: Client) -> None:
        exists = client.execute(
            "SELECT count() FROM system.columns WHERE database = currentDatabase() "
            "AND table = %(table)s AND name = %(column)s", {"table": table, "column": column})
        if exists[0][0] != 0:
            client.execute(sql)

    apply.__name__ = f"drop_column_if_present({table}.{column})"
    return apply


_SCHEMA_MIGRATIONS = """
CREATE TABLE IF NOT EXISTS schema_migrations (
    version UInt32,
    name String,
    applied_at DateTime
) ENGINE = MergeTree ORDER BY version
"""


# A replicated cluster (production: the Altinity ClickHouseInstallation's cluster, MCF_CLICKHOUSE_CLUSTER): each
# table is created ON CLUSTER with the Replicated variant of its engine, its parts shared through ClickHouse Keeper
# under this path (the operator defines the {shard} and {replica} macros on every node).
REPLICA_PATH = "/clickhouse/tables/{shard}/{database}/{table}"
REPLICA_NAME = "{replica}"
_CREATE_TABLE = re.compile(r"\bCREATE\s+(?:TABLE|MATERIALIZED\s+VIEW)\s+IF\s+NOT\s+EXISTS\s+(`?\w+`?)",
                           re.IGNORECASE)
_ENGINE = re.compile(r"\bENGINE\s*=\s*(\w*)MergeTree\b(?:\s*\(([^()]*)\))?", re.IGNORECASE)
_VIEW = re.compile(r"^\s*CREATE\s+MATERIALIZED\s+VIEW\b", re.IGNORECASE)
# A view's target and source tables, where not qualified with a database already.
_VIEW_TABLES = re.compile(r"\b(TO|FROM)\s+(\w+)\b(?!\s*\.)", re.IGNORECASE)


def on_cluster(statement: str, cluster: str, database: str = "") -> str:
    """The DDL a migration runs: unchanged on a single server (``cluster`` empty); on a cluster, ``CREATE TABLE``
    gets ``ON CLUSTER`` and its MergeTree engine becomes the Replicated one (``ReplacingMergeTree(version)`` ->
    ``ReplicatedReplacingMergeTree('<REPLICA_PATH>', '{replica}', version)``).

    ``CREATE MATERIALIZED VIEW`` gets ``ON CLUSTER`` too: a view fires only on inserts into the server it exists
    on (a replica fetching the source's parts does not fire it), so it must exist on every replica, each feeding
    its own replica of the target (``TO`` a table that is replicated itself; a view with an inner table gets the
    Replicated engine like a table). A replica runs distributed DDL in its ``default`` database, with only the
    created name qualified (18.16), so the view's ``TO`` and ``FROM`` tables are qualified with ``database``
    (the migrating client's) when given. Other statements are unchanged: ALTERs of a replicated table reach
    every replica by themselves, and an ``INSERT`` into a replicated table is on every replica once it
    replicates."""
    if not cluster:
        return statement
    created = _CREATE_TABLE.search(statement)
    if created is None:
        return statement

    def replicated(match: re.Match) -> str:
        family, args = match.group(1), (match.group(2) or "").strip()
        if family.lower().startswith("replicated"):
            return match.group(0)
        params = ", ".join([f"'{REPLICA_PATH}'", f"'{REPLICA_NAME}'", *([args] if args else [])])
        return f"ENGINE = Replicated{family}MergeTree({params})"

    head = f"{statement[:created.end()]} ON CLUSTER {quote_identifier(cluster)}"
    rest = _ENGINE.sub(replicated, statement[created.end():], count=1)
    if database and _VIEW.match(statement):
        qualified = quote_identifier(database)
        rest = _VIEW_TABLES.sub(lambda m: f"{m.group(1)} {qualified}.{quote_identifier(m.group(2))}", rest)
    return head + rest


def _client(settings: Settings, database: str) -> Client:
    return Client(
        host=settings.clickhouse_host,
        port=settings.clickhouse_port,
        database=database,
        user="default",
        password="",
        client_name="mcf",
        connect_timeout=CONNECT_TIMEOUT,
        send_receive_timeout=SEND_RECEIVE_TIMEOUT,
        sync_request_timeout=SYNC_REQUEST_TIMEOUT,
    )


def quote_identifier(name: str) -> str:
    if not _IDENTIFIER.match(name):
        raise ValueError(f"not a plain ClickHouse identifier: {name!r}")
    return f"`{name}`"


def connect(settings: Settings, service: str, wait_seconds: float = 30.0) -> Client:
    """A client on the service's database, which is created first if missing.

    Waits up to ``wait_seconds`` for the server, so a service may start alongside it (compose, ``mcf up``).
    """
    database = settings.database_name(service)
    ddl = f"CREATE DATABASE IF NOT EXISTS {quote_identifier(database)}" + (
        f" ON CLUSTER {quote_identifier(settings.clickhouse_cluster)}" if settings.clickhouse_cluster else "")
    # The service's database may not exist yet, and a client naming it would fail to connect.
    bootstrap = _client(settings, "default")
    deadline = time.monotonic() + wait_seconds
    try:
        while True:
            try:
                bootstrap.execute(ddl)
                break
            except _UNREACHABLE as exc:
                if time.monotonic() >= deadline:
                    raise ConnectionError(
                        f"ClickHouse at {settings.clickhouse_host}:{settings.clickhouse_port} did not answer "
                        f"within {wait_seconds:.0f} s: {exc}") from exc
                bootstrap.disconnect()
                time.sleep(0.5)
    finally:
        bootstrap.disconnect()
    return _client(settings, database)


def drop_database(client: Client, database: str) -> None:
    client.execute(f"DROP DATABASE IF EXISTS {quote_identifier(database)}")


def migrate(client: Client, migrations: Iterable[ClickhouseMigration], *, cluster: str = "") -> list[int]:
    """Apply, in version order, the migrations not yet recorded in ``schema_migrations``; return their versions.

    Two processes starting at once may both run a step: harmless, since the statements are idempotent and the
    record is only read as a set of versions. With ``cluster`` (``Settings.clickhouse_cluster``) every table,
    ``schema_migrations`` included, is a replicated one created on the whole cluster (``on_cluster``).
    """
    ordered = sorted(migrations, key=lambda m: m.version)
    versions = [m.version for m in ordered]
    if len(set(versions)) != len(versions):
        raise ValueError(f"duplicate ClickHouse migration versions: {versions}")
    database = client.execute("SELECT currentDatabase()")[0][0] if cluster else ""
    client.execute(on_cluster(_SCHEMA_MIGRATIONS, cluster))
    done = {row[0] for row in client.execute("SELECT DISTINCT version FROM schema_migrations")}
    applied: list[int] = []
    for migration in ordered:
        if migration.version in done:
            continue
        for statement in migration.statements:
            if callable(statement):
                statement(client)
            else:
                client.execute(on_cluster(statement, cluster, database))
        # Recorded only after every statement succeeded, so a failed step is retried whole next time.
        client.execute(
            "INSERT INTO schema_migrations (version, name, applied_at) VALUES",
            [(migration.version, migration.name, _now())],
        )
        applied.append(migration.version)
    return applied


def applied_versions(client: Client) -> list[int]:
    client.execute(_SCHEMA_MIGRATIONS)
    return [row[0] for row in client.execute("SELECT DISTINCT version FROM schema_migrations ORDER BY version")]


def ping(client: Client) -> bool:
    """Readiness: the server answers a query on this client's connection."""
    try:
        return client.execute("SELECT 1") == [(1,)]
    except Exception:  # noqa: BLE001 - any failure means "not ready"; the caller reports it
        client.disconnect()  # the next use reconnects instead of reusing a broken socket
        return False


def _now() -> datetime:
    # DateTime is second-precision; a naive UTC value is what the driver sends unchanged.
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


def execute_batches(client: Client, query: str, rows: Sequence, batch_size: int = 50_000) -> int:
    """Insert rows in large batches: many small inserts make many parts (PITFALLS.md)."""
    total = 0
    for start in range(0, len(rows), batch_size):
        chunk = rows[start:start + batch_size]
        client.execute(query, chunk)
        total += len(chunk)
    return total


class ClickhouseStore:
    """Base of a service's ClickHouse adapter on one clickhouse-driver client. The client is one connection and
    not thread-safe, so calls take turns: go through ``_execute``."""

    def __init__(self, client: Client):
        self.client = client
        self._lock = threading.Lock()

    def _execute(self, *args, **kwargs):
        with self._lock:
            return self.client.execute(*args, **kwargs)

    def _row_by_uuid(self, select: str, column: str, value: str):
        """The first row of ``select`` where the UUID ``column`` is ``value``; None if none, or not a UUID."""
        if not is_uuid(value):
            return None
        rows = self._execute(f"{select} WHERE {column} = toUUID(%(id)s)", {"id": value})
        return rows[0] if rows else None

    def ping(self) -> bool:
        with self._lock:
            return ping(self.client)
