"""POST /payments with Idempotency-Key, the reads and the ledger, through the real app on PostgreSQL."""
import uuid

import pytest

from .conftest import ORDERS, payment_body, place_order, rows


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


def test_only_a_service_acting_for_a_client_pays_and_user_tokens_are_refused(client, auth, user_token, me, pg):
    body = payment_body(me)
    for role in ("client", "worker", "manager"):  # a person's own token is for the entry points only
        assert post(client, user_token(role, me), body, f"k-{role}").status_code == 401
    assert post(client, auth("worker"), body, "k-worker").status_code == 403
    assert post(client, auth("service"), body, "k-nobody").status_code == 403
    assert post(client, {}, body, "k-anon").status_code == 401
    assert rows(pg, "SELECT count(*) FROM payments WHERE order_id = %s", body["order_id"]) == [(0,)]


def test_another_clients_order_or_an_unknown_one_is_a_404_and_nothing_is_charged(client, auth, me, pg, provider):
    theirs = payment_body(str(uuid.uuid4()))
    refused = post(client, auth("client", me), theirs, f"k-{uuid.uuid4()}")
    assert refused.status_code == 404 and refused.mimetype == "application/problem+json"
    unknown = post(client, auth("client", me), {**theirs, "order_id": str(uuid.uuid4())}, f"k-{uuid.uuid4()}")
    assert unknown.status_code == 404
    assert rows(pg, "SELECT count(*) FROM payments WHERE order_id = %s", theirs["order_id"]) == [(0,)]


@pytest.mark.parametrize("status", ["confirmed", "cancelled", "expired", "completed"])
def test_an_order_that_is_not_placed_is_a_409_and_nothing_is_charged(client, auth, me, pg, status):
    order_id = place_order(me, status=status)
    refused = post(client, auth("client", me), payment_body(me, order_id), f"k-{uuid.uuid4()}")
    assert refused.status_code == 409 and refused.json["type"] == "urn:mcf:problem:order-not-payable"
    assert refused.json["order_status"] == status
    assert rows(pg, "SELECT count(*) FROM payments WHERE order_id = %s", order_id) == [(0,)]


def test_the_orders_own_price_is_charged_and_a_forged_amount_is_refused(client, auth, me, pg, provider):
    body = payment_body(me, amount=93_500)
    for forged in ({"amount_minor": 1, "currency": "XXX"}, {"amount_minor": 1, "currency": "RUB"}):
        refused = post(client, auth("client", me), {**body, "expected_price": forged}, f"k-{uuid.uuid4()}")
        assert refused.status_code == 409 and refused.json["type"] == "urn:mcf:problem:price-mismatch"
    for field in ({"amount_minor": 1}, {"currency": "XXX"}, {"client_id": me}, {"client_email": "x@cats.example"}):
        assert post(client, auth("client", me), {**body, **field}, f"k-{uuid.uuid4()}").status_code == 422
    assert rows(pg, "SELECT count(*) FROM payments WHERE order_id = %s", body["order_id"]) == [(0,)]
    paid = post(client, auth("client", me), {**body, "expected_price": {"amount_minor": 93_500, "currency": "RUB"}},
                f"k-{uuid.uuid4()}")
    assert paid.status_code == 201 and (paid.json["amount_minor"], paid.json["currency"]) == (93_500, "RUB")
    assert ORDERS.asked[-1] == (body["order_id"], me)


@pytest.mark.parametrize("amount", [10**27, 10**12, 0, -5, 2**63])
def test_an_oversize_or_non_positive_expected_amount_is_a_422_never_a_500(client, auth, me, pg, amount):
    body = payment_body(me, expected_price={"amount_minor": amount, "currency": "RUB"})
    response = post(client, auth("client", me), body, f"k-{uuid.uuid4()}")
    assert response.status_code == 422 and response.mimetype == "application/problem+json"
    assert "expected_price" in response.json["errors"]["json"]
    assert rows(pg, "SELECT count(*) FROM payments WHERE order_id = %s", body["order_id"]) == [(0,)]


def test_the_same_key_replays_the_stored_result_and_another_body_is_a_409(client, auth, me, pg, provider):
    key, body = f"k-{uuid.uuid4()}", payment_body(me)
    first = post(client, auth("client", me), body, key)
    assert first.status_code == 201 and first.json["status"] == "succeeded"
    assert first.headers["Location"].endswith(f"/payments/{first.json['id']}")
    again = post(client, auth("client", me), body, key)
    assert again.status_code == 200 and again.json == first.json
    reused = post(client, auth("client", me), {**body, "card_number": "4000000000000002"}, key)
    assert reused.status_code == 422 and reused.json["type"] == "urn:mcf:problem:idempotency-key-reused"
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
    assert client.get(f"/orders/{body['order_id']}/ledger", headers=auth("worker")).status_code == 404
    empty = client.get(f"/orders/{uuid.uuid4()}/ledger", headers=auth("manager"))
    assert empty.status_code == 200 and empty.json["entries"] == [] and empty.json["balances"] == []
