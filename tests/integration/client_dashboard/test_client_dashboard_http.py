"""client-dashboard over HTTP (Flask's test client) on the real PostgreSQL, with order- and payment-service
played by contract-shaped stub servers on real sockets; passwords hashed with argon2 for real."""
import uuid
from datetime import datetime, timedelta, timezone

import jwt
import pytest

from mcf.client_dashboard.domain import payment_key
from mcf.kit.auth import decode_token, issue_token
from tests.support.tokens import acting_for

PASSWORD = "correct horse battery staple"
ADDRESS = {"city": "Moscow", "district": "Tverskoy", "street": "Tverskaya", "building": "12"}


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def sign_up(client, email, **overrides):
    body = {"email": email, "password": PASSWORD, "display_name": "Murka's human", "locale": "ru", **overrides}
    response = client.post("/signup", json=body)
    assert response.status_code == 201, response.json
    return response.json["client"], bearer(response.json["token"])


def add_cat(client, auth, name="Murka"):
    response = client.post("/cats", json={"name": name, "age_years": 3, "favourite_toys": ["laser", "mice"]},
                           headers=auth)
    assert response.status_code == 201, response.json
    return response.json


def order_body(cat_id, **overrides):
    return {"cat_id": cat_id, "toy_category": "laser",
            "slot_start": (datetime.now(timezone.utc) + timedelta(days=2)).isoformat(), "duration_minutes": 90,
            "address": ADDRESS, **overrides}


def place(client, auth, cat_id):
    response = client.post("/orders", json=order_body(cat_id), headers=auth)
    assert response.status_code == 201, response.json
    return response.json


def count(pg, table):
    with pg.connection_context():
        return pg.execute_sql(f"SELECT count(*) FROM {table}").fetchone()[0]


# ---------------------------------------------------------------- accounts

def test_sign_up_stores_an_argon2_hash_and_returns_a_client_token(client, pg, email, isolated_settings):
    account, auth = sign_up(client, email)
    principal = decode_token(isolated_settings.jwt_secret, auth["Authorization"].split()[1],
                             audience="client-dashboard")
    assert (principal.role, principal.subject) == ("client", account["id"])
    for internal in ("order", "payment", "matching", "inventory", "notification"):  # for client-dashboard only
        with pytest.raises(jwt.InvalidAudienceError):
            decode_token(isolated_settings.jwt_secret, auth["Authorization"].split()[1], audience=internal)
    assert set(account) == {"id", "email", "display_name", "locale", "created_at"}
    with pg.connection_context():
        (stored,) = pg.execute_sql("SELECT password_hash FROM clients WHERE id = %s", (account["id"],)).fetchone()
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    assert client.get("/me", headers=auth).json == account


def test_a_taken_email_in_another_case_is_409_and_stores_nothing(client, pg, email):
    sign_up(client, email)
    before = count(pg, "clients")
    response = client.post("/signup", json={"email": email.upper(), "password": PASSWORD, "display_name": "X"})
    assert response.status_code == 409 and response.content_type == "application/problem+json"
    assert response.json["type"] == "urn:mcf:problem:email-taken"
    assert count(pg, "clients") == before


@pytest.mark.parametrize("overrides, field", [
    ({"password": "short"}, "password"), ({"email": "not-an-email"}, "email"), ({"locale": "de"}, "locale"),
    ({"email": "m" * 65 + "@cats.example"}, "email"), ({"email": "mürka@cats.example"}, "email"),
    ({"email": "murka@" + "c" * 64 + ".example"}, "email"),
    ({"display_name": ""}, "display_name"), ({"role": "manager"}, "role"),
])
def test_invalid_sign_up_is_422_naming_the_field(client, pg, email, overrides, field):
    before = count(pg, "clients")
    response = client.post("/signup", json={"email": email, "password": PASSWORD, "display_name": "H",
                                            **overrides})
    assert response.status_code == 422 and response.json["type"] == "urn:mcf:problem:validation-error"
    assert field in response.json["errors"]["json"]
    assert count(pg, "clients") == before


def test_a_sign_up_email_at_the_documents_limits_is_accepted_and_echoed_as_one(client, email):
    """The document says ``format: email`` for the sign-up and for the client it answers: what the one accepts, the
    other holds (a 65-character local part was accepted, then answered as no e-mail by the schema)."""
    import jsonschema_rs

    mailbox = jsonschema_rs.Draft4Validator({"type": "string", "format": "email"}, validate_formats=True)
    address = uuid.uuid4().hex + "m" * 32 + "@" + "c" * 63 + ".example"
    account, _ = sign_up(client, address)
    assert len(address.partition("@")[0]) == 64 and mailbox.is_valid(account["email"])
    assert not mailbox.is_valid("m" + address)  # the refused one above is no e-mail to the document either


def test_login_answers_401_alike_for_an_unknown_email_and_a_wrong_password(client, email):
    account, _ = sign_up(client, email)
    ok = client.post("/login", json={"email": email.upper(), "password": PASSWORD})
    assert ok.status_code == 200 and decode_token_subject(client, ok.json["token"]) == account["id"]
    wrong = client.post("/login", json={"email": email, "password": "wrong password!"})
    unknown = client.post("/login", json={"email": "nobody-" + email, "password": PASSWORD})
    for response in (wrong, unknown):
        assert response.status_code == 401 and response.content_type == "application/problem+json"
    assert wrong.json["detail"] == unknown.json["detail"]


def decode_token_subject(client, token):
    return decode_token(client.application.config["MCF_SETTINGS"].jwt_secret, token,
                        audience="client-dashboard").subject


def test_only_client_tokens_reach_the_clients_routes(client, isolated_settings):
    assert client.get("/cats").status_code == 401
    worker = bearer(issue_token(isolated_settings.jwt_secret, str(uuid.uuid4()), "worker",
                                audience="client-dashboard"))
    assert client.get("/cats", headers=worker).status_code == 403
    elsewhere = bearer(issue_token(isolated_settings.jwt_secret, str(uuid.uuid4()), "client", audience="order"))
    assert client.get("/cats", headers=elsewhere).status_code == 401  # a token meant for another service


def test_services_read_a_clients_facts_only_for_that_client_and_only_its_own_cat(client, email, isolated_settings):
    account, auth = sign_up(client, email, locale="ru")
    _, stranger = sign_up(client, "other-" + email)
    cat, theirs = add_cat(client, auth, "Barsik"), add_cat(client, stranger, "Murka")
    secret, url = isolated_settings.jwt_secret, f"/internal/clients/{account['id']}/cats/{cat['id']}"
    facts = client.get(url, headers=acting_for(secret, "client-dashboard", "client", account["id"]))
    assert facts.status_code == 200 and facts.json == {"client_id": account["id"], "email": email, "locale": "ru",
                                                       "cat_id": cat["id"], "cat_name": "Barsik"}
    assert client.get(url, headers=acting_for(secret, "client-dashboard")).status_code == 200
    assert client.get(url, headers=auth).status_code == 403  # a client's own token: not a service
    assert client.get(url, headers=acting_for(secret, "client-dashboard", "client")).status_code == 403
    assert client.get(url, headers=acting_for(secret, "order")).status_code == 401  # meant for order-service
    other_cat = client.get(f"/internal/clients/{account['id']}/cats/{theirs['id']}",
                           headers=acting_for(secret, "client-dashboard", "client", account["id"]))
    assert other_cat.status_code == 404 and "Murka" not in other_cat.get_data(as_text=True)


# ---------------------------------------------------------------- cats

def test_cats_crud_and_another_clients_cat_is_404(client, email):
    _, auth = sign_up(client, email)
    _, stranger = sign_up(client, "other-" + email)
    cat = add_cat(client, auth)
    assert cat["favourite_toys"] == ["laser", "mice"] and cat["notes"] is None
    assert client.get("/cats", headers=auth).json == [cat]
    changed = client.patch(f"/cats/{cat['id']}", json={"age_years": 4, "notes": "likes boxes"}, headers=auth)
    assert changed.status_code == 200 and (changed.json["age_years"], changed.json["notes"]) == (4, "likes boxes")
    for method in ("get", "patch", "delete"):
        kwargs = {"json": {"name": "Stolen"}} if method == "patch" else {}
        response = getattr(client, method)(f"/cats/{cat['id']}", headers=stranger, **kwargs)
        assert response.status_code == 404 and "Murka" not in response.get_data(as_text=True)
    assert client.get("/cats", headers=stranger).json == []
    assert client.get(f"/cats/{cat['id']}", headers=auth).json["name"] == "Murka"
    assert client.delete(f"/cats/{cat['id']}", headers=auth).status_code == 204
    assert client.get(f"/cats/{cat['id']}", headers=auth).status_code == 404


def test_an_empty_patch_a_blank_name_and_a_nul_are_422_and_change_nothing(client, email):
    _, auth = sign_up(client, email)
    cat = add_cat(client, auth)
    empty = client.patch(f"/cats/{cat['id']}", json={}, headers=auth)
    assert empty.status_code == 422 and empty.json["type"] == "urn:mcf:problem:validation-error"
    assert empty.json["errors"]["json"] == {"_schema": ["Name at least one member to change."]}
    for name in ("\u000b", "   ", "Mur\nka"):
        blank = client.patch(f"/cats/{cat['id']}", json={"name": name}, headers=auth)
        assert blank.status_code == 422 and "name" in blank.json["errors"]["json"], name
    nul = client.patch(f"/cats/{cat['id']}", json={"notes": "a\u0000b"}, headers=auth)
    assert nul.status_code == 422 and nul.json["errors"] == {
        "json": {"_schema": ["NUL characters are not allowed in text."]}}
    surrogate = client.patch(f"/cats/{cat['id']}", data='{"notes": "x\\ud800y"}', headers=auth,
                             content_type="application/json")
    assert surrogate.status_code == 200 and surrogate.json["notes"] == "x\ufffdy"
    assert client.get(f"/cats/{cat['id']}", headers=auth).json == {**cat, "notes": "x\ufffdy",
                                                                    "updated_at": surrogate.json["updated_at"]}


def test_a_toy_outside_the_categories_is_422(client, email):
    _, auth = sign_up(client, email)
    response = client.post("/cats", json={"name": "Murka", "age_years": 3, "favourite_toys": ["vacuum"]},
                           headers=auth)
    assert response.status_code == 422 and "favourite_toys" in response.json["errors"]["json"]


# ---------------------------------------------------------------- orders

def test_placing_an_order_sends_the_clients_facts_with_a_service_token_and_the_correlation_id(
        client, email, order_controls):
    account, auth = sign_up(client, email, locale="ru")
    cat = add_cat(client, auth, "Barsik")
    response = client.post("/orders", json=order_body(cat["id"]), headers={**auth, "X-Correlation-ID": "corr-7"})
    assert response.status_code == 201, response.json
    assert response.json["status"] == "placed" and response.json["price"]["amount_minor"] == 150_000
    sent = order_controls.last("POST")
    assert (sent.role, sent.subject, sent.acting_for) == ("service", "client-dashboard", ("client", account["id"]))
    assert sent.headers["X-Correlation-Id"] == "corr-7"
    assert sent.json["cat_id"] == cat["id"] and not {"client_id", "client_email", "cat_name"} & set(sent.json)


def test_each_order_action_forwards_an_idempotency_key_derived_per_client(client, email, order_controls):
    _, auth = sign_up(client, email)
    _, other = sign_up(client, "other-" + email)
    cat, theirs = add_cat(client, auth), add_cat(client, other)
    sent_keys = []
    for headers, cat_id in ((auth, cat["id"]), (auth, cat["id"]), (other, theirs["id"])):
        assert client.post("/orders", json=order_body(cat_id), headers={**headers, "Idempotency-Key": "press-1"}
                           ).status_code == 201
        sent_keys.append(order_controls.last("POST").headers["Idempotency-Key"])
    assert sent_keys[0] == sent_keys[1] != sent_keys[2], "a retry maps to the same key, another client's does not"
    assert "press-1" not in sent_keys
    for _ in range(2):
        client.post("/orders", json=order_body(cat["id"]), headers=auth)
        sent_keys.append(order_controls.last("POST").headers["Idempotency-Key"])
    assert len(set(sent_keys)) == 4, "without a key from the client, each request is an action of its own"
    order = client.post("/orders", json=order_body(cat["id"]), headers=auth).json
    client.post(f"/orders/{order['id']}/cancel", headers={**auth, "Idempotency-Key": "cancel-1"})
    assert order_controls.last("POST").headers["Idempotency-Key"] not in (*sent_keys, "cancel-1")


def test_ordering_for_another_clients_cat_is_404_and_order_service_is_not_called(client, email, order_controls):
    _, owner = sign_up(client, email)
    _, stranger = sign_up(client, "other-" + email)
    cat = add_cat(client, owner)
    calls = len(order_controls.received)
    response = client.post("/orders", json=order_body(cat["id"]), headers=stranger)
    assert response.status_code == 404 and len(order_controls.received) == calls


def test_order_service_rejections_pass_through_and_its_outage_is_503(client, email, order_controls):
    _, auth = sign_up(client, email)
    cat = add_cat(client, auth)
    soon = (datetime.now(timezone.utc) + timedelta(minutes=5)).isoformat()
    rejected = client.post("/orders", json=order_body(cat["id"], slot_start=soon), headers=auth)
    assert rejected.status_code == 422 and rejected.json["type"] == "urn:mcf:problem:invalid-input"
    assert rejected.json["field"] == "slot_start"
    order_controls.fail_with = 500
    down = client.post("/orders", json=order_body(cat["id"]), headers=auth)
    assert down.status_code == 503 and down.json["type"] == "urn:mcf:problem:dependency-unavailable"
    assert down.content_type == "application/problem+json"


def test_a_hanging_order_service_is_503_within_the_timeout(client, email, order_controls, hanging):
    _, auth = sign_up(client, email)
    order_controls.hang = hanging
    started = datetime.now(timezone.utc)
    response = client.get("/orders", headers=auth)
    assert response.status_code == 503 and response.json["type"] == "urn:mcf:problem:dependency-unavailable"
    assert datetime.now(timezone.utc) - started < timedelta(seconds=3)


def test_current_and_past_orders_and_another_clients_order_is_404(client, email, order_service):
    account, auth = sign_up(client, email)
    _, stranger = sign_up(client, "other-" + email)
    cat = add_cat(client, auth)
    current, finished = place(client, auth, cat["id"]), place(client, auth, cat["id"])
    order_service[1][finished["id"]]["status"] = "completed"
    assert [o["id"] for o in client.get("/orders?state=current", headers=auth).json] == [current["id"]]
    assert [o["id"] for o in client.get("/orders?state=past", headers=auth).json] == [finished["id"]]
    assert client.get("/orders?state=someday", headers=auth).status_code == 422
    assert client.get(f"/orders/{current['id']}", headers=auth).json["id"] == current["id"]
    theirs = client.get(f"/orders/{current['id']}", headers=stranger)
    assert theirs.status_code == 404 and cat["id"] not in theirs.get_data(as_text=True)
    assert client.get("/orders", headers=stranger).json == []


def test_cancelling_is_done_on_the_clients_behalf_and_a_second_cancel_is_409(client, email, order_controls):
    account, auth = sign_up(client, email)
    _, stranger = sign_up(client, "other-" + email)
    order = place(client, auth, add_cat(client, auth)["id"])
    assert client.post(f"/orders/{order['id']}/cancel", headers=stranger).status_code == 404
    cancelled = client.post(f"/orders/{order['id']}/cancel", headers=auth)
    assert cancelled.status_code == 200 and cancelled.json["status"] == "cancelled"
    sent = order_controls.last("POST")
    assert (sent.path, sent.role, sent.acting_for) == (f"/orders/{order['id']}/cancel", "service",
                                                       ("client", account["id"]))
    again = client.post(f"/orders/{order['id']}/cancel", headers=auth)
    assert again.status_code == 409 and again.json["type"] == "urn:mcf:problem:illegal-transition"


# ---------------------------------------------------------------- payments

def test_paying_requires_an_idempotency_key(client, email, payment_controls):
    _, auth = sign_up(client, email)
    order = place(client, auth, add_cat(client, auth)["id"])
    calls = len(payment_controls.received)
    response = client.post(f"/orders/{order['id']}/pay", json={"card_number": "4242424242424242"}, headers=auth)
    assert response.status_code == 422 and "Idempotency-Key" in response.json["errors"]["headers"]
    assert len(payment_controls.received) == calls


def test_paying_and_retrying_with_the_same_key_charges_once(client, email, pg, payment_controls, order_service):
    account, auth = sign_up(client, email)
    order = place(client, auth, add_cat(client, auth)["id"])
    headers = {**auth, "Idempotency-Key": "pay-1"}
    paid = client.post(f"/orders/{order['id']}/pay", json={"card_number": "4242424242424242"}, headers=headers)
    assert paid.status_code == 201 and paid.json["status"] == "succeeded"
    assert paid.json["amount_minor"] == 150_000 and paid.json["currency"] == "RUB"
    sent = payment_controls.last("POST")
    assert sent.role == "service" and sent.headers["Idempotency-Key"] == payment_key(account["id"], "pay-1")
    assert sent.acting_for == ("client", account["id"])
    assert sent.json == {"order_id": order["id"], "card_number": "4242424242424242",
                         "expected_price": {"amount_minor": 150_000, "currency": "RUB"}}
    order_service[1][order["id"]]["status"] = "confirmed"  # payment.succeeded has reached order-service
    again = client.post(f"/orders/{order['id']}/pay", json={"card_number": "4242424242424242"}, headers=headers)
    assert again.status_code == 200 and again.json == paid.json
    assert [r.method for r in payment_controls.received[-2:]] == ["POST", "GET"]  # looked up, not charged
    listed = client.get(f"/orders/{order['id']}/payments", headers=auth)
    assert listed.status_code == 200 and listed.json == [paid.json]
    fresh_key = client.post(f"/orders/{order['id']}/pay", json={"card_number": "4242424242424242"},
                            headers={**auth, "Idempotency-Key": "pay-2"})
    assert fresh_key.status_code == 409 and fresh_key.json["type"] == "urn:mcf:problem:order-not-payable"


def test_a_declined_card_is_a_failed_payment_and_another_clients_order_is_404(client, email, payment_controls):
    _, auth = sign_up(client, email)
    _, stranger = sign_up(client, "other-" + email)
    order = place(client, auth, add_cat(client, auth)["id"])
    calls = len(payment_controls.received)
    theirs = client.post(f"/orders/{order['id']}/pay", json={"card_number": "4242424242424242"},
                         headers={**stranger, "Idempotency-Key": "k"})
    assert theirs.status_code == 404 and len(payment_controls.received) == calls
    assert client.get(f"/orders/{order['id']}/payments", headers=stranger).status_code == 404
    declined = client.post(f"/orders/{order['id']}/pay", json={"card_number": "4000000000000002"},
                           headers={**auth, "Idempotency-Key": "k"})
    assert declined.status_code == 201 and declined.json["status"] == "failed"


def test_payment_service_down_is_503_and_nothing_is_remembered(client, email, pg, payment_controls):
    account, auth = sign_up(client, email)
    order = place(client, auth, add_cat(client, auth)["id"])
    payment_controls.fail_with = 503
    response = client.post(f"/orders/{order['id']}/pay", json={"card_number": "4242424242424242"},
                           headers={**auth, "Idempotency-Key": "k"})
    assert response.status_code == 503 and response.json["type"] == "urn:mcf:problem:dependency-unavailable"
    with pg.connection_context():
        rows = pg.execute_sql("SELECT count(*) FROM payment_attempts WHERE client_id = %s",
                              (account["id"],)).fetchone()[0]
    assert rows == 0


def test_health_ready_and_the_served_spec(client):
    assert client.get("/ready").json["checks"] == {"postgres": "ok"}
    assert client.get("/openapi.json").json["info"]["title"] == "MCF client-dashboard-service"
