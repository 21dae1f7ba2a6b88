"""The events stored in order-report's documents reach RabbitMQ through the relay, once, with confirms."""
import io
import json
import uuid

import pytest

from mcf.kit.messaging import Binding, Publisher, Queue
from mcf.kit.mongo_outbox import PENDING, MongoOutboxRelay, pending_count
from mcf.topology import TOPOLOGY
from tests.contract.asyncapi import message_for
from tests.integration.order_report.conftest import image_bytes
from tests.support.amqp import get_all, temporary_queue

pytestmark = pytest.mark.timeout(60)


@pytest.fixture
def report_queue(report_settings, unique_name):
    with temporary_queue(report_settings.amqp_url, Queue(unique_name, (Binding("mcf.events", "report.*"),))) as q:
        yield q.name


def _submit(web, order, headers):
    key = str(uuid.uuid4())
    data = {"photos": [(io.BytesIO(image_bytes()), "cat.jpg")]}
    checked = web.post(f"/orders/{order.order_id}/check-in", data=data, content_type="multipart/form-data",
                       headers={**headers, "Idempotency-Key": key})
    again = web.post(f"/orders/{order.order_id}/check-in", content_type="multipart/form-data",
                     data={"photos": [(io.BytesIO(image_bytes()), "cat.jpg")]},
                     headers={**headers, "Idempotency-Key": key})
    assert (checked.status_code, again.status_code) == (201, 200)
    filed = web.post(f"/orders/{order.order_id}/report", content_type="multipart/form-data", headers={
        **headers, "Idempotency-Key": str(uuid.uuid4())}, data={
        "toys": json.dumps([{"toy": "mouse", "reaction": 4}]), "duration_minutes": "45"})
    assert filed.status_code == 201
    return filed.json


def test_the_relay_publishes_each_event_once_in_the_contract_and_marks_it_sent(web, report_app, report_settings,
                                                                             new_order, token, report_queue):
    db = report_app.extensions["mcf_order_report_db"]
    collections = [db["check_ins"], db["reports"]]
    for collection in collections:  # earlier tests' documents are not this test's concern
        collection.update_many({PENDING: True}, {"$set": {PENDING: False}})
    order = new_order()
    filed = _submit(web, order, token("worker", order.worker_id))
    assert pending_count(collections) == 2

    relay = MongoOutboxRelay(collections, Publisher(report_settings.amqp_url, TOPOLOGY))
    assert relay.relay_once() == 2
    assert relay.relay_once() == 0 and pending_count(collections) == 0
    relay.publisher.close()

    got = get_all(report_settings.amqp_url, report_queue, expect=3, timeout=3)
    assert len(got) == 2, "published more than once"
    envelopes = [json.loads(body) for _, body in got]
    assert [e["type"] for e in envelopes] == ["report.checked_in", "report.filed"]
    for (properties, _), envelope in zip(got, envelopes, strict=True):
        assert properties.message_id == envelope["id"] and properties.delivery_mode == 2
        message_for("mcf.events", envelope["type"]).validate(envelope)
    assert envelopes[1]["data"]["report_id"] == filed["report_id"]
    doc = db["reports"].find_one({"_id": order.order_id})
    assert doc["outbox_sent_at"] is not None and doc["outbox_attempts"] == 1


def test_a_broker_that_is_down_keeps_the_events_pending_until_it_is_back(web, report_app, report_settings,
                                                                         new_order, token, report_queue):
    db = report_app.extensions["mcf_order_report_db"]
    collections = [db["check_ins"], db["reports"]]
    for collection in collections:
        collection.update_many({PENDING: True}, {"$set": {PENDING: False}})
    order = new_order()
    _submit(web, order, token("worker", order.worker_id))

    from mcf.kit.messaging import BrokerUnavailable
    down = MongoOutboxRelay(collections, Publisher("amqp://guest:guest@127.0.0.1:1/%2F"))
    with pytest.raises(BrokerUnavailable):
        down.relay_once()
    assert pending_count(collections) == 2
    doc = db["check_ins"].find_one({"_id": order.order_id})
    assert doc["outbox_attempts"] == 1 and doc["outbox_error"]

    relay = MongoOutboxRelay(collections, Publisher(report_settings.amqp_url, TOPOLOGY))
    assert relay.relay_once() == 2
    relay.publisher.close()
    assert len(get_all(report_settings.amqp_url, report_queue, expect=3, timeout=2)) == 2
