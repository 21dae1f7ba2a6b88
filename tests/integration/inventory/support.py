"""Helpers for inventory's integration tests."""
from __future__ import annotations

import json
import uuid
from datetime import datetime, timedelta, timezone

import pika

from mcf.inventory.adapters.catalogue_seed import pickup_point_id, toy_id
from mcf.kit.events import Event
from mcf.kit.messaging import Publisher, connection_parameters

ARBAT = pickup_point_id("MCF Arbat")
CLOCKWORK_MOUSE = toy_id("Clockwork mouse")
PLUSH_MOUSE = toy_id("Plush mouse")


def order_created(order_id: str | None = None, *, district="Arbat", category="mice", **extra) -> Event:
    start = datetime.now(timezone.utc) + timedelta(days=2)
    order_id = order_id or str(uuid.uuid4())
    return Event(type="order.created", source="/mcf/order", subject=order_id, data={
        "order_id": order_id, "client_id": str(uuid.uuid4()), "cat_id": str(uuid.uuid4()),
        "toy_category": category, "slot_start": start.isoformat().replace("+00:00", "Z"),
        "slot_end": (start + timedelta(hours=1)).isoformat().replace("+00:00", "Z"), "duration_minutes": 60,
        "city": "Moscow", "district": district, "status": "placed",
        "placed_at": datetime.now(timezone.utc).isoformat().replace("+00:00", "Z"), **extra})


def order_cancelled(order_id: str) -> Event:
    return Event(type="order.cancelled", source="/mcf/order", subject=order_id, data={
        "order_id": order_id, "client_id": str(uuid.uuid4()), "worker_id": None, "cancelled_by": "client",
        "reason": "changed my mind", "previous_status": "placed", "slot_start": "2030-05-01T10:00:00Z",
        "paid": False, "checked_in": False, "cancelled_at": "2030-04-30T10:00:00Z"})


def fortune_issued(order_id: str, fortune_id="en-01", text="A sunny windowsill is near.", locale="en") -> Event:
    return Event(type="fortune.issued", source="/fur-tune", subject=order_id, exchange="fur-tune.out",
                 data={"order_id": order_id, "fortune_id": fortune_id, "text": text, "locale": locale})


def publish(url: str, *events: Event) -> None:
    publisher = Publisher(url)
    try:
        for event in events:
            publisher.publish(event)
    finally:
        publisher.close()


def publish_raw(url: str, exchange: str, routing_key: str, body: bytes) -> None:
    publisher = Publisher(url)
    try:
        publisher.publish_raw(exchange, routing_key, body, message_id=str(uuid.uuid4()))
    finally:
        publisher.close()


def tap(url: str, name: str, *routing_keys: str, exchange: str = "mcf.events") -> str:
    """A test queue bound to what the test wants to see published."""
    connection = pika.BlockingConnection(connection_parameters(url))
    channel = connection.channel()
    channel.queue_declare(name, durable=False, auto_delete=False)
    for key in routing_keys:
        channel.queue_bind(name, exchange, routing_key=key)
    connection.close()
    return name


def bodies(messages) -> list[dict]:
    return [json.loads(body) for _, body in messages]


def set_stock(database, point: str, toy: str, available: int) -> None:
    with database.connection_context():
        database.execute_sql("UPDATE stock SET available = %s, reserved = 0 WHERE pickup_point_id = %s "
                             "AND toy_id = %s", (available, point, toy))


def stock_of(database, point: str, toy: str) -> tuple[int, int]:
    with database.connection_context():
        return tuple(database.execute_sql("SELECT available, reserved FROM stock WHERE pickup_point_id = %s "
                                          "AND toy_id = %s", (point, toy)).fetchone())


def kit_statuses(database, order_ids) -> dict[str, str]:
    with database.connection_context():
        rows = database.execute_sql("SELECT order_id::text, status FROM kits WHERE order_id = ANY(%s::uuid[])",
                                    (list(order_ids),)).fetchall()
    return dict(rows)


def kit_fortune(database, order_id: str) -> dict | None:
    with database.connection_context():
        row = database.execute_sql("SELECT fortune FROM kits WHERE order_id = %s", (order_id,)).fetchone()
    return row[0] if row else None


def inbox_has(database, consumer: str, event_id: str) -> bool:
    with database.connection_context():
        return database.execute_sql("SELECT 1 FROM inbox WHERE consumer = %s AND event_id = %s",
                                    (consumer, event_id)).fetchone() is not None
