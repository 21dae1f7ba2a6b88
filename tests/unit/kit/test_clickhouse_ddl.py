"""The DDL the ClickHouse migrations run: unchanged on one server, replicated ON CLUSTER on a cluster
(MCF_CLICKHOUSE_CLUSTER, the production overlay's ClickHouseInstallation)."""
from __future__ import annotations

import pytest

from mcf.kit import clickhouse
from mcf.kit.clickhouse import REPLICA_NAME, REPLICA_PATH, on_cluster
from mcf.notification.adapters.storage import CLICKHOUSE_MIGRATIONS as NOTIFICATION
from mcf.order.adapters.storage import CLICKHOUSE_MIGRATIONS as ORDER
from mcf.order_history.adapters.storage import CLICKHOUSE_MIGRATIONS as HISTORY
from mcf.worker_testing.adapters.storage import CLICKHOUSE_MIGRATIONS as TESTING

REPLICA = f"'{REPLICA_PATH}', '{REPLICA_NAME}'"


def _tables(migrations):
    return [s for m in migrations for s in m.statements if isinstance(s, str) and "CREATE TABLE" in s]


def test_a_single_server_runs_the_migrations_as_written():
    for statement in _tables(HISTORY + NOTIFICATION + ORDER + TESTING):
        assert on_cluster(statement, "") is statement


def test_the_archive_and_the_logs_become_replicated_replacing_merge_trees_on_the_cluster():
    # the first migration's tables (the second adds the by-worker copies, checked by the loop below)
    archive, reviews = (on_cluster(s, "mcf") for s in _tables(HISTORY[:1]))
    assert "CREATE TABLE IF NOT EXISTS order_archive ON CLUSTER `mcf` (" in archive
    assert f"ENGINE = ReplicatedReplacingMergeTree({REPLICA}, version) PARTITION BY toYYYYMM(slot_start) " \
           "ORDER BY order_id" in archive
    assert f"ENGINE = ReplicatedReplacingMergeTree({REPLICA}, version) ORDER BY order_id" in reviews
    log, recipients = (on_cluster(s, "mcf") for s in _tables(NOTIFICATION))
    assert "ON CLUSTER `mcf`" in log and f"ENGINE = ReplicatedReplacingMergeTree({REPLICA}, version)" in log
    assert "notification_recipients ON CLUSTER `mcf`" in recipients
    assert f"ENGINE = ReplicatedReplacingMergeTree({REPLICA}) ORDER BY (recipient_email_index, id)" in recipients
    [answers] = (on_cluster(s, "mcf") for s in _tables(TESTING))
    assert f"ENGINE = ReplicatedReplacingMergeTree({REPLICA}, written_at)" in answers
    for statement in _tables(HISTORY + NOTIFICATION + ORDER + TESTING):
        replicated = on_cluster(statement, "mcf")
        assert "ReplicatedReplacingMergeTree(" in replicated and replicated.count("ON CLUSTER") == 1
        assert on_cluster(replicated, "mcf").count("Replicated") == replicated.count("Replicated")  # no doubling


def test_the_record_of_migrations_is_replicated_too_and_engines_without_arguments_get_the_path():
    ddl = on_cluster(clickhouse._SCHEMA_MIGRATIONS, "mcf")
    assert "schema_migrations ON CLUSTER `mcf`" in ddl
    assert f"ENGINE = ReplicatedMergeTree({REPLICA}) ORDER BY version" in ddl
    assert on_cluster("ALTER TABLE t ADD COLUMN c UInt8", "mcf") == "ALTER TABLE t ADD COLUMN c UInt8"
    with pytest.raises(ValueError):
        on_cluster("CREATE TABLE IF NOT EXISTS t (a UInt8) ENGINE = MergeTree ORDER BY a", "mcf; DROP")


def _views(migrations):
    return [s for m in migrations for s in m.statements if isinstance(s, str) and "MATERIALIZED VIEW" in s]


def test_order_historys_views_are_created_on_every_replica_reading_and_feeding_the_migrated_database():
    views = _views(HISTORY)
    assert len(views) == 2
    for statement in views:
        assert on_cluster(statement, "") is statement
        ddl = on_cluster(statement, "mcf", "mcf_order_history")
        # ON CLUSTER: a view fires only on inserts into its own server, so every replica needs one
        assert ddl.count("ON CLUSTER `mcf`") == 1 and "_feed ON CLUSTER `mcf` TO `mcf_order_history`.`" in ddl
        # a replica runs the DDL in its default database: the target and the source are qualified
        assert " FROM `mcf_order_history`.`order_" in ddl
    # the targets are replicated tables themselves (each replica's view feeds its own replica of the target)
    targets = [s for s in _tables(HISTORY) if "_by_worker" in s]
    assert len(targets) == 2 and all("ReplicatedReplacingMergeTree(" in on_cluster(s, "mcf") for s in targets)


def test_a_view_with_an_inner_table_gets_the_replicated_engine_and_qualified_names_are_kept():
    ddl = on_cluster("CREATE MATERIALIZED VIEW IF NOT EXISTS v ENGINE = SummingMergeTree ORDER BY k "
                     "AS SELECT k, count() AS n FROM other.t GROUP BY k", "mcf", "db")
    assert f"v ON CLUSTER `mcf` ENGINE = ReplicatedSummingMergeTree({REPLICA}) ORDER BY k" in ddl
    assert "FROM other.t GROUP BY k" in ddl  # already qualified: left alone


class _Recorder:
    def __init__(self):
        self.sql = []

    def execute(self, sql, *_args):
        self.sql.append(sql)
        return [("mcf_order_history",)] if sql == "SELECT currentDatabase()" else []


def test_migrate_runs_the_replicated_ddl_when_given_the_cluster():
    recorder = _Recorder()
    assert clickhouse.migrate(recorder, HISTORY, cluster="mcf") == [1, 2]
    created = [s for s in recorder.sql if "CREATE TABLE" in s]
    # the record of migrations, the archive and the reviews, then the two by-worker copies (ADR 0151)
    assert len(created) == 5 and all("ON CLUSTER `mcf`" in s and "Replicated" in s for s in created)
    views = [s for s in recorder.sql if "MATERIALIZED VIEW" in s]
    assert len(views) == 2 and all("ON CLUSTER `mcf` TO `mcf_order_history`." in s for s in views)
    plain = _Recorder()
    clickhouse.migrate(plain, HISTORY)
    assert not any("ON CLUSTER" in s or "Replicated" in s for s in plain.sql)
