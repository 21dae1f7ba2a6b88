"""mcf.kit.clickhouse against the real local ClickHouse (Debian's 18.16 server)."""
from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal

import pytest
from clickhouse_driver.errors import ServerException

from mcf.kit import clickhouse
from mcf.kit.clickhouse import ClickhouseMigration

EVENTS = ClickhouseMigration(1, "events", (
    """CREATE TABLE IF NOT EXISTS events (
        id UUID,
        kind String,
        payload String,
        version UInt64,
        at DateTime
    ) ENGINE = ReplacingMergeTree(version) ORDER BY id""",
))
TOTALS = ClickhouseMigration(2, "totals", (
    """CREATE TABLE IF NOT EXISTS totals (
        day Date,
        city String,
        amount_minor Int64
    ) ENGINE = MergeTree ORDER BY (day, city)""",
))


def _tables(client) -> set[str]:
    return {row[0] for row in client.execute("SHOW TABLES")}


def test_connect_creates_the_database(clickhouse_client, settings):
    database = clickhouse_client.connection.database
    assert database.startswith(settings.database_name("it_"))
    assert clickhouse_client.execute("SELECT currentDatabase()") == [(database,)]


def test_migrate_applies_each_version_once_in_order(clickhouse_client):
    assert clickhouse.migrate(clickhouse_client, [TOTALS, EVENTS]) == [1, 2]
    assert clickhouse.migrate(clickhouse_client, [EVENTS, TOTALS]) == []
    assert {"events", "totals", "schema_migrations"} <= _tables(clickhouse_client)
    later = ClickhouseMigration(3, "events_city", (clickhouse.add_column_if_missing("events", "city", "String"),))
    assert clickhouse.migrate(clickhouse_client, [EVENTS, TOTALS, later]) == [3]
    assert clickhouse.applied_versions(clickhouse_client) == [1, 2, 3]
    names = clickhouse_client.execute("SELECT name FROM schema_migrations ORDER BY version")
    assert names == [("events",), ("totals",), ("events_city",)]


def test_add_column_if_missing_is_idempotent(clickhouse_client):
    clickhouse.migrate(clickhouse_client, [EVENTS])
    add = clickhouse.add_column_if_missing("events", "city", "String DEFAULT 'Moscow'", after="kind")
    add(clickhouse_client)
    add(clickhouse_client)  # a re-run after a crash between the ALTER and its record
    columns = [row[0] for row in clickhouse_client.execute("DESCRIBE TABLE events")]
    assert columns == ["id", "kind", "city", "payload", "version", "at"]


def test_a_failed_migration_is_not_recorded_and_runs_again(clickhouse_client):
    broken = ClickhouseMigration(1, "broken", (
        "CREATE TABLE IF NOT EXISTS half (id UInt32) ENGINE = MergeTree ORDER BY id",
        "CREATE TABLE IF NOT EXISTS nope (id NoSuchType) ENGINE = MergeTree ORDER BY id",
    ))
    with pytest.raises(ServerException):
        clickhouse.migrate(clickhouse_client, [broken])
    assert clickhouse.applied_versions(clickhouse_client) == []
    fixed = ClickhouseMigration(1, "fixed", (
        "CREATE TABLE IF NOT EXISTS half (id UInt32) ENGINE = MergeTree ORDER BY id",  # already there: no-op
        "CREATE TABLE IF NOT EXISTS nope (id UInt32) ENGINE = MergeTree ORDER BY id",
    ))
    assert clickhouse.migrate(clickhouse_client, [fixed]) == [1]


def test_duplicate_versions_are_refused(clickhouse_client):
    with pytest.raises(ValueError, match="duplicate"):
        clickhouse.migrate(clickhouse_client, [EVENTS, ClickhouseMigration(1, "again", ())])


def test_replacing_merge_tree_read_with_final_keeps_the_latest_version(clickhouse_client):
    clickhouse.migrate(clickhouse_client, [EVENTS])
    key, other = uuid.uuid4(), uuid.uuid4()
    at = datetime(2025, 1, 2, 3, 4, 5)
    insert = "INSERT INTO events (id, kind, payload, version, at) VALUES"
    # Separate inserts make separate parts, so the duplicates really exist until a merge.
    clickhouse_client.execute(insert, [(key, "placed", '{"n": 1}', 1, at), (other, "placed", "{}", 1, at)])
    clickhouse_client.execute(insert, [(key, "paid", '{"n": 2}', 2, at)])
    clickhouse_client.execute(insert, [(key, "placed", '{"n": 1}', 1, at)])  # a redelivered old event

    assert clickhouse_client.execute("SELECT count() FROM events WHERE id = %(id)s", {"id": key}) == [(3,)]
    final = clickhouse_client.execute("SELECT kind, version FROM events FINAL WHERE id = %(id)s", {"id": key})
    assert final == [("paid", 2)]
    latest = clickhouse_client.execute(
        "SELECT id, argMax(kind, version) FROM events GROUP BY id ORDER BY id")
    assert dict(latest) == {key: "paid", other: "placed"}


def test_parameterised_insert_and_select_round_trip_the_types_we_use(clickhouse_client):
    clickhouse_client.execute(
        """CREATE TABLE IF NOT EXISTS typed (
            id UUID, name String, status Enum8('sent' = 1, 'failed' = 2), at DateTime,
            tags Array(String), note Nullable(String), price Decimal(12, 2), amount_minor Int64, score Float64
        ) ENGINE = MergeTree ORDER BY id""")
    tricky = "Murka's toy'); DROP TABLE typed; --"
    rows = [
        (uuid.uuid4(), tricky, "sent", datetime(2025, 5, 1, 12, 0, 0), ["a", "b"], None, Decimal("12.34"), 1234, 0.5),
        (uuid.uuid4(), "Барсик", "failed", datetime(2025, 5, 2, 0, 0, 0), [], "note", Decimal("0.01"), -1, 1e9),
    ]
    inserted = clickhouse.execute_batches(
        clickhouse_client, "INSERT INTO typed (id, name, status, at, tags, note, price, amount_minor, score) VALUES",
        rows, batch_size=1)
    assert inserted == 2
    found = clickhouse_client.execute(
        "SELECT id, name, status, at, tags, note, price, amount_minor, score FROM typed "
        "WHERE name = %(name)s AND at >= %(since)s", {"name": tricky, "since": datetime(2025, 1, 1)})
    assert found == [rows[0]]
    by_tag = clickhouse_client.execute("SELECT name FROM typed WHERE has(tags, %(tag)s)", {"tag": "b"})
    assert by_tag == [(tricky,)]
    assert clickhouse_client.execute("SELECT count() FROM typed") == [(2,)]


def test_ping(clickhouse_client, settings):
    assert clickhouse.ping(clickhouse_client)
    nowhere = clickhouse._client(settings.with_(clickhouse_port=1), "default")
    assert clickhouse.ping(nowhere) is False


def test_connect_gives_up_after_its_wait_when_nothing_listens(settings):
    with pytest.raises(ConnectionError, match="did not answer"):
        clickhouse.connect(settings.with_(clickhouse_port=1), "nowhere", wait_seconds=0.3)


def test_identifiers_are_checked():
    with pytest.raises(ValueError):
        clickhouse.quote_identifier("x`; DROP DATABASE default; --")
