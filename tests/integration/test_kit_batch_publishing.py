"""The outbox relay's batches: many messages in flight, one wait for their confirms (ADR 0150), on the real
RabbitMQ and PostgreSQL; a nack and a lost connection in the middle of a batch lose nothing and publish nothing
twice."""
from urllib.parse import urlsplit, urlunsplit

import pika
import pytest

from mcf.kit import db
from mcf.kit.events import Event
from mcf.kit.messaging import (
    BatchNotConfirmed,
    Exchange,
    OutgoingMessage,
    Publisher,
    Queue,
    connection_parameters,
)
from mcf.kit.outbox import OutboxRelay, PeeweeOutbox, pending_count
from tests.support.amqp import get_all, temporary_queue
from tests.support.proxy import TcpProxy


@pytest.fixture
def database(settings, unique_name):
    database = db.connect(settings, f"kitb_{unique_name}")
    db.migrate(database)
    yield database
    database.close_all()
    db.drop_database(settings, database.database)


@pytest.fixture
def exchange(settings, unique_name):
    name = f"test.{unique_name}"
    with temporary_queue(settings.amqp_url, Queue(f"{name}.unused"), (Exchange(name),)):
        yield name


def _bounded_queue(url: str, name: str, exchange: str, max_length: int | None = None) -> None:
    """A queue bound to ``exchange``; with ``max_length`` the broker nacks publishes once it is full."""
    connection = pika.BlockingConnection(connection_parameters(url))
    arguments = {} if max_length is None else {"x-max-length": max_length, "x-overflow": "reject-publish"}
    connection.channel().queue_declare(name, durable=True, arguments=arguments)
    connection.channel().queue_bind(name, exchange, routing_key="thing.#")
    connection.close()


def _delete_queue(url: str, name: str) -> None:
    connection = pika.BlockingConnection(connection_parameters(url))
    connection.channel().queue_delete(name)
    connection.close()


def _add_in_order(database, exchange, numbers) -> None:
    for n in numbers:  # one transaction each, so created_at (the relay's order) increases with n
        with database.connection_context(), database.atomic():
            PeeweeOutbox(database).add(Event(type="thing.happened", source="/mcf/test", data={"n": n},
                                             exchange=exchange))


def _numbers(got) -> list[int]:
    return [Event.from_json(body).data["n"] for _, body in got]


def _unsent(database) -> list[tuple[int, str | None]]:
    with database.connection_context():
        return list(database.execute_sql(
            "SELECT attempts, last_error FROM outbox WHERE sent_at IS NULL ORDER BY created_at").fetchall())


def _url_via(settings, port):
    parts = urlsplit(settings.amqp_url)
    return urlunsplit(parts._replace(netloc=parts.netloc.rsplit(":", 1)[0] + f":{port}"))


def test_a_batch_is_published_in_order_with_one_wait_for_its_confirms(settings, database, exchange, monkeypatch):
    queue = f"{exchange}.all"
    _bounded_queue(settings.amqp_url, queue, exchange)
    try:
        _add_in_order(database, exchange, range(1, 31))
        publisher = Publisher(settings.amqp_url)
        publisher._ensure_channel()
        waits = []
        flush = publisher._channel._flush_output
        monkeypatch.setattr(publisher._channel, "_flush_output", lambda *w: (waits.append(1), flush(*w))[1])
        assert OutboxRelay(database, publisher, batch_size=100).relay_once() == 30
        assert len(waits) == 1  # 30 messages, one wait
        assert pending_count(database) == 0
        assert _numbers(get_all(settings.amqp_url, queue, 30)) == list(range(1, 31))
        publisher.close()
    finally:
        _delete_queue(settings.amqp_url, queue)


def test_publish_batch_reports_which_messages_a_nack_left_unconfirmed(settings, exchange):
    queue = f"{exchange}.small"
    _bounded_queue(settings.amqp_url, queue, exchange, max_length=3)
    publisher = Publisher(settings.amqp_url)
    try:
        with pytest.raises(BatchNotConfirmed) as caught:
            publisher.publish_batch([OutgoingMessage(exchange, "thing.happened", b"{}", f"m-{i}") for i in range(6)])
        assert caught.value.confirmed == frozenset({0, 1, 2})
        publisher.publish_raw(exchange, "other.thing", b"{}", message_id="fine")  # it reconnects and goes on
    finally:
        publisher.close()
        _delete_queue(settings.amqp_url, queue)


def test_a_nack_in_the_middle_of_a_batch_marks_only_the_confirmed_rows_sent(settings, database, exchange):
    queue = f"{exchange}.small"
    _bounded_queue(settings.amqp_url, queue, exchange, max_length=3)
    try:
        _add_in_order(database, exchange, range(1, 7))
        relay = OutboxRelay(database, Publisher(settings.amqp_url))
        with pytest.raises(BatchNotConfirmed):
            relay.relay_once()
        unsent = _unsent(database)
        assert len(unsent) == 3 and all(attempts == 1 and "nack" in error for attempts, error in unsent)
        assert _numbers(get_all(settings.amqp_url, queue, 3)) == [1, 2, 3]
        assert relay.relay_once() == 3  # room again: the rest goes out, in order, once
        assert _numbers(get_all(settings.amqp_url, queue, 6, timeout=3)) == [4, 5, 6]
        assert pending_count(database) == 0
        relay.publisher.close()
    finally:
        _delete_queue(settings.amqp_url, queue)


def test_a_connection_lost_in_the_middle_of_a_batch_loses_nothing_and_repeats_nothing(settings, database,
                                                                                      exchange):
    queue = f"{exchange}.all"
    _bounded_queue(settings.amqp_url, queue, exchange)
    host_port = urlsplit(settings.amqp_url).netloc.rsplit("@", 1)[-1]
    proxy = TcpProxy("127.0.0.1", int(host_port.rsplit(":", 1)[1])).start()
    try:
        _add_in_order(database, exchange, range(1, 11))
        publisher = Publisher(_url_via(settings, proxy.port))
        publisher._ensure_channel()
        confirms, impl = publisher._confirms, publisher._channel._impl
        publish, count = impl.basic_publish, [0]

        def cut_after_four(*args, **kwargs):
            if count[0] == 4:  # the first four are confirmed, then the broker goes away mid-batch
                publisher._channel._flush_output(lambda: set(confirms.pending.values()) == {4})
                proxy.cut()
            count[0] += 1
            return publish(*args, **kwargs)

        impl.basic_publish = cut_after_four
        relay = OutboxRelay(database, publisher)
        with pytest.raises(BatchNotConfirmed) as caught:
            relay.relay_once()
        assert caught.value.confirmed == frozenset({0, 1, 2, 3})
        unsent = _unsent(database)
        assert len(unsent) == 6 and all(attempts == 1 and error for attempts, error in unsent)
        proxy.restore()
        assert relay.relay_once() == 6
        assert _numbers(get_all(settings.amqp_url, queue, 11, timeout=3)) == list(range(1, 11))
        assert pending_count(database) == 0
        publisher.close()
    finally:
        proxy.cut()
        _delete_queue(settings.amqp_url, queue)
