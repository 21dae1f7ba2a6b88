"""order-history's archive rules at their edges, the expected answers written from ADR 0090 and the API's
documented limits (pages of 1..200, opaque cursors, a check-in on time up to 5 minutes after the slot starts),
never computed with the code: each refusal names its field and says why."""
import dataclasses
import uuid
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from mcf.kit.errors import Forbidden, InvalidInput
from mcf.order_history.domain import ArchivedOrder, ArchiveQuery, ChangeCursor, Cursor

SLOT = datetime(2031, 3, 14, 9, 0, tzinfo=timezone.utc)
PLACED = SLOT - timedelta(days=1)
ORDER_ID = "6f1c1f3e-64a4-4d56-9d4b-2a9c4a1f1e0b"
MOMENTS = ("slot_start", "slot_end", "placed_at", "paid_at", "kit_ready_at", "checked_in_at", "completed_at",
           "cancelled_at", "expired_at")


def order(**changes) -> ArchivedOrder:
    base = ArchivedOrder(
        order_id=ORDER_ID, version=3, status="completed", client_id="c-1", cat_id="cat-1", worker_id="w-1",
        toy_category="balls", city="Moscow", district="Arbat", slot_start=SLOT, slot_end=SLOT + timedelta(hours=1),
        duration_minutes=60, price_minor=150_000, currency="RUB", paid=True, payment_id="pay-1", refunded_minor=0,
        placed_at=PLACED, completed_at=SLOT + timedelta(minutes=65))
    return dataclasses.replace(base, **changes)


def refused(error, call, detail, **extensions):
    with pytest.raises(error) as caught:
        call()
    assert caught.value.detail == detail
    assert caught.value.extensions == extensions


def test_only_finished_orders_at_a_positive_version_by_a_known_canceller_are_archived():
    refused(InvalidInput, lambda: order(status="confirmed"), "only finished orders are archived, not 'confirmed'",
            field="status")
    refused(InvalidInput, lambda: order(version=0), "version must be positive", field="version")
    refused(InvalidInput, lambda: order(status="cancelled", cancelled_by="cat"), "unknown canceller 'cat'",
            field="cancelled_by")
    assert order(version=1).version == 1
    for who in ("client", "platform", "worker", None):
        assert order(status="cancelled", cancelled_by=who).cancelled_by == who


@pytest.mark.parametrize("name", MOMENTS)
def test_every_moment_carries_a_timezone(name):
    refused(InvalidInput, lambda: order(**{name: SLOT.replace(tzinfo=None)}), f"{name} must carry a timezone",
            field=name)


def test_an_order_closes_when_it_reached_its_terminal_state_or_else_when_it_was_placed():
    done, cancelled, expired = SLOT + timedelta(hours=2), PLACED + timedelta(hours=3), PLACED + timedelta(hours=4)
    assert order(completed_at=done, cancelled_at=cancelled).closed_at == done
    assert order(status="cancelled", completed_at=done, cancelled_at=cancelled, expired_at=expired).closed_at \
        == cancelled
    assert order(status="expired", completed_at=done, cancelled_at=cancelled, expired_at=expired).closed_at == expired
    assert order(status="expired", completed_at=done).closed_at == PLACED


def test_a_check_in_at_five_minutes_past_the_slot_is_on_time_and_a_second_later_is_not():
    assert order(checked_in_at=SLOT + timedelta(minutes=5)).checked_in_on_time
    assert not order(checked_in_at=SLOT + timedelta(minutes=5, seconds=1)).checked_in_on_time
    assert order(checked_in_at=SLOT - timedelta(minutes=10)).checked_in_on_time  # early is on time
    never = order(checked_in_at=None)
    assert not never.checked_in and not never.checked_in_on_time


@pytest.mark.parametrize("paid, price, refunded, outcome", [
    (False, 150_000, 0, "unpaid"), (False, 150_000, 150_000, "unpaid"), (True, 150_000, 0, "paid"),
    (True, 150_000, 1, "partially_refunded"), (True, 150_000, 149_999, "partially_refunded"),
    (True, 150_000, 150_000, "refunded"), (True, 150_000, 150_001, "refunded"),
    (True, None, 50_000, "partially_refunded")])
def test_the_payment_outcome_compares_what_was_refunded_with_the_price(paid, price, refunded, outcome):
    assert order(paid=paid, price_minor=price, refunded_minor=refunded).payment_outcome == outcome


def test_an_order_is_visible_to_its_client_its_worker_managers_and_services_only():
    o = order()
    assert o.visible_to("client", "c-1") and not o.visible_to("client", "w-1")
    assert o.visible_to("worker", "w-1") and not o.visible_to("worker", "c-1")
    assert o.visible_to("manager", "anyone") and o.visible_to("service", "order")
    assert not o.visible_to("partner", "c-1") and not o.visible_to("nobody", "w-1")


@pytest.mark.parametrize("seconds", [0, 1, 59, 100, 1_000_000_000, 1_999_999_999])
def test_a_cursor_round_trips_url_safe_whatever_its_length_and_timezone(seconds):
    moment = datetime.fromtimestamp(seconds, timezone.utc)
    for cursor in (Cursor(moment, ORDER_ID), Cursor(moment.astimezone(ZoneInfo("Europe/Moscow")), ORDER_ID)):
        text = cursor.encode()
        assert set(text) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        assert Cursor.decode(text) == Cursor(moment, ORDER_ID) and Cursor.decode(text).slot_start.tzinfo is not None
    change = ChangeCursor(moment, ORDER_ID)
    assert ChangeCursor.decode(change.encode()) == change and "=" not in change.encode()


def test_a_cursor_not_handed_out_here_is_refused_and_the_two_kinds_are_not_interchangeable():
    # The contract's patterns: a search cursor is `<epoch>_<uuid>`, the change feed's `c<epoch>_<uuid>`.
    search = Cursor(SLOT, ORDER_ID).encode()
    change = ChangeCursor(SLOT, ORDER_ID).encode()
    assert search == f"{int(SLOT.timestamp())}_{ORDER_ID}" and change == f"c{int(SLOT.timestamp())}_{ORDER_ID}"
    for forged in ("zzz", "12_not-a-uuid", f"x_{ORDER_ID}", f"12345678901_{ORDER_ID}", f"12:{ORDER_ID}", change, ""):
        refused(InvalidInput, lambda f=forged: Cursor.decode(f), "cursor is not one this service handed out",
                field="cursor")
    for forged in (search, "zzz", f"cx_{ORDER_ID}", "c12_nope", f"C12_{ORDER_ID}"):
        refused(InvalidInput, lambda f=forged: ChangeCursor.decode(f), "cursor is not one this service handed out",
                field="after")
    assert str(uuid.UUID(Cursor.decode(search).order_id)) == ORDER_ID


def test_a_query_takes_pages_of_1_to_200_a_timezone_on_both_ends_and_an_inverted_period_is_simply_empty():
    assert ArchiveQuery(limit=1).limit == 1 and ArchiveQuery(limit=200).limit == 200
    for limit in (0, 201):
        refused(InvalidInput, lambda n=limit: ArchiveQuery(limit=n), "limit must be 1..200", field="limit")
    refused(InvalidInput, lambda: ArchiveQuery(statuses=("expired", "placed", "offered")),
            "the archive holds no 'offered' orders", field="status")
    refused(InvalidInput, lambda: ArchiveQuery(slot_from=SLOT.replace(tzinfo=None)), "from must carry a timezone",
            field="from")
    refused(InvalidInput, lambda: ArchiveQuery(slot_to=SLOT.replace(tzinfo=None)), "to must carry a timezone",
            field="to")
    # from at or after to is an empty period, not an error (ADR 0051: no schema can say "before")
    inverted = ArchiveQuery(slot_from=SLOT, slot_to=SLOT - timedelta(seconds=1))
    assert (inverted.slot_from, inverted.slot_to) == (SLOT, SLOT - timedelta(seconds=1))
    assert ArchiveQuery(slot_from=SLOT, slot_to=SLOT + timedelta(seconds=1)).slot_to == SLOT + timedelta(seconds=1)
    assert ArchiveQuery(slot_from=SLOT).slot_from == SLOT and ArchiveQuery(slot_to=SLOT).slot_to == SLOT


def test_a_client_and_a_worker_are_scoped_to_their_own_orders_and_other_roles_are_refused():
    query = ArchiveQuery(statuses=("completed",), limit=7)
    assert query.scoped_to("client", "c-1") == ArchiveQuery(client_id="c-1", statuses=("completed",), limit=7)
    assert ArchiveQuery(client_id="c-1").scoped_to("client", "c-1").client_id == "c-1"
    assert query.scoped_to("worker", "w-1") == ArchiveQuery(worker_id="w-1", statuses=("completed",), limit=7)
    assert ArchiveQuery(worker_id="w-1").scoped_to("worker", "w-1").worker_id == "w-1"
    assert query.scoped_to("manager", "m-1") is query and query.scoped_to("service", "quality") is query
    refused(Forbidden, lambda: ArchiveQuery(client_id="c-2").scoped_to("client", "c-1"),
            "a client can search only its own orders")
    refused(Forbidden, lambda: ArchiveQuery(worker_id="w-2").scoped_to("worker", "w-1"),
            "a worker can search only its own orders")
    refused(Forbidden, lambda: query.scoped_to("partner", "p-1"), "role partner cannot read the archive")
