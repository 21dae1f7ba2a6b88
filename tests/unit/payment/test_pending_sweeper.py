"""The sweeper settles payments left pending when the provider could not tell, and never charges."""
from datetime import timedelta

from mcf.payment import service
from mcf.payment.domain import PaymentStatus
from tests.support.payment import FakeProvider, FakeUnitOfWork, ProviderTimeout, ProviderUnavailable
from tests.unit.payment.test_payment_service import NOW, command, pay

LATER = NOW + timedelta(minutes=5)
GRACE = timedelta(minutes=1)


def left_pending(*, charged: bool):
    """A payment whose charge call failed and whose status check could not be answered either."""
    uow, provider = FakeUnitOfWork(), FakeProvider()
    provider.raise_on_charge, provider.record_before_raising = ProviderUnavailable, charged
    provider.status_unavailable = True
    payment = pay(uow, provider).payment
    assert payment.status is PaymentStatus.PENDING
    provider.raise_on_charge, provider.status_unavailable = None, False
    return uow, provider, payment


def sweep(uow, provider, now=LATER):
    return service.settle_stale_pending(uow, provider, now=now, older_than=GRACE)


def test_a_charge_the_provider_made_is_recorded_with_its_ledger_entry_and_events():
    uow, provider, payment = left_pending(charged=True)
    assert sweep(uow, provider) == [payment.id]
    assert uow.payments.get(payment.id).status is PaymentStatus.SUCCEEDED
    assert len(uow.ledger.rows) == 1 and len(provider.charge_calls) == 1  # asked, never charged again
    assert {e.type for e in uow.committed_events} >= {"payment.succeeded"}


def test_a_charge_the_provider_never_received_fails_without_moving_money():
    uow, provider, payment = left_pending(charged=False)
    assert sweep(uow, provider) == [payment.id]
    settled = uow.payments.get(payment.id)
    assert settled.status is PaymentStatus.FAILED and settled.failure_reason == "provider_unreachable"
    assert uow.ledger.rows == [] and len(provider.charge_calls) == 1


def test_while_the_provider_is_unreachable_the_payment_stays_pending_for_the_next_round():
    uow, provider, payment = left_pending(charged=True)
    provider.status_unavailable = True
    assert sweep(uow, provider) == []
    assert uow.payments.get(payment.id).status is PaymentStatus.PENDING and uow.committed_events == []
    provider.status_unavailable = False
    assert sweep(uow, provider) == [payment.id]


def test_a_recent_pending_payment_and_one_a_request_holds_are_left_alone():
    uow, provider, payment = left_pending(charged=True)
    assert sweep(uow, provider, now=NOW + timedelta(seconds=10)) == []  # a request may still be settling it
    uow.payments.locked_keys.add(payment.idempotency_key)
    assert sweep(uow, provider) == []
    assert provider.status_calls.count(payment.provider_reference) == 1  # only the request's own check


def test_a_timeout_of_the_status_check_leaves_it_pending():
    uow, provider, payment = left_pending(charged=False)
    original = provider.get_charge_status

    def slow(reference):
        raise ProviderTimeout("slow")

    provider.get_charge_status = slow
    assert sweep(uow, provider) == []
    provider.get_charge_status = original
    assert sweep(uow, provider) == [payment.id]


def test_a_replay_after_the_sweeper_answers_from_the_settled_payment():
    uow, provider, payment = left_pending(charged=False)
    sweep(uow, provider)
    replay = pay(uow, provider, command())
    assert not replay.created and replay.payment.status is PaymentStatus.FAILED
    assert len(provider.charge_calls) == 1
