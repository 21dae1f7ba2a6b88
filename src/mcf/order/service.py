"""Order use cases. Each owns its transaction: the change and its events commit together or not at all."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from mcf.kit.errors import NotFound
from mcf.kit.events import Event, notification
from mcf.order.domain import Address, Order, OrderPlaced, TimeSlot
from mcf.order.ports import UnitOfWork

SOURCE = "/mcf/order"


@dataclass(frozen=True)
class PlaceOrder:
    client_id: str
    client_email: str
    cat_id: str
    cat_name: str | None
    toy_category: str
    slot_start: datetime
    duration_minutes: int
    address: Address
    locale: str = "en"


def place_order(uow: UnitOfWork, command: PlaceOrder, now: datetime) -> Order:
    order = Order.place(
        client_id=command.client_id, client_email=command.client_email, cat_id=command.cat_id,
        cat_name=command.cat_name, toy_category=command.toy_category,
        slot=TimeSlot(command.slot_start.astimezone(timezone.utc), command.duration_minutes), address=command.address,
        locale=command.locale, now=now)
    with uow:
        uow.orders.add(order)
        for event in integration_events(order):
            uow.outbox.add(event)
    return order


def get_order(uow: UnitOfWork, order_id: str, viewer_role: str, viewer_id: str) -> Order:
    """The order; asking for an order one may not see gets NotFound, never the order."""
    with uow:
        order = uow.orders.get(order_id)
    if order is None or not order.visible_to(viewer_role, viewer_id):
        raise NotFound(f"order {order_id} does not exist")
    return order


def integration_events(order: Order) -> list[Event]:
    """Turn the aggregate's domain events into the events and notifications other services receive."""
    out: list[Event] = []
    for domain_event in order.events:
        if isinstance(domain_event, OrderPlaced):
            placed = domain_event.order
            out.append(Event(type="order.created", source=SOURCE, subject=placed.id, data=order_created(placed)))
            out.append(notification(
                "order", "created", template="order.created", locale=placed.locale, subject=placed.id,
                recipient={"id": placed.client_id, "role": "client", "email": placed.client_email},
                data={"order_id": placed.id, "cat_name": placed.cat_name, "toy_category": placed.toy_category,
                      "slot_start": _iso(placed.slot.start), "duration_minutes": placed.slot.duration_minutes,
                      "district": placed.address.district}))
    order.events.clear()
    return out


def order_created(order: Order) -> dict:
    # Ids and facts only: consumers that need more ask order-service.
    return {
        "order_id": order.id, "client_id": order.client_id, "cat_id": order.cat_id,
        "toy_category": order.toy_category, "slot_start": _iso(order.slot.start),
        "slot_end": _iso(order.slot.end), "duration_minutes": order.slot.duration_minutes,
        "city": order.address.city, "district": order.address.district, "status": order.status.value,
        "placed_at": _iso(order.created_at),
    }


def _iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")
