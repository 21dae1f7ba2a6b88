"""The fur-tune partner's RabbitMQ user, made by the project's tooling, on the real broker: it reads only its queue
and writes only its exchange."""
import uuid

import pika
import pika.exceptions
import pytest

from mcf.kit.messaging import connection_parameters

ACCESS_REFUSED = 403


@pytest.fixture
def partner_channel(amqp_settings):
    connection = pika.BlockingConnection(connection_parameters(amqp_settings.partner_amqp_url))
    channel = connection.channel()
    channel.confirm_delivery()
    yield channel
    if connection.is_open:
        connection.close()


def _refused(call) -> pika.exceptions.ChannelClosedByBroker:
    with pytest.raises(pika.exceptions.ChannelClosedByBroker) as caught:
        call()
    assert caught.value.reply_code == ACCESS_REFUSED, caught.value
    assert "ACCESS_REFUSED" in caught.value.reply_text
    return caught.value


def test_the_partner_consumes_its_queue_and_publishes_to_its_exchange(partner_channel):
    tag = partner_channel.basic_consume("fur-tune.orders", lambda *args: None)
    assert tag in partner_channel.consumer_tags, "the broker registered the partner's consumer"
    # Publisher confirms are on and the message is mandatory: a refused, nacked or unroutable publish raises here,
    # so returning means the broker confirmed it into a queue bound to the partner's exchange.
    partner_channel.basic_publish("fur-tune.out", "fortune.issued", b"{}",
                                  pika.BasicProperties(delivery_mode=2, message_id=str(uuid.uuid4())),
                                  mandatory=True)
    assert partner_channel.is_open


@pytest.mark.parametrize("queue", ["notification.requests", "inventory.order-events", "inventory.fortunes"])
def test_the_partner_cannot_read_our_queues(partner_channel, queue):
    _refused(lambda: partner_channel.basic_consume(queue, lambda *args: None))


def test_the_partner_cannot_publish_to_our_events_exchange(partner_channel):
    _refused(lambda: partner_channel.basic_publish("mcf.events", "order.created", b"{}",
                                                   pika.BasicProperties(delivery_mode=2)))


def test_the_partner_cannot_declare_or_bind_anything(partner_channel):
    _refused(lambda: partner_channel.queue_declare("fur-tune.sneaky", durable=True))
