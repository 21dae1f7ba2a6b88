"""ADR 0184: placing an order no longer needs client-dashboard to answer order-service's call back while its own
request thread waits for order-service. client-dashboard is served one request at a time (every thread busy);
the real order-service behind it, on real PostgreSQL and ClickHouse (matching is the in-memory fake)."""
import uuid
from contextlib import ExitStack
from datetime import datetime, timedelta, timezone

import pytest
import requests

from mcf.kit.auth import ServiceCredentials
from mcf.kit.service_client import ServiceClient
from tests.integration.test_trust_boundaries import _free_port
from tests.support.order import FakeMatching
from tests.support.stub_services import serve
from tests.support.tokens import acting_for

CALLBACK_TIMEOUT = 2  # order's wait for client-dashboard's answer; short, the starved call waits it out


@pytest.fixture(scope="module")
def single_threaded_dashboard(servers, isolated_settings):
    from mcf.client_dashboard import app as dashboard_app
    from mcf.kit import clickhouse
    from mcf.order import app as order_app
    from mcf.order.adapters.gateways import HttpClientDirectory
    from mcf.order.ports import ClientDirectoryUnavailable

    settings = isolated_settings
    urls = {name: f"http://127.0.0.1:{_free_port()}" for name in ("client-dashboard", "order")}
    directory = HttpClientDirectory(ServiceClient(
        "client-dashboard", urls["client-dashboard"], ServiceCredentials(settings, caller="order"),
        timeout=CALLBACK_TIMEOUT, unavailable=ClientDirectoryUnavailable))
    dashboard = dashboard_app.create_app(settings, order_url=urls["order"],
                                         payment_url=f"http://127.0.0.1:{_free_port()}")
    order = order_app.create_app(settings, matching=FakeMatching(str(uuid.uuid4()), amount=50_000),
                                 clients=directory)
    with ExitStack() as running:
        running.enter_context(serve(dashboard, port=int(urls["client-dashboard"].rsplit(":", 1)[1]),
                                    threaded=False))
        running.enter_context(serve(order, port=int(urls["order"].rsplit(":", 1)[1])))
        yield urls, settings
    ch = clickhouse.connect(settings, "order")
    try:
        clickhouse.drop_database(ch, settings.database_name("order"))
    finally:
        ch.disconnect()


def _client_with_a_cat(url):
    signup = requests.post(f"{url}/signup", timeout=10, json={
        "email": f"solo-{uuid.uuid4().hex[:6]}@cats.example", "password": "correct horse battery",
        "display_name": "Solo", "locale": "ru"})
    assert signup.status_code == 201, signup.text
    auth = {"Authorization": f"Bearer {signup.json()['token']}"}
    cat = requests.post(f"{url}/cats", json={"name": "Murka", "age_years": 3}, headers=auth, timeout=10)
    assert cat.status_code == 201, cat.text
    return signup.json()["client"], auth, cat.json()


def _order_body(cat):
    return {"cat_id": cat["id"], "toy_category": "mice", "duration_minutes": 60,
            "address": {"city": "Moscow", "district": "Arbat", "street": "Arbat st", "building": "1"},
            "slot_start": (datetime.now(timezone.utc) + timedelta(days=2)).isoformat()}


def test_a_dashboard_with_one_thread_places_an_order_with_its_own_facts(single_threaded_dashboard):
    urls, settings = single_threaded_dashboard
    me, auth, cat = _client_with_a_cat(urls["client-dashboard"])
    placed = requests.post(f"{urls['client-dashboard']}/orders", json=_order_body(cat), headers=auth, timeout=15)
    assert placed.status_code == 201, placed.text
    full = requests.get(f"{urls['order']}/orders/{placed.json()['id']}", timeout=10,
                        headers=acting_for(settings.jwt_secret, "order")).json()
    assert (full["client_id"], full["client_email"], full["cat_name"], full["locale"]) == \
        (me["id"], me["email"], "Murka", me["locale"])


def test_without_the_assertion_the_call_back_starves_and_the_client_gets_503(single_threaded_dashboard,
                                                                              monkeypatch):
    """What the assertion removed: the same request unsigned makes order call the busy dashboard back."""
    from mcf.client_dashboard.adapters import gateways

    urls, _ = single_threaded_dashboard
    _, auth, cat = _client_with_a_cat(urls["client-dashboard"])
    call = gateways.ServiceClient.call

    def unsigned(self, method, path, **kwargs):
        headers = {name: value for name, value in (kwargs.pop("headers", None) or {}).items()
                   if name != gateways.CLIENT_ASSERTION_HEADER}
        return call(self, method, path, headers=headers, **kwargs)

    monkeypatch.setattr(gateways.ServiceClient, "call", unsigned)
    starved = requests.post(f"{urls['client-dashboard']}/orders", json=_order_body(cat), headers=auth, timeout=15)
    assert starved.status_code == 503, starved.text
    assert starved.json()["type"] == "urn:mcf:problem:dependency-unavailable"
