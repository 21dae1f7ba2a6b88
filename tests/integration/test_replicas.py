"""The kit's workers as N replicas on the real servers: relays, periodic jobs and consumers share the work,
never do one piece twice, and a consumer told to stop (SIGTERM) finishes what it holds and exits."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from mcf.kit import db
from mcf.kit.events import Event
from mcf.kit.messaging import Binding, Exchange, Publisher, Queue, Topology
from mcf.kit.mongo_outbox import CLAIMED_BY, CLAIMED_UNTIL, PENDING, MongoOutboxRelay, outbox_fields, pending_count
from mcf.kit.runtime import PeriodicJob
from tests.support.amqp import get_all, temporary_queue, wait_for

pytestmark = pytest.mark.timeout(120)
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def topology(settings, unique_name):
    exchange = f"test.{unique_name}"
    queue = Queue(f"test.{unique_name}.q", (Binding(exchange, "thing.#"),))
    with temporary_queue(settings.amqp_url, queue, (Exchange(exchange),)):
        yield Topology((Exchange(exchange),), (queue,))


def _event(exchange: str, n: int) -> Event:
    return Event(type="thing.happened", source="/mcf/test", data={"n": n}, exchange=exchange)


def _documents(collection, exchange: str, count: int) -> list[str]:
    ids = []
    for n in range(count):
        event = _event(exchange, n)
        collection.insert_one({"_id": f"doc-{n}", **outbox_fields([event])})
        ids.append(event.id)
    return ids


def test_two_mongo_relays_side_by_side_publish_every_document_once(settings, mongo_db, topology):
    exchange, queue = topology.exchanges[0].name, topology.queues[0].name
    collection = mongo_db["things"]
    ids = _documents(collection, exchange, 60)
    # A document written before leases existed (no claim fields at all) is claimed like the others.
    legacy = _event(exchange, 60)
    fields = outbox_fields([legacy])
    del fields[CLAIMED_UNTIL], fields[CLAIMED_BY]
    collection.insert_one({"_id": "doc-legacy", **fields})
    ids.append(legacy.id)

    relays = [MongoOutboxRelay([collection], Publisher(settings.amqp_url, topology), batch_size=5)
              for _ in range(2)]
    counts = [0, 0]

    def drain(i):
        while (n := relays[i].relay_once()):
            counts[i] += n

    threads = [threading.Thread(target=drain, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    for relay in relays:
        relay.publisher.close()

    got = get_all(settings.amqp_url, queue, expect=len(ids) + 10, timeout=3)
    published = [properties.message_id for properties, _ in got]
    assert sorted(published) == sorted(ids), "an event lost or published twice"
    assert sum(counts) == len(ids) and min(counts) > 0, f"the relays did not share the work: {counts}"
    assert pending_count([collection]) == 0
    assert collection.count_documents({CLAIMED_BY: {"$ne": None}}) == 0


def test_a_held_lease_keeps_other_relays_off_and_a_lapsed_one_lets_them_publish(settings, mongo_db, topology):
    exchange, queue = topology.exchanges[0].name, topology.queues[0].name
    collection = mongo_db["things"]
    [event_id] = _documents(collection, exchange, 1)
    crashed = MongoOutboxRelay([collection], Publisher(settings.amqp_url, topology), lease_seconds=30)
    assert crashed.claim(collection)["_id"] == "doc-0"  # ... and then the process dies before publishing

    other = MongoOutboxRelay([collection], Publisher(settings.amqp_url, topology))
    assert other.relay_once() == 0 and pending_count([collection]) == 1

    collection.update_one({"_id": "doc-0"},
                          {"$set": {CLAIMED_UNTIL: datetime.now(timezone.utc) - timedelta(seconds=1)}})
    assert other.relay_once() == 1
    other.publisher.close()
    crashed.publisher.close()
    got = get_all(settings.amqp_url, queue, expect=2, timeout=2)
    assert [p.message_id for p, _ in got] == [event_id]
    doc = collection.find_one({"_id": "doc-0"})
    assert not doc[PENDING] and doc[CLAIMED_BY] is None


@pytest.fixture
def database(settings, unique_name):
    database = db.connect(settings, f"kit_{unique_name}")
    db.migrate(database)
    yield database
    database.close_all()
    db.drop_database(settings, database.database)


def test_a_tick_is_claimed_by_one_replica_only_and_is_claimable_again_one_interval_later(database):
    first, second = db.TickClaim(database, "t.sweeper", 0.5), db.TickClaim(database, "t.sweeper", 0.5)
    assert [first(), second(), first()] == [True, False, False]
    assert db.TickClaim(database, "t.other-job", 0.5)(), "jobs are claimed independently"
    time.sleep(0.6)
    assert [second(), first()] == [True, False]


def test_two_replicas_of_a_periodic_job_run_one_round_per_tick(database):
    interval, rounds, lock = 0.2, [], threading.Lock()

    def job(replica):
        def round_():
            with lock:
                rounds.append((time.monotonic(), replica))
            return []
        return round_

    jobs = [PeriodicJob(f"t.job.{r}", job(r), interval, claim=db.TickClaim(database, "t.job", interval))
            for r in ("a", "b")]
    threads = [threading.Thread(target=j.run, daemon=True) for j in jobs]
    started = time.monotonic()
    for t in threads:
        t.start()
    time.sleep(2.1)
    for j in jobs:
        j.stop()
    for t in threads:
        t.join(5)
    elapsed = time.monotonic() - started
    times = [at for at, _ in rounds]
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    assert len(rounds) <= elapsed / interval + 1, f"more rounds than ticks: {len(rounds)} in {elapsed:.2f}s"
    assert len(rounds) >= 5, f"the ticks were not run: {rounds}"
    assert min(gaps) > interval * 0.75, f"two rounds within one tick: {gaps}"


CONSUMER_SCRIPT = textwrap.dedent("""
    import os, sys, time
    from mcf.kit.logging import configure
    from mcf.kit.messaging import Binding, Consumer, ConsumerOptions, Queue
    from mcf.kit.runtime import run_workers

    url, queue, exchange, effects, probe_port = sys.argv[1:6]

    def handler(event):
        time.sleep(0.03)  # a side effect in progress when SIGTERM comes
        with open(effects, "a") as out:
            out.write(event.id + "\\n")
        return None

    configure("replica-test", "INFO")
    consumer = Consumer(url, Queue(queue, (Binding(exchange, "thing.#"),)), handler, None,
                        options=ConsumerOptions(prefetch=10))
    run_workers([consumer], probe_port=int(probe_port))
    print("exited cleanly", flush=True)
""")


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _probe(port: int, path: str) -> int:
    import requests

    return requests.get(f"http://127.0.0.1:{port}{path}", timeout=2).status_code


def test_sigterm_to_one_of_two_consumers_mid_burst_loses_nothing_and_repeats_nothing(settings, topology,
                                                                                   tmp_path):
    """The handler's side effect is outside any transaction (no inbox), so a message handled and then delivered
    again would show twice: a graceful stop finishes the message in hand, acks it and hands back the rest."""
    exchange, queue = topology.exchanges[0].name, topology.queues[0].name
    publisher = Publisher(settings.amqp_url, topology)
    events = [_event(exchange, n) for n in range(200)]
    for event in events:
        publisher.publish(event)
    publisher.close()

    effects = [tmp_path / f"effects-{i}.txt" for i in range(2)]
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    probe_port = _free_port()
    replicas = [subprocess.Popen([sys.executable, "-c", CONSUMER_SCRIPT, settings.amqp_url, queue, exchange,
                                  str(path), str(probe_port if i == 0 else 0)], cwd=ROOT, env=env,
                                 stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
                for i, path in enumerate(effects)]
    try:
        def handled():
            return sum(len(p.read_text().splitlines()) for p in effects if p.exists())

        assert wait_for(lambda: handled() >= 40 and effects[0].exists(), timeout=30), "the burst did not start"
        assert _probe(probe_port, "/health") == 200 and _probe(probe_port, "/ready") == 200
        assert _probe(probe_port, "/elsewhere") == 404
        replicas[0].send_signal(signal.SIGTERM)
        output, _ = replicas[0].communicate(timeout=20)
        assert replicas[0].returncode == 0 and b"exited cleanly" in output, output.decode()[-2000:]
        assert b"stopping" in output
        assert wait_for(lambda: handled() >= len(events), timeout=60), f"only {handled()} handled"
        time.sleep(0.5)  # anything handled twice would show up now
    finally:
        for process in replicas:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                process.wait(20)
    lines = [line for p in effects if p.exists() for line in p.read_text().splitlines()]
    assert sorted(lines) == sorted(e.id for e in events), "an event lost or handled twice"
    stopped_share = len(effects[0].read_text().splitlines())
    assert 0 < stopped_share < len(events)
    assert get_all(settings.amqp_url, queue, expect=1, timeout=0.5) == []


def test_the_workers_of_every_service_run_their_sweepers_by_tick_claims():
    """A periodic job without a claim would run a round per replica per tick."""
    import ast

    unclaimed, claimed = [], []
    for path in (ROOT / "src" / "mcf").glob("*/app.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.Call):
                continue
            if getattr(node.func, "attr", None) == "periodic_job":  # db.periodic_job: claimed under its own name
                claimed.append(f"{path.parent.name}: {ast.unparse(node.args[1])}")
            elif getattr(node.func, "id", None) == "PeriodicJob":
                if not any(k.arg == "claim" for k in node.keywords):
                    unclaimed.append(f"{path.parent.name}: {ast.unparse(node.args[0])}")
                else:
                    claimed.append(f"{path.parent.name}: {ast.unparse(node.args[0])}")
    assert unclaimed == []
    assert len(claimed) >= 7, claimed  # order (2), quality (2), inventory, notification, worker-testing



def test_two_migrations_started_at_once_both_succeed_and_apply_each_step_once(settings, unique_name):
    """What the Kubernetes Job relies on when a rollout overlaps another: the advisory lock serialises them."""
    own = settings.with_(db_prefix=f"mcf_test_{unique_name}_")
    env = dict(os.environ, MCF_DB_PREFIX=own.db_prefix, MCF_AMQP_URL=own.amqp_url, PYTHONUNBUFFERED="1")
    mcf = str(Path(sys.executable).with_name("mcf"))
    try:
        runs = [subprocess.Popen([mcf, "migrate", "--service", "payment", "--service", "order"], env=env, cwd=ROOT,
                                 stdout=subprocess.PIPE, stderr=subprocess.STDOUT) for _ in range(2)]
        outputs = [run.communicate(timeout=120)[0].decode() for run in runs]
        assert [run.returncode for run in runs] == [0, 0], "\n".join(outputs)[-3000:]
        for service in ("payment", "order"):
            database = db.connect(own, service)
            with database.connection_context():
                ids = [row[0] for row in database.execute_sql("SELECT id FROM schema_migrations")]
            database.close_all()
            assert len(ids) == len(set(ids)) and "kit:0003_periodic_ticks" in ids
    finally:
        db.drop_databases_with_prefix(own, own.db_prefix)
        from mcf.kit.clickhouse import connect

        client = connect(own, "order")
        client.execute(f"DROP DATABASE IF EXISTS {own.database_name('order')}")
        client.disconnect()
