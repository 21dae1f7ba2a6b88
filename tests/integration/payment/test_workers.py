"""The composition root's workers on RabbitMQ (vhost mcf_test): the relay publishes payment events, and the
order.cancelled consumer on the real queue payment.order-events refunds."""
import json
import threading
import uuid
from datetime import datetime, timedelta, timezone

import pika
import pytest

from mcf.kit.events import Event
from mcf.kit.messaging import Binding, Publisher, Queue, connection_parameters
from mcf.payment import app as payment_app
from tests.support.amqp import temporary_queue, wait_for

from .conftest import payment_body


@pytest.fixture
def payment_events(isolated_settings):
    """A queue of this test's own bound to payment.* on mcf.events; returns a reader of the events in it."""
    queue = Queue(f"test.payment-events.{uuid.uuid4().hex[:8]}", (Binding("mcf.events", "payment.*"),))
    with temporary_queue(isolated_settings.amqp_url, queue):
        connection = pika.BlockingConnection(connection_parameters(isolated_settings.amqp_url))
        channel = connection.channel()
        seen = []

        def read():
            while True:
                method, _, body = channel.basic_get(queue.name, auto_ack=True)
                if method is None:
                    return seen
                seen.append(json.loads(body))

        yield read
        connection.close()


@pytest.fixture
def running_workers(isolated_settings, provider):
    workers = payment_app.workers(isolated_settings, provider=provider)
    threads = [threading.Thread(target=w.run, daemon=True) for w in workers]
    for thread in threads:
        thread.start()
    yield workers
    for worker in workers:
        worker.stop()
    for thread in threads:
        thread.join(10)


def test_payment_events_are_published_and_a_cancellation_is_refunded(
        isolated_settings, client, auth, payment_events, running_workers):
    me = str(uuid.uuid4())
    body = payment_body(me)
    paid = client.post("/payments", json=body, headers={**auth("client", me), "Idempotency-Key": str(uuid.uuid4())})
    assert paid.status_code == 201

    def of_order(kind):
        return [e for e in payment_events() if e["type"] == kind and e["data"]["order_id"] == body["order_id"]]

    [succeeded] = wait_for(lambda: of_order("payment.succeeded"))
    assert succeeded["data"]["payment_id"] == paid.json["id"]
    slot = datetime.now(timezone.utc) + timedelta(days=3)
    Publisher(isolated_settings.amqp_url).publish(Event(type="order.cancelled", source="/mcf/order", data={
        "order_id": body["order_id"], "client_id": me, "worker_id": None, "cancelled_by": "client",
        "reason": "plans changed", "previous_status": "confirmed", "slot_start": slot.isoformat(), "paid": True,
        "checked_in": False, "cancelled_at": datetime.now(timezone.utc).isoformat()}))
    [refunded] = wait_for(lambda: of_order("payment.refunded"), timeout=15)
    assert (refunded["data"]["amount_minor"], refunded["data"]["policy"]) == (150000, "early_full")
