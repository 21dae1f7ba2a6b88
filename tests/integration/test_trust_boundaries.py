"""Issue 15's attempts against the real client-dashboard, order- and payment-service wired by their real HTTP
gateways (served on local sockets, on real PostgreSQL and ClickHouse; matching is the in-memory fake): who pays how
much, for which order and which cat, comes from the owners' records, never from the caller's body."""
import socket
import uuid
from contextlib import ExitStack
from datetime import datetime, timedelta, timezone

import jwt
import pytest
import requests

from mcf.kit.auth import ServiceCredentials, issue_assertion, issue_token
from mcf.kit.service_client import ServiceClient
from tests.support.order import FakeMatching
from tests.support.stub_services import serve
from tests.support.tokens import acting_for

PRICE = 93_500
ADDRESS = {"city": "Moscow", "district": "Arbat", "street": "Arbat st", "building": "1"}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def stack(servers, isolated_settings):
    from mcf.client_dashboard import app as dashboard_app
    from mcf.kit import clickhouse
    from mcf.order import app as order_app
    from mcf.order.adapters.gateways import HttpClientDirectory
    from mcf.order.ports import ClientDirectoryUnavailable
    from mcf.payment import app as payment_app
    from mcf.payment.adapters.gateways import HttpOrderDirectory
    from mcf.payment.ports import OrderServiceUnavailable

    settings = isolated_settings
    urls = {name: f"http://127.0.0.1:{_free_port()}" for name in ("client-dashboard", "order", "payment")}

    def client(service, caller, unavailable):
        return ServiceClient(service, urls[service], ServiceCredentials(settings, caller=caller), timeout=5,
                             unavailable=unavailable)

    apps = {
        "client-dashboard": dashboard_app.create_app(settings, order_url=urls["order"], payment_url=urls["payment"]),
        "order": order_app.create_app(settings, matching=FakeMatching(str(uuid.uuid4()), amount=PRICE),
                                      clients=HttpClientDirectory(client("client-dashboard", "order",
                                                                         ClientDirectoryUnavailable))),
        "payment": payment_app.create_app(settings, orders=HttpOrderDirectory(client("order", "payment",
                                                                                     OrderServiceUnavailable))),
    }
    with ExitStack() as running:
        for name, app in apps.items():
            running.enter_context(serve(app, port=int(urls[name].rsplit(":", 1)[1])))
        yield urls, settings
    ch = clickhouse.connect(settings, "order")
    try:
        clickhouse.drop_database(ch, settings.database_name("order"))
    finally:
        ch.disconnect()


def signed_up(urls, name):
    response = requests.post(f"{urls['client-dashboard']}/signup", timeout=10, json={
        "email": f"{name}-{uuid.uuid4().hex[:6]}@cats.example", "password": "correct horse battery",
        "display_name": name})
    assert response.status_code == 201, response.text
    auth = {"Authorization": f"Bearer {response.json()['token']}"}
    cat = requests.post(f"{urls['client-dashboard']}/cats", json={"name": f"{name}'s cat", "age_years": 2},
                        headers=auth, timeout=10)
    return response.json()["client"], auth, cat.json()


def order_body(cat):
    return {"cat_id": cat["id"], "toy_category": "mice", "duration_minutes": 60, "address": ADDRESS,
            "slot_start": (datetime.now(timezone.utc) + timedelta(days=2)).isoformat()}


def placed(urls, auth, cat):
    response = requests.post(f"{urls['client-dashboard']}/orders", json=order_body(cat), headers=auth, timeout=10)
    assert response.status_code == 201, response.text
    return response.json()


def ledger(urls, settings, order_id):
    return requests.get(f"{urls['payment']}/orders/{order_id}/ledger", timeout=10,
                        headers=acting_for(settings.jwt_secret, "payment")).json()["entries"]


def test_through_client_dashboard_the_order_has_the_owners_facts_and_is_charged_its_own_price(stack):
    urls, settings = stack
    me, auth, cat = signed_up(urls, "anna")
    order = placed(urls, auth, cat)
    full = requests.get(f"{urls['order']}/orders/{order['id']}", timeout=10,
                        headers=acting_for(settings.jwt_secret, "order")).json()
    assert (full["client_id"], full["client_email"], full["cat_name"]) == (me["id"], me["email"], "anna's cat")
    paid = requests.post(f"{urls['client-dashboard']}/orders/{order['id']}/pay", timeout=10,
                         json={"card_number": "4242424242424242"}, headers={**auth, "Idempotency-Key": "p1"})
    assert paid.status_code == 201, paid.text
    assert (paid.json()["amount_minor"], paid.json()["currency"]) == (PRICE, "RUB")


def test_a_clients_own_token_opens_neither_order_nor_payment(stack):
    urls, settings = stack
    me, auth, cat = signed_up(urls, "mallory")
    order = placed(urls, auth, cat)
    attempts = [("order", "POST", "/orders", {**order_body(cat), "client_id": me["id"]}),
                ("order", "GET", f"/orders/{order['id']}", None),
                ("payment", "POST", "/payments", {"order_id": order["id"], "client_id": me["id"],
                                                  "amount_minor": 1, "currency": "XXX",
                                                  "card_number": "4242424242424242"})]
    for service, method, path, body in attempts:
        response = requests.request(method, f"{urls[service]}{path}", json=body, timeout=10,
                                    headers={**auth, "Idempotency-Key": "k"})
        assert response.status_code == 401 and response.headers["Content-Type"] == "application/problem+json"
    assert ledger(urls, settings, order["id"]) == []


def test_acting_for_one_client_another_clients_order_and_cat_are_refused_and_forged_prices_charge_nothing(stack):
    urls, settings = stack
    mallory, _, _ = signed_up(urls, "mallory")
    _, victim_auth, victims_cat = signed_up(urls, "victim")
    victims_order = placed(urls, victim_auth, victims_cat)
    as_mallory = acting_for(settings.jwt_secret, "payment", "client", mallory["id"], caller="client-dashboard")

    def pay(body, key):
        return requests.post(f"{urls['payment']}/payments", json=body, timeout=10,
                             headers={**as_mallory, "Idempotency-Key": key})

    theirs = pay({"order_id": victims_order["id"], "card_number": "4242424242424242"}, "m1")
    assert theirs.status_code == 404
    unknown = pay({"order_id": str(uuid.uuid4()), "card_number": "4242424242424242"}, "m2")
    assert unknown.status_code == 404
    forged = pay({"order_id": victims_order["id"], "card_number": "4242424242424242",
                  "expected_price": {"amount_minor": 1, "currency": "XXX"}}, "m3")
    assert forged.status_code == 404
    huge = pay({"order_id": victims_order["id"], "card_number": "4242424242424242",
                "expected_price": {"amount_minor": 10**27, "currency": "RUB"}}, "m4")
    assert huge.status_code == 422 and "expected_price" in huge.json()["errors"]["json"]
    assert ledger(urls, settings, victims_order["id"]) == []

    stolen_cat = requests.post(f"{urls['order']}/orders", json=order_body(victims_cat), timeout=10,
                               headers=acting_for(settings.jwt_secret, "order", "client", mallory["id"]))
    assert stolen_cat.status_code == 404 and stolen_cat.json()["field"] == "cat_id"
    mine = requests.get(f"{urls['order']}/orders", params={"client_id": mallory["id"]}, timeout=10,
                        headers=acting_for(settings.jwt_secret, "order", "client", mallory["id"]))
    assert mine.status_code == 200 and mine.json() == []


def test_a_forged_price_on_ones_own_order_is_refused_and_the_order_stays_unpaid(stack):
    urls, settings = stack
    me, auth, cat = signed_up(urls, "tom")
    order = placed(urls, auth, cat)
    as_me = acting_for(settings.jwt_secret, "payment", "client", me["id"], caller="client-dashboard")
    forged = requests.post(f"{urls['payment']}/payments", timeout=10, headers={**as_me, "Idempotency-Key": "t1"},
                           json={"order_id": order["id"], "card_number": "4242424242424242",
                                 "expected_price": {"amount_minor": 1, "currency": "XXX"}})
    assert forged.status_code == 409 and forged.json()["type"] == "urn:mcf:problem:price-mismatch"
    old_shape = requests.post(f"{urls['payment']}/payments", timeout=10, headers={**as_me, "Idempotency-Key": "t2"},
                              json={"order_id": order["id"], "card_number": "4242424242424242",
                                    "amount_minor": 1, "currency": "XXX", "client_id": me["id"]})
    assert old_shape.status_code == 422
    assert ledger(urls, settings, order["id"]) == []
    assert requests.get(f"{urls['client-dashboard']}/orders/{order['id']}", headers=auth,
                        timeout=10).json()["paid"] is False


def test_a_forged_unsigned_expired_or_misbound_client_assertion_is_refused_and_places_nothing(stack):
    """ADR 0184: order-service takes the client's facts from client-dashboard's signed assertion only when it is
    valid, from client-dashboard itself, and about this very request; else it refuses, placing nothing."""
    urls, settings = stack
    me, _, cat = signed_up(urls, "eve")
    _, _, victims_cat = signed_up(urls, "victim")
    facts = {"client_id": me["id"], "cat_id": cat["id"], "email": "eve@forged.example", "locale": "en",
             "cat_name": "forged", "idempotency_key": "a1"}

    def assertion(secret=settings.jwt_secret, issuer="client-dashboard", kind="client-facts", audience="order",
                  ttl=60, **changes):
        return issue_assertion(secret, issuer, kind, audience=audience, facts={**facts, **changes}, ttl_seconds=ttl)

    def place(client_assertion, caller="client-dashboard"):
        return requests.post(f"{urls['order']}/orders", json=order_body(cat), timeout=10, headers={
            **acting_for(settings.jwt_secret, "order", "client", me["id"], caller=caller), "Idempotency-Key": "a1",
            "MCF-Client-Assertion": client_assertion})

    unsigned = jwt.encode({**facts, "mcf_assertion": "client-facts", "sub": "client-dashboard", "iss": "mcf",
                           "aud": ["order"], "iat": 0, "exp": 2**31}, None, algorithm="none")
    invalid = {
        "another key": assertion(secret="x" * 40), "unsigned": unsigned, "expired": assertion(ttl=-30),
        "for payment": assertion(audience="payment"), "another kind": assertion(kind="order-facts"),
        "a service token": issue_token(settings.jwt_secret, "client-dashboard", "service", audience="order"),
        "garbage": "not-a-jwt"}
    for name, forged in invalid.items():
        response = place(forged)
        assert response.status_code == 401, (name, response.text)
        assert response.json()["type"] == "urn:mcf:problem:unauthorized", name
    misbound = {
        "another issuer": place(assertion(issuer="payment")),
        "another caller": place(assertion(), caller="payment"),
        "another client": place(assertion(client_id=str(uuid.uuid4()))),
        "another cat": place(assertion(cat_id=victims_cat["id"])),
        "another request": place(assertion(idempotency_key="a2"))}
    for name, response in misbound.items():
        assert response.status_code == 403, (name, response.text)
    honest = place(assertion())  # the same key: had a refused attempt placed anything, this would be its replay
    assert honest.status_code == 201, honest.text
    assert "Idempotent-Replayed" not in honest.headers
    assert (honest.json()["client_email"], honest.json()["cat_name"]) == ("eve@forged.example", "forged")
