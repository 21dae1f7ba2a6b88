"""The client's contact data at rest in order-service, on the real PostgreSQL (ADR 0123): a raw SELECT of the
orders and of the stored idempotent replies shows no e-mail or street, old plaintext rows are sealed by a
rerun-safe pass, a moved or altered ciphertext is refused, a new active key re-encrypts, and the order still
reads and replays whole."""
import json
import uuid

import pytest

from mcf.kit import crypto
from mcf.kit.crypto import TamperedCiphertext
from mcf.order.adapters import storage
from tests.integration.order.test_order_http import order_body
from tests.support.at_rest import ORDER as CIPHER
from tests.support.at_rest import raw_text


@pytest.fixture
def contact(clients):
    """A client e-mail and a street nobody else uses, as order-service is told them."""
    before = clients.email
    clients.email = f"murka-{uuid.uuid4().hex[:8]}@cats.example"
    yield clients.email, f"Lesnaya-{uuid.uuid4().hex[:6]}"
    clients.email = before


def place(client, token, street, key=None):
    client_id = str(uuid.uuid4())
    body = order_body(address={"city": "Moscow", "district": "Tverskoy", "street": street, "building": "7",
                               "apartment": "41", "notes": "ring twice"})
    headers = {**token("client", client_id), **({"Idempotency-Key": key} if key else {})}
    response = client.post("/orders", json=body, headers=headers)
    assert response.status_code == 201, response.json
    return client_id, body, headers, response


def read(pg, order_id):
    with pg.connection_context(), storage.OrderUnitOfWork(pg, CIPHER) as uow:
        return uow.orders.get(order_id)


def test_a_raw_select_shows_no_email_or_address_and_the_order_still_reads_and_replays(client, token, pg, contact):
    email, street = contact
    client_id, body, headers, first = place(client, token, street, key="press-at-rest")
    order_id = first.json["id"]
    stored = raw_text(pg, "SELECT * FROM orders WHERE id = %s", order_id)
    reply = raw_text(pg, "SELECT * FROM order_idempotency_keys WHERE principal = %s", f"client:{client_id}")
    for text in (stored, reply):
        for secret in (email, email.split("@")[0], street, "ring twice"):
            assert secret not in text, secret
    assert order_id in stored and "Tverskoy" not in stored  # the district is inside the encrypted address too
    got = client.get(f"/orders/{order_id}", headers=token("client", client_id))
    assert got.json["client_email"] == email and got.json["address"]["street"] == street
    again = client.post("/orders", json=body, headers=headers)
    assert again.headers["Idempotent-Replayed"] == "true" and again.json == first.json
    order = read(pg, order_id)
    assert (order.client_email, order.address.street, order.address.notes) == (email, street, "ring twice")


def test_rows_written_in_plain_text_are_sealed_once_and_read_the_same(client, token, pg, contact):
    email, street = contact
    client_id, body, headers, first = place(client, token, street, key="press-old")
    order_id, principal = first.json["id"], f"client:{client_id}"
    address = {"city": "Moscow", "district": "Tverskoy", "street": street, "building": "7", "apartment": "41",
               "notes": None}
    with pg.connection_context():  # the rows as migrations 0001 and 0003 wrote them: plain text
        pg.execute_sql("UPDATE orders SET client_email = %s, address = %s::jsonb, client_email_enc = NULL, "
                       "client_email_key = NULL, address_enc = NULL, address_key = NULL WHERE id = %s",
                       (email, json.dumps(address), order_id))
        pg.execute_sql("UPDATE order_idempotency_keys SET response = %s::jsonb, response_enc = NULL, "
                       "response_key = NULL WHERE principal = %s", (json.dumps(first.json), principal))
        version = pg.execute_sql("SELECT version FROM orders WHERE id = %s", (order_id,)).fetchone()[0]
    assert read(pg, order_id).address.street == street  # readable before it is sealed
    assert storage.seal_plaintext(pg, CIPHER) >= 2
    assert storage.seal_plaintext(pg, CIPHER) == 0  # rerunning changes nothing
    with pg.connection_context():
        plain = pg.execute_sql("SELECT client_email, address, client_email_key, address_key, version FROM orders "
                               "WHERE id = %s", (order_id,)).fetchone()
        reply = pg.execute_sql("SELECT response, response_key FROM order_idempotency_keys WHERE principal = %s",
                               (principal,)).fetchone()
    assert plain == (None, None, CIPHER.active, CIPHER.active, version)  # sealing is no change of the order
    assert reply == (None, CIPHER.active)
    for text in (raw_text(pg, "SELECT * FROM orders WHERE id = %s", order_id),
                 raw_text(pg, "SELECT * FROM order_idempotency_keys WHERE principal = %s", principal)):
        assert email not in text and street not in text
    order = read(pg, order_id)
    assert (order.client_email, order.address.street) == (email, street)
    again = client.post("/orders", json=body, headers=headers)
    assert again.headers["Idempotent-Replayed"] == "true" and again.json == first.json


def test_a_moved_or_altered_ciphertext_is_refused(client, token, pg, contact):
    email, street = contact
    one_client, _, _, one = place(client, token, street, key="press-moved")
    two_client, _, two_headers, two = place(client, token, street, key="press-moved")
    with pg.connection_context():
        pg.execute_sql("UPDATE orders SET client_email_enc = (SELECT client_email_enc FROM orders WHERE id = %s) "
                       "WHERE id = %s", (one.json["id"], two.json["id"]))
        pg.execute_sql("UPDATE orders SET address_enc = overlay(address_enc placing '\\x00'::bytea from 14 for 1) "
                       "WHERE id = %s", (one.json["id"],))
        pg.execute_sql("UPDATE order_idempotency_keys SET response_enc = (SELECT response_enc FROM "
                       "order_idempotency_keys WHERE principal = %s) WHERE principal = %s",
                       (f"client:{one_client}", f"client:{two_client}"))
    for order_id in (one.json["id"], two.json["id"]):
        with pytest.raises(TamperedCiphertext):
            read(pg, order_id)
    with pg.connection_context(), storage.OrderUnitOfWork(pg, CIPHER) as uow, pytest.raises(TamperedCiphertext):
        uow.idempotency.find(f"client:{two_client}", "press-moved")
    with pg.connection_context():  # a tampered row would (rightly) stop the sealing pass of the tests after this
        pg.execute_sql("DELETE FROM orders WHERE id IN (%s, %s)", (one.json["id"], two.json["id"]))
        pg.execute_sql("DELETE FROM order_idempotency_keys WHERE principal IN (%s, %s)",
                       (f"client:{one_client}", f"client:{two_client}"))


def test_a_new_active_key_re_encrypts_every_order_and_reply(client, token, pg, contact):
    email, street = contact
    _, _, _, placed = place(client, token, street, key="press-rotate")
    dev_keys, dev_index = crypto.development_keys("order")
    keys = {**dev_keys, "k2": crypto.new_key()}
    rotated = crypto.FieldCipher(keys, "k2", dev_index, "order")
    assert storage.seal_plaintext(pg, rotated) >= 2
    with pg.connection_context():
        assert pg.execute_sql("SELECT count(*) FROM orders WHERE client_email_key <> 'k2' OR address_key <> 'k2'"
                              ).fetchone()[0] == 0
        assert pg.execute_sql("SELECT count(*) FROM order_idempotency_keys WHERE response_key <> 'k2'"
                              ).fetchone()[0] == 0
    with pg.connection_context(), storage.OrderUnitOfWork(pg, rotated) as uow:
        assert uow.orders.get(placed.json["id"]).client_email == email
    back = crypto.FieldCipher(keys, "dev-1", dev_index, "order")  # the module's keys again
    assert storage.seal_plaintext(pg, back) >= 2
    assert read(pg, placed.json["id"]).address.street == street
