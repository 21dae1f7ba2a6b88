from datetime import datetime, timedelta, timezone

import pytest

from mcf.kit.errors import InvalidInput, NotFound
from mcf.order import service
from mcf.order.domain import Address, IllegalTransition, Order, OrderStatus, TimeSlot
from tests.unit.order.fakes import FakeUnitOfWork

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=timezone.utc)
CLIENT, CAT = "7b7c1b36-5b57-4d4f-8d62-0b8f3c1a0001", "7b7c1b36-5b57-4d4f-8d62-0b8f3c1a0002"


def command(**overrides):
    values = dict(client_id=CLIENT, client_email="human@cats.example", cat_id=CAT, cat_name="Murka",
                  toy_category="feathers", slot_start=NOW + timedelta(days=1), duration_minutes=60,
                  address=Address("Moscow", "Arbat", "Arbat st", "1"), locale="en")
    values.update(overrides)
    return service.PlaceOrder(**values)


def test_placing_an_order_stores_it_with_its_created_event_and_the_clients_notice_in_one_commit():
    uow = FakeUnitOfWork()
    order = service.place_order(uow, command(), NOW)
    assert order.status is OrderStatus.PLACED
    assert uow.orders.get(order.id).client_id == CLIENT
    assert uow.commits == 1
    created, notice = uow.committed_events
    assert (created.type, created.exchange) == ("order.created", "mcf.events")
    assert created.data["order_id"] == order.id and created.data["slot_end"] == "2026-11-28T13:00:00Z"
    assert (notice.type, notice.exchange) == ("notification.order.created", "mcf.notifications")
    assert notice.data["recipient"] == {"id": CLIENT, "role": "client", "email": "human@cats.example"}
    assert notice.data["template"] == "order.created" and notice.data["data"]["cat_name"] == "Murka"


def test_order_created_carries_no_street_address_or_email():
    uow = FakeUnitOfWork()
    service.place_order(uow, command(), NOW)
    created = uow.committed_events[0]
    assert "street" not in str(created.data) and "human@cats.example" not in str(created.data)


def test_a_slot_given_in_another_timezone_is_stored_in_utc():
    uow = FakeUnitOfWork()
    moscow = timezone(timedelta(hours=3))
    order = service.place_order(uow, command(slot_start=datetime(2026, 11, 29, 10, 0, tzinfo=moscow)), NOW)
    assert order.slot.start == datetime(2026, 11, 29, 7, 0, tzinfo=timezone.utc)
    assert order.slot.start.utcoffset() == timedelta(0)


@pytest.mark.parametrize("overrides, field", [
    ({"slot_start": NOW + timedelta(minutes=10)}, "slot_start"),
    ({"duration_minutes": 50}, "duration_minutes"),
    ({"duration_minutes": 15}, "duration_minutes"),
    ({"toy_category": "vacuum-cleaner"}, "toy_category"),
])
def test_invalid_orders_are_refused_and_nothing_is_stored(overrides, field):
    uow = FakeUnitOfWork()
    with pytest.raises(InvalidInput) as refused:
        service.place_order(uow, command(**overrides), NOW)
    assert refused.value.extensions["field"] == field
    assert uow.orders.rows == {} and uow.outbox.events == []


def test_a_client_reads_its_own_order_and_gets_not_found_for_anothers():
    uow = FakeUnitOfWork()
    order = service.place_order(uow, command(), NOW)
    assert service.get_order(uow, order.id, "client", CLIENT).id == order.id
    assert service.get_order(uow, order.id, "manager", "m-1").id == order.id
    with pytest.raises(NotFound):
        service.get_order(uow, order.id, "client", "someone-else")
    with pytest.raises(NotFound):
        service.get_order(uow, order.id, "worker", "w-1")
    with pytest.raises(NotFound):
        service.get_order(uow, "no-such-order", "manager", "m-1")


def test_the_lifecycle_allows_only_its_transitions():
    order = Order.place(client_id=CLIENT, client_email="h@c.example", cat_id=CAT, cat_name=None,
                        toy_category="laser", slot=TimeSlot(NOW + timedelta(days=1), 60),
                        address=Address("Moscow", "Arbat", "Arbat st", "1"), locale="en", now=NOW)
    for step in (OrderStatus.CONFIRMED, OrderStatus.IN_PROGRESS, OrderStatus.COMPLETED):
        order.transition(step, NOW)
    assert order.status is OrderStatus.COMPLETED
    with pytest.raises(IllegalTransition):
        order.transition(OrderStatus.CANCELLED, NOW)
    assert order.status is OrderStatus.COMPLETED


def test_an_unpaid_order_expires_but_a_started_one_cannot_be_cancelled():
    order = Order.place(client_id=CLIENT, client_email="h@c.example", cat_id=CAT, cat_name=None,
                        toy_category="laser", slot=TimeSlot(NOW + timedelta(days=1), 60),
                        address=Address("Moscow", "Arbat", "Arbat st", "1"), locale="en", now=NOW)
    order.transition(OrderStatus.EXPIRED, NOW)
    assert order.status is OrderStatus.EXPIRED
    with pytest.raises(IllegalTransition):
        order.transition(OrderStatus.CONFIRMED, NOW)
