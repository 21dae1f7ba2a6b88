from datetime import datetime, timedelta, timezone

import pytest

from mcf.kit.errors import Forbidden, InvalidInput, NotFound
from mcf.order import service
from mcf.order.domain import (
    Address,
    CancelledBy,
    ConcurrentUpdate,
    IllegalTransition,
    OfferNotOpen,
    Order,
    OrderStatus,
    SlotTooSoon,
    TimeSlot,
)
from mcf.order.ports import LiveOrderQuery, MatchingUnavailable
from tests.support.order import CAT, CLIENT, NOW, W1, W2, W3, FakeMatching, FakeUnitOfWork, command

POLICY = service.OrderPolicy(offer_ttl=timedelta(minutes=10), payment_deadline=timedelta(minutes=30))


def placed(uow=None, matching=None, **overrides):
    uow = uow or FakeUnitOfWork()
    matching = matching or FakeMatching(W1, W2)
    return uow, matching, service.place_order(uow, matching, command(**overrides), NOW, POLICY)


def events(uow, routing_key):
    return [e for e in uow.committed_events if e.type == routing_key]


# -- placing -----------------------------------------------------------------------------------------------------

def test_placing_stores_the_order_priced_and_offered_to_the_best_candidate_in_one_commit():
    uow, matching, order = placed()
    assert order.status is OrderStatus.PLACED and uow.commits == 1
    assert order.price.amount_minor == 150_000 and order.price.currency == "RUB"
    assert order.offer.worker_id == W1 and order.offer.expires_at == NOW + timedelta(minutes=10)
    assert order.worker_id is None and uow.orders.get(order.id).offer.worker_id == W1
    assert uow.types() == ["order.created", "notification.order.created", "order.offered"]
    request = matching.requests[0]
    assert (request.order_id, request.client_id, request.exclude_worker_ids) == (order.id, CLIENT, ())
    created = events(uow, "order.created")[0]
    assert created.exchange == "mcf.events" and created.data["slot_end"] == "2026-11-28T13:00:00Z"
    assert created.data["price"] == {"amount_minor": 150_000, "currency": "RUB"}
    assert created.data["worker_id"] is None
    assert "human@cats.example" not in str(created.data), "order.created reaches the partner: no personal data"
    offered = events(uow, "order.offered")[0].data
    assert offered["worker_id"] == W1 and offered["expires_at"] == "2026-11-27T12:10:00Z"
    notice = events(uow, "notification.order.created")[0]
    assert notice.exchange == "mcf.notifications"
    assert notice.data["recipient"] == {"id": CLIENT, "role": "client", "email": "human@cats.example"}
    assert notice.data["template"] == "order.created" and notice.data["data"]["cat_name"] == "Murka"


def test_every_order_event_carries_status_version_and_the_whole_live_row():
    uow, _, order = placed()
    created, offered = events(uow, "order.created")[0].data, events(uow, "order.offered")[0].data
    assert (created["status"], created["version"]) == ("placed", 1)
    assert (offered["status"], offered["version"]) == ("placed", 2) and order.version == 2
    row = offered["order"]
    assert row["offered_worker_id"] == W1 and row["client_id"] == CLIENT and row["district"] == "Arbat"
    assert row["price"] == {"amount_minor": 150_000, "currency": "RUB"} and row["version"] == 2
    assert created["order"]["offered_worker_id"] is None


def test_order_events_carry_no_street_address():
    uow, _, _ = placed()
    assert all("Arbat st" not in str(e.data) for e in uow.committed_events if e.exchange == "mcf.events")


def test_no_candidates_creates_the_order_cancelled_by_the_platform_and_tells_the_client():
    uow, _, order = placed(matching=FakeMatching())
    assert order.status is OrderStatus.CANCELLED and uow.orders.get(order.id).status is OrderStatus.CANCELLED
    assert uow.types() == ["order.created", "order.cancelled", "notification.order.cancelled"]
    cancelled = events(uow, "order.cancelled")[0].data
    assert (cancelled["cancelled_by"], cancelled["reason"], cancelled["previous_status"]) == \
        ("platform", "no_candidates", "placed")
    assert cancelled["paid"] is False and cancelled["checked_in"] is False and cancelled["version"] == 2


def test_matching_unavailable_stores_nothing():
    matching = FakeMatching(W1)
    matching.down = True
    uow = FakeUnitOfWork()
    with pytest.raises(MatchingUnavailable):
        service.place_order(uow, matching, command(), NOW, POLICY)
    assert uow.orders.rows == {} and uow.outbox.events == []


def test_a_slot_given_in_another_timezone_is_stored_in_utc():
    moscow = timezone(timedelta(hours=3))
    _, _, order = placed(slot_start=datetime(2026, 11, 29, 10, 0, tzinfo=moscow))
    assert order.slot.start == datetime(2026, 11, 29, 7, 0, tzinfo=timezone.utc)


def test_a_slot_less_than_30_minutes_ahead_is_a_conflict_with_the_clock_and_nothing_is_stored():
    uow, matching = FakeUnitOfWork(), FakeMatching(W1)
    with pytest.raises(SlotTooSoon) as refused:
        service.place_order(uow, matching, command(slot_start=NOW + timedelta(minutes=29)), NOW, POLICY)
    assert refused.value.slug == "slot-too-soon" and refused.value.extensions["field"] == "slot_start"
    assert uow.orders.rows == {} and uow.outbox.events == [] and matching.requests == []


@pytest.mark.parametrize("overrides, field", [
    ({"duration_minutes": 50}, "duration_minutes"),
    ({"duration_minutes": 15}, "duration_minutes"),
    ({"toy_category": "vacuum-cleaner"}, "toy_category"),
])
def test_invalid_orders_are_refused_before_matching_is_asked_and_nothing_is_stored(overrides, field):
    uow, matching = FakeUnitOfWork(), FakeMatching(W1)
    with pytest.raises(InvalidInput) as refused:
        service.place_order(uow, matching, command(**overrides), NOW, POLICY)
    assert refused.value.extensions["field"] == field
    assert uow.orders.rows == {} and uow.outbox.events == [] and matching.requests == []


# -- reading -----------------------------------------------------------------------------------------------------

def test_who_sees_an_order():
    uow, _, order = placed()
    assert service.get_order(uow, order.id, "client", CLIENT).id == order.id
    assert service.get_order(uow, order.id, "manager", "m-1").id == order.id
    assert service.get_order(uow, order.id, "worker", W1).id == order.id  # the offered worker
    for role, subject in (("client", "someone-else"), ("worker", W2)):
        with pytest.raises(NotFound):
            service.get_order(uow, order.id, role, subject)
    with pytest.raises(NotFound):
        service.get_order(uow, "no-such-order", "manager", "m-1")


class RecordingLive:
    def __init__(self):
        self.queries = []

    def list(self, query):
        self.queries.append(query)
        return []


def test_listing_pins_clients_and_workers_to_themselves():
    live = RecordingLive()
    service.list_orders(live, LiveOrderQuery(current_only=True), "client", CLIENT)
    service.list_orders(live, LiveOrderQuery(statuses=("placed",)), "worker", W1)
    service.list_orders(live, LiveOrderQuery(worker_id=W2, limit=10_000), "manager", "m")
    assert live.queries[0].client_id == CLIENT and live.queries[0].current_only
    assert live.queries[1].worker_id == W1 and live.queries[1].statuses == ("placed",)
    assert live.queries[2].worker_id == W2 and live.queries[2].limit == service.MAX_LIST_LIMIT
    with pytest.raises(Forbidden):
        service.list_orders(live, LiveOrderQuery(client_id="another"), "client", CLIENT)
    with pytest.raises(Forbidden):
        service.list_orders(live, LiveOrderQuery(worker_id=W2), "worker", W1)
    assert len(live.queries) == 3


# -- offers ------------------------------------------------------------------------------------------------------

def test_the_offered_worker_accepts_and_becomes_the_orders_worker():
    uow, _, order = placed()
    accepted = service.accept_offer(uow, order.id, W1, NOW + timedelta(minutes=1))
    assert accepted.worker_id == W1 and accepted.offer is None
    assert uow.orders.get(order.id).worker_id == W1
    data = events(uow, "order.offer_accepted")[0].data
    assert data["worker_id"] == W1 and data["order"]["worker_id"] == W1 and data["version"] == 3


def test_another_worker_cannot_accept_and_a_lapsed_offer_cannot_be_accepted():
    uow, _, order = placed()
    with pytest.raises(NotFound):
        service.accept_offer(uow, order.id, W2, NOW)
    with pytest.raises(OfferNotOpen):
        service.accept_offer(uow, order.id, W1, NOW + timedelta(minutes=10))
    assert uow.orders.get(order.id).worker_id is None and uow.orders.get(order.id).version == 2


def test_a_stale_write_loses_and_changes_nothing():
    uow, _, order = placed()
    published = list(uow.committed_events)
    with pytest.raises(ConcurrentUpdate):
        with uow:
            stale, rival = uow.orders.get(order.id), uow.orders.get(order.id)
            rival.cancel(CancelledBy.CLIENT, "client_request", NOW)
            uow.orders.save(rival)  # the other writer's change lands first
            stale.accept_offer(W1, NOW)
            uow.orders.save(stale)
    assert uow.orders.get(order.id).worker_id is None and uow.committed_events == published


def test_a_decline_offers_the_order_to_the_next_candidate_excluding_everyone_offered_before():
    uow, matching, order = placed(matching=FakeMatching(W1, W2, W3))
    after = service.decline_offer(uow, matching, order.id, W1, NOW + timedelta(minutes=1), POLICY)
    assert after.offer.worker_id == W2 and after.offered_worker_ids == (W1, W2)
    assert matching.requests[-1].exclude_worker_ids == (W1,)
    declined = events(uow, "order.offer_declined")[0].data
    assert (declined["worker_id"], declined["reason"]) == (W1, "declined")
    assert [e.data["worker_id"] for e in events(uow, "order.offered")] == [W1, W2]
    after = service.decline_offer(uow, matching, order.id, W2, NOW + timedelta(minutes=2), POLICY)
    assert after.offer.worker_id == W3 and matching.requests[-1].exclude_worker_ids == (W1, W2)


def test_when_candidates_run_out_the_order_is_cancelled_and_the_client_told():
    uow, matching, order = placed(matching=FakeMatching(W1))
    after = service.decline_offer(uow, matching, order.id, W1, NOW, POLICY)
    assert after.status is OrderStatus.CANCELLED
    cancelled = events(uow, "order.cancelled")[0].data
    assert (cancelled["cancelled_by"], cancelled["reason"]) == ("platform", "no_candidates")
    assert events(uow, "notification.order.cancelled")[0].data["data"]["reason"] == "no_candidates"


def test_a_decline_while_matching_is_down_is_kept_and_the_offer_job_rematches_later():
    uow, matching, order = placed()
    matching.down = True
    after = service.decline_offer(uow, matching, order.id, W1, NOW, POLICY)
    assert after.offer is None and uow.orders.get(order.id).needs_worker
    assert service.process_due_offers(uow, matching, NOW, POLICY) == []  # still down: waits
    matching.down = False
    assert service.process_due_offers(uow, matching, NOW, POLICY) == [order.id]
    assert uow.orders.get(order.id).offer.worker_id == W2


def test_the_offer_job_times_out_lapsed_offers_and_rematches():
    uow, matching, order = placed()
    assert service.process_due_offers(uow, matching, NOW + timedelta(minutes=5), POLICY) == []
    later = NOW + timedelta(minutes=10)
    assert service.process_due_offers(uow, matching, later, POLICY) == [order.id]
    stored = uow.orders.get(order.id)
    assert stored.offer.worker_id == W2 and stored.offer.expires_at == later + timedelta(minutes=10)
    timeout = events(uow, "order.offer_declined")[0].data
    assert (timeout["worker_id"], timeout["reason"]) == (W1, "timeout")
    assert service.process_due_offers(uow, matching, later + timedelta(minutes=10), POLICY) == [order.id]
    assert uow.orders.get(order.id).status is OrderStatus.CANCELLED


# -- expiry and cancellation -------------------------------------------------------------------------------------

def test_unpaid_orders_expire_after_the_deadline_and_the_client_is_told():
    uow, _, order = placed()
    assert service.expire_unpaid(uow, NOW + timedelta(minutes=29), POLICY) == []
    assert service.expire_unpaid(uow, NOW + timedelta(minutes=31), POLICY) == [order.id]
    stored = uow.orders.get(order.id)
    assert stored.status is OrderStatus.EXPIRED and stored.offer is None
    assert events(uow, "order.expired")[0].data["expired_at"] == "2026-11-27T12:31:00Z"
    assert events(uow, "notification.order.expired")[0].data["template"] == "order.expired"


def test_a_client_cancels_its_own_order_with_what_payment_needs_for_the_refund():
    uow, _, order = placed()
    service.accept_offer(uow, order.id, W1, NOW)
    service.on_payment_succeeded(uow, order.id, "pay-1", NOW)
    with pytest.raises(NotFound):
        service.cancel_order(uow, order.id, "client", "someone-else", None, NOW)
    cancelled = service.cancel_order(uow, order.id, "client", CLIENT, "changed plans", NOW)
    assert cancelled.status is OrderStatus.CANCELLED
    data = events(uow, "order.cancelled")[0].data
    assert {k: data[k] for k in ("cancelled_by", "reason", "previous_status", "paid", "checked_in",
                                 "worker_id", "slot_start")} == {
        "cancelled_by": "client", "reason": "changed plans", "previous_status": "confirmed", "paid": True,
        "checked_in": False, "worker_id": W1, "slot_start": "2026-11-28T12:00:00Z"}


def test_a_started_order_cannot_be_cancelled_and_nothing_changes():
    uow, _, order = placed()
    service.accept_offer(uow, order.id, W1, NOW)
    service.on_payment_succeeded(uow, order.id, "pay-1", NOW)
    service.on_checked_in(uow, order.id, W1, NOW, NOW)
    before = uow.orders.get(order.id)
    with pytest.raises(IllegalTransition):
        service.cancel_order(uow, order.id, "manager", "m-1", None, NOW)
    assert uow.orders.get(order.id) == before


# -- other services' events --------------------------------------------------------------------------------------

def test_the_happy_path_from_payment_to_completion():
    uow, _, order = placed()
    service.accept_offer(uow, order.id, W1, NOW)
    service.on_payment_succeeded(uow, order.id, "pay-1", NOW, event_id="e1")
    service.on_kit_ready(uow, order.id, "kit-1", {"id": "pp1", "name": "Hub", "address": "Arbat 2"},
                         {"text": "Purr", "locale": "en", "source": "partner"}, NOW)
    service.on_checked_in(uow, order.id, W1, NOW + timedelta(hours=1), NOW)
    service.on_report_filed(uow, order.id, W1, "rep-1", NOW + timedelta(hours=2), NOW)
    stored = uow.orders.get(order.id)
    assert stored.status is OrderStatus.COMPLETED and stored.payment_id == "pay-1" and stored.report_id == "rep-1"
    assert [t for t in uow.types() if t.startswith("order.")] == [
        "order.created", "order.offered", "order.offer_accepted", "order.confirmed", "order.kit_ready",
        "order.started", "order.completed"]
    assert {t for t in uow.types() if t.startswith("notification.")} == {
        "notification.order.created", "notification.order.confirmed", "notification.order.kit_ready",
        "notification.order.completed"}
    kit_notice = events(uow, "notification.order.kit_ready")[0].data["data"]
    assert kit_notice["pickup_point"]["name"] == "Hub" and kit_notice["fortune"] == "Purr"
    assert [e.data["version"] for e in uow.committed_events if e.type.startswith("order.")] == [1, 2, 3, 4, 5, 6, 7]


def test_an_event_that_makes_no_sense_is_recorded_not_raised_and_changes_nothing():
    uow, _, order = placed()
    service.on_checked_in(uow, order.id, W1, NOW, NOW, event_id="e-early")  # unpaid, nobody assigned
    stored = uow.orders.get(order.id)
    assert stored.status is OrderStatus.PLACED and stored.version == 2
    assert uow.anomalies.recorded[0][:4] == (order.id, "e-early", "report.checked_in", "placed")


def test_strict_internal_transitions_refuse_instead():
    uow, _, order = placed()
    with pytest.raises(IllegalTransition):
        service.on_checked_in(uow, order.id, W1, NOW, NOW, strict=True)  # not paid yet
    with pytest.raises(IllegalTransition):
        service.on_report_filed(uow, order.id, W1, "r", NOW, NOW, strict=True)
    service.accept_offer(uow, order.id, W1, NOW)
    service.on_payment_succeeded(uow, order.id, "pay-1", NOW, strict=True)
    with pytest.raises(Forbidden):
        service.on_checked_in(uow, order.id, W2, NOW, NOW, strict=True)  # not the assigned worker
    assert uow.anomalies.recorded == [] and uow.orders.get(order.id).status is OrderStatus.CONFIRMED


def test_an_event_for_an_unknown_order_raises_unknown_order():
    with pytest.raises(service.UnknownOrder):
        service.on_payment_succeeded(FakeUnitOfWork(), "nope", "pay-1", NOW)


def test_a_payment_after_cancellation_is_recorded_and_cancelled_goes_out_again_paid_for_the_refund():
    uow, _, order = placed()
    service.cancel_order(uow, order.id, "client", CLIENT, None, NOW)
    service.on_payment_succeeded(uow, order.id, "pay-late", NOW + timedelta(minutes=1), event_id="e-late")
    stored = uow.orders.get(order.id)
    assert stored.status is OrderStatus.CANCELLED and stored.payment_id == "pay-late"
    first, second = (e.data for e in events(uow, "order.cancelled"))
    assert first["paid"] is False and first["cancelled_by"] == "client"
    assert second["paid"] is True and second["payment_id"] == "pay-late"
    assert (second["cancelled_by"], second["reason"], second["previous_status"]) == \
        ("platform", "paid_after_cancellation", "placed")
    assert second["version"] > first["version"] and second["status"] == "cancelled"
    assert len(events(uow, "notification.order.cancelled")) == 1  # payment-service tells about the refund


def test_a_payment_after_expiry_is_refunded_too():
    uow, _, order = placed()
    service.expire_unpaid(uow, NOW + timedelta(hours=1), POLICY)
    service.on_payment_succeeded(uow, order.id, "pay-late", NOW + timedelta(hours=1))
    data = events(uow, "order.cancelled")[0].data
    assert (data["paid"], data["reason"], data["status"]) == (True, "paid_after_expiry", "expired")


def test_a_failed_payment_leaves_the_order_placed_and_reminds_the_client_of_the_deadline():
    uow, _, order = placed()
    service.on_payment_failed(uow, order.id, "pay-1", "card_declined", NOW, POLICY)
    assert uow.orders.get(order.id).status is OrderStatus.PLACED
    notice = events(uow, "notification.order.payment_failed")[0].data
    assert notice["template"] == "order.payment_failed" and notice["data"]["pay_by"] == "2026-11-27T12:30:00Z"


def test_a_shortage_cancels_by_the_platform_as_out_of_stock():
    uow, _, order = placed()
    service.on_inventory_shortage(uow, order.id, NOW)
    data = events(uow, "order.cancelled")[0].data
    assert (data["cancelled_by"], data["reason"]) == ("platform", "out_of_stock")


def test_a_refund_is_recorded_once():
    uow, _, order = placed()
    service.on_payment_succeeded(uow, order.id, "pay-1", NOW)
    refund = {"refund_id": "r1", "payment_id": "pay-1", "amount_minor": 100, "currency": "RUB", "policy": "full"}
    service.on_payment_refunded(uow, order.id, refund, NOW)
    service.on_payment_refunded(uow, order.id, refund, NOW, event_id="again")
    assert uow.orders.get(order.id).refunds == (refund,)
    assert uow.anomalies.recorded[0][1] == "again"


# -- the state machine itself ------------------------------------------------------------------------------------

def new_order():
    return Order.place(client_id=CLIENT, client_email="h@c.example", cat_id=CAT, cat_name=None,
                       toy_category="laser", slot=TimeSlot(NOW + timedelta(days=1), 60),
                       address=Address("Moscow", "Arbat", "Arbat st", "1"), locale="en", now=NOW)


def test_the_lifecycle_allows_only_its_transitions():
    order = new_order()
    for step in (OrderStatus.CONFIRMED, OrderStatus.IN_PROGRESS, OrderStatus.COMPLETED):
        order.transition(step, NOW)
    assert order.status is OrderStatus.COMPLETED
    with pytest.raises(IllegalTransition):
        order.transition(OrderStatus.CANCELLED, NOW)
    assert order.status is OrderStatus.COMPLETED


def test_an_unpaid_order_expires_but_an_expired_one_cannot_be_confirmed():
    order = new_order()
    order.expire(NOW)
    assert order.status is OrderStatus.EXPIRED
    with pytest.raises(IllegalTransition):
        order.confirm("pay", NOW)
    assert order.status is OrderStatus.EXPIRED and order.payment_id is None
