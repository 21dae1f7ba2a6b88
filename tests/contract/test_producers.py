"""order-service against contracts/asyncapi/mcf.yaml: every event it emits validates against its message, and its
consumers accept every documented example of what they consume.

The emitted events are read from the real outbox, written by the real HTTP path and use cases on PostgreSQL.
"""
import json
import uuid
from datetime import datetime, timedelta, timezone

import pytest

from mcf.kit.events import Event
from tests.contract.asyncapi import message_for, operations
from tests.support.at_rest import ORDER as CIPHER
from tests.support.order import FakeClients, FakeMatching, FakeUnitOfWork
from tests.support.tokens import acting_for

W1, W2 = str(uuid.uuid4()), str(uuid.uuid4())
CLIENTS = FakeClients(email="murka@cats.example")


@pytest.fixture(scope="module")
def matching():
    return FakeMatching(W1, W2)


@pytest.fixture(scope="module")
def order_app(isolated_settings, matching):
    from mcf.kit import clickhouse
    from mcf.order.app import create_app

    yield create_app(isolated_settings, matching=matching, clients=CLIENTS)
    client = clickhouse.connect(isolated_settings, "order")
    clickhouse.drop_database(client, isolated_settings.database_name("order"))
    client.disconnect()


def _outbox(database):
    with database.connection_context():
        rows = database.execute_sql("SELECT exchange, routing_key, body FROM outbox ORDER BY created_at").fetchall()
    return [(exchange, key, json.loads(bytes(body))) for exchange, key, body in rows]


def _place(order_app, isolated_settings, cat_name="Murka", locale="en"):
    CLIENTS.cat_name, CLIENTS.locale = cat_name, locale  # what client-dashboard knows of the client and its cat
    headers = acting_for(isolated_settings.jwt_secret, "order", "client", str(uuid.uuid4()))
    response = order_app.test_client().post("/orders", headers=headers, json={
        "cat_id": str(uuid.uuid4()), "toy_category": "mice",
        "slot_start": (datetime.now(timezone.utc) + timedelta(days=3)).isoformat(), "duration_minutes": 45,
        "address": {"city": "Kazan", "district": "Vakhitovsky", "street": "Baumana", "building": "3"}})
    assert response.status_code == 201
    return response.json


@pytest.mark.parametrize("cat_name, locale", [("Murka", "en"), (None, "ru")])
def test_placing_emits_only_documented_events(order_app, isolated_settings, cat_name, locale):
    order = _place(order_app, isolated_settings, cat_name, locale)
    emitted = [e for e in _outbox(order_app.extensions["mcf_order_db"]) if order["id"] in json.dumps(e[2])]
    assert {key for _, key, _ in emitted} == {"order.created", "notification.order.created", "order.offered"}
    for exchange, routing_key, envelope in emitted:
        message_for(exchange, routing_key).validate(envelope)


def test_every_event_of_the_whole_lifecycle_is_documented(order_app, isolated_settings, matching):
    from mcf.order import service
    from mcf.order.adapters.storage import OrderUnitOfWork

    pg = order_app.extensions["mcf_order_db"]
    now = datetime.now(timezone.utc)
    uow = OrderUnitOfWork(pg, CIPHER)
    def run(use_case, *args):
        with pg.connection_context():  # (the HTTP requests above and below close the thread's connection)
            return use_case(uow, *args)

    happy = _place(order_app, isolated_settings)["id"]
    run(service.decline_offer, matching, happy, W1, now)
    run(service.accept_offer, happy, W2, now)
    run(service.on_payment_failed, happy, "p0", "card_declined", now)
    run(service.on_payment_succeeded, happy, "p1", now)
    run(service.on_kit_ready, happy, "k1", {"id": "pp", "name": "Hub", "address": "Arbat 2"},
        {"text": "Purr", "locale": "en", "source": "house"}, now)
    run(service.on_checked_in, happy, W2, now, now)
    run(service.on_report_filed, happy, W2, "r1", now, now)
    cancelled = _place(order_app, isolated_settings)["id"]
    run(service.cancel_order, cancelled, "manager", "m", None, now)
    run(service.on_payment_succeeded, cancelled, "p2", now)
    expired = _place(order_app, isolated_settings, locale="ru")["id"]
    run(service.expire_unpaid, now + timedelta(days=1))
    run(service.on_payment_succeeded, expired, "p3", now)
    matching.ranked, ranked = [], matching.ranked
    try:
        nobody = _place(order_app, isolated_settings)["id"]
    finally:
        matching.ranked = ranked
    ours = (happy, cancelled, expired, nobody)
    emitted = [e for e in _outbox(pg) if any(i in json.dumps(e[2]) for i in ours)]
    keys = {key for _, key, _ in emitted}
    assert keys >= {"order.created", "order.offered", "order.offer_declined", "order.offer_accepted", "order.confirmed",
                    "order.kit_ready", "order.started", "order.completed", "order.cancelled", "order.expired",
                    "notification.order.created", "notification.order.payment_failed",
                    "notification.order.confirmed", "notification.order.kit_ready",
                    "notification.order.completed", "notification.order.cancelled", "notification.order.expired"}
    for exchange, routing_key, envelope in emitted:
        message_for(exchange, routing_key).validate(envelope)


def test_the_live_orders_projector_accepts_every_documented_order_event():
    from mcf.order.adapters.amqp import live_order_from

    [op] = [o for o in operations("receive", "order") if o["x-mcf-queue"]["name"] == "order.live-orders"]
    names = [m["name"] for m in op["messages"]]
    assert set(names) == {"order.created", "order.offered", "order.offer_accepted", "order.offer_declined",
                          "order.confirmed", "order.kit_ready", "order.started", "order.completed",
                          "order.cancelled", "order.expired"}
    for name in names:
        for example in message_for("mcf.events", name).examples:
            if "order" not in example["data"]:
                continue  # another producer's illustration without the snapshot: order-service always sends it
            row = live_order_from(Event.from_json(json.dumps(example).encode()))
            assert row.order_id == example["data"]["order"]["order_id"]


def test_the_inbox_accepts_every_documented_example_it_consumes():
    from mcf.order import service
    from mcf.order.adapters.amqp import inbox_handler
    from tests.support.order import command

    ops = [o for o in operations("receive", "order") if o["x-mcf-queue"]["name"] == "order.inbox"]
    names = {m["name"] for op in ops for m in op["messages"]}
    assert names == {"payment.succeeded", "payment.failed", "payment.refunded", "inventory.ready",
                     "inventory.shortage", "report.checked_in", "report.filed"}
    for name in sorted(names):
        for example in message_for("mcf.events", name).examples:
            uow = FakeUnitOfWork()
            now = datetime.now(timezone.utc)
            order = service.place_order(uow, FakeMatching(example["data"].get("worker_id", W1)),
                                        command(slot_start=now + timedelta(days=1)), now)
            # The example's order, as order-service would hold it.
            stored = uow.orders.rows.pop(order.id)
            stored.id = example["data"]["order_id"]
            uow.orders.rows[stored.id] = stored
            inbox_handler(lambda uow=uow: uow, service.DEFAULT_POLICY)(Event.from_json(json.dumps(example).encode()))
            assert uow.commits >= 2, name  # handled (changed, recorded or noticed), not rejected
