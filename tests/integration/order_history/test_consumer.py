"""Terminal order events through the kit's Consumer on RabbitMQ into the ClickHouse archive."""
import time
import uuid

import pytest

from mcf.kit.events import EVENTS_EXCHANGE, Event
from mcf.kit.messaging import REASON_HEADER, Binding, Consumer, ConsumerOptions, Publisher, Queue
from mcf.order_history import app as history_app
from mcf.order_history.adapters import amqp
from tests.support.amqp import get_all, running, temporary_queue, wait_for
from tests.support.order_history import order_json


@pytest.fixture
def queue(history_settings):
    """A queue of this test's own, bound to routing keys only this test publishes."""
    tag = f"t{uuid.uuid4().hex[:8]}"
    queue = Queue(f"order-history.inbox.{tag}", (Binding(EVENTS_EXCHANGE, f"{tag}.#"),))
    with temporary_queue(history_settings.amqp_url, queue):
        yield tag, queue


@pytest.fixture
def consumer(history_settings, queue, archive, order_service):
    url, _orders, _seen = order_service
    handler = amqp.archive_handler(history_app.order_source(history_settings, url), archive)
    consumer = Consumer(history_settings.amqp_url, queue[1], handler, None,
                        options=ConsumerOptions(max_attempts=2, retry_base_ms=50, requeue_on=amqp.REQUEUE_ON))
    with running(consumer):
        yield consumer


def _publish(settings, tag, event: Event, body: bytes | None = None):
    publisher = Publisher(settings.amqp_url)
    try:
        # Routed by the test's own key; the consumer reads the type from the envelope, as it does in production.
        publisher.publish_raw(EVENTS_EXCHANGE, f"{tag}.{event.type}", body or event.to_json(), message_id=event.id)
    finally:
        publisher.close()


def _finished(order: dict) -> Event:
    return Event(f"order.{order['status']}", "/mcf/order",
                 {"order_id": order["id"], "status": order["status"], "version": order["version"]})


def _rows(archive, order_id) -> int:
    with archive._lock:  # the consumer's thread may be inserting on the same (not thread-safe) client
        return archive.client.execute("SELECT count() FROM order_archive FINAL WHERE order_id = toUUID(%(i)s)",
                                      {"i": order_id})[0][0]


def test_an_event_delivered_twice_and_repeated_makes_one_row(history_settings, queue, consumer, archive,
                                                            order_service):
    tag, _ = queue
    _url, orders, seen = order_service
    order = order_json("cancelled")
    orders[order["id"]] = order
    event = _finished(order)
    _publish(history_settings, tag, event)
    _publish(history_settings, tag, event)                 # redelivered: same id
    _publish(history_settings, tag, _finished(order))     # re-published (a late payment): another id
    assert wait_for(lambda: len([s for s in seen if s[0] == f"/orders/{order['id']}"]) == 3, timeout=10)
    assert wait_for(lambda: archive.get(order["id"]) is not None)
    assert _rows(archive, order["id"]) == 1
    got = archive.get(order["id"])
    assert (got.status, got.cancelled_by, got.version) == ("cancelled", "client", order["version"])
    assert all(subject == "order-history" for _path, subject, _cid in seen)


@pytest.mark.parametrize("body, reason", [
    (b"not json", "malformed envelope: body is not JSON"),
    (None, "rejected: order.completed: order_id: not a UUID: 'nope'"),
])
def test_a_malformed_event_is_dead_lettered_with_its_reason_and_archives_nothing(
        history_settings, queue, consumer, archive, body, reason):
    tag, q = queue
    event = Event("order.completed", "/mcf/order", {"order_id": "nope", "status": "completed", "version": 1})
    _publish(history_settings, tag, event, body)
    [(properties, dead_body)] = get_all(history_settings.amqp_url, q.dead_letter_queue, expect=1)
    assert properties.headers[REASON_HEADER].startswith(reason)
    assert dead_body == (body or event.to_json())
    assert archive.client.execute("SELECT count() FROM order_archive")[0][0] == 0


def test_an_order_order_service_does_not_know_is_dead_lettered(history_settings, queue, consumer, archive):
    tag, q = queue
    order_id = str(uuid.uuid4())
    _publish(history_settings, tag, Event("order.expired", "/mcf/order", {"order_id": order_id, "version": 2}))
    [(properties, _body)] = get_all(history_settings.amqp_url, q.dead_letter_queue, expect=1)
    assert properties.headers[REASON_HEADER] == (
        f"rejected: order.expired: order-service has no order {order_id}")


def test_order_service_down_requeues_without_dead_lettering(history_settings, queue, archive, order_service):
    tag, q = queue
    _url, orders, _seen = order_service
    order = order_json("completed")
    orders[order["id"]] = order
    down = history_app.order_source(history_settings, "http://127.0.0.1:9")  # nothing listens there
    consumer = Consumer(history_settings.amqp_url, q, amqp.archive_handler(down, archive), None,
                        options=ConsumerOptions(max_attempts=1, requeue_on=amqp.REQUEUE_ON))
    with running(consumer):
        _publish(history_settings, tag, _finished(order))
        time.sleep(2.5)  # two or more requeues with max_attempts=1: a counted attempt would have dead-lettered it
    assert get_all(history_settings.amqp_url, q.dead_letter_queue, expect=1, timeout=0.5) == []
    [(_properties, body)] = get_all(history_settings.amqp_url, q.name, expect=1)
    assert Event.from_json(body).data["order_id"] == order["id"]


def _reviewed(order_id: str, worker_id: str | None, score: int, review_id: str | None = None) -> Event:
    """quality's ``quality.reviewed`` as contracts/asyncapi/mcf.yaml documents it."""
    return Event("quality.reviewed", "/mcf/quality", {
        "review_id": review_id or str(uuid.uuid4()), "order_id": order_id, "worker_id": worker_id,
        "manager_id": str(uuid.uuid4()), "score": score,
        "checklist": {"on_time": True, "photos_clear": True, "report_complete": True, "kit_returned": True,
                      "polite": True}, "decision": "approve", "rating_delta": 0, "reviewed_at": "2026-12-03T10:15:00Z"},
        subject=order_id)


def test_reviews_fill_the_workers_average_score_once_each(history_settings, queue, consumer, archive):
    tag, q = queue
    worker, first, second = str(uuid.uuid4()), str(uuid.uuid4()), str(uuid.uuid4())
    assert archive.worker_statistics(worker, None, None).average_review_score is None
    review = _reviewed(first, worker, 5)
    _publish(history_settings, tag, review)
    _publish(history_settings, tag, review)                                   # redelivered: the same review
    _publish(history_settings, tag, _reviewed(second, worker, 2))
    _publish(history_settings, tag, _reviewed(str(uuid.uuid4()), None, 1))    # no worker: nothing to count
    assert wait_for(lambda: archive.worker_statistics(worker, None, None).reviews == 2, timeout=10)
    time.sleep(0.5)  # the redelivery too
    stats = archive.worker_statistics(worker, None, None)
    assert (stats.reviews, stats.average_review_score) == (2, 3.5)
    assert get_all(history_settings.amqp_url, q.dead_letter_queue, expect=1, timeout=0.5) == []


def test_a_malformed_review_is_dead_lettered_with_its_reason(history_settings, queue, consumer, archive):
    tag, q = queue
    _publish(history_settings, tag, _reviewed(str(uuid.uuid4()), str(uuid.uuid4()), 9))
    [(properties, _body)] = get_all(history_settings.amqp_url, q.dead_letter_queue, expect=1)
    assert properties.headers[REASON_HEADER] == "rejected: quality.reviewed: data.score: Must be greater than or " \
                                                "equal to 1 and less than or equal to 5."
    assert archive.client.execute("SELECT count() FROM order_reviews")[0][0] == 0
