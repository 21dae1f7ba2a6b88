"""Notification requests through the kit's Consumer on RabbitMQ, accepted, and e-mailed by the send actor."""
import time
import uuid

import pytest

from mcf.kit.events import NOTIFICATIONS_EXCHANGE, Event, notification
from mcf.kit.messaging import (
    REASON_HEADER,
    Binding,
    Consumer,
    ConsumerOptions,
    Publisher,
    Queue,
)
from mcf.kit.smtp_sink import read_mail
from mcf.notification.adapters.amqp import request_handler
from mcf.notification.adapters.jobs import DramatiqJobQueue
from mcf.notification.adapters.storage import NotificationUnitOfWork
from mcf.notification.adapters.templates import JinjaRenderer
from mcf.notification.domain import Status
from tests.support.amqp import get_all, running, temporary_queue, wait_for

from .support import CIPHER, ORDER_DATA, mails_for, stored


@pytest.fixture
def queue(service_settings):
    """A queue of this test's own on the real exchange, so other tests' notification requests never reach it."""
    source = f"t{uuid.uuid4().hex[:8]}"
    queue = Queue(f"notification.requests.{source}", (Binding(NOTIFICATIONS_EXCHANGE, f"notification.{source}.#"),))
    with temporary_queue(service_settings.amqp_url, queue):
        yield source, queue


@pytest.fixture
def consumer(service_settings, queue, database, log, mail_sink, send_worker):
    settings = service_settings.with_(smtp_host=mail_sink.host, smtp_port=mail_sink.port)
    broker = send_worker(settings)
    handler = request_handler(lambda: NotificationUnitOfWork(database, CIPHER), log, JinjaRenderer(),
                              DramatiqJobQueue(broker))
    consumer = Consumer(settings.amqp_url, queue[1], handler, database,
                        options=ConsumerOptions(max_attempts=2, retry_base_ms=50))
    with running(consumer):
        yield consumer


def _request(source, email="murka@example.com", template="order.created", **data):
    return notification(source, "created", recipient={"id": "c-42", "role": "client", "email": email},
                        template=template, data=data or dict(ORDER_DATA), locale="ru")


def test_a_request_delivered_twice_sends_one_email(service_settings, queue, consumer, database, log, mail_sink):
    source, _ = queue
    event = _request(source)
    publisher = Publisher(service_settings.amqp_url)
    publisher.publish(event)
    publisher.publish(event)  # the broker redelivers: same event id
    publisher.close()
    assert wait_for(lambda: mails_for(mail_sink.folder, event.id), timeout=10)
    assert wait_for(lambda: stored(database, event.id).status is Status.SENT)
    time.sleep(0.3)  # time enough for a second e-mail, were the duplicate not recognised
    [mail] = read_mail(mail_sink.folder)
    assert mail["To"] == "murka@example.com" and mail["Subject"].startswith("Murka: сеанс")
    assert mail.get_body(("plain",)).get_content().count("Arbat") == 1
    assert mail.get_body(("html",)) is not None
    row = stored(database, event.id)
    assert row.status is Status.SENT and row.attempts == 1 and (row.source, row.kind) == (source, "created")
    assert row.recipient.email is None and row.data == {}  # sent: its address and payload dropped (ADR 0127)
    logged = log.get(event.id)
    assert logged.status is Status.SENT and logged.recipient.id == "c-42"
    assert event.id in [n.id for n in log.list("murka@example.com", 50)]


@pytest.mark.parametrize("body, reason", [
    ({"email": "not-an-address"}, "rejected: recipient.email: Not a valid email address."),
    ({"template": "no.such.template"}, "rejected: template: no template 'no.such.template'"),
    ({"data": {"order_id": "x"}}, "rejected: data.slot_start: required by template 'order.created'"),
])
def test_a_bad_request_is_dead_lettered_with_its_reason_and_the_consumer_goes_on(
        service_settings, queue, consumer, database, mail_sink, body, reason):
    source, q = queue
    bad = _request(source, **{k: v for k, v in body.items() if k != "data"}, **body.get("data", {}))
    good = _request(source)
    publisher = Publisher(service_settings.amqp_url)
    publisher.publish(bad)
    publisher.publish(good)
    publisher.close()
    [(properties, _)] = get_all(service_settings.amqp_url, q.dead_letter_queue, 1)
    assert properties.message_id == bad.id and properties.headers[REASON_HEADER].startswith(reason)
    assert wait_for(lambda: mails_for(mail_sink.folder, good.id))
    assert stored(database, bad.id) is None


def test_an_envelope_that_is_not_a_notification_is_dead_lettered(service_settings, queue, consumer):
    source, q = queue
    event = Event(type=f"notification.{source}", source="/mcf/test", data={}, exchange=NOTIFICATIONS_EXCHANGE)
    Publisher(service_settings.amqp_url).publish(event)
    [(properties, _)] = get_all(service_settings.amqp_url, q.dead_letter_queue, 1)
    assert "type: expected notification.<source>.<kind>" in properties.headers[REASON_HEADER]
