"""order-service's workers on the real broker: the outbox relay, the inbox consumer and the live-orders projector.

Runs on a vhost of its own, so no other test's consumer takes these messages.
"""
import json
import uuid
from datetime import datetime, timedelta, timezone

import pika
import pytest

from mcf.kit.events import Event
from mcf.kit.messaging import REASON_HEADER, Publisher, connection_parameters
from mcf.order import app as order_app
from tests.integration.order.conftest import POLICY, W1
from tests.integration.order.test_order_http import order_body
from tests.support import amqp as amqp_support
from tests.support.amqp import wait_for

VHOST = "mcf_test_order"


@pytest.fixture(scope="module")
def worker_settings(order_settings):
    from mcf.stack import servers

    servers.ensure_amqp_vhost(VHOST)
    return order_settings.with_(amqp_url=f"amqp://guest:guest@127.0.0.1:5672/{VHOST}", outbox_poll_seconds=0.2,
                                consumer_retry_base_ms=100)


@pytest.fixture(scope="module")
def running(app, worker_settings, matching):
    workers = order_app.workers(worker_settings, matching=matching, policy=POLICY, job_interval_seconds=0.3)
    with amqp_support.running(*workers, join_seconds=10):
        yield workers


def publish(settings, type_, data):
    event = Event(type=type_, source="/mcf/test", data=data)
    publisher = Publisher(settings.amqp_url)
    try:
        publisher.publish(event)
    finally:
        publisher.close()
    return event


def dead_letters(settings, queue):
    connection = pika.BlockingConnection(connection_parameters(settings.amqp_url))
    channel = connection.channel()
    got = []
    while True:
        method, properties, body = channel.basic_get(f"{queue}.dead", auto_ack=True)
        if method is None:
            break
        got.append((properties, body))
    connection.close()
    return got


def status_of(client, token, order_id):
    return client.get(f"/orders/{order_id}", headers=token("manager")).json


def listed(client, token, client_id):
    response = client.get("/orders", query_string={"client_id": client_id}, headers=token("manager"))
    assert response.status_code == 200, response.json
    return response.json


def place(client, token):
    client_id = str(uuid.uuid4())
    response = client.post("/orders", json=order_body(client_id), headers=token("client", client_id))
    assert response.status_code == 201
    return client_id, response.json


def test_events_move_the_order_on_and_the_listing_follows(running, client, token, worker_settings):
    client_id, order = place(client, token)
    shown = wait_for(lambda: [o for o in listed(client, token, client_id) if o["version"] == order["version"]])
    assert shown and shown[0]["order_id"] == order["id"] and shown[0]["offered_worker_id"] == W1
    assert client.post(f"/orders/{order['id']}/offer/accept", headers=token("worker", W1)).status_code == 200
    publish(worker_settings, "payment.succeeded", {"payment_id": "pay-1", "order_id": order["id"],
                                                    "client_id": client_id, "amount_minor": 150_000,
                                                    "currency": "RUB"})
    assert wait_for(lambda: status_of(client, token, order["id"])["status"] == "confirmed")
    publish(worker_settings, "inventory.ready", {
        "order_id": order["id"], "kit_id": "kit-1", "pickup_point": {"id": "p1", "name": "Hub", "address": "Arbat 2"},
        "items": [{"toy_id": "t1", "name": "Laser", "quantity": 1}],
        "fortune": {"text": "Purr", "locale": "en", "source": "partner"}})
    assert wait_for(lambda: status_of(client, token, order["id"])["kit"]["ready"])
    now = datetime.now(timezone.utc).isoformat()
    publish(worker_settings, "report.checked_in", {"order_id": order["id"], "worker_id": W1, "checked_in_at": now})
    assert wait_for(lambda: status_of(client, token, order["id"])["status"] == "in_progress")
    publish(worker_settings, "report.filed", {"order_id": order["id"], "worker_id": W1, "report_id": "r1",
                                               "filed_at": now})
    assert wait_for(lambda: status_of(client, token, order["id"])["status"] == "completed")
    final = wait_for(lambda: [o for o in listed(client, token, client_id) if o["status"] == "completed"])
    assert final and final[0]["worker_id"] == W1 and final[0]["paid"] and final[0]["kit_ready"]
    mine = client.get("/orders", query_string={"current": "true"}, headers=token("client", client_id)).json
    assert mine == []
    worker_view = client.get("/orders", query_string={"status": "completed"}, headers=token("worker", W1)).json
    assert order["id"] in [o["order_id"] for o in worker_view]
    theirs = client.get("/orders", query_string={"client_id": client_id}, headers=token("client"))
    assert theirs.status_code == 403


def test_an_event_for_an_unknown_order_is_dead_lettered_with_the_reason(running, worker_settings):
    event = publish(worker_settings, "payment.failed", {"payment_id": "p", "order_id": str(uuid.uuid4()),
                                                         "client_id": str(uuid.uuid4()), "reason": "declined"})
    found = wait_for(lambda: [(p, b) for p, b in dead_letters(worker_settings, "order.inbox")
                              if p.message_id == event.id])
    assert found, "the event was not dead-lettered"
    assert "does not exist" in found[0][0].headers[REASON_HEADER]


def test_a_malformed_payload_is_dead_lettered_naming_the_field(running, worker_settings):
    event = publish(worker_settings, "report.filed", {"order_id": "not-a-uuid", "worker_id": W1, "report_id": "r",
                                                         "filed_at": datetime.now(timezone.utc).isoformat()})
    found = wait_for(lambda: [(p, b) for p, b in dead_letters(worker_settings, "order.inbox")
                              if p.message_id == event.id])
    assert found and "order_id" in found[0][0].headers[REASON_HEADER]


def test_a_senseless_event_is_acked_and_recorded_and_a_late_payment_is_sent_back(running, client, token, pg,
                                                                                 worker_settings):
    client_id, order = place(client, token)
    early = publish(worker_settings, "report.checked_in", {"order_id": order["id"], "worker_id": W1,
                                                            "checked_in_at": datetime.now(timezone.utc).isoformat()})

    def anomaly():
        with pg.connection_context():
            return pg.execute_sql("SELECT event_type FROM order_anomalies WHERE event_id = %s",
                                  (early.id,)).fetchall()
    assert wait_for(anomaly) == [("report.checked_in",)]
    client.post(f"/orders/{order['id']}/cancel", headers=token("client", client_id))
    publish(worker_settings, "payment.succeeded", {"payment_id": "late", "order_id": order["id"],
                                                    "client_id": client_id, "amount_minor": 1, "currency": "RUB"})
    assert wait_for(lambda: status_of(client, token, order["id"])["payment_id"] == "late")

    def cancelled_events():
        with pg.connection_context():
            rows = pg.execute_sql("SELECT body FROM outbox WHERE routing_key = 'order.cancelled' AND "
                                  "convert_from(body, 'UTF8') LIKE %s", (f"%{order['id']}%",)).fetchall()
        return [json.loads(bytes(r[0]))["data"] for r in rows]
    assert sorted(e["paid"] for e in cancelled_events()) == [False, True]
    assert status_of(client, token, order["id"])["status"] == "cancelled"


def test_the_offer_job_runs_in_the_workers(running, client, token, pg):
    _, order = place(client, token)
    with pg.connection_context():  # the offer lapsed a while ago
        pg.execute_sql("UPDATE orders SET offer_expires_at = %s WHERE id = %s",
                       (datetime.now(timezone.utc) - timedelta(seconds=1), order["id"]))
    moved = wait_for(lambda: (status_of(client, token, order["id"])["offer"] or {}).get("worker_id") not in (W1,))
    assert moved
