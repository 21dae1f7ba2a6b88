"""payment's repositories on PostgreSQL: a payment is written back only at the version it was read at (the
``version`` column of migration 0003, checked in the kit), and what a settled payment or a decided refund raised
reaches the outbox with the commit, never with a rollback."""
import uuid
from datetime import datetime, timedelta, timezone

import pytest

from mcf.kit.errors import ConcurrentUpdate
from mcf.payment.adapters.storage import PaymentUnitOfWork
from mcf.payment.domain import Charge, ChargeStatus, Payment, PaymentStatus, Refund
from tests.integration.payment.conftest import rows
from tests.support.at_rest import PAYMENT as CIPHER

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=timezone.utc)


def pending(order_id: str) -> Payment:
    return Payment.start(idempotency_key=str(uuid.uuid4()), request_fingerprint="f", order_id=order_id,
                         client_id=str(uuid.uuid4()), client_email="murka@cats.example", locale="en",
                         amount_minor=150000, currency="RUB", card_number="4242424242424242", now=NOW)


def outbox_keys(pg, order_id):
    return sorted(key for key, in rows(pg, "SELECT routing_key FROM outbox WHERE convert_from(body, 'UTF8') "
                                           "LIKE %s", f"%{order_id}%"))


def test_the_migration_gives_payments_a_version(pg):
    assert rows(pg, "SELECT id FROM schema_migrations WHERE id = 'payment:0003_payment_version'") != []
    order_id = str(uuid.uuid4())
    payment = pending(order_id)
    with pg.connection_context(), PaymentUnitOfWork(pg, CIPHER) as uow:
        assert uow.payments.add_if_new(payment)
    assert rows(pg, "SELECT version FROM payments WHERE id = %s", payment.id) == [(1,)]


def test_a_payment_changed_since_it_was_read_is_not_written_and_publishes_nothing(pg):
    order_id = str(uuid.uuid4())
    payment = pending(order_id)
    with pg.connection_context():
        with PaymentUnitOfWork(pg, CIPHER) as uow:
            uow.payments.add_if_new(payment)
        with pytest.raises(ConcurrentUpdate), PaymentUnitOfWork(pg, CIPHER) as uow:
            stale = uow.payments.get(payment.id)
            moved = pg.execute_sql("UPDATE payments SET version = version + 1 WHERE id = %s", (payment.id,))
            assert moved.rowcount == 1  # someone else's change after this read
            stale.settle(Charge(payment.id, ChargeStatus.DECLINED, "card_declined"), NOW)
            uow.payments.save(stale)
        assert rows(pg, "SELECT status, version FROM payments WHERE id = %s", payment.id) == [("pending", 1)]
        assert outbox_keys(pg, order_id) == []
        with PaymentUnitOfWork(pg, CIPHER) as uow:
            current = uow.payments.get(payment.id)
            current.settle(Charge(payment.id, ChargeStatus.SUCCEEDED), NOW)
            uow.payments.save(current)
    assert rows(pg, "SELECT status, version FROM payments WHERE id = %s", payment.id) == [("succeeded", 2)]
    assert outbox_keys(pg, order_id) == ["notification.payment.succeeded", "payment.succeeded"]


def test_a_decided_refund_publishes_on_commit_and_a_rolled_back_one_not_at_all(pg):
    order_id = str(uuid.uuid4())
    payment = pending(order_id)
    with pg.connection_context():
        with PaymentUnitOfWork(pg, CIPHER) as uow:
            uow.payments.add_if_new(payment)
        with PaymentUnitOfWork(pg, CIPHER) as uow:
            paid = uow.payments.get(payment.id)
            paid.settle(Charge(payment.id, ChargeStatus.SUCCEEDED), NOW)
            uow.payments.save(paid)

        def decide(uow):
            return Refund.decide(order_id=order_id, payment=uow.payments.get(payment.id), paid_minor=150000,
                                 slot_start=NOW + timedelta(days=2), cancelled_at=NOW, checked_in=False,
                                 cancelled_by="client", now=NOW)

        with pytest.raises(RuntimeError), PaymentUnitOfWork(pg, CIPHER) as uow:
            uow.refunds.add(decide(uow))
            raise RuntimeError("the provider's refund failed")
        assert outbox_keys(pg, order_id) == ["notification.payment.succeeded", "payment.succeeded"]
        with PaymentUnitOfWork(pg, CIPHER) as uow:
            uow.refunds.add(decide(uow))
        with PaymentUnitOfWork(pg, CIPHER) as uow:
            assert uow.refunds.for_order(order_id).amount_minor == 150000
            assert uow.payments.get(payment.id).status is PaymentStatus.SUCCEEDED
    assert outbox_keys(pg, order_id) == ["notification.payment.refunded", "notification.payment.succeeded",
                                         "payment.refunded", "payment.succeeded"]
