"""POST /payments with Idempotency-Key, the reads and the ledger, through the real app on PostgreSQL."""
import uuid

import pytest

from .conftest import payment_body, rows


@pytest.fixture
def me():
    return str(uuid.uuid4())


def post(client, headers, body, key):
    return client.post("/payments", json=body, headers={**headers, **({"Idempotency-Key": key} if key else {})})


def test_a_missing_idempotency_key_is_a_422_problem_naming_the_header(client, auth, me, pg):
    response = post(client, auth("client", me), payment_body(me), None)
    assert response.status_code == 422 and response.mimetype == "application/problem+json"
    assert response.json["type"] == "urn:mcf:problem:validation-error"
    assert "Idempotency-Key" in response.json["errors"]["headers"]
    assert rows(pg, "SELECT count(*) FROM payments WHERE client_id = %s", me) == [(0,)]


@pytest.mark.parametrize("key", ["", "k" * 201])
def test_an_empty_or_overlong_key_is_refused(client, auth, me, key):
    response = client.post("/payments", json=payment_body(me), headers={**auth("client", me), "Idempotency-Key": key})
    assert response.status_code == 422 and "Idempotency-Key" in response.json["errors"]["headers"]


def test_a_client_pays_only_for_itself_and_a_worker_not_at_all(client, auth, me):
    assert post(client, auth("client"), payment_body(me), "k-other").status_code == 403
    assert post(client, auth("worker"), payment_body(me), "k-worker").status_code == 403
    assert post(client, {}, payment_body(me), "k-anon").status_code == 401


def test_the_same_key_replays_the_stored_result_and_another_body_is_a_409(client, auth, me, pg, provider):
    key, body = f"k-{uuid.uuid4()}", payment_body(me)
    first = post(client, auth("client", me), body, key)
    assert first.status_code == 201 and first.json["status"] == "succeeded"
    assert first.headers["Location"].endswith(f"/payments/{first.json['id']}")
    again = post(client, auth("service"), body, key)
    assert again.status_code == 200 and again.json == first.json
    reused = post(client, auth("client", me), {**body, "amount_minor": 1}, key)
    assert reused.status_code == 409 and reused.json["type"] == "urn:mcf:problem:idempotency-key-reused"
    assert provider.count("charge", first.json["id"]) == 1
    assert rows(pg, "SELECT kind, amount_minor FROM ledger_entries WHERE order_id = %s", body["order_id"]) == \
        [("charge", 150000)]


def test_a_paid_order_cannot_be_paid_again_with_another_key(client, auth, me, pg):
    body = payment_body(me)
    assert post(client, auth("client", me), body, f"k-{uuid.uuid4()}").status_code == 201
    second = post(client, auth("client", me), body, f"k-{uuid.uuid4()}")
    assert second.status_code == 409 and second.json["type"] == "urn:mcf:problem:order-already-paid"
    assert rows(pg, "SELECT count(*) FROM payments WHERE order_id = %s", body["order_id"]) == [(1,)]


def test_a_declined_card_is_a_failed_payment_and_the_order_can_be_paid_with_another_card(client, auth, me, pg):
    body = payment_body(me, card="4000000000000002")
    declined = post(client, auth("client", me), body, f"k-{uuid.uuid4()}")
    assert declined.status_code == 201
    assert (declined.json["status"], declined.json["failure_reason"]) == ("failed", "card_declined")
    paid = post(client, auth("client", me), {**body, "card_number": "4242424242424242"}, f"k-{uuid.uuid4()}")
    assert paid.status_code == 201 and paid.json["status"] == "succeeded"
    outbox = [key for (key,) in rows(pg, "SELECT routing_key FROM outbox WHERE convert_from(body, 'UTF8') LIKE %s",
                                     f"%{body['order_id']}%")]
    assert sorted(outbox) == ["notification.payment.failed", "notification.payment.succeeded", "payment.failed",
                              "payment.succeeded"]


def test_the_timeout_card_is_resolved_by_a_status_check_without_a_second_charge(
        client, auth, me, pg, provider, isolated_settings):
    from mcf.payment import app as payment_app

    body = payment_body(me, card="4000000000009995")
    response = post(client, auth("client", me), body, f"k-{uuid.uuid4()}")
    assert response.status_code == 201 and response.json["status"] == "succeeded"
    payment_id = response.json["id"]
    assert provider.count("charge", payment_id) == 1 and provider.count("status", payment_id) == 1
    # The provider's own record, seen from another process's adapter: one charge, succeeded.
    other = payment_app.simulated_provider(isolated_settings)
    assert other.get_charge_status(payment_id).status.value == "succeeded"
    assert rows(pg, "SELECT amount_minor FROM ledger_entries WHERE payment_id = %s", payment_id) == [(150000,)]


def test_reads_show_a_client_only_its_own(client, auth, me):
    body = payment_body(me)
    created = post(client, auth("client", me), body, f"k-{uuid.uuid4()}").json
    mine = client.get(f"/payments/{created['id']}", headers=auth("client", me))
    assert mine.status_code == 200 and mine.json == created
    assert client.get(f"/payments/{created['id']}", headers=auth("client")).status_code == 404
    assert client.get(f"/payments/{created['id']}", headers=auth("manager")).status_code == 200
    assert client.get(f"/payments/{uuid.uuid4()}", headers=auth("service")).status_code == 404
    listed = client.get(f"/payments?order_id={body['order_id']}", headers=auth("client", me))
    assert listed.status_code == 200 and listed.json == [created]
    assert client.get(f"/payments?order_id={body['order_id']}", headers=auth("client")).json == []
    assert client.get("/payments", headers=auth("service")).status_code == 422


def test_the_ledger_lists_entries_and_the_derived_balance(client, auth, me):
    body = payment_body(me, amount=4990)
    created = post(client, auth("client", me), body, f"k-{uuid.uuid4()}").json
    ledger = client.get(f"/orders/{body['order_id']}/ledger", headers=auth("client", me))
    assert ledger.status_code == 200
    assert ledger.json["balances"] == [{"currency": "RUB", "amount_minor": 4990}]
    [entry] = ledger.json["entries"]
    assert (entry["kind"], entry["amount_minor"], entry["payment_id"]) == ("charge", 4990, created["id"])
    assert client.get(f"/orders/{body['order_id']}/ledger", headers=auth("client")).status_code == 404
    assert client.get(f"/orders/{body['order_id']}/ledger", headers=auth("worker")).status_code == 403
    empty = client.get(f"/orders/{uuid.uuid4()}/ledger", headers=auth("manager"))
    assert empty.status_code == 200 and empty.json["entries"] == [] and empty.json["balances"] == []
