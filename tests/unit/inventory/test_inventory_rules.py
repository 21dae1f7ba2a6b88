"""inventory's domain rules at their edges (ADR 0020/0021): the fortune's length and locale, the house cookie's
fallback locale, the kit's life and version, and the kit as the ready and shortage events carry it."""
import uuid
from datetime import datetime, timedelta, timezone

import pytest

from mcf.inventory import events
from mcf.inventory.domain import (
    HOUSE_FORTUNES,
    MAX_FORTUNE_LENGTH,
    Fortune,
    FortuneIssued,
    FortuneSource,
    Kit,
    KitItem,
    KitReady,
    KitShort,
    KitStatus,
    Missing,
    PickupPoint,
    house_fortune,
)
from mcf.kit.errors import Conflict, InvalidInput

NOW = datetime(2030, 5, 1, 12, 0, tzinfo=timezone.utc)
LATER = NOW + timedelta(seconds=9)
POINT = PickupPoint("pp-1", "Arbat point", "Moscow", "Arbat", "Arbat st. 1")
ITEMS = (KitItem("toy-1", "Mouse", 2), KitItem("toy-2", "Plush", 1))


def issued(text="A cookie.", locale="en"):
    return FortuneIssued("order-1", "f-1", text, locale)


def kit(**overrides):
    fields = dict(order_id="order-1", client_id="client-1", toy_category="mice", city="Moscow", district="Arbat",
                  locale="ru", now=NOW)
    fields.update(overrides)
    return Kit.for_order(**fields)


@pytest.mark.parametrize("length", [1, MAX_FORTUNE_LENGTH])
def test_a_fortune_of_one_to_five_hundred_characters_is_accepted(length):
    assert issued("x" * length).text == "x" * length and MAX_FORTUNE_LENGTH == 500


@pytest.mark.parametrize("text", ["", "   ", "x" * (MAX_FORTUNE_LENGTH + 1)])
def test_an_empty_or_longer_fortune_is_refused(text):
    with pytest.raises(InvalidInput) as caught:
        issued(text)
    assert caught.value.detail == "text must be 1 to 500 characters" and caught.value.extensions == {"field": "text"}


def test_a_fortune_in_another_locale_is_refused():
    with pytest.raises(InvalidInput) as caught:
        issued(locale="de")
    assert caught.value.detail == "locale must be one of en, ru" and caught.value.extensions == {"field": "locale"}


@pytest.mark.parametrize("locale", ["en", "ru"])
def test_a_house_cookie_is_in_the_orders_locale_and_the_same_for_the_same_order(locale):
    cookie = house_fortune("order-1", locale)
    assert cookie.text in HOUSE_FORTUNES[locale] and cookie.locale == locale
    assert (cookie.source, cookie.fortune_id) == (FortuneSource.HOUSE, None)
    assert house_fortune("order-1", locale) == cookie


@pytest.mark.parametrize("locale", ["de", "", "EN"])
def test_a_house_cookie_for_a_locale_the_house_lacks_is_english(locale):
    cookie = house_fortune("order-1", locale)
    assert cookie.locale == "en" and cookie.text in HOUSE_FORTUNES["en"]


def test_house_cookies_differ_between_orders():
    assert len({house_fortune(f"order-{i}", "en").text for i in range(40)}) == len(HOUSE_FORTUNES["en"])


def test_a_new_kit_is_pending_with_the_orders_facts_at_version_one():
    k = kit()
    assert (k.order_id, k.id, k.client_id, k.toy_category, k.city, k.district, k.locale) == (
        "order-1", "order-1", "client-1", "mice", "Moscow", "Arbat", "ru")
    assert not hasattr(k, "client_email")  # inventory keeps no contact data (ADR 0123)
    assert (k.status, k.created_at, k.updated_at, k.version) == (KitStatus.PENDING, NOW, NOW, 1)
    assert k.kit_id and k.kit_id != kit().kit_id


def test_a_tombstone_is_a_cancelled_kit_without_facts():
    k = Kit.cancelled_before_seen("order-1", "client-1", NOW)
    assert (k.status, k.client_id, k.toy_category, k.city, k.district, k.locale) == (
        KitStatus.CANCELLED, "client-1", None, None, None, "en")
    assert (k.created_at, k.updated_at, k.cancelled_at) == (NOW, NOW, NOW) and k.kit_id
    assert k.cancel(LATER) == () and k.version == 1


def test_every_step_of_a_kit_bumps_its_version_by_one_and_records_when():
    k = kit()
    k.reserved(POINT, ITEMS, NOW + timedelta(seconds=30), LATER)
    assert (k.status, k.version, k.updated_at, k.fortune_deadline) == (
        KitStatus.AWAITING_FORTUNE, 2, LATER, NOW + timedelta(seconds=30))
    assert not k.fortune_overdue(NOW + timedelta(seconds=29)) and k.fortune_overdue(NOW + timedelta(seconds=30))
    fortune = Fortune("A cookie.", "ru", FortuneSource.PARTNER, "f-1")
    k.complete(fortune, LATER + timedelta(seconds=1))
    assert (k.status, k.version, k.ready_at, k.updated_at) == (
        KitStatus.READY, 3, LATER + timedelta(seconds=1), LATER + timedelta(seconds=1))
    assert k.cancel(LATER + timedelta(seconds=2)) == ITEMS
    assert (k.status, k.version, k.released, k.cancelled_at) == (
        KitStatus.CANCELLED, 4, True, LATER + timedelta(seconds=2))


def test_a_short_kit_keeps_what_was_missing_and_releases_nothing_when_cancelled():
    k = kit()
    missing = (Missing("toy-1", 2, 1),)
    k.short(POINT, missing, LATER)
    assert (k.status, k.version, k.missing, k.updated_at) == (KitStatus.SHORTAGE, 2, missing, LATER)
    assert k.cancel(LATER) == () and k.released is False and k.version == 3


def test_a_step_out_of_turn_is_a_conflict_naming_the_kits_status():
    k = kit()
    with pytest.raises(Conflict) as caught:
        k.complete(Fortune("x", "en", FortuneSource.HOUSE), NOW)
    assert caught.value.detail == "kit for order order-1 is pending, not awaiting_fortune"
    assert caught.value.extensions == {"kit_status": "pending"}


def test_the_ready_event_carries_the_kit_its_pickup_point_items_and_fortune():
    k = kit()
    k.reserved(POINT, ITEMS, NOW, NOW)
    k.complete(Fortune("Удача.", "ru", FortuneSource.HOUSE), LATER)
    (ready,) = k.events
    assert isinstance(ready, KitReady) and ready.kit is k
    (event,) = events.integration_events(ready)  # no notice: order-service tells the client
    assert (event.type, event.subject) == ("inventory.ready", "order-1")
    assert event.data == {
        "order_id": "order-1", "kit_id": k.kit_id,
        "pickup_point": {"id": "pp-1", "name": "Arbat point", "address": "Arbat st. 1"},
        "items": [{"toy_id": "toy-1", "name": "Mouse", "quantity": 2}, {"toy_id": "toy-2", "name": "Plush",
                                                                       "quantity": 1}],
        "fortune": {"text": "Удача.", "locale": "ru", "source": "house"}}


def test_the_shortage_event_carries_the_kits_missing_toys():
    k = kit()
    k.short(None, (Missing("toy-1", 2, 0), Missing("toy-2", 1, 0)), LATER)
    (short,) = k.events
    assert isinstance(short, KitShort) and short.kit is k
    (event,) = events.integration_events(short)
    assert (event.type, event.subject) == ("inventory.shortage", "order-1")
    assert event.data == {"order_id": "order-1", "toy_category": "mice", "missing": [
        {"toy_id": "toy-1", "wanted": 2, "available": 0}, {"toy_id": "toy-2", "wanted": 1, "available": 0}]}


def test_a_client_sees_only_its_own_kit_and_staff_see_every_kit():
    k = kit()
    assert k.visible_to("client", "client-1") and not k.visible_to("client", "client-2")
    assert k.visible_to("worker", "anyone") and k.visible_to("manager", "m")


def test_a_tombstone_has_a_kit_id_of_its_own():
    first, second = (Kit.cancelled_before_seen(f"order-{i}", None, NOW) for i in (1, 2))
    assert str(uuid.UUID(first.kit_id)) == first.kit_id and first.kit_id != second.kit_id
