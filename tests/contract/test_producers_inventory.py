"""inventory-service and the fur-tune partner against their documents: what inventory emits validates against
contracts/asyncapi/mcf.yaml; what the reference partner sends validates against contracts/asyncapi/fur-tune.yaml;
inventory's consumers accept every example they are documented to receive."""
import json
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

import jsonschema
import pytest
import yaml

from mcf.fur_tune.fortunes import FORTUNES
from mcf.fur_tune.partner import answer_for
from mcf.inventory import service
from mcf.inventory.adapters import amqp as inventory_amqp
from mcf.inventory.adapters.storage import InventoryUnitOfWork
from mcf.kit.events import Event
from mcf.kit.payloads import load
from tests.contract.asyncapi import message_for, operations, resolve

FUR_TUNE = Path(__file__).resolve().parents[2] / "contracts" / "asyncapi" / "fur-tune.yaml"


def partner_document() -> dict:
    return yaml.safe_load(FUR_TUNE.read_text())


def partner_message(name: str) -> dict:
    doc = partner_document()
    return resolve(doc["components"]["messages"][name], doc)


def validate(payload_schema: dict, envelope: dict) -> None:
    jsonschema.Draft7Validator(payload_schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER) \
        .validate(envelope)


def _order(category="mice", district="Arbat", **extra) -> service.OrderPlaced:
    return service.OrderPlaced(order_id=str(uuid.uuid4()), client_id=str(uuid.uuid4()), toy_category=category,
                               city="Moscow", district=district, **extra)


@pytest.fixture(scope="module")
def pg(isolated_settings):
    from mcf.inventory import app

    database = app.database(isolated_settings)
    yield database
    database.close_all()


def _outbox(database, order_id):
    with database.connection_context():
        rows = database.execute_sql("SELECT exchange, routing_key, body FROM outbox").fetchall()
    return [(exchange, key, json.loads(bytes(body))) for exchange, key, body in rows
            if order_id in bytes(body).decode()]


@pytest.mark.parametrize("locale", ["en", "ru"])
def test_inventory_emits_only_documented_events(pg, locale):
    now = datetime.now(timezone.utc)
    uow = lambda: InventoryUnitOfWork(pg)  # noqa: E731
    with pg.connection_context():
        partner = _order(locale=locale)
        service.accept_order(uow(), partner, now)
        service.prepare_kit(uow(), partner.order_id, now, 30)
        answer = answer_for(Event(type="order.created", source="/mcf/order", data={"order_id": partner.order_id}))
        service.attach_fortune(uow(), inventory_amqp.parse_fortune_issued(answer), now)
        house = _order(locale=locale, district="Nowhere")
        service.accept_order(uow(), house, now)
        service.prepare_kit(uow(), house.order_id, now, 0)
        service.complete_kit(uow(), house.order_id, now + timedelta(seconds=1))
        short = _order(category="no-such-category", locale=locale)
        service.accept_order(uow(), short, now)
        service.prepare_kit(uow(), short.order_id, now, 30)
    expected = {partner.order_id: {"inventory.ready"}, house.order_id: {"inventory.ready"},
                short.order_id: {"inventory.shortage"}}  # no notices: order-service tells the client
    for order_id, keys in expected.items():
        emitted = _outbox(pg, order_id)
        assert {key for _, key, _ in emitted} == keys
        for exchange, routing_key, envelope in emitted:
            message_for(exchange, routing_key).validate(envelope)


def test_the_reference_partners_answers_validate_against_the_partner_document():
    schema = partner_message("FortuneIssued")["payload"]
    order_schema = partner_message("OrderCreated")["payload"]
    for example in (m for m in message_for("mcf.events", "order.created").examples):
        validate(order_schema, example)  # what we send the partner is what its document promises
    for locale in ("en", "ru", None):
        order = Event(type="order.created", source="/mcf/order",
                      data={"order_id": str(uuid.uuid4()), **({"locale": locale} if locale else {})})
        answer = json.loads(answer_for(order).to_json())
        validate(schema, answer)
        message_for("fur-tune.out", "fortune.issued").validate(answer)
        if locale:
            assert answer["data"]["locale"] == locale


def test_the_partner_has_a_few_dozen_fortunes_in_both_languages():
    assert len(FORTUNES) >= 24 and {f.locale for f in FORTUNES} == {"en", "ru"}
    assert len({f.id for f in FORTUNES}) == len(FORTUNES)


def test_our_fortune_consumer_accepts_every_partner_document_example():
    doc_examples = [e["payload"] for e in partner_message("FortuneIssued")["examples"]]
    ours = message_for("fur-tune.out", "fortune.issued").examples
    assert doc_examples
    for example in (*doc_examples, *ours):
        fortune = inventory_amqp.parse_fortune_issued(Event.from_json(json.dumps(example).encode(), "fur-tune.out"))
        assert fortune.order_id == example["data"]["order_id"] and fortune.text == example["data"]["text"]


def test_inventorys_order_consumer_accepts_every_documented_example():
    received = {m["name"] for op in operations("receive", "inventory") for m in op["messages"]}
    assert received == {"order.created", "order.cancelled", "fortune.issued"}
    for example in message_for("mcf.events", "order.created").examples:
        order = inventory_amqp.parse_order_created(Event.from_json(json.dumps(example).encode()))
        assert order.order_id == example["data"]["order_id"]
    for example in message_for("mcf.events", "order.cancelled").examples:
        data = load(inventory_amqp.OrderCancelledSchema, Event.from_json(json.dumps(example).encode()))
        assert str(data["order_id"]) == example["data"]["order_id"]


def test_the_partner_document_names_nothing_of_our_internals():
    text = FUR_TUNE.read_text()
    for internal in ("mcf.events", "mcf.notifications", "inventory.", "notification.", "dramatiq", "outbox",
                     "postgres", "x-mcf"):
        assert internal not in text.lower(), internal
