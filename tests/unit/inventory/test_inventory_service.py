"""inventory-service use cases through in-memory fakes of the ports."""
from datetime import datetime, timedelta, timezone

import pytest

from mcf.inventory import service
from mcf.inventory.domain import HOUSE_FORTUNES, FortuneIssued, KitStatus
from mcf.kit.errors import InvalidInput, NotFound
from tests.support.inventory import ARBAT, CENTRAL, MOUSE, PLUSH, FakeUnitOfWork

NOW = datetime(2030, 5, 1, 12, 0, tzinfo=timezone.utc)
ORDER = "5f1c2b9e-8d4a-4e0b-9d3c-2a7f6e1b4c22"
CLIENT = "3a2b1c0d-9e8f-4a7b-8c6d-5e4f3a2b1c0d"


@pytest.fixture
def uow():
    uow = FakeUnitOfWork()
    for point in (ARBAT, CENTRAL):
        uow.stock.set(point.id, MOUSE.id, 5)
        uow.stock.set(point.id, PLUSH.id, 10)
    return uow


def placed(order_id=ORDER, district="Arbat", category="mice", locale="en"):
    return service.OrderPlaced(order_id=order_id, client_id=CLIENT, toy_category=category, city="Moscow",
                               district=district, locale=locale)


def fortune(order_id=ORDER, fortune_id="en-01", text="A sunny windowsill is near."):
    return FortuneIssued(order_id, fortune_id, text, "en")


def keys(uow):
    return [event.type for event in uow.outbox.events]


def test_a_new_order_opens_a_pending_kit_once(uow):
    assert service.accept_order(uow, placed(), NOW) == ORDER
    assert service.accept_order(uow, placed(), NOW) is None
    assert uow.kits.get(ORDER).status is KitStatus.PENDING


def test_preparing_reserves_the_recipe_at_the_districts_point_and_waits_for_the_cookie(uow):
    service.accept_order(uow, placed(), NOW)
    kit = service.prepare_kit(uow, ORDER, NOW, 30)
    assert kit.status is KitStatus.AWAITING_FORTUNE and kit.pickup_point == ARBAT
    assert kit.fortune_deadline == NOW + timedelta(seconds=30)
    assert uow.stock.units[(ARBAT.id, MOUSE.id)] == [4, 1] and uow.stock.units[(ARBAT.id, PLUSH.id)] == [8, 2]
    assert keys(uow) == []
    assert service.prepare_kit(uow, ORDER, NOW, 30) is None  # a repeated job changes nothing
    assert uow.stock.units[(ARBAT.id, MOUSE.id)] == [4, 1]


def test_the_cookie_completes_the_kit_and_publishes_ready_and_no_notice(uow):
    service.accept_order(uow, placed(), NOW)
    service.prepare_kit(uow, ORDER, NOW, 30)
    kit = service.attach_fortune(uow, fortune(), NOW + timedelta(seconds=1))
    assert kit.status is KitStatus.READY and kit.fortune.source.value == "partner"
    assert keys(uow) == ["inventory.ready"]  # the client hears from order-service (order.kit_ready)
    ready = uow.outbox.events[0].data
    assert ready["pickup_point"] == {"id": ARBAT.id, "name": ARBAT.name, "address": ARBAT.address}
    assert ready["fortune"] == {"text": "A sunny windowsill is near.", "locale": "en", "source": "partner"}
    assert {i["toy_id"]: i["quantity"] for i in ready["items"]} == {MOUSE.id: 1, PLUSH.id: 2}


def test_a_second_cookie_for_the_same_order_is_ignored(uow):
    service.accept_order(uow, placed(), NOW)
    service.prepare_kit(uow, ORDER, NOW, 30)
    service.attach_fortune(uow, fortune(), NOW)
    assert service.attach_fortune(uow, fortune(fortune_id="en-02", text="Another"), NOW) is None
    assert uow.kits.get(ORDER).fortune.fortune_id == "en-01"
    assert keys(uow).count("inventory.ready") == 1


def test_a_cookie_arriving_before_the_reservation_is_kept_and_used(uow):
    service.accept_order(uow, placed(), NOW)
    assert service.attach_fortune(uow, fortune(), NOW) is None
    kit = service.prepare_kit(uow, ORDER, NOW, 30)
    assert kit.status is KitStatus.READY and kit.fortune.fortune_id == "en-01"


def test_no_cookie_by_the_deadline_completes_the_kit_with_a_house_fortune(uow):
    service.accept_order(uow, placed(locale="ru"), NOW)
    service.prepare_kit(uow, ORDER, NOW, 30)
    assert service.complete_kit(uow, ORDER, NOW + timedelta(seconds=29)) is None  # too early
    kit = service.complete_kit(uow, ORDER, NOW + timedelta(seconds=30))
    assert kit.status is KitStatus.READY and kit.fortune.source.value == "house"
    assert kit.fortune.text in HOUSE_FORTUNES["ru"]
    assert service.complete_kit(uow, ORDER, NOW + timedelta(seconds=31)) is None  # once only
    assert service.attach_fortune(uow, fortune(), NOW + timedelta(seconds=32)) is None  # late: ignored
    assert uow.kits.get(ORDER).fortune.source.value == "house"
    assert keys(uow).count("inventory.ready") == 1


def test_the_sweep_completes_overdue_kits_only(uow):
    service.accept_order(uow, placed(), NOW)
    service.prepare_kit(uow, ORDER, NOW, 30)
    assert service.complete_overdue(lambda: uow, NOW + timedelta(seconds=40), grace=timedelta(seconds=15)) == []
    assert service.complete_overdue(lambda: uow, NOW + timedelta(seconds=46), grace=timedelta(seconds=15)) \
        == [ORDER]


def test_too_few_toys_is_a_shortage_reserving_nothing(uow):
    uow.stock.set(ARBAT.id, PLUSH.id, 1)
    service.accept_order(uow, placed(), NOW)
    kit = service.prepare_kit(uow, ORDER, NOW, 30)
    assert kit.status is KitStatus.SHORTAGE
    assert uow.stock.units[(ARBAT.id, MOUSE.id)] == [5, 0]
    assert keys(uow) == ["inventory.shortage"]
    assert uow.outbox.events[0].data == {"order_id": ORDER, "toy_category": "mice", "missing": [
        {"toy_id": PLUSH.id, "wanted": 2, "available": 1}]}


def test_a_category_without_a_recipe_is_a_shortage(uow):
    service.accept_order(uow, placed(category="laser"), NOW)
    assert service.prepare_kit(uow, ORDER, NOW, 30).status is KitStatus.SHORTAGE


def test_cancelling_releases_the_reservation_exactly_once(uow):
    service.accept_order(uow, placed(), NOW)
    service.prepare_kit(uow, ORDER, NOW, 30)
    kit = service.cancel_order(uow, ORDER, CLIENT, NOW)
    assert kit.status is KitStatus.CANCELLED and kit.released
    service.cancel_order(uow, ORDER, CLIENT, NOW)
    assert uow.stock.units[(ARBAT.id, MOUSE.id)] == [5, 0] and uow.stock.units[(ARBAT.id, PLUSH.id)] == [10, 0]
    assert service.attach_fortune(uow, fortune(), NOW) is None  # a late answer for a cancelled order
    assert uow.fortunes.get(ORDER) is None


def test_a_cancellation_before_the_order_leaves_a_tombstone(uow):
    service.cancel_order(uow, ORDER, CLIENT, NOW)
    assert service.accept_order(uow, placed(), NOW) is None
    assert service.prepare_kit(uow, ORDER, NOW, 30) is None
    assert uow.stock.units[(ARBAT.id, MOUSE.id)] == [5, 0]


def test_a_client_sees_only_its_own_kit(uow):
    service.accept_order(uow, placed(), NOW)
    assert service.get_kit(uow, ORDER, "client", CLIENT).order_id == ORDER
    with pytest.raises(NotFound):
        service.get_kit(uow, ORDER, "client", "someone-else")
    assert service.get_kit(uow, ORDER, "worker", "w-1").order_id == ORDER


def test_restock_adds_units_and_checks_its_input(uow):
    assert service.restock(uow, ARBAT.id, MOUSE.id, 7).available == 12
    with pytest.raises(InvalidInput):
        service.restock(uow, ARBAT.id, MOUSE.id, 0)
    with pytest.raises(NotFound):
        service.restock(uow, "no-such-point", MOUSE.id, 1)


def test_a_fortune_must_have_text_and_a_known_locale():
    with pytest.raises(InvalidInput):
        FortuneIssued(ORDER, "x", "  ", "en")
    with pytest.raises(InvalidInput):
        FortuneIssued(ORDER, "x", "text", "de")
