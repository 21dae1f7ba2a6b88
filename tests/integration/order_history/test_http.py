"""order-history's HTTP API on its real app and ClickHouse: access per role, paging, statistics; and the backfill."""
import uuid
from datetime import timedelta

import pytest

from mcf.order_history import app as history_app
from mcf.order_history.adapters.gateways import archived_from
from tests.support.order_history import SLOT, order_json
from tests.support.tokens import acting_for, user

CLIENT, WORKER = str(uuid.uuid4()), str(uuid.uuid4())


@pytest.fixture
def http(history_settings, archive):
    archive.add([archived_from(order_json("completed", client_id=CLIENT, worker_id=WORKER,
                                          slot=SLOT + timedelta(hours=i))) for i in range(3)]
                + [archived_from(order_json("cancelled"))])
    client = history_app.create_app(history_settings).test_client()

    def get(path, role=None, subject=None, headers=None):
        """As a service on its own (``service``) or acting for a person in ``role`` (ADR 0050)."""
        if headers is None:
            headers = {} if role is None else acting_for(history_settings.jwt_secret, "order-history", role, subject)
        return client.get(path, headers=headers)

    return get


def test_a_token_is_required(http):
    response = http("/archive/orders")
    assert response.status_code == 401 and response.content_type == "application/problem+json"


@pytest.mark.parametrize("role", ["client", "worker", "manager"])
def test_a_persons_own_token_opens_nothing_here(http, history_settings, role):
    """People reach the archive only through their entry point, which acts for them with a service token."""
    own = user(history_settings.jwt_secret, role, CLIENT if role == "client" else WORKER)
    for path in ("/archive/orders", f"/clients/{CLIENT}/orders", f"/workers/{WORKER}/orders"):
        response = http(path, headers=own)
        assert response.status_code == 401 and response.content_type == "application/problem+json", path


@pytest.mark.parametrize("role", ["manager", "service"])
def test_managers_and_services_search_everything_and_page_through_it(http, role):
    everything = http("/archive/orders?limit=200", role).get_json()["items"]
    assert len(everything) == 4
    first = http("/archive/orders?limit=3", role).get_json()
    second = http(f"/archive/orders?limit=3&cursor={first['next_cursor']}", role).get_json()
    assert [o["order_id"] for o in first["items"] + second["items"]] == [o["order_id"] for o in everything]
    assert second["next_cursor"] is None
    statistics = http(f"/workers/{WORKER}/statistics", role).get_json()
    assert (statistics["orders"], statistics["completed"], statistics["on_time_check_ins"]) == (3, 3, 3)


def test_a_client_sees_only_its_own_orders(http):
    mine = http("/archive/orders", "client", CLIENT).get_json()["items"]
    assert len(mine) == 3 and {o["client_id"] for o in mine} == {CLIENT}
    assert http(f"/clients/{CLIENT}/orders?status=completed", "client", CLIENT).get_json()["items"] == mine
    assert http(f"/archive/orders?client_id={uuid.uuid4()}", "client", CLIENT).status_code == 403
    assert http(f"/clients/{uuid.uuid4()}/orders", "client", CLIENT).status_code == 403
    assert http(f"/archive/orders/{mine[0]['order_id']}", "client", CLIENT).status_code == 200
    assert http(f"/archive/orders/{mine[0]['order_id']}", "client", str(uuid.uuid4())).status_code == 404
    assert http(f"/workers/{WORKER}/orders", "client", CLIENT).status_code == 403
    assert http(f"/workers/{WORKER}/statistics", "client", CLIENT).status_code == 403


def test_a_worker_sees_only_its_own_history_and_no_statistics(http):
    mine = http(f"/workers/{WORKER}/orders", "worker", WORKER).get_json()["items"]
    assert len(mine) == 3 and {o["worker_id"] for o in mine} == {WORKER}
    assert mine[0]["stages"]["checked_in_at"] and mine[0]["report"] == {"report_id": "rep-1", "summary": None}
    assert http(f"/workers/{uuid.uuid4()}/orders", "worker", WORKER).status_code == 403
    assert http("/archive/orders", "worker", str(uuid.uuid4())).get_json()["items"] == []
    assert http(f"/workers/{WORKER}/statistics", "worker", WORKER).status_code == 403


def test_bad_queries_are_problems(http):
    for path in ("/archive/orders?status=placed", "/archive/orders?limit=0", "/archive/orders?cursor=zzz",
                 "/archive/orders?from=2031-01-01T00:00:00"):
        response = http(path, "manager")
        assert response.status_code == 422 and response.content_type == "application/problem+json", path


def test_backfill_rebuilds_the_archive_from_order_service_and_is_safe_to_rerun(history_settings, order_service,
                                                                              archive):
    url, orders, _seen = order_service
    for i in range(450):  # more than two of order-service's listing pages, with ties on slot_start
        order = order_json(("completed", "cancelled", "expired")[i % 3], slot=SLOT + timedelta(hours=i // 7))
        orders[order["id"]] = order
    source = history_app.order_source(history_settings, url)
    assert history_app.backfill(history_settings, orders=source) == 450
    assert history_app.backfill(history_settings, orders=source) == 450
    [[visible]] = archive.client.execute("SELECT count() FROM order_archive FINAL")
    assert visible == 450
    assert archive.get(next(iter(orders))) == archived_from(next(iter(orders.values())))
