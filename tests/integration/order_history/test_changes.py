"""order-history's change feed on the real ClickHouse server: every archived order once in archiving order, an order
archived again comes again at its latest version, nothing archived within the settle window is served yet, and
only services acting for nobody may read it."""
import uuid
from datetime import datetime, timedelta, timezone

import pytest

from mcf.kit.http import create_app
from mcf.order_history import app as history_app
from mcf.order_history.adapters.gateways import archived_from
from mcf.order_history.adapters.http import blueprint
from mcf.order_history.adapters.storage import ClickhouseArchive
from mcf.order_history.domain import ChangeCursor
from mcf.order_history.service import CHANGES_SETTLE
from tests.support.order_history import order_json
from tests.support.tokens import acting_for

T0 = datetime(2031, 5, 1, 12, 0, tzinfo=timezone.utc)


def _archive_at(archive, moment, orders):
    ClickhouseArchive(archive.client, clock=lambda: moment).add(orders)


def _walk(archive, before, limit=3):
    seen, cursor = [], None
    while True:
        page = archive.changes(cursor, before, limit)
        seen += page
        if len(page) < limit:
            return seen
        cursor = ChangeCursor(page[-1].archived_at, page[-1].order.order_id)


def test_the_feed_visits_every_order_once_in_archiving_order_even_with_ties(archive):
    orders = [archived_from(order_json("completed")) for _ in range(7)]
    for i, order in enumerate(orders):
        _archive_at(archive, T0 + timedelta(seconds=i // 3), [order])  # three to a second: ties on archived_at
    seen = _walk(archive, T0 + timedelta(hours=1))
    assert sorted(c.order.order_id for c in seen) == sorted(o.order_id for o in orders)
    assert len(seen) == 7
    assert [c.archived_at for c in seen] == sorted(c.archived_at for c in seen)


def test_an_order_archived_again_comes_again_at_its_latest_version_and_once(archive):
    raw = order_json("cancelled", version=4, refunds=[])
    other = archived_from(order_json("completed"))
    _archive_at(archive, T0, [archived_from(raw), other])
    first = archive.changes(None, T0 + timedelta(minutes=1), 10)
    assert {c.order.order_id for c in first} == {raw["id"], other.order_id}
    cursor = ChangeCursor(first[-1].archived_at, first[-1].order.order_id)
    assert archive.changes(cursor, T0 + timedelta(minutes=1), 10) == []
    _archive_at(archive, T0 + timedelta(seconds=30), [archived_from({**raw, "version": 5})])  # a refund recorded
    again = archive.changes(cursor, T0 + timedelta(minutes=1), 10)
    assert [(c.order.order_id, c.order.version) for c in again] == [(raw["id"], 5)]
    # the same version redelivered: comes again (at least once), still one row, still version 5
    _archive_at(archive, T0 + timedelta(seconds=40), [archived_from({**raw, "version": 5})])
    everything = archive.changes(None, T0 + timedelta(minutes=1), 10)
    assert sorted((c.order.order_id, c.order.version) for c in everything) == sorted(
        [(raw["id"], 5), (other.order_id, other.version)])


def test_what_was_archived_inside_the_window_is_not_served_yet(archive):
    order = archived_from(order_json("completed"))
    _archive_at(archive, T0, [order])
    assert archive.changes(None, T0, 10) == []
    assert [c.order.order_id for c in archive.changes(None, T0 + timedelta(seconds=1), 10)] == [order.order_id]


@pytest.fixture
def feed(history_settings, archive):
    """order-history's blueprint on the kit's app factory (as its create_app builds it), on a clock the test moves."""
    now = {"t": T0 + timedelta(hours=1)}
    app = create_app(history_app.SERVICE, history_settings, blueprints=[blueprint(archive, lambda: now["t"])])
    return app.test_client(), now


def test_the_http_feed_pages_with_its_cursor_and_hands_the_same_cursor_back_when_nothing_is_new(feed, archive,
                                                                                               history_settings):
    client, now = feed
    orders = [archived_from(order_json("completed")) for _ in range(3)]
    _archive_at(archive, T0, orders)
    service = acting_for(history_settings.jwt_secret, "order-history", "service", caller="quality")
    first = client.get("/archive/changes?limit=2", headers=service)
    assert first.status_code == 200, first.get_json()
    body = first.get_json()
    assert len(body["items"]) == 2 and body["items"][0]["archived_at"].startswith("2031-05-01T12:00:00")
    rest = client.get(f"/archive/changes?limit=2&after={body['next_cursor']}", headers=service).get_json()
    assert len(rest["items"]) == 1
    assert {i["order_id"] for i in body["items"] + rest["items"]} == {o.order_id for o in orders}
    idle = client.get(f"/archive/changes?after={rest['next_cursor']}", headers=service).get_json()
    assert idle == {"items": [], "next_cursor": rest["next_cursor"]}
    # archived just now: inside the settle window, then served once the window has passed
    late = archived_from(order_json("completed"))
    _archive_at(archive, now["t"], [late])
    assert client.get(f"/archive/changes?after={rest['next_cursor']}", headers=service).get_json()["items"] == []
    now["t"] += CHANGES_SETTLE + timedelta(seconds=1)
    served = client.get(f"/archive/changes?after={rest['next_cursor']}", headers=service).get_json()["items"]
    assert [i["order_id"] for i in served] == [late.order_id]


def test_the_http_feed_is_for_services_acting_for_nobody_and_refuses_a_foreign_cursor(feed, history_settings):
    client, _ = feed
    secret = history_settings.jwt_secret
    for role in ("manager", "worker", "client"):
        answer = client.get("/archive/changes", headers=acting_for(secret, "order-history", role, str(uuid.uuid4())))
        assert answer.status_code == 403, role
    assert client.get("/archive/changes").status_code == 401
    service = acting_for(secret, "order-history")
    search_cursor = client.get("/archive/orders?limit=1", headers=service).get_json()["next_cursor"] or "eA"
    refused = client.get(f"/archive/changes?after={search_cursor}", headers=service)
    # the feed's cursor has its own pattern in the contract: a search cursor does not match it
    assert refused.status_code == 422 and "after" in refused.get_json()["errors"]["query"]
