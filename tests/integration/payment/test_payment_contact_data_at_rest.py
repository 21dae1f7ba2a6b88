"""The client's e-mail at rest in payment-service, on the real PostgreSQL (ADR 0123): a raw SELECT of the
payments shows none, old plaintext rows are sealed by a rerun-safe pass, a moved ciphertext is refused, and the
refund notice (written long after the payment, from the stored row) still reaches the right address."""
import json
import uuid

import pytest

from mcf.kit.crypto import TamperedCiphertext
from mcf.payment.adapters import storage
from mcf.payment.adapters.amqp import order_events_handler
from mcf.payment.ports import OrderFacts
from tests.integration.payment.test_refunds_amqp import cancelled
from tests.support.at_rest import PAYMENT as CIPHER
from tests.support.at_rest import raw_text

from .conftest import ORDERS, rows


def pay(client, auth, email):
    """A paid order of a new client whose e-mail nobody else has."""
    me, order_id = str(uuid.uuid4()), str(uuid.uuid4())
    ORDERS.orders[order_id] = OrderFacts(order_id=order_id, client_id=me, client_email=email, locale="en",
                                         status="placed", amount_minor=150000, currency="RUB")
    paid = client.post("/payments", json={"order_id": order_id, "card_number": "4242424242424242"},
                       headers={**auth("client", me), "Idempotency-Key": str(uuid.uuid4())})
    assert paid.status_code == 201, paid.json
    return me, order_id, paid.json["id"]


def raw(pg, payment_id) -> str:
    return raw_text(pg, "SELECT * FROM payments WHERE id = %s", payment_id)


def read(pg, payment_id):
    with pg.connection_context(), storage.PaymentUnitOfWork(pg, CIPHER) as uow:
        return uow.payments.get(payment_id)


def refund_notice(pg, provider, me, order_id) -> dict:
    with pg.connection_context():
        order_events_handler(lambda: storage.PaymentUnitOfWork(pg, CIPHER), provider)(cancelled(order_id, me))
    [(body,)] = rows(pg, "SELECT body FROM outbox WHERE routing_key = 'notification.payment.refunded' "
                         "AND convert_from(body, 'UTF8') LIKE %s", f"%{order_id}%")
    return json.loads(bytes(body))


@pytest.fixture
def email():
    return f"murka-{uuid.uuid4().hex[:8]}@cats.example"


def test_a_raw_select_shows_no_email_and_the_refund_notice_still_finds_the_client(client, auth, pg, provider, email):
    me, order_id, payment_id = pay(client, auth, email)
    stored = raw(pg, payment_id)
    assert payment_id in stored and email not in stored and email.split("@")[0] not in stored
    assert read(pg, payment_id).client_email == email
    assert refund_notice(pg, provider, me, order_id)["data"]["recipient"]["email"] == email


def test_payments_written_in_plain_text_are_sealed_once_and_read_the_same(client, auth, pg, provider, email):
    me, order_id, payment_id = pay(client, auth, email)
    with pg.connection_context():  # the row as migration 0001 wrote it
        pg.execute_sql("UPDATE payments SET client_email = %s, client_email_enc = NULL, client_email_key = NULL "
                       "WHERE id = %s", (email, payment_id))
    [(version,)] = rows(pg, "SELECT version FROM payments WHERE id = %s", payment_id)
    assert read(pg, payment_id).client_email == email  # readable before it is sealed
    assert storage.seal_plaintext(pg, CIPHER) >= 1
    assert storage.seal_plaintext(pg, CIPHER) == 0  # rerunning changes nothing
    assert rows(pg, "SELECT client_email, client_email_key, version FROM payments WHERE id = %s", payment_id) == \
        [(None, CIPHER.active, version)]
    assert email not in raw(pg, payment_id)
    assert refund_notice(pg, provider, me, order_id)["data"]["recipient"]["email"] == email


def test_a_moved_ciphertext_is_refused(client, auth, pg):
    _, _, one = pay(client, auth, f"one-{uuid.uuid4().hex[:6]}@cats.example")
    _, _, two = pay(client, auth, f"two-{uuid.uuid4().hex[:6]}@cats.example")
    with pg.connection_context():
        pg.execute_sql("UPDATE payments SET client_email_enc = (SELECT client_email_enc FROM payments WHERE id = %s) "
                       "WHERE id = %s", (one, two))
    with pytest.raises(TamperedCiphertext):
        read(pg, two)
    assert read(pg, one).client_email.startswith("one-")
    with pg.connection_context():  # a tampered row would (rightly) stop the sealing pass of later tests
        pg.execute_sql("DELETE FROM ledger_entries WHERE payment_id = %s", (two,))
        pg.execute_sql("DELETE FROM payments WHERE id = %s", (two,))
