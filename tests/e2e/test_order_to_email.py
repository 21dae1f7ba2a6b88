"""End to end: an order placed over HTTP reaches the client's mailbox and notification-service's ClickHouse log."""
import json
import uuid
from datetime import datetime, timedelta, timezone

import pika
import pytest
import requests

from mcf.kit.auth import issue_token
from mcf.kit.clickhouse import connect as clickhouse
from mcf.kit.messaging import REASON_HEADER, connection_parameters
from mcf.kit.smtp_sink import read_mail
from tests.contract.asyncapi import message_for
from tests.e2e.test_client_journey import ADDRESS
from tests.support.amqp import wait_for

pytestmark = pytest.mark.e2e


def place_order(stack, email, **overrides):
    """A client signed up with ``email`` orders for its cat Pushok through client-dashboard (the only way a client
    reaches order-service). Returns the response and the client's id."""
    base = stack.url("client-dashboard")
    signed = requests.post(f"{base}/signup", timeout=10, json={"email": email, "password": "correct horse battery",
                                                                "display_name": "Pushok's human"})
    assert signed.status_code == 201, signed.text
    auth = {"Authorization": f"Bearer {signed.json()['token']}"}
    cat = requests.post(f"{base}/cats", json={"name": "Pushok", "age_years": 2}, headers=auth, timeout=10)
    assert cat.status_code == 201, cat.text
    body = {"cat_id": cat.json()["id"], "toy_category": "catnip", "duration_minutes": 75,
            "slot_start": (datetime.now(timezone.utc) + timedelta(days=1)).isoformat(), "address": ADDRESS}
    body.update(overrides)
    return requests.post(f"{base}/orders", json=body, timeout=10, headers=auth), signed.json()["client"]["id"]


def mails_to(stack, email, subject: str = ""):
    """Mail to ``email`` (whose subject contains ``subject``): an order also causes a kit-ready notice later."""
    return [m for m in read_mail(stack.settings.var_dir / "mail") if m["To"] == email and subject in m["Subject"]]


BOOKED = "is booked for"  # order.created's subject


def notifications_of(stack, recipient):
    token = issue_token(stack.settings.jwt_secret, "e2e", "service", audience="notification")
    response = requests.get(f"{stack.url('notification')}/notifications", params={"recipient": recipient},
                            headers={"Authorization": f"Bearer {token}"}, timeout=10)
    assert response.status_code == 200, response.text
    return response.json()


def clickhouse_rows(stack, recipient_id):
    client = clickhouse(stack.settings, "notification")
    try:
        return client.execute("SELECT id, status, recipient_role, template FROM notifications FINAL "
                              "WHERE recipient_id = %(r)s", {"r": recipient_id})
    finally:
        client.disconnect()


def test_an_order_placed_over_http_is_emailed_to_the_client_and_logged_in_clickhouse(stack):
    email = f"{uuid.uuid4().hex[:8]}@cats.example"
    response, client_id = place_order(stack, email)
    assert response.status_code == 201, response.text
    order = response.json()

    [mail] = wait_for(lambda: mails_to(stack, email, BOOKED), timeout=30) or [None]
    assert mail is not None, f"no e-mail arrived\n{stack.log_tail()}"
    text = mail.get_body(preferencelist=("plain",)).get_content()
    assert order["id"] in text and "Pushok" in text
    assert mail.get_body(preferencelist=("html",)) is not None

    sent = wait_for(lambda: [n for n in notifications_of(stack, client_id)
                             if n["status"] == "sent" and n["template"] == "order.created"], 15)
    assert len(sent) == 1
    rows = [row for row in clickhouse_rows(stack, client_id) if row[3] == "order.created"]
    assert len(rows) == 1 and rows[0][1] == "sent" and rows[0][2] == "client"
    # the log keeps no address, only its blind index: staff still find it by the address (ADR 0128)
    assert sent[0]["id"] in [n["id"] for n in notifications_of(stack, email)] and "email" not in sent[0]["recipient"]


def test_invalid_input_is_refused_with_problem_json_and_nothing_is_sent(stack):
    tag = uuid.uuid4().hex[:8]
    email = f"{tag}@cats.example"
    response, client_id = place_order(stack, email, duration_minutes=7, toy_category="chainsaw")
    assert response.status_code == 422
    assert response.headers["Content-Type"] == "application/problem+json"
    assert set(response.json()["errors"]["json"]) == {"duration_minutes", "toy_category"}
    control, _ = place_order(stack, f"control-{tag}@cats.example")
    assert control.status_code == 201
    assert wait_for(lambda: mails_to(stack, f"control-{tag}@cats.example"), 30)
    assert mails_to(stack, email) == [] and notifications_of(stack, client_id) == []


def test_with_the_broker_down_the_order_is_accepted_and_its_email_follows_when_the_broker_is_back(stack):
    email = f"{uuid.uuid4().hex[:8]}@cats.example"
    stack.proxy.cut()
    try:
        response, _ = place_order(stack, email)
        assert response.status_code == 201, response.text
        assert not wait_for(lambda: mails_to(stack, email), timeout=3)
    finally:
        stack.proxy.restore()
    assert wait_for(lambda: mails_to(stack, email, BOOKED), timeout=60), f"no e-mail after recovery\n{stack.log_tail()}"
    assert len(mails_to(stack, email, BOOKED)) == 1


def _publish(stack, body: bytes, routing_key: str, message_id: str):
    connection = pika.BlockingConnection(connection_parameters(stack.settings.amqp_url))
    channel = connection.channel()
    channel.confirm_delivery()
    channel.basic_publish("mcf.notifications", routing_key, body,
                          pika.BasicProperties(message_id=message_id, delivery_mode=2,
                                               content_type="application/json"))
    connection.close()


def _example_notice(client_id, email):
    envelope = json.loads(json.dumps(message_for("mcf.notifications", "notification.order.created").examples[0]))
    envelope["id"] = str(uuid.uuid4())
    envelope["data"]["recipient"] = {"id": client_id, "role": "client", "email": email}
    return envelope


def test_the_same_notification_delivered_twice_sends_one_email(stack):
    client_id = str(uuid.uuid4())
    email = f"{client_id[:8]}@cats.example"
    envelope = _example_notice(client_id, email)
    body = json.dumps(envelope).encode()
    _publish(stack, body, envelope["type"], envelope["id"])
    _publish(stack, body, envelope["type"], envelope["id"])
    assert wait_for(lambda: mails_to(stack, email), 30)
    assert not wait_for(lambda: len(mails_to(stack, email)) > 1, 3)
    assert len(notifications_of(stack, client_id)) == 1 and len(clickhouse_rows(stack, client_id)) == 1


def test_a_malformed_message_is_dead_lettered_with_its_reason_and_the_consumer_goes_on(stack):
    message_id = str(uuid.uuid4())
    _publish(stack, b'{"specversion": "1.0", "id": 42}', "notification.order.created", message_id)
    client_id = str(uuid.uuid4())
    email = f"{client_id[:8]}@cats.example"
    good = _example_notice(client_id, email)
    _publish(stack, json.dumps(good).encode(), good["type"], good["id"])
    assert wait_for(lambda: mails_to(stack, email), 30), "the consumer stopped after a malformed message"

    connection = pika.BlockingConnection(connection_parameters(stack.settings.amqp_url))
    channel = connection.channel()
    reasons = {}
    def drain():
        while True:
            method, props, _ = channel.basic_get("notification.requests.dead", auto_ack=True)
            if method is None:
                return reasons.get(message_id)
            reasons[props.message_id] = props.headers[REASON_HEADER]
    reason = wait_for(drain, 10)
    connection.close()
    assert reason and reason.startswith("malformed envelope")
