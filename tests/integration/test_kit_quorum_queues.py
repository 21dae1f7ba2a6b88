"""The consumers' queues are quorum queues (ADR 0130): a queue, its retry queue and its dead-letter queue; an
existing classic queue of the same name (declared before) is kept with a warning instead of failing the start."""
import uuid

import pika
import pika.exceptions
import pytest

from mcf.kit.messaging import Binding, Queue, Topology, connection_parameters, declare_topology


@pytest.fixture
def channel(settings):
    connection = pika.BlockingConnection(connection_parameters(settings.amqp_url))
    yield connection
    connection.close()


def _type_is(connection, name: str, queue_type: str) -> bool:
    """Redeclaring with another x-queue-type is refused (406): the only way AMQP tells a queue's type."""
    other = {"quorum": "classic", "classic": "quorum"}[queue_type]
    probe = connection.channel()
    try:
        probe.queue_declare(name, durable=True, arguments={"x-queue-type": other})
    except pika.exceptions.ChannelClosedByBroker as exc:
        return exc.reply_code == 406
    probe.close()
    return False


def test_a_queue_its_retry_and_dead_letter_queues_are_quorum_queues(settings, channel):
    queue = Queue(f"test.quorum.{uuid.uuid4().hex[:8]}", (Binding("mcf.events", "test.quorum"),))
    declare_topology(settings.amqp_url, Topology(queues=(queue,)))
    try:
        for name in (queue.name, queue.retry_queue, queue.dead_letter_queue):
            assert _type_is(channel, name, "quorum"), name
        declare_topology(settings.amqp_url, Topology(queues=(queue,)))  # idempotent
    finally:
        ch = channel.channel()
        for name in (queue.name, queue.retry_queue, queue.dead_letter_queue):
            ch.queue_delete(name)


def test_an_existing_classic_queue_is_kept_and_the_rest_is_declared(settings, channel):
    queue = Queue(f"test.classic.{uuid.uuid4().hex[:8]}")
    ch = channel.channel()
    ch.queue_declare(queue.name, durable=True, arguments={"x-queue-type": "classic"})
    try:
        declare_topology(settings.amqp_url, Topology(queues=(queue,)))
        assert _type_is(channel, queue.name, "classic")
        assert _type_is(channel, queue.dead_letter_queue, "quorum")
    finally:
        ch = channel.channel()
        for name in (queue.name, queue.retry_queue, queue.dead_letter_queue):
            ch.queue_delete(name)
