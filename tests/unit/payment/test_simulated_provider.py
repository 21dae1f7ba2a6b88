"""The simulated provider's test cards, on its in-memory store."""
import pytest

from mcf.payment.adapters.provider import (
    CARD_DECLINED,
    CARD_SUCCEEDS,
    CARD_TIMES_OUT,
    InMemoryChargeStore,
    SimulatedProvider,
)
from mcf.payment.domain import Charge, ChargeStatus
from mcf.payment.ports import ProviderTimeout


@pytest.fixture
def provider():
    return SimulatedProvider(InMemoryChargeStore(), timeout_seconds=1.0)


def test_the_success_card_is_charged(provider):
    assert provider.charge("r1", CARD_SUCCEEDS, 100, "RUB") == Charge("r1", ChargeStatus.SUCCEEDED)
    assert provider.get_charge_status("r1") == Charge("r1", ChargeStatus.SUCCEEDED)


@pytest.mark.parametrize("card, reason", [(CARD_DECLINED, "card_declined"), ("5555555555554444", "card_not_supported")])
def test_other_cards_are_declined_with_a_reason(provider, card, reason):
    assert provider.charge("r1", card, 100, "RUB") == Charge("r1", ChargeStatus.DECLINED, reason)


def test_the_timeout_card_charges_then_times_out_and_the_status_check_finds_the_charge(provider):
    with pytest.raises(ProviderTimeout):
        provider.charge("r1", CARD_TIMES_OUT, 100, "RUB")
    assert provider.get_charge_status("r1") == Charge("r1", ChargeStatus.SUCCEEDED)


def test_an_unknown_reference_has_no_status(provider):
    assert provider.get_charge_status("never") is None


def test_a_reference_is_charged_once_and_a_refund_reference_refunds_once(provider):
    provider.charge("r1", CARD_SUCCEEDS, 100, "RUB")
    assert provider.charge("r1", CARD_DECLINED, 100, "RUB").status is ChargeStatus.SUCCEEDED  # the first stands
    provider.refund("r1", "f1", 50, "RUB")
    provider.refund("r1", "f1", 50, "RUB")
    assert provider.store.refunds() == {"f1": ("r1", 50)} and provider.store.charge("r1").refunded_minor == 50


def test_only_a_successful_charge_can_be_refunded(provider):
    provider.charge("r1", CARD_DECLINED, 100, "RUB")
    with pytest.raises(ValueError):
        provider.refund("r1", "f1", 50, "RUB")
