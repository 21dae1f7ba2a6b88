"""The payment use cases through in-memory fakes of the ports."""
import uuid
from datetime import datetime, timedelta, timezone

import pytest

from mcf.kit.errors import NotFound, Unavailable
from mcf.payment import service
from mcf.payment.domain import (
    ChargeStatus,
    EntryKind,
    IdempotencyKeyReused,
    OrderAlreadyPaid,
    OrderCancelled,
    OrderNotPayable,
    PaymentStatus,
    PriceMismatch,
    Refund,
    RefundPolicy,
)
from mcf.payment.ports import OrderFacts
from tests.support.payment import FakeOrders, FakeProvider, FakeUnitOfWork, ProviderTimeout, ProviderUnavailable

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=timezone.utc)
CLIENT = "7b7c1b36-5b57-4d4f-8d62-0b8f3c1a0001"
ORDER = "7b7c1b36-5b57-4d4f-8d62-0b8f3c1a0002"


def command(key="key-1", **overrides):
    values = dict(idempotency_key=key, order_id=ORDER, client_id=CLIENT, card_number="4242424242424242")
    values.update(overrides)
    return service.PayOrder(**values)


def order(**overrides):
    values = dict(order_id=ORDER, client_id=CLIENT, client_email="human@cats.example", locale="en",
                  status="placed", amount_minor=150000, currency="RUB")
    values.update(overrides)
    return OrderFacts(**values)


def pay(uow, provider, cmd=None, orders=None):
    return service.pay(uow, provider, orders or FakeOrders(order()), cmd or command(), clock=lambda: NOW,
                       secret=b"s")


@pytest.fixture
def uow():
    return FakeUnitOfWork()


@pytest.fixture
def provider():
    return FakeProvider()


def test_a_successful_payment_is_charged_once_with_a_ledger_entry_and_its_events(uow, provider):
    outcome = pay(uow, provider)
    payment = outcome.payment
    assert outcome.created and payment.status is PaymentStatus.SUCCEEDED and payment.card_last4 == "4242"
    assert len(provider.charge_calls) == 1 and provider.charge_calls[0][0] == payment.id
    [entry] = uow.ledger.entries(ORDER)
    assert (entry.kind, entry.amount_minor, entry.payment_id) == (EntryKind.CHARGE, 150000, payment.id)
    succeeded, notice = uow.committed_events
    assert succeeded.type == "payment.succeeded" and succeeded.data == {
        "payment_id": payment.id, "order_id": ORDER, "client_id": CLIENT, "amount_minor": 150000,
        "currency": "RUB"}
    assert notice.type == "notification.payment.succeeded" and notice.exchange == "mcf.notifications"
    assert notice.data["recipient"] == {"id": CLIENT, "role": "client", "email": "human@cats.example"}
    assert notice.data["template"] == "payment.succeeded" and "4242424242424242" not in str(notice.data)


def test_the_same_key_and_body_returns_the_stored_result_without_charging_again(uow, provider):
    first = pay(uow, provider)
    again = pay(uow, provider)
    assert not again.created and again.payment == first.payment
    assert len(provider.charge_calls) == 1 and len(uow.ledger.rows) == 1 and len(uow.committed_events) == 2


def test_the_same_key_with_another_body_is_a_conflict_and_changes_nothing(uow, provider):
    pay(uow, provider)
    with pytest.raises(IdempotencyKeyReused):
        pay(uow, provider, command(card_number="4000000000000002"))
    assert len(provider.charge_calls) == 1 and len(uow.payments.rows) == 1


def test_a_declined_card_fails_the_payment_without_a_ledger_entry(uow, provider):
    provider.next_charge = ChargeStatus.DECLINED
    outcome = pay(uow, provider)
    assert outcome.payment.status is PaymentStatus.FAILED and outcome.payment.failure_reason == "card_declined"
    assert uow.ledger.rows == []
    failed, notice = uow.committed_events
    assert failed.type == "payment.failed" and failed.data["reason"] == "card_declined"
    assert notice.data["template"] == "payment.failed" and notice.data["data"]["reason"] == "card_declined"


def test_a_declined_order_can_be_paid_again_with_a_new_key(uow, provider):
    provider.next_charge = ChargeStatus.DECLINED
    pay(uow, provider)
    provider.next_charge = ChargeStatus.SUCCEEDED
    assert pay(uow, provider, command("key-2")).payment.status is PaymentStatus.SUCCEEDED


def test_a_timed_out_charge_is_resolved_by_a_status_check_never_by_charging_again(uow, provider):
    provider.raise_on_charge = ProviderTimeout
    outcome = pay(uow, provider)
    assert outcome.payment.status is PaymentStatus.SUCCEEDED
    assert len(provider.charge_calls) == 1 and provider.status_calls == [outcome.payment.id]
    assert [e.amount_minor for e in uow.ledger.rows] == [150000]


def test_a_charge_the_provider_never_received_fails_the_payment(uow, provider):
    provider.raise_on_charge, provider.record_before_raising = ProviderTimeout, False
    outcome = pay(uow, provider)
    assert outcome.payment.status is PaymentStatus.FAILED and outcome.payment.failure_reason == "provider_timeout"
    assert len(provider.charge_calls) == 1 and uow.ledger.rows == []


def test_when_the_provider_cannot_tell_the_payment_stays_pending_and_a_replay_resolves_it(uow, provider):
    provider.raise_on_charge, provider.status_unavailable = ProviderUnavailable, True
    first = pay(uow, provider)
    assert first.created and first.payment.status is PaymentStatus.PENDING and uow.committed_events == []
    provider.raise_on_charge, provider.status_unavailable = None, False
    replay = pay(uow, provider)
    assert not replay.created and replay.payment.status is PaymentStatus.SUCCEEDED
    assert len(provider.charge_calls) == 1  # the replay found the charge by status check
    assert len(uow.ledger.rows) == 1


def test_a_paid_order_cannot_be_paid_again_with_another_key(uow, provider):
    pay(uow, provider)
    with pytest.raises(OrderAlreadyPaid):
        pay(uow, provider, command("key-2"))
    assert len(provider.charge_calls) == 1 and len(uow.payments.rows) == 1


def test_a_cancelled_order_cannot_be_paid(uow, provider):
    uow.refunds.add(Refund(Refund.id_for(ORDER), ORDER, None, 0, 0, None, RefundPolicy.NOTHING_PAID, "client", NOW))
    with pytest.raises(OrderCancelled):
        pay(uow, provider)
    assert provider.charge_calls == [] and uow.payments.rows == {}


def test_the_charge_is_the_orders_own_price_currency_and_email_as_order_service_tells_them(uow, provider):
    orders = FakeOrders(order(amount_minor=93_500, currency="RUB", client_email="own@cats.example", locale="ru"))
    payment = pay(uow, provider, orders=orders).payment
    assert (payment.amount_minor, payment.currency, payment.client_email, payment.locale) == \
        (93_500, "RUB", "own@cats.example", "ru")
    assert provider.charge_calls[0][2:] == (93_500, "RUB") and orders.asked == [(ORDER, CLIENT)]


@pytest.mark.parametrize("orders, refusal", [
    (FakeOrders(), NotFound),                                                    # no such order
    (FakeOrders(order(client_id=str(uuid.uuid4()))), NotFound),                  # another client's order
    (FakeOrders(order(status="confirmed")), OrderNotPayable),                   # not placed any more
    (FakeOrders(order(status="cancelled")), OrderNotPayable),
    (FakeOrders(order(amount_minor=None, currency=None)), OrderNotPayable),     # not priced yet
], ids=["unknown", "another-clients", "confirmed", "cancelled", "unpriced"])
def test_an_order_that_is_not_the_clients_placed_priced_order_is_refused_and_nothing_is_charged(
        uow, provider, orders, refusal):
    with pytest.raises(refusal):
        pay(uow, provider, orders=orders)
    assert provider.charge_calls == [] and uow.payments.rows == {} and uow.committed_events == []


def test_an_expected_price_other_than_the_orders_is_refused_and_the_matching_one_is_charged(uow, provider):
    with pytest.raises(PriceMismatch):
        pay(uow, provider, command(expected_amount_minor=1, expected_currency="XXX"))
    assert provider.charge_calls == [] and uow.payments.rows == {}
    paid = pay(uow, provider, command("key-2", expected_amount_minor=150000, expected_currency="RUB")).payment
    assert paid.status is PaymentStatus.SUCCEEDED and paid.amount_minor == 150000


def test_a_replayed_key_answers_from_what_is_stored_without_asking_order_service(uow, provider):
    first = pay(uow, provider)
    silent = FakeOrders()  # knows no order: asking it would be a 404
    assert pay(uow, provider, orders=silent).payment == first.payment and silent.asked == []


def test_an_impossible_price_from_order_service_is_refused(uow, provider):
    with pytest.raises(Unavailable):
        pay(uow, provider, orders=FakeOrders(order(amount_minor=10**27)))
    assert provider.charge_calls == []


def test_a_client_sees_only_its_own_payments(uow, provider):
    payment = pay(uow, provider).payment
    assert service.get_payment(uow, payment.id, "client", CLIENT) == payment
    assert service.get_payment(uow, payment.id, "manager", "m-1") == payment
    with pytest.raises(NotFound):
        service.get_payment(uow, payment.id, "client", str(uuid.uuid4()))
    assert service.payments_for_order(uow, ORDER, "client", str(uuid.uuid4())) == []
    assert service.payments_for_order(uow, ORDER, "client", CLIENT) == [payment]


def test_the_ledger_shows_the_balance_and_only_to_its_client_or_staff(uow, provider):
    pay(uow, provider)
    ledger = service.order_ledger(uow, ORDER, "client", CLIENT)
    assert ledger.balances == {"RUB": 150000} and len(ledger.entries) == 1
    with pytest.raises(NotFound):
        service.order_ledger(uow, ORDER, "client", str(uuid.uuid4()))
    with pytest.raises(NotFound):
        service.order_ledger(uow, ORDER, "worker", CLIENT)
    assert service.order_ledger(uow, ORDER, "service", "order").balances == {"RUB": 150000}


# -- refunds ----------------------------------------------------------------------------------------------------

SLOT = datetime(2026, 12, 1, 10, 0, tzinfo=timezone.utc)


def cancellation(before_slot=timedelta(days=2), checked_in=False, cancelled_by="client", paid=True):
    return service.OrderCancellation(order_id=ORDER, cancelled_by=cancelled_by, slot_start=SLOT,
                                     cancelled_at=SLOT - before_slot, checked_in=checked_in, paid=paid)


def refund(uow, provider, cancelled):
    return service.refund_cancelled_order(uow, provider, cancelled, clock=lambda: NOW)


@pytest.mark.parametrize("cancelled, policy, amount", [
    (cancellation(), RefundPolicy.EARLY, 150000),
    (cancellation(timedelta(hours=3)), RefundPolicy.LATE, 75000),
    (cancellation(timedelta(hours=3), cancelled_by="platform"), RefundPolicy.PLATFORM_CANCELLED, 150000),
])
def test_a_paid_cancelled_order_is_refunded_by_the_policy_with_a_ledger_entry_and_events(
        uow, provider, cancelled, policy, amount):
    payment = pay(uow, provider).payment
    uow.committed_events.clear()
    decided = refund(uow, provider, cancelled)
    assert (decided.policy, decided.amount_minor, decided.payment_id) == (policy, amount, payment.id)
    assert provider.refund_calls == [(payment.id, decided.id, amount, "RUB")]
    assert service.order_ledger(uow, ORDER, "service", "x").balances == {"RUB": 150000 - amount}
    refunded, notice = uow.committed_events
    assert refunded.type == "payment.refunded" and refunded.data == {
        "refund_id": decided.id, "payment_id": payment.id, "order_id": ORDER, "amount_minor": amount,
        "currency": "RUB", "policy": policy.value}
    assert notice.data["template"] == "payment.refunded" and notice.data["data"]["paid_minor"] == 150000


def test_a_zero_refund_is_a_recorded_decision_with_an_event_and_no_ledger_movement(uow, provider):
    pay(uow, provider)
    uow.committed_events.clear()
    decided = refund(uow, provider, cancellation(checked_in=True))
    assert (decided.policy, decided.amount_minor) == (RefundPolicy.CHECKED_IN, 0)
    assert provider.refund_calls == [] and [e.kind for e in uow.ledger.rows] == [EntryKind.CHARGE]
    assert uow.refunds.for_order(ORDER) == decided
    assert [e.type for e in uow.committed_events] == ["payment.refunded", "notification.payment.refunded"]
    assert uow.committed_events[0].data["amount_minor"] == 0


def test_an_order_is_refunded_once_however_often_it_is_cancelled(uow, provider):
    pay(uow, provider)
    assert refund(uow, provider, cancellation()) is not None
    assert refund(uow, provider, cancellation(timedelta(hours=1))) is None
    assert len(provider.refund_calls) == 1 and len(uow.refunds.rows) == 1
    assert [e.amount_minor for e in uow.ledger.rows] == [150000, -150000]


def test_an_unpaid_cancelled_order_needs_nothing_and_tells_nobody(uow, provider):
    decided = refund(uow, provider, cancellation(paid=False))
    assert decided.policy is RefundPolicy.NOTHING_PAID and decided.amount_minor == 0
    assert provider.refund_calls == [] and uow.ledger.rows == [] and uow.committed_events == []


def test_what_was_paid_comes_from_the_ledger_not_from_the_events_paid_flag(uow, provider):
    pay(uow, provider)  # the payment raced the cancellation: order-service did not know yet
    decided = refund(uow, provider, cancellation(paid=False))
    assert decided.amount_minor == 150000


def test_a_failed_provider_refund_leaves_no_decision_so_the_retry_refunds(uow, provider):
    pay(uow, provider)

    def broken(*args):
        raise ProviderUnavailable("down")

    provider.refund, working = broken, provider.refund
    with pytest.raises(ProviderUnavailable):
        refund(uow, provider, cancellation())
    assert uow.refunds.rows == {} and len(uow.ledger.rows) == 1
    provider.refund = working
    assert refund(uow, provider, cancellation()).amount_minor == 150000
