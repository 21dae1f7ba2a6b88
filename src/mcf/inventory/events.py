"""The inventory's wire format: each kit domain event becomes ``inventory.*`` and the client's notice.

Pure and exhaustive: every class in ``domain.DOMAIN_EVENTS`` has a mapping; an unknown one is a TypeError.
"""
from __future__ import annotations

from typing import Callable

from mcf.inventory.domain import Kit, KitReady, KitShort
from mcf.kit.events import Event, mapped, notification

SOURCE = "/mcf/inventory"


def integration_events(domain_event) -> list[Event]:
    """What one domain event of a kit becomes on the wire (``mcf.events`` and ``mcf.notifications``)."""
    return mapped(_MAPPINGS, domain_event, "inventory")


def _ready(e: KitReady) -> list[Event]:
    kit = e.kit
    return [Event(type="inventory.ready", source=SOURCE, subject=kit.order_id, data=ready_data(kit)),
            *_notice(kit, "ready", {
                "order_id": kit.order_id, "pickup_point_name": kit.pickup_point.name,
                "pickup_point_address": kit.pickup_point.address, "fortune_text": kit.fortune.text,
                "items": [{"name": item.name, "quantity": item.quantity} for item in kit.items]})]


def _short(e: KitShort) -> list[Event]:
    kit = e.kit
    return [Event(type="inventory.shortage", source=SOURCE, subject=kit.order_id, data=shortage_data(kit)),
            *_notice(kit, "shortage", {"order_id": kit.order_id, "toy_category": kit.toy_category})]


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


def _notice(kit: Kit, kind: str, data: dict) -> list[Event]:
    # order.created carries no e-mail address today: without one the client cannot be told (the service logs it).
    if not kit.client_email or not kit.client_id:
        return []
    return [notification("inventory", kind, template=f"inventory.{kind}", locale=kit.locale, subject=kit.order_id,
                         recipient={"id": kit.client_id, "role": "client", "email": kit.client_email}, data=data)]
