"""The inventory's wire format: each kit domain event becomes ``inventory.*``. The client hears of the kit from
order-service (``order.kit_ready``, the cancellation after a shortage): inventory holds no contact data (ADR 0006,
0123).

Pure and exhaustive: every class in ``domain.DOMAIN_EVENTS`` has a mapping; an unknown one is a TypeError.
"""
from __future__ import annotations

from typing import Callable

from mcf.inventory.domain import Kit, KitReady, KitShort
from mcf.kit.events import Event, mapped

SOURCE = "/mcf/inventory"


def integration_events(domain_event) -> list[Event]:
    """What one domain event of a kit becomes on the wire (``mcf.events``)."""
    return mapped(_MAPPINGS, domain_event, "inventory")


def _ready(e: KitReady) -> list[Event]:
    kit = e.kit
    return [Event(type="inventory.ready", source=SOURCE, subject=kit.order_id, data=ready_data(kit))]


def _short(e: KitShort) -> list[Event]:
    kit = e.kit
    return [Event(type="inventory.shortage", source=SOURCE, subject=kit.order_id, data=shortage_data(kit))]


_MAPPINGS: dict[type, Callable[..., list[Event]]] = {KitReady: _ready, KitShort: _short}


def ready_data(kit: Kit) -> dict:
    point = kit.pickup_point
    return {
        "order_id": kit.order_id, "kit_id": kit.kit_id,
        "pickup_point": {"id": point.id, "name": point.name, "address": point.address},
        "items": [{"toy_id": item.toy_id, "name": item.name, "quantity": item.quantity} for item in kit.items],
        "fortune": {"text": kit.fortune.text, "locale": kit.fortune.locale, "source": kit.fortune.source.value},
    }


def shortage_data(kit: Kit) -> dict:
    return {"order_id": kit.order_id, "toy_category": kit.toy_category,
            "missing": [{"toy_id": m.toy_id, "wanted": m.wanted, "available": m.available} for m in kit.missing]}

