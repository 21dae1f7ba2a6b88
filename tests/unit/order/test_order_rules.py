"""The order aggregate's rules, each at its edge, written from ARCHITECTURE.md §5 and ADR 0040 (not from the code).

Every refusal is checked for its kind, its problem members (``order_status``, ``requested``, ``field``: what the
HTTP problem carries) and a detail that names what went wrong, and every change for the event it raises with the
snapshot's fields and timestamps.
"""
from datetime import datetime, timedelta, timezone

import pytest

from mcf.kit.errors import Forbidden, InvalidInput
from mcf.order.domain import (
    Address,
    CancelledBy,
    Candidate,
    IllegalTransition,
    KitReady,
    LatePaymentRecorded,
    OfferAccepted,
    OfferDeclined,
    OfferNotOpen,
    Order,
    OrderCancelled,
    OrderCompleted,
    OrderConfirmed,
    OrderExpired,
    OrderOffered,
    OrderPlaced,
    OrderStarted,
    OrderStatus,
    PaymentFailed,
    Price,
    RefundRecorded,
    SlotTooSoon,
    TimeSlot,
)

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=timezone.utc)
LATER = NOW + timedelta(minutes=5)
W1, W2 = "worker-1", "worker-2"
PRICE = Price(150_000, "RUB", {"base": 1})
ADDRESS = Address("Moscow", "Arbat", "Arbat st.", "1")


def slot(minutes_ahead=120, duration=60):
    return TimeSlot(NOW + timedelta(minutes=minutes_ahead), duration)


def new_order(**overrides):
    fields = dict(client_id="client-1", client_email="human@cats.example", cat_id="cat-1", cat_name="Murka",
                  toy_category="balls", slot=slot(), address=ADDRESS, locale="en", now=NOW)
    fields.update(overrides)
    return Order.place(**fields)


def offered(worker=W1, ttl=timedelta(minutes=10)):
    order = new_order()
    order.matched([Candidate(worker, 0.9, PRICE)], NOW + ttl, NOW)
    order.events.clear()
    return order


def assigned(worker=W1):
    order = offered(worker)
    order.accept_offer(worker, NOW)
    return order


def refused(kind, call, **members):
    """The call raises ``kind`` (not a subclass's sibling) whose problem members are exactly ``members``."""
    with pytest.raises(kind) as caught:
        call()
    error = caught.value
    assert isinstance(error.detail, str) and error.detail, "a refusal explains itself"
    assert str(error) == error.detail
    assert error.extensions == members
    return error


def only_event(order, kind):
    assert [type(e) for e in order.events] == [kind]
    return order.events[0]


# -- placement ---------------------------------------------------------------------------------------------------

def test_a_slot_exactly_thirty_minutes_ahead_is_placeable_and_one_second_less_is_not():
    new_order(slot=TimeSlot(NOW + timedelta(minutes=30), 60))
    # A rule of the clock: a 409 ``slot-too-soon`` (ADR 0051), not a schema error.
    error = refused(SlotTooSoon, lambda: new_order(slot=TimeSlot(NOW + timedelta(minutes=30, seconds=-1), 60)),
                    field="slot_start")
    assert "at least 30 minutes from now" in error.detail


@pytest.mark.parametrize("minutes", [30, 45, 465, 480])
def test_durations_from_thirty_to_four_hundred_eighty_in_quarter_hours_are_accepted(minutes):
    assert TimeSlot(NOW, minutes).end == NOW + timedelta(minutes=minutes)


@pytest.mark.parametrize("minutes", [15, 29, 31, 50, 481, 495])
def test_durations_outside_the_range_or_off_the_quarter_hour_are_refused(minutes):
    error = refused(InvalidInput, lambda: TimeSlot(NOW, minutes), field="duration_minutes")
    assert "30..480 in steps of 15" in error.detail


def test_a_slot_without_a_timezone_is_refused():
    error = refused(InvalidInput, lambda: TimeSlot(datetime(2026, 11, 28, 12, 0), 60), field="slot_start")
    assert error.detail == "slot_start must carry a timezone"


def test_an_unknown_toy_category_is_refused_with_its_name():
    error = refused(InvalidInput, lambda: new_order(toy_category="chainsaws"), field="toy_category")
    assert "'chainsaws'" in error.detail


def test_a_new_order_is_placed_at_version_one_created_and_updated_now():
    order = new_order()
    assert (order.status, order.version, order.created_at, order.updated_at) == (OrderStatus.PLACED, 1, NOW, NOW)
    assert order.events == [] and order.price is None and order.offer is None
    assert (order.client_id, order.client_email, order.cat_id, order.cat_name, order.toy_category, order.locale) == (
        "client-1", "human@cats.example", "cat-1", "Murka", "balls", "en")
    assert (order.slot, order.address) == (slot(), ADDRESS)


def test_matching_prices_by_the_best_candidate_and_offers_it_to_that_worker():
    order = new_order()
    order.matched([Candidate(W1, 0.9, PRICE), Candidate(W2, 0.5, Price(1, "RUB"))], NOW + timedelta(minutes=10),
                  NOW)
    placed, offer = order.events
    assert isinstance(placed, OrderPlaced) and placed.matched is True
    assert placed.order.version == 1 and placed.order.price == PRICE and placed.order.offer is None
    assert isinstance(offer, OrderOffered) and offer.order.version == 2
    assert order.offer.worker_id == W1 and order.offer.offered_at == NOW
    assert order.offer.expires_at == NOW + timedelta(minutes=10) and order.offered_worker_ids == (W1,)
    assert order.price == PRICE


def test_an_order_without_candidates_is_cancelled_by_the_platform_at_once():
    order = new_order()
    order.matched([], NOW + timedelta(minutes=10), NOW)
    placed, cancelled = order.events
    assert isinstance(placed, OrderPlaced) and placed.matched is False and placed.order.price is None
    assert isinstance(cancelled, OrderCancelled) and order.status is OrderStatus.CANCELLED
    assert order.cancellation.by is CancelledBy.PLATFORM and order.cancellation.reason == "no_candidates"


@pytest.mark.parametrize("already", ["events", "version", "price"])
def test_an_order_is_matched_once_only(already):
    order = new_order()
    if already == "events":
        order.events.append(object())
    elif already == "version":
        order.version = 2
    else:
        order.price = PRICE
    refused(IllegalTransition, lambda: order.matched([Candidate(W1, 1, PRICE)], NOW, NOW), order_status="placed")


# -- offers ------------------------------------------------------------------------------------------------------

def test_an_offer_is_open_until_the_instant_it_expires():
    order = offered(ttl=timedelta(minutes=10))
    assert order.open_offer(NOW + timedelta(minutes=10, seconds=-1)) is order.offer
    assert order.open_offer(NOW + timedelta(minutes=10)) is None


def test_only_the_offered_worker_accepts_and_only_while_the_offer_is_open():
    order = offered(W1)
    refused(OfferNotOpen, lambda: order.accept_offer(W2, NOW))
    refused(OfferNotOpen, lambda: order.accept_offer(W1, NOW + timedelta(minutes=10)))
    order.accept_offer(W1, LATER)
    event = only_event(order, OfferAccepted)
    assert event.worker_id == W1 and event.order.worker_id == W1 and event.order.offer is None
    assert (order.version, order.updated_at) == (3, LATER)


def test_only_the_offered_worker_declines():
    order = offered(W1)
    error = refused(OfferNotOpen, lambda: order.decline_offer(W2, "declined", LATER))
    assert W2 in error.detail and order.offer.worker_id == W1 and order.events == []


def test_a_decline_after_the_offer_lapsed_is_refused_but_its_timeout_is_recorded():
    order = offered(W1, ttl=timedelta(minutes=10))
    lapsed = NOW + timedelta(minutes=10)
    error = refused(OfferNotOpen, lambda: order.decline_offer(W1, "declined", lapsed))
    assert "timed out" in error.detail
    order.decline_offer(W1, "declined", lapsed - timedelta(seconds=1))  # one second before: still the worker's
    event = only_event(order, OfferDeclined)
    assert (event.worker_id, event.reason, event.order.offer) == (W1, "declined", None)

    late = offered(W1, ttl=timedelta(minutes=10))
    late.decline_offer(W1, "timeout", lapsed + timedelta(minutes=1))
    event = only_event(late, OfferDeclined)
    assert event.reason == "timeout" and late.offer is None and late.updated_at == lapsed + timedelta(minutes=1)


def test_no_decline_without_an_offer_and_none_on_a_finished_order():
    order = assigned(W1)
    refused(OfferNotOpen, lambda: order.decline_offer(W1, "declined", LATER))
    order.cancel(CancelledBy.CLIENT, "changed_mind", LATER)
    refused(IllegalTransition, lambda: order.decline_offer(W1, "declined", LATER), order_status="cancelled")
    refused(IllegalTransition, lambda: order.accept_offer(W1, LATER), order_status="cancelled")


def test_an_order_is_offered_to_a_worker_once_and_only_while_it_needs_one():
    order = offered(W1)
    refused(IllegalTransition, lambda: order.offer_to(Candidate(W2, 1, PRICE), LATER, NOW), order_status="placed")
    order.decline_offer(W1, "declined", NOW)
    error = refused(InvalidInput, lambda: order.offer_to(Candidate(W1, 1, PRICE), LATER, NOW), field="worker_id")
    assert W1 in error.detail
    order.events.clear()
    order.offer_to(Candidate(W2, 0.1, Price(99, "RUB")), LATER + timedelta(minutes=10), LATER)
    event = only_event(order, OrderOffered)
    assert order.price == PRICE, "a re-offer keeps the price the order was placed at"
    assert event.order.offer.worker_id == W2 and event.order.offer.offered_at == LATER
    assert order.offered_worker_ids == (W1, W2)


def test_the_first_offer_of_an_unpriced_order_prices_it():
    order = new_order()
    order.offer_to(Candidate(W1, 1, PRICE), LATER, NOW)
    assert order.price == PRICE and only_event(order, OrderOffered).order.price == PRICE


# -- payment -----------------------------------------------------------------------------------------------------

def test_confirming_records_the_payment_and_when_it_was_paid():
    order = offered()
    order.confirm("pay-1", LATER)
    event = only_event(order, OrderConfirmed)
    assert (order.status, order.payment_id, order.paid_at, order.paid) == (OrderStatus.CONFIRMED, "pay-1", LATER, True)
    assert event.order.status is OrderStatus.CONFIRMED and event.order.paid_at == LATER


def test_a_failed_payment_changes_nothing_and_carries_the_deadline():
    order = offered()
    order.payment_failed("pay-1", "card_declined", NOW + timedelta(minutes=30))
    event = only_event(order, PaymentFailed)
    assert (event.payment_id, event.reason, event.pay_by) == ("pay-1", "card_declined", NOW + timedelta(minutes=30))
    assert order.version == 2 and order.status is OrderStatus.PLACED
    order.confirm("pay-2", LATER)
    refused(IllegalTransition, lambda: order.payment_failed("pay-3", "x", LATER), order_status="confirmed")


def test_a_late_payment_is_recorded_on_a_cancelled_or_expired_order_once():
    order = offered()
    refused(IllegalTransition, lambda: order.record_late_payment("pay-1", LATER), order_status="placed")
    order.expire(LATER)
    order.events.clear()
    order.record_late_payment("pay-1", LATER + timedelta(minutes=1))
    event = only_event(order, LatePaymentRecorded)
    assert event.payment_id == "pay-1" and order.paid_at == LATER + timedelta(minutes=1)
    error = refused(IllegalTransition, lambda: order.record_late_payment("pay-2", LATER), order_status="expired")
    assert "pay-1" in error.detail

    cancelled = offered()
    cancelled.cancel(CancelledBy.CLIENT, "changed_mind", LATER)
    cancelled.record_late_payment("pay-9", LATER)
    assert cancelled.payment_id == "pay-9"


def test_a_refund_needs_a_payment_and_each_refund_is_recorded_once():
    order = offered()
    refused(IllegalTransition, lambda: order.record_refund({"refund_id": "r1"}, LATER), order_status="placed")
    order.confirm("pay-1", NOW)
    order.cancel(CancelledBy.CLIENT, "changed_mind", NOW)
    order.events.clear()
    refund = {"refund_id": "r1", "amount_minor": 150_000}
    order.record_refund(refund, LATER)
    refund["amount_minor"] = 0  # the order keeps its own copy
    event = only_event(order, RefundRecorded)
    assert event.refund == {"refund_id": "r1", "amount_minor": 150_000}
    assert order.refunds == ({"refund_id": "r1", "amount_minor": 150_000},) and order.updated_at == LATER
    error = refused(IllegalTransition, lambda: order.record_refund({"refund_id": "r1"}, LATER),
                    order_status="cancelled")
    assert "r1" in error.detail
    order.record_refund({"refund_id": "r2"}, LATER)
    assert [r["refund_id"] for r in order.refunds] == ["r1", "r2"]


# -- kit, check-in, completion ------------------------------------------------------------------------------------

def test_the_kit_is_ready_once_with_its_pickup_point_fortune_and_time():
    order = assigned()
    order.events.clear()
    point, fortune = {"id": "pp-1"}, {"text": "A ball rolls your way."}
    order.mark_kit_ready("kit-1", point, fortune, LATER)
    event = only_event(order, KitReady)
    assert event.order.kit.kit_id == "kit-1" and event.order.kit.ready_at == LATER
    assert event.order.kit.pickup_point == point and event.order.kit.fortune == fortune
    error = refused(IllegalTransition, lambda: order.mark_kit_ready("kit-2", point, None, LATER),
                    order_status="placed")
    assert order.id in error.detail


def test_a_kit_without_a_fortune_keeps_none_and_a_finished_order_needs_no_kit():
    order = assigned()
    order.mark_kit_ready("kit-1", {"id": "pp-1"}, None, LATER)
    assert order.kit.fortune is None
    done = offered()
    done.expire(LATER)
    refused(IllegalTransition, lambda: done.mark_kit_ready("k", {}, {}, LATER), order_status="expired")
    empty = assigned()
    empty.mark_kit_ready("kit-1", {}, {}, LATER)
    assert empty.kit.fortune is None, "an empty fortune is no fortune"


def test_only_the_assigned_worker_checks_in_and_completes():
    order = assigned(W1)
    order.confirm("pay-1", NOW)
    refused(Forbidden, lambda: order.start(W2, LATER, LATER))
    order.start(W1, LATER, LATER + timedelta(seconds=3))
    started = order.events[-1]
    assert isinstance(started, OrderStarted) and started.order.started_at == LATER
    assert order.updated_at == LATER + timedelta(seconds=3)
    error = refused(Forbidden, lambda: order.complete(W2, "report-1", LATER, LATER))
    assert W2 in error.detail and order.status is OrderStatus.IN_PROGRESS
    order.complete(W1, "report-1", LATER + timedelta(minutes=1), LATER + timedelta(minutes=2))
    completed = order.events[-1]
    assert isinstance(completed, OrderCompleted) and completed.order.status is OrderStatus.COMPLETED
    assert (order.completed_at, order.report_id) == (LATER + timedelta(minutes=1), "report-1")


def test_nobody_checks_in_on_an_order_without_a_worker():
    order = offered(W1)
    order.confirm("pay-1", NOW)
    refused(Forbidden, lambda: order.start(W1, LATER, LATER))


def test_completion_before_check_in_is_an_illegal_transition():
    order = assigned(W1)
    order.confirm("pay-1", NOW)
    refused(IllegalTransition, lambda: order.complete(W1, "r", LATER, LATER), order_status="confirmed",
            requested="completed")


# -- cancelling and expiring ----------------------------------------------------------------------------------------

def test_a_cancellation_records_who_why_the_status_before_and_when_and_withdraws_the_offer():
    order = offered(W1)
    order.cancel(CancelledBy.CLIENT, "changed_mind", LATER)
    event = only_event(order, OrderCancelled)
    assert order.offer is None and event.order.offer is None
    assert order.cancellation.by is CancelledBy.CLIENT and order.cancellation.reason == "changed_mind"
    assert order.cancellation.previous_status is OrderStatus.PLACED and order.cancellation.at == LATER
    assert order.is_current is False and order.needs_worker is False


def test_expiry_withdraws_the_offer_and_records_when():
    order = offered(W1)
    order.expire(LATER)
    event = only_event(order, OrderExpired)
    assert (order.offer, order.expired_at, event.order.expired_at) == (None, LATER, LATER)


def test_an_illegal_move_names_the_status_and_the_request():
    order = offered()
    order.confirm("pay-1", NOW)
    error = refused(IllegalTransition, lambda: order.expire(LATER), order_status="confirmed", requested="expired")
    assert "confirmed" in error.detail and "expired" in error.detail


def test_updated_at_never_goes_back_and_every_change_bumps_the_version_by_one():
    order = offered()
    order.confirm("pay-1", LATER)
    order.mark_kit_ready("kit-1", {}, None, NOW)  # a clock behind the last change
    assert order.updated_at == LATER and order.version == 4
    assert [e.order.version for e in order.events] == [3, 4]


def test_a_snapshot_is_a_copy_without_events():
    order = offered()
    order.confirm("pay-1", LATER)
    snapshot = order.snapshot()
    assert snapshot is not order and snapshot.events == [] and snapshot.status is OrderStatus.CONFIRMED
    order.status = OrderStatus.CANCELLED
    assert snapshot.status is OrderStatus.CONFIRMED


# -- who sees it ---------------------------------------------------------------------------------------------------

def test_an_order_is_visible_to_its_client_its_offered_or_assigned_worker_and_staff_only():
    order = offered(W1)
    assert order.visible_to("client", "client-1") and not order.visible_to("client", "client-2")
    assert order.visible_to("worker", W1) and not order.visible_to("worker", W2)
    order.accept_offer(W1, NOW)
    assert order.visible_to("worker", W1) and not order.visible_to("worker", W2)
    assert order.visible_to("manager", "m") and order.visible_to("service", "s")
    assert not order.visible_to("partner", "p")


def test_an_order_with_neither_offer_nor_worker_is_visible_to_no_worker():
    order = new_order()
    assert not order.visible_to("worker", W1)
    assert not order.visible_to("worker", "")
