"""The replicated DDL on a real replicated ClickHouse cluster (tests/support/clickhouse_cluster.py: ZooKeeper and
two 18.16 servers, cluster ``mcf`` of one shard and two replicas, as the production overlay's
ClickHouseInstallation): with ``MCF_CLICKHOUSE_CLUSTER`` every service's tables and order-history's materialized
views exist on both replicas, and rows written through either replica reach the views' targets on both."""
from __future__ import annotations

import os
import threading
import time
import uuid
from datetime import timedelta

import pytest

from mcf.kit import clickhouse
from mcf.kit.config import Settings
from mcf.notification.adapters.storage import CLICKHOUSE_MIGRATIONS as NOTIFICATION
from mcf.order.adapters.storage import CLICKHOUSE_MIGRATIONS as ORDER
from mcf.order_history.adapters.gateways import archived_from
from mcf.order_history.adapters.storage import CLICKHOUSE_MIGRATIONS as HISTORY
from mcf.order_history.adapters.storage import ClickhouseArchive
from mcf.worker_testing.adapters.storage import CLICKHOUSE_MIGRATIONS as TESTING
from tests.support.clickhouse_cluster import CLUSTER, OwnClickhouseCluster, zookeeper_available
from tests.support.order_history import SLOT, order_json

SERVICES = {"order-history": HISTORY, "notification": NOTIFICATION, "order": ORDER, "worker-testing": TESTING}
VIEWS = {"order_archive_by_worker_feed": "order_archive_by_worker",
         "order_reviews_by_worker_feed": "order_reviews_by_worker"}
WORKER = "0f6c1c52-3c2a-4c1e-9f7a-1d2b3c4d5e6f"
# The cluster's seven ports (ZooKeeper, then tcp/http/interserver of each replica) just above this session's
# ClickHouse port, whose HTTP port lies elsewhere (tcp - 877); parallel sessions' ClickHouse ports are 10 apart.
BASE_PORT = int(os.environ.get("MCF_CLICKHOUSE_PORT", Settings.clickhouse_port)) + 2


@pytest.fixture(scope="module")
def cluster():
    assert zookeeper_available(), "ZooKeeper is missing: tooling/bootstrap installs the Debian package zookeeper"
    own = OwnClickhouseCluster(BASE_PORT)
    try:
        yield own.start()
    finally:
        own.stop()


@pytest.fixture(scope="module")
def replicas(cluster):
    """Settings of each replica, migrated once from the first: every service's database on the cluster."""
    prefix = f"mcf_c{uuid.uuid4().hex[:6]}_"
    settings = [Settings(clickhouse_host="127.0.0.1", clickhouse_port=tcp, clickhouse_cluster=CLUSTER,
                         db_prefix=prefix) for tcp, _, _ in cluster.nodes]
    for service, migrations in SERVICES.items():
        client = clickhouse.connect(settings[0], service)
        try:
            assert clickhouse.migrate(client, migrations, cluster=CLUSTER) == [m.version for m in migrations]
        finally:
            client.disconnect()
    return settings


def _eventually(read, expected, seconds=30.0):
    deadline = time.monotonic() + seconds
    while (seen := read()) != expected and time.monotonic() < deadline:
        time.sleep(0.2)
    return seen


def _tables(client, database):
    return dict(client.execute("SELECT name, engine FROM system.tables WHERE database = %(d)s", {"d": database}))


def test_every_table_and_view_is_on_both_replicas_and_the_tables_are_replicated(replicas):
    for service, migrations in SERVICES.items():
        database = replicas[0].database_name(service)
        on_each = []
        for settings in replicas:
            client = clickhouse.connect(settings, service)
            try:
                on_each.append(_tables(client, database))
                # the record of migrations replicated too: a replica starting later applies nothing again
                assert clickhouse.migrate(client, migrations, cluster=CLUSTER) == []
            finally:
                client.disconnect()
        first, second = on_each
        assert first == second, service
        assert all(engine.startswith("Replicated") for name, engine in first.items()
                   if engine != "MaterializedView"), (service, first)
    client = clickhouse.connect(replicas[1], "order-history")
    try:
        history = _tables(client, replicas[1].database_name("order-history"))
        for view, target in VIEWS.items():
            assert history[view] == "MaterializedView" and history[target] == "ReplicatedReplacingMergeTree"
    finally:
        client.disconnect()


def _stats(archive):
    s = archive.worker_statistics(WORKER, None, None)
    return s.orders, s.completed, s.cancelled, s.checked_in, s.reviews, s.average_review_score


def test_orders_archived_on_either_replica_reach_the_views_targets_on_both(replicas):
    clients = [clickhouse.connect(s, "order-history") for s in replicas]
    try:
        first, second = (ClickhouseArchive(c) for c in clients)
        # written on the second replica: its own view feeds its copy, which replicates to the first
        on_second = archived_from(order_json("completed", worker_id=WORKER))
        second.add([on_second])
        second.add_reviews([(on_second.order_id, WORKER, "rv-1", 5.0, SLOT, 1)])
        assert _eventually(lambda: _stats(first), (1, 1, 0, 1, 1, 5.0)) == (1, 1, 0, 1, 1, 5.0)
        # and the other way round, with a redelivery: counted once on both
        on_first = archived_from(order_json("completed", worker_id=WORKER, slot=SLOT + timedelta(days=1)))
        first.add([on_first, on_first])
        first.add_reviews([(on_first.order_id, WORKER, "rv-2", 3.0, SLOT, 1)])
        for archive in (first, second):
            assert _eventually(lambda a=archive: _stats(a), (2, 2, 0, 2, 2, 4.0)) == (2, 2, 0, 2, 2, 4.0)
        database = replicas[0].database_name("order-history")
        for client in clients:  # each row fed once per replica, not once per view on the cluster
            for target in VIEWS.values():
                rows = client.execute(f"SELECT count() FROM {database}.{target} FINAL")[0][0]
                assert rows == 2, target
    finally:
        for client in clients:
            client.disconnect()


def test_a_row_written_on_one_replica_is_read_on_the_other(replicas):
    database = replicas[0].database_name("notification")
    clients = [clickhouse.connect(s, "notification") for s in replicas]
    try:
        row = uuid.uuid4()
        clients[0].execute(f"INSERT INTO {database}.notifications (id, version, status) VALUES", [(row, 1, "sent")])
        assert _eventually(lambda: clients[1].execute(
            f"SELECT toString(id), status FROM {database}.notifications FINAL"), [(str(row), "sent")]) == \
            [(str(row), "sent")]
    finally:
        for client in clients:
            client.disconnect()


def test_two_migrations_started_at_once_on_both_replicas_both_succeed(cluster):
    """Two migration Jobs of overlapping rollouts, each reaching another replica through the Service."""
    prefix = f"mcf_c{uuid.uuid4().hex[:6]}_"
    settings = [Settings(clickhouse_host="127.0.0.1", clickhouse_port=tcp, clickhouse_cluster=CLUSTER,
                         db_prefix=prefix) for tcp, _, _ in cluster.nodes]
    results, errors = {}, []

    def run(index):
        try:
            client = clickhouse.connect(settings[index], "order-history")
            try:
                results[index] = clickhouse.migrate(client, HISTORY, cluster=CLUSTER)
            finally:
                client.disconnect()
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert errors == [] and len(results) == 2
    for index in (0, 1):
        client = clickhouse.connect(settings[index], "order-history")
        try:
            tables = _tables(client, settings[index].database_name("order-history"))
            assert set(VIEWS) | set(VIEWS.values()) <= set(tables)
            assert clickhouse.migrate(client, HISTORY, cluster=CLUSTER) == []
        finally:
            client.disconnect()
