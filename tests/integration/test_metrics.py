"""mcf.kit.metrics and `mcf status` against the real RabbitMQ and PostgreSQL: a consumer's outcomes, the depth of
its queues and dead letters, an outbox's backlog and lag, a worker process's /metrics, and the status report."""
import io
import socket

import pytest
import requests
from prometheus_client import REGISTRY, CollectorRegistry

from mcf.kit import db, metrics
from mcf.kit.events import Event
from mcf.kit.messaging import Binding, Consumer, ConsumerOptions, Exchange, Publisher, Queue
from mcf.kit.outbox import OutboxRelay, PeeweeOutbox
from mcf.stack import status
from tests.support.amqp import running, temporary_queue, wait_for
from tests.support.system import free_port_base


@pytest.fixture
def database(settings, unique_name):
    database = db.connect(settings, f"kit_{unique_name}")
    db.migrate(database, [])
    yield database
    database.close_all()
    db.drop_database(settings, database.database)


@pytest.fixture
def queue(settings, unique_name):
    exchange = f"test.{unique_name}"
    with temporary_queue(settings.amqp_url, Queue(f"test.{unique_name}.q", (Binding(exchange, "thing.#"),)),
                         (Exchange(exchange),)) as queue:
        yield exchange, queue


def _count(queue, outcome):
    return REGISTRY.get_sample_value("mcf_consumer_messages_total", {"queue": queue, "outcome": outcome}) or 0


def _event(exchange, n):
    return Event(type="thing.happened", source="/mcf/test", data={"n": n}, exchange=exchange)


def test_a_consumer_counts_its_outcomes_and_its_dead_letters_are_seen_on_the_broker(settings, database, queue):
    exchange, q = queue

    def handler(event):
        if event.data["n"] < 0:
            raise ValueError("never works")

    consumer = Consumer(settings.amqp_url, q, handler, database,
                        options=ConsumerOptions(max_attempts=2, retry_base_ms=50))
    registry = CollectorRegistry()
    metrics.watch_workers([consumer], registry=registry)
    with running(consumer):
        publisher = Publisher(settings.amqp_url)
        good = _event(exchange, 1)
        publisher.publish(good)
        publisher.publish(good)  # a duplicate: the inbox skips it
        publisher.publish(_event(exchange, -1))  # retried once, then dead-lettered
        assert wait_for(lambda: _count(q.name, "dead_lettered") == 1 and _count(q.name, "duplicate") == 1)
        publisher.close()
        assert _count(q.name, "handled") == 1 and _count(q.name, "retried") == 1
        assert REGISTRY.get_sample_value("mcf_consumer_handler_failures_total", {"queue": q.name}) == 2
        labels = {"queue": q.name, "role": "main", "name": q.name}
        assert registry.get_sample_value("mcf_queue_consumers", labels) == 1
    registry = CollectorRegistry()
    metrics.watch_workers([consumer], registry=registry)  # a fresh scrape (the depths are cached a few seconds)
    assert registry.get_sample_value("mcf_queue_messages", {"queue": q.name, "role": "dead",
                                                            "name": q.dead_letter_queue}) == 1


def test_the_outbox_backlog_and_the_age_of_its_oldest_row(settings, database, queue):
    exchange, _ = queue
    relay = OutboxRelay(database, Publisher(settings.amqp_url), name="test.outbox-relay")
    assert relay.backlog() == (0, 0.0)
    with database.connection_context(), database.atomic():
        PeeweeOutbox(database).add(_event(exchange, 1))
        database.execute_sql("UPDATE outbox SET created_at = now() - interval '90 seconds'")
    count, age = relay.backlog()
    assert count == 1 and 89 < age < 600
    published = REGISTRY.get_sample_value("mcf_outbox_published_total",
                                          {"relay": "test.outbox-relay", "type": "thing.happened"}) or 0
    assert relay.relay_once() == 1
    assert relay.backlog() == (0, 0.0)
    assert REGISTRY.get_sample_value("mcf_outbox_published_total",
                                     {"relay": "test.outbox-relay", "type": "thing.happened"}) == published + 1
    relay.publisher.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_worker_process_serves_metrics_and_probes_on_one_port():
    port = _free_port()
    server = metrics.serve_process(port, alive=lambda: True, ready=lambda: False)
    try:
        response = requests.get(f"http://127.0.0.1:{port}/metrics", timeout=5)
        assert response.status_code == 200 and "mcf_orders_total" in response.text
        assert response.headers["Content-Type"].startswith("text/plain")
        assert requests.get(f"http://127.0.0.1:{port}/health", timeout=5).status_code == 200
        assert requests.get(f"http://127.0.0.1:{port}/ready", timeout=5).status_code == 503
    finally:
        server.shutdown()


def test_status_reports_processes_down_and_the_topology_queues_of_the_broker(settings):
    from mcf.kit.messaging import declare_topology
    from mcf.topology import TOPOLOGY

    declare_topology(settings.amqp_url, TOPOLOGY)
    quiet = settings.with_(port_base=free_port_base())  # nothing of a stack listens there
    out = io.StringIO()
    assert status.run(quiet, watch=0.01, rounds=2, out=out) == 1  # not healthy: every process is down
    text = out.getvalue()
    assert text.count("PROCESSES") == 2
    snap = status.snapshot(quiet)
    assert snap.broker == "ok" and all(p[3] == "down" for p in snap.processes)
    assert {q.name for q in TOPOLOGY.queues} <= {q[0] for q in snap.queues}
    assert "order.inbox" in text and "0 of" in text
