"""The cancellation refund policy (ADR 0010), a pure function."""
from datetime import datetime, timedelta, timezone

import pytest

from mcf.payment.domain import RefundDecision, RefundPolicy, refund_policy

SLOT = datetime(2026, 12, 1, 10, 0, tzinfo=timezone.utc)


def decide(before_slot: timedelta, checked_in=False, cancelled_by="client"):
    return refund_policy(slot_start=SLOT, cancelled_at=SLOT - before_slot, checked_in=checked_in,
                         cancelled_by=cancelled_by)


@pytest.mark.parametrize("before, policy, percent", [
    (timedelta(days=3), RefundPolicy.EARLY, 100),
    (timedelta(hours=24, seconds=1), RefundPolicy.EARLY, 100),
    (timedelta(hours=24), RefundPolicy.LATE, 50),       # "more than 24 h" is strict
    (timedelta(hours=2), RefundPolicy.LATE, 50),
    (-timedelta(minutes=10), RefundPolicy.LATE, 50),    # after the slot began, but nobody checked in
])
def test_a_clients_cancellation_refunds_by_notice(before, policy, percent):
    assert decide(before) == RefundDecision(policy, percent)


def test_nothing_once_the_worker_has_checked_in_even_with_long_notice():
    assert decide(timedelta(days=3), checked_in=True) == RefundDecision(RefundPolicy.CHECKED_IN, 0)


@pytest.mark.parametrize("before, checked_in", [(timedelta(days=3), False), (timedelta(hours=1), False),
                                                (-timedelta(minutes=5), True)])
def test_the_platforms_cancellation_always_refunds_in_full(before, checked_in):
    assert decide(before, checked_in, "platform") == RefundDecision(RefundPolicy.PLATFORM_CANCELLED, 100)


@pytest.mark.parametrize("paid, percent, refunded", [(150000, 50, 75000), (150001, 50, 75001), (1, 50, 1),
                                                     (999, 100, 999), (999, 0, 0)])
def test_a_fraction_of_a_minor_unit_goes_to_the_client(paid, percent, refunded):
    assert RefundDecision(RefundPolicy.LATE, percent).amount_of(paid) == refunded


def test_naive_times_are_refused():
    with pytest.raises(ValueError):
        refund_policy(slot_start=SLOT.replace(tzinfo=None), cancelled_at=SLOT, checked_in=False,
                      cancelled_by="client")
