"""payment-service against contracts/asyncapi/mcf.yaml: every event it emits validates against its message; every
documented order.cancelled example is accepted by its consumer; every documented payment notice renders.

Events are read from the real outbox, written by the real HTTP path and the real consumer handler on PostgreSQL.
"""
import json
import uuid

import pytest

from mcf.kit.events import Event
from mcf.payment.ports import OrderFacts
from tests.contract.asyncapi import message_for, messages, operations, resolve
from tests.support.at_rest import PAYMENT as CIPHER
from tests.support.payment import FakeOrders
from tests.support.tokens import acting_for

ORDERS = FakeOrders()  # order-service, as payment reads it


@pytest.fixture(scope="module")
def payment(isolated_settings):
    from mcf.payment import app

    return (app.create_app(isolated_settings, orders=ORDERS), app.database(isolated_settings),
            app.simulated_provider(isolated_settings))


def _outbox(database, needle):
    with database.connection_context():
        rows = database.execute_sql("SELECT exchange, routing_key, body FROM outbox WHERE "
                                    "convert_from(body, 'UTF8') LIKE %s", (f"%{needle}%",)).fetchall()
    return [(exchange, key, json.loads(bytes(body))) for exchange, key, body in rows]


def _pay(app, settings, order_id, card, locale="en"):
    client_id = str(uuid.uuid4())
    ORDERS.orders[order_id] = OrderFacts(order_id=order_id, client_id=client_id, client_email="murka@cats.example",
                                         locale=locale, status="placed", amount_minor=150001, currency="RUB")
    headers = {**acting_for(settings.jwt_secret, "payment", "client", client_id), "Idempotency-Key": str(uuid.uuid4())}
    response = app.test_client().post("/payments", headers=headers, json={"order_id": order_id, "card_number": card})
    assert response.status_code == 201
    return response.json


@pytest.mark.parametrize("card, locale, expected", [
    ("4242424242424242", "en", {"payment.succeeded", "notification.payment.succeeded"}),
    ("4000000000009995", "ru", {"payment.succeeded", "notification.payment.succeeded"}),
    ("4000000000000002", "ru", {"payment.failed", "notification.payment.failed"}),
])
def test_payments_emit_only_documented_events(payment, isolated_settings, card, locale, expected):
    app, database, _ = payment
    order_id = str(uuid.uuid4())
    _pay(app, isolated_settings, order_id, card, locale)
    emitted = _outbox(database, order_id)
    assert {key for _, key, _ in emitted} == expected
    for exchange, routing_key, envelope in emitted:
        message_for(exchange, routing_key).validate(envelope)


def _consume(database, provider, envelope: dict):
    """Run the consumer's handler as the kit's Consumer does: in a transaction, from the wire format."""
    from mcf.payment.adapters.amqp import order_events_handler
    from mcf.payment.adapters.storage import PaymentUnitOfWork

    event = Event.from_json(json.dumps(envelope).encode())
    with database.connection_context(), database.atomic():
        return order_events_handler(lambda: PaymentUnitOfWork(database, CIPHER), provider)(event)


def _received_examples():
    [op] = [op for op in operations("receive", "payment")]
    return [example for message in op["messages"] for example in message.get("examples", ())]


def test_the_consumer_reads_the_documented_order_cancelled_message():
    [op] = operations("receive", "payment")
    assert op["x-mcf-queue"]["name"] == "payment.order-events"
    assert [m["name"] for m in op["messages"]] == ["order.cancelled"]
    assert len(_received_examples()) >= 1


@pytest.mark.parametrize("example", _received_examples(), ids=lambda e: e["name"])
def test_every_documented_order_cancelled_example_is_accepted_and_a_refund_is_documented(payment, isolated_settings,
                                                                                         example):
    app, database, provider = payment
    envelope = example["payload"]
    order_id = envelope["data"]["order_id"]
    if envelope["data"]["paid"]:
        _pay(app, isolated_settings, order_id, "4242424242424242")
    _consume(database, provider, envelope)
    with database.connection_context():
        decided = database.execute_sql("SELECT policy FROM refunds WHERE order_id = %s", (order_id,)).fetchall()
    assert len(decided) == 1
    refunded = [(x, k, e) for x, k, e in _outbox(database, order_id) if k.endswith("refunded")]
    assert {k for _, k, _ in refunded} == ({"payment.refunded", "notification.payment.refunded"}
                                           if envelope["data"]["paid"] else set())
    for exchange, routing_key, emitted in refunded:
        message_for(exchange, routing_key).validate(emitted)


@pytest.mark.parametrize("message", [m for m in messages() if m.name.startswith("notification.payment.")],
                         ids=lambda m: m.name)
def test_every_documented_payment_notice_renders_with_notification_services_templates(message):
    from mcf.notification.adapters.templates import JinjaRenderer

    for example in message.examples:
        request = example["data"]
        rendered = JinjaRenderer().render(request["template"], request["locale"], request["data"])
        assert rendered.subject and request["data"]["order_id"] in rendered.text and rendered.html


def test_the_document_describes_payments_publications():
    sent = {resolve(m)["name"] for op in operations("send", "payment") for m in op["messages"]}
    assert sent == {"payment.succeeded", "payment.failed", "payment.refunded", "notification.payment.succeeded",
                    "notification.payment.failed", "notification.payment.refunded"}
