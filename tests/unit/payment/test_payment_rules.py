"""Payment's domain rules at their edges, written from ADR 0010/0011 and the API's problem details: the smallest
and largest amounts, what an ISO 4217 code looks like, settling, and the ledger entries of charges and refunds."""
import uuid
from datetime import datetime, timedelta, timezone

import pytest

from mcf.kit.errors import Conflict, InvalidInput
from mcf.payment.domain import (
    MAX_AMOUNT_MINOR,
    REFUND_NAMESPACE,
    Charge,
    ChargeStatus,
    EntryKind,
    IdempotencyKeyReused,
    LedgerEntry,
    Payment,
    PaymentStatus,
    Refund,
    RefundPolicy,
    balance,
    refund_policy,
)

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=timezone.utc)
LATER = NOW + timedelta(seconds=7)
SLOT = NOW + timedelta(days=3)


def payment(**overrides):
    fields = dict(idempotency_key="key-1", request_fingerprint="fp-1", order_id="order-1", client_id="client-1",
                  client_email="human@cats.example", locale="en", amount_minor=150_000, currency="RUB",
                  card_number="4242424242424242", now=NOW)
    fields.update(overrides)
    return Payment.start(**fields)


def refused(kind, call, detail, **members):
    with pytest.raises(kind) as caught:
        call()
    assert caught.value.detail == detail and caught.value.extensions == members
    return caught.value


def test_a_payment_starts_pending_with_its_order_amount_currency_and_the_cards_last_four_digits():
    p = payment()
    assert (p.status, p.created_at, p.updated_at, p.failure_reason) == (PaymentStatus.PENDING, NOW, NOW, None)
    assert (p.order_id, p.client_id, p.amount_minor, p.currency, p.card_last4) == (
        "order-1", "client-1", 150_000, "RUB", "4242")
    assert uuid.UUID(p.id) and p.provider_reference == p.id and not p.is_final


@pytest.mark.parametrize("amount", [1, MAX_AMOUNT_MINOR])
def test_the_smallest_and_the_largest_amounts_are_payable(amount):
    assert payment(amount_minor=amount).amount_minor == amount


@pytest.mark.parametrize("amount", [0, -1, MAX_AMOUNT_MINOR + 1])
def test_amounts_outside_one_to_the_maximum_are_refused(amount):
    refused(InvalidInput, lambda: payment(amount_minor=amount), f"amount_minor must be 1..{MAX_AMOUNT_MINOR}",
            field="amount_minor")


@pytest.mark.parametrize("code", ["RUB", "EUR", "USD"])
def test_three_capital_letters_are_a_currency_code(code):
    assert payment(currency=code).currency == code


@pytest.mark.parametrize("code", ["rub", "Rub", "RU", "RUBL", "R1B", "12A", "123", "", "РУБ", "руб"])
def test_anything_but_three_capital_latin_letters_is_refused(code):
    refused(InvalidInput, lambda: payment(currency=code), "currency must be an ISO 4217 code such as RUB",
            field="currency")


def test_a_key_reused_with_another_body_names_the_payment_it_belongs_to():
    p = payment()
    p.require_same_request("fp-1")
    refused(IdempotencyKeyReused, lambda: p.require_same_request("fp-2"),
            "this Idempotency-Key was already used with a different request body", payment_id=p.id)


def test_settling_records_success_or_the_decline_reason_and_when_and_only_once():
    ok = payment()
    ok.settle(Charge("ref", ChargeStatus.SUCCEEDED), LATER)
    assert (ok.status, ok.failure_reason, ok.updated_at, ok.is_final) == (PaymentStatus.SUCCEEDED, None, LATER, True)
    refused(Conflict, lambda: ok.settle(Charge("ref", ChargeStatus.DECLINED), LATER),
            f"payment {ok.id} is already succeeded")

    declined = payment()
    declined.settle(Charge("ref", ChargeStatus.DECLINED, "insufficient_funds"), LATER)
    assert (declined.status, declined.failure_reason) == (PaymentStatus.FAILED, "insufficient_funds")
    silent = payment()
    silent.settle(Charge("ref", ChargeStatus.DECLINED), LATER)
    assert silent.failure_reason == "declined", "a decline without a reason is reported as declined"


def test_a_payment_is_visible_to_its_client_and_staff_only():
    p = payment()
    assert p.visible_to("client", "client-1") and not p.visible_to("client", "client-2")
    assert p.visible_to("manager", "m") and p.visible_to("service", "s")
    assert not p.visible_to("worker", "client-1")


# -- the ledger --------------------------------------------------------------------------------------------------

def test_a_charge_is_a_positive_entry_of_the_payment_at_its_time():
    p = payment()
    entry = LedgerEntry.charge(p, LATER)
    assert (entry.order_id, entry.payment_id, entry.kind, entry.amount_minor, entry.currency, entry.created_at) == (
        "order-1", p.id, EntryKind.CHARGE, 150_000, "RUB", LATER)
    assert uuid.UUID(entry.id) and LedgerEntry.charge(p, LATER).id != entry.id


def decided(paid=150_000, before=timedelta(days=3), by="client", checked_in=False, p=None):
    return Refund.decide(order_id="order-1", payment=p or payment(), paid_minor=paid, slot_start=SLOT,
                         cancelled_at=SLOT - before, checked_in=checked_in, cancelled_by=by, now=LATER)


def test_a_refund_is_a_negative_entry_of_the_refunded_payment():
    p = payment()
    refund = decided(p=p, before=timedelta(hours=2))
    entry = LedgerEntry.refund(refund, LATER + timedelta(seconds=1))
    assert (entry.order_id, entry.payment_id, entry.kind, entry.amount_minor, entry.currency, entry.created_at) == (
        "order-1", p.id, EntryKind.REFUND, -75_000, "RUB", LATER + timedelta(seconds=1))
    assert uuid.UUID(entry.id) and entry.id != refund.id
    assert balance([LedgerEntry.charge(p, NOW), entry]) == {"RUB": 75_000}


@pytest.mark.parametrize("case", ["nothing_paid", "checked_in"])
def test_a_refund_of_no_money_has_no_ledger_entry(case):
    refund = decided(paid=0) if case == "nothing_paid" else decided(checked_in=True)
    assert refund.amount_minor == 0 and not refund.moves_money
    with pytest.raises(ValueError, match="^only a refund of money moves the ledger$"):
        LedgerEntry.refund(refund, LATER)


def test_a_refund_of_one_minor_unit_moves_the_ledger():
    refund = decided(paid=1, before=timedelta(hours=1))  # half of one kopeck goes to the client: one kopeck
    assert refund.amount_minor == 1 and refund.moves_money
    assert LedgerEntry.refund(refund, LATER).amount_minor == -1


def test_the_balance_sums_entries_per_currency():
    p, e = payment(), payment(currency="EUR", amount_minor=10)
    entries = [LedgerEntry.charge(p, NOW), LedgerEntry.charge(e, NOW), LedgerEntry.refund(decided(p=p), NOW)]
    assert balance(entries) == {"RUB": 0, "EUR": 10}
    assert balance([]) == {}


# -- refund decisions --------------------------------------------------------------------------------------------

def test_the_refund_id_is_the_orders_own_name_in_the_refund_namespace():
    assert Refund.id_for("order-1") == str(uuid.uuid5(REFUND_NAMESPACE, "order-1"))
    assert Refund.id_for("order-1") == Refund.id_for("order-1") != Refund.id_for("order-2")


def test_a_decided_refund_records_payment_amounts_policy_who_and_when():
    p = payment()
    refund = decided(p=p, before=timedelta(hours=24))  # exactly 24 h: late, half
    assert (refund.id, refund.order_id, refund.payment_id) == (Refund.id_for("order-1"), "order-1", p.id)
    assert (refund.amount_minor, refund.paid_minor, refund.currency) == (75_000, 150_000, "RUB")
    assert (refund.policy, refund.cancelled_by, refund.decided_at) == (RefundPolicy.LATE, "client", LATER)
    assert decided(before=timedelta(hours=24, seconds=1)).policy is RefundPolicy.EARLY


@pytest.mark.parametrize("paid, with_payment", [(0, True), (-5, True), (150_000, False)])
def test_nothing_paid_is_a_zero_decision_without_payment_or_currency(paid, with_payment):
    refund = Refund.decide(order_id="order-1", payment=payment() if with_payment else None, paid_minor=paid,
                           slot_start=SLOT, cancelled_at=NOW, checked_in=False, cancelled_by="platform", now=LATER)
    assert (refund.id, refund.order_id, refund.payment_id, refund.amount_minor, refund.paid_minor) == (
        Refund.id_for("order-1"), "order-1", None, 0, 0)
    assert (refund.currency, refund.policy, refund.cancelled_by, refund.decided_at) == (
        None, RefundPolicy.NOTHING_PAID, "platform", LATER)


def test_one_minor_unit_paid_is_something_paid():
    assert decided(paid=1).policy is RefundPolicy.EARLY and decided(paid=1).amount_minor == 1


def test_naive_times_are_refused_with_the_reason():
    with pytest.raises(ValueError, match="^slot_start and cancelled_at must carry a timezone$"):
        refund_policy(slot_start=SLOT.replace(tzinfo=None), cancelled_at=NOW, checked_in=False, cancelled_by="x")
    with pytest.raises(ValueError):
        refund_policy(slot_start=SLOT, cancelled_at=NOW.replace(tzinfo=None), checked_in=False, cancelled_by="x")
