"""order.cancelled through the kit's Consumer on RabbitMQ (vhost mcf_test): a paid order is refunded once."""
import uuid
from datetime import datetime, timedelta, timezone

import pytest

from mcf.kit.events import Event
from mcf.kit.messaging import (
    REASON_HEADER,
    Binding,
    Consumer,
    ConsumerOptions,
    Publisher,
    Queue,
)
from mcf.payment.adapters.amqp import order_events_handler
from mcf.payment.adapters.storage import PaymentUnitOfWork
from tests.support.amqp import get_all, running, temporary_queue, wait_for
from tests.support.at_rest import PAYMENT as CIPHER

from .conftest import payment_body, rows


@pytest.fixture
def queue(isolated_settings):
    """A queue of this test's own on the real binding (mcf.events order.cancelled), deleted afterwards."""
    queue = Queue(f"payment.order-events.t{uuid.uuid4().hex[:8]}", (Binding("mcf.events", "order.cancelled"),))
    with temporary_queue(isolated_settings.amqp_url, queue):
        yield queue


@pytest.fixture
def consumer(isolated_settings, queue, pg, provider):
    handler = order_events_handler(lambda: PaymentUnitOfWork(pg, CIPHER), provider)
    consumer = Consumer(isolated_settings.amqp_url, queue, handler, pg, name=queue.name,
                        options=ConsumerOptions(max_attempts=2, retry_base_ms=50))
    with running(consumer):
        yield consumer


def cancelled(order_id, client_id, *, hours_before=3, checked_in=False, paid=True, cancelled_by="client"):
    slot = datetime.now(timezone.utc).replace(microsecond=0) + timedelta(days=1)
    return Event(type="order.cancelled", source="/mcf/order", subject=order_id, data={
        "order_id": order_id, "client_id": client_id, "worker_id": None, "cancelled_by": cancelled_by,
        "reason": "plans changed", "previous_status": "confirmed", "slot_start": slot.isoformat(), "paid": paid,
        "checked_in": checked_in,
        "cancelled_at": (slot - timedelta(hours=hours_before)).isoformat().replace("+00:00", "Z")})


def inbox_has(pg, consumer_name, event_id):
    return rows(pg, "SELECT 1 FROM inbox WHERE consumer = %s AND event_id = %s", consumer_name, event_id)


def test_a_paid_order_cancelled_twice_is_refunded_once(isolated_settings, client, auth, pg, provider, queue,
                                                        consumer):
    me = str(uuid.uuid4())
    body = payment_body(me)
    paid = client.post("/payments", json=body, headers={**auth("client", me), "Idempotency-Key": str(uuid.uuid4())})
    assert paid.status_code == 201
    first = cancelled(body["order_id"], me, hours_before=3)
    second = cancelled(body["order_id"], me, hours_before=1)  # another event for the same order
    publisher = Publisher(isolated_settings.amqp_url)
    for event in (first, first, second):  # the broker redelivers the first; order-service re-announces
        publisher.publish(event)
    publisher.close()
    assert wait_for(lambda: inbox_has(pg, queue.name, second.id))
    assert rows(pg, "SELECT policy, amount_minor, paid_minor FROM refunds WHERE order_id = %s", body["order_id"]) == \
        [("late_half", 75000, 150000)]
    assert rows(pg, "SELECT kind, amount_minor FROM ledger_entries WHERE order_id = %s ORDER BY created_at",
                body["order_id"]) == [("charge", 150000), ("refund", -75000)]
    assert provider.count("refund", paid.json["id"]) == 1
    assert rows(pg, "SELECT routing_key FROM outbox WHERE routing_key LIKE %s AND convert_from(body, 'UTF8') LIKE %s "
                    "ORDER BY routing_key", "%refunded", f"%{body['order_id']}%") == \
        [("notification.payment.refunded",), ("payment.refunded",)]
    ledger = client.get(f"/orders/{body['order_id']}/ledger", headers=auth("client", me)).json
    assert ledger["balances"] == [{"currency": "RUB", "amount_minor": 75000}]


def test_an_unpaid_cancelled_order_moves_nothing_and_cannot_be_paid_afterwards(
        isolated_settings, client, auth, pg, queue, consumer):
    me, order_id = str(uuid.uuid4()), str(uuid.uuid4())
    event = cancelled(order_id, me, paid=False)
    Publisher(isolated_settings.amqp_url).publish(event)
    assert wait_for(lambda: inbox_has(pg, queue.name, event.id))
    assert rows(pg, "SELECT policy, amount_minor FROM refunds WHERE order_id = %s", order_id) == [("nothing_paid", 0)]
    assert rows(pg, "SELECT count(*) FROM outbox WHERE convert_from(body, 'UTF8') LIKE %s", f"%{order_id}%") == [(0,)]
    late = client.post("/payments", json=payment_body(me, order_id),
                       headers={**auth("client", me), "Idempotency-Key": str(uuid.uuid4())})
    assert late.status_code == 409 and late.json["type"] == "urn:mcf:problem:order-cancelled"


def test_a_malformed_cancellation_is_dead_lettered_with_its_reason(isolated_settings, pg, queue, consumer):
    bad = cancelled(str(uuid.uuid4()), str(uuid.uuid4()))
    bad = Event(type=bad.type, source=bad.source, data={**bad.data, "slot_start": "tomorrow"})
    Publisher(isolated_settings.amqp_url).publish(bad)
    [(properties, _)] = get_all(isolated_settings.amqp_url, queue.dead_letter_queue, 1)
    assert properties.message_id == bad.id and "slot_start" in properties.headers[REASON_HEADER]
