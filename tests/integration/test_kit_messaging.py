"""mcf.kit.messaging and mcf.kit.outbox against the real RabbitMQ and PostgreSQL."""
import json
import threading
import time
from urllib.parse import urlsplit, urlunsplit

import pika
import pytest

from mcf.kit import db
from mcf.kit.events import NOTIFICATIONS_EXCHANGE, Event, notification
from mcf.kit.messaging import (
    ATTEMPTS_HEADER,
    QUEUE_HEADER,
    REASON_HEADER,
    Binding,
    BrokerUnavailable,
    Consumer,
    ConsumerOptions,
    Exchange,
    Publisher,
    Queue,
    Rejected,
    Topology,
    connection_parameters,
    declare_topology,
)
from mcf.kit.outbox import OutboxRelay, PeeweeOutbox, pending_count
from tests.support.amqp import get_all, temporary_queue, wait_for
from tests.support.proxy import TcpProxy


@pytest.fixture
def database(settings, unique_name):
    database = db.connect(settings, f"kit_{unique_name}")
    db.migrate(database, [db.Migration("t:0001_seen", "CREATE TABLE seen (event_id text, note text)")])
    yield database
    database.close_all()
    db.drop_database(settings, database.database)


@pytest.fixture
def topology(settings, unique_name):
    exchange = f"test.{unique_name}"
    queue = Queue(f"test.{unique_name}.q", (Binding(exchange, "thing.#"),))
    with temporary_queue(settings.amqp_url, queue, (Exchange(exchange),)):
        yield Topology((Exchange(exchange),), (queue,))


def _event(exchange, **data):
    return Event(type="thing.happened", source="/mcf/test", data=data or {"n": 1}, exchange=exchange)


def _url_via(settings, port):
    parts = urlsplit(settings.amqp_url)
    netloc = parts.netloc.rsplit(":", 1)[0] + f":{port}"
    return urlunsplit(parts._replace(netloc=netloc))


def test_publisher_confirms_and_the_message_arrives_persistent_with_its_id(settings, topology):
    exchange, queue = topology.exchanges[0].name, topology.queues[0]
    publisher = Publisher(settings.amqp_url)
    event = _event(exchange)
    publisher.publish(event)
    publisher.close()
    [(props, body)] = get_all(settings.amqp_url, queue.name, 1)
    assert props.message_id == event.id and props.delivery_mode == 2
    assert Event.from_json(body).data == {"n": 1}


def test_publisher_reports_an_unreachable_broker(settings):
    with pytest.raises(BrokerUnavailable):
        Publisher(_url_via(settings, 1)).publish(_event("mcf.events"))


def test_outbox_relay_publishes_committed_rows_once_and_marks_them_sent(settings, topology, database):
    exchange, queue = topology.exchanges[0].name, topology.queues[0]
    outbox = PeeweeOutbox(database)
    with database.connection_context():
        with database.atomic():
            outbox.add(_event(exchange, n=1))
            outbox.add(_event(exchange, n=2))
        with pytest.raises(RuntimeError), database.atomic():
            outbox.add(_event(exchange, n=3))
            raise RuntimeError("rolled back: this event must never be published")
    relay = OutboxRelay(database, Publisher(settings.amqp_url))
    assert relay.relay_once() == 2
    assert relay.relay_once() == 0
    got = get_all(settings.amqp_url, queue.name, 3, timeout=1.5)
    assert sorted(Event.from_json(b).data["n"] for _, b in got) == [1, 2]
    assert pending_count(database) == 0


def test_outbox_keeps_events_while_the_broker_is_down_and_publishes_them_when_it_is_back(settings, topology,
                                                                                         database):
    exchange, queue = topology.exchanges[0].name, topology.queues[0]
    host_port = urlsplit(settings.amqp_url).netloc.rsplit("@", 1)[-1]
    proxy = TcpProxy("127.0.0.1", int(host_port.rsplit(":", 1)[1])).start()
    proxy.cut()
    relay = OutboxRelay(database, Publisher(_url_via(settings, proxy.port)), poll_seconds=0.1, max_backoff=0.3)
    thread = threading.Thread(target=relay.run, daemon=True)
    thread.start()
    try:
        with database.connection_context(), database.atomic():
            PeeweeOutbox(database).add(_event(exchange, n=42))
        time.sleep(1.0)
        assert pending_count(database) == 1  # accepted and kept while the broker is unreachable
        with database.connection_context():
            attempts, error = database.execute_sql("SELECT attempts, last_error FROM outbox").fetchone()
        assert attempts >= 1 and error
        proxy.restore()
        got = get_all(settings.amqp_url, queue.name, 1, timeout=10)
        assert [Event.from_json(b).data["n"] for _, b in got] == [42]
        deadline = time.monotonic() + 5
        while pending_count(database) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert pending_count(database) == 0
    finally:
        relay.stop()
        thread.join(5)
        proxy.cut()


class Recorder:
    """A handler that writes what it handled in the consumer's transaction, and can be told to fail."""

    def __init__(self, database, fail_times=0, reject=False):
        self.database, self.fail_times, self.reject = database, fail_times, reject
        self.calls = 0

    def __call__(self, event):
        self.calls += 1
        if self.reject:
            raise Rejected("data.n must be positive")
        if self.calls <= self.fail_times:
            raise ConnectionError("downstream hiccup")
        self.database.execute_sql("INSERT INTO seen VALUES (%s, %s)", (event.id, str(event.data.get("n"))))


def _seen(database):
    with database.connection_context():
        return [r[0] for r in database.execute_sql("SELECT note FROM seen ORDER BY note")]


def _run(consumer):
    thread = threading.Thread(target=consumer.run, daemon=True)
    thread.start()
    assert consumer.ready.wait(10)
    return thread


def test_a_duplicate_delivery_is_handled_once(settings, topology, database):
    exchange, queue = topology.exchanges[0].name, topology.queues[0]
    handler = Recorder(database)
    consumer = Consumer(settings.amqp_url, queue, handler, database)
    thread = _run(consumer)
    try:
        publisher = Publisher(settings.amqp_url)
        event = _event(exchange, n=7)
        publisher.publish(event)
        publisher.publish(event)  # redelivered: same event id
        publisher.publish(_event(exchange, n=8))
        assert wait_for(lambda: _seen(database) == ["7", "8"])
        time.sleep(0.3)
        assert _seen(database) == ["7", "8"] and handler.calls == 2
    finally:
        consumer.stop()
        thread.join(5)


def test_a_failing_handler_is_retried_with_backoff_then_succeeds(settings, topology, database):
    exchange, queue = topology.exchanges[0].name, topology.queues[0]
    handler = Recorder(database, fail_times=2)
    consumer = Consumer(settings.amqp_url, queue, handler, database,
                        options=ConsumerOptions(max_attempts=5, retry_base_ms=100))
    thread = _run(consumer)
    try:
        Publisher(settings.amqp_url).publish(_event(exchange, n=1))
        assert wait_for(lambda: _seen(database) == ["1"])
        assert handler.calls == 3
    finally:
        consumer.stop()
        thread.join(5)


def test_poison_and_malformed_messages_are_dead_lettered_with_the_reason_and_the_consumer_goes_on(
        settings, topology, database):
    exchange, queue = topology.exchanges[0].name, topology.queues[0]
    consumer = Consumer(settings.amqp_url, queue, Recorder(database, fail_times=99), database,
                        options=ConsumerOptions(max_attempts=2, retry_base_ms=50))
    thread = _run(consumer)
    try:
        publisher = Publisher(settings.amqp_url)
        publisher.publish_raw(exchange, "thing.happened", b"{not json", message_id="m-1")
        publisher.publish_raw(exchange, "thing.happened", b'{"specversion": "1.0"}', message_id="m-2")
        publisher.publish(_event(exchange, n=5))  # fails every time: given up after 2 attempts
        dead = get_all(settings.amqp_url, queue.dead_letter_queue, 3)
        reasons = {p.message_id: p.headers[REASON_HEADER] for p, _ in dead}
        assert reasons["m-1"].startswith("malformed envelope: body is not JSON")
        assert "attribute 'id' is missing" in reasons["m-2"]
        [given_up] = [p for p, _ in dead if p.message_id not in ("m-1", "m-2")]
        assert "handler failed 2 times" in given_up.headers[REASON_HEADER]
        assert given_up.headers[ATTEMPTS_HEADER] == 2 and given_up.headers[QUEUE_HEADER] == queue.name
        consumer.handler = Recorder(database)  # the consumer is still running and takes the next message
        publisher.publish(_event(exchange, n=6))
        assert wait_for(lambda: _seen(database) == ["6"])
    finally:
        consumer.stop()
        thread.join(5)


def test_a_rejected_message_is_dead_lettered_at_once_and_changes_nothing(settings, topology, database):
    exchange, queue = topology.exchanges[0].name, topology.queues[0]
    handler = Recorder(database, reject=True)
    consumer = Consumer(settings.amqp_url, queue, handler, database)
    thread = _run(consumer)
    try:
        Publisher(settings.amqp_url).publish(_event(exchange, n=-1))
        [(props, _)] = get_all(settings.amqp_url, queue.dead_letter_queue, 1)
        assert props.headers[REASON_HEADER] == "rejected: data.n must be positive"
        assert handler.calls == 1 and _seen(database) == []
    finally:
        consumer.stop()
        thread.join(5)


def test_the_consumer_reconnects_after_the_broker_connection_drops(settings, topology, database):
    exchange, queue = topology.exchanges[0].name, topology.queues[0]
    host_port = urlsplit(settings.amqp_url).netloc.rsplit("@", 1)[-1]
    proxy = TcpProxy("127.0.0.1", int(host_port.rsplit(":", 1)[1])).start()
    consumer = Consumer(_url_via(settings, proxy.port), queue, Recorder(database), database,
                        options=ConsumerOptions(reconnect_max_seconds=0.5))
    thread = _run(consumer)
    try:
        proxy.cut()
        assert wait_for(lambda: not consumer.ready.is_set(), 10)
        Publisher(settings.amqp_url).publish(_event(exchange, n=3))  # sent while the consumer is cut off
        proxy.restore()
        assert wait_for(lambda: _seen(database) == ["3"], 15)
    finally:
        consumer.stop()
        thread.join(5)
        proxy.cut()


def test_a_published_notification_request_keeps_its_envelope_in_the_outbox_but_not_its_personal_data(
        settings, unique_name, topology, database):
    """ADR 0122: the request reaches the broker whole; the outbox row it leaves behind holds no address or name."""
    queue = Queue(f"test.{unique_name}.notices", (Binding(NOTIFICATIONS_EXCHANGE, f"notification.{unique_name}.#"),))
    declare_topology(settings.amqp_url, Topology((Exchange(NOTIFICATIONS_EXCHANGE),), (queue,)))
    try:
        request = notification(unique_name, "hello", recipient={"id": "c-1", "role": "client",
                                                                "email": "murka-secret@cats.example"},
                               template="t", data={"full_name": "Murka Pushistaya"}, subject="order-1")
        other = _event(topology.exchanges[0].name, n=7)
        with database.connection_context(), database.atomic():
            PeeweeOutbox(database).add(request)
            PeeweeOutbox(database).add(other)
        assert OutboxRelay(database, Publisher(settings.amqp_url)).relay_once() == 2
        [(_, delivered)] = get_all(settings.amqp_url, queue.name, 1)
        assert Event.from_json(delivered).data["recipient"]["email"] == "murka-secret@cats.example"
        with database.connection_context():
            bodies = {row_id: bytes(body).decode() for row_id, body in
                      database.execute_sql("SELECT id::text, body FROM outbox WHERE sent_at IS NOT NULL").fetchall()}
        kept = json.loads(bodies[request.id])
        assert (kept["id"], kept["type"], kept["subject"]) == (request.id, request.type, "order-1")
        assert "data" not in kept
        assert "murka-secret" not in bodies[request.id] and "Pushistaya" not in bodies[request.id]
        assert json.loads(bodies[other.id])["data"] == {"n": 7}  # other events are kept whole
    finally:
        connection = pika.BlockingConnection(connection_parameters(settings.amqp_url))
        for name in (queue.name, queue.retry_queue, queue.dead_letter_queue):
            connection.channel().queue_delete(name)
        connection.close()
