"""The pending sweeper on real PostgreSQL and the simulated provider's own store: a payment left pending by an
unreachable provider is settled by a status check (recorded with its ledger entry and outbox events, or failed if
the provider never got it), without a second charge; two replicas' sweepers run one round per tick."""
import uuid
from datetime import timedelta

from mcf.kit.events import utcnow
from mcf.payment import app as payment_app
from mcf.payment import service
from mcf.payment.adapters import storage
from mcf.payment.ports import ProviderUnavailable
from tests.support.at_rest import PAYMENT as CIPHER

from .conftest import ORDERS, payment_body, rows


class Unreachable:
    """The provider as an outage leaves it: the charge may or may not land, then nothing answers."""

    def __init__(self, inner, *, charge_lands: bool):
        self.inner, self.charge_lands = inner, charge_lands

    def charge(self, reference, card_number, amount_minor, currency):
        if self.charge_lands:
            self.inner.charge(reference, card_number, amount_minor, currency)
        raise ProviderUnavailable("connection reset")

    def get_charge_status(self, reference):
        raise ProviderUnavailable("connection refused")

    def refund(self, *args):
        raise ProviderUnavailable("connection refused")


def left_pending(pg, provider, *, charge_lands: bool):
    me = str(uuid.uuid4())
    body = payment_body(me)
    command = service.PayOrder(idempotency_key=str(uuid.uuid4()), order_id=body["order_id"], client_id=me,
                               card_number=body["card_number"])
    outcome = service.pay(storage.PaymentUnitOfWork(pg, CIPHER), Unreachable(provider.inner, charge_lands=charge_lands),
                          ORDERS, command)
    assert outcome.payment.status.value == "pending"
    return outcome.payment


def sweep(pg, provider):
    with pg.connection_context():
        return service.settle_stale_pending(storage.PaymentUnitOfWork(pg, CIPHER), provider,
                                            now=utcnow() + timedelta(minutes=5), older_than=timedelta(minutes=1))


def test_a_landed_charge_is_recorded_once_and_a_lost_one_fails(pg, provider):
    landed = left_pending(pg, provider, charge_lands=True)
    lost = left_pending(pg, provider, charge_lands=False)
    charges_before = provider.count("charge")
    settled = sweep(pg, provider)
    assert {landed.id, lost.id} <= set(settled)
    assert rows(pg, "SELECT status FROM payments WHERE id = %s", landed.id) == [("succeeded",)]
    assert rows(pg, "SELECT status, failure_reason FROM payments WHERE id = %s", lost.id) == \
        [("failed", "provider_unreachable")]
    assert rows(pg, "SELECT count(*) FROM ledger_entries WHERE payment_id = %s AND kind = 'charge'",
                landed.id) == [(1,)]
    assert rows(pg, "SELECT count(*) FROM ledger_entries WHERE payment_id = %s", lost.id) == [(0,)]
    assert provider.count("charge") == charges_before  # the sweeper only asks
    types = {r[0] for r in rows(pg, "SELECT routing_key FROM outbox WHERE convert_from(body, 'UTF8') LIKE %s",
                                   f"%{landed.id}%")}
    assert "payment.succeeded" in types
    assert landed.id not in sweep(pg, provider) and lost.id not in sweep(pg, provider)  # settled stays settled


def test_two_replicas_of_the_sweeper_run_one_round_per_tick(isolated_settings, pg, provider):
    job = f"payment.pending-sweeper.{uuid.uuid4().hex[:6]}"
    first = payment_app.pending_sweeper(isolated_settings, pg, provider, CIPHER)
    second = payment_app.pending_sweeper(isolated_settings, pg, provider, CIPHER)
    first.claim.job = second.claim.job = job
    assert [first.claim(), second.claim()].count(True) == 1
