"""worker-dashboard's gateways against stub upstreams (tests/support/worker_stubs.py): the paths and methods
order-service's OpenAPI document has, the worker's credential forwarded, multipart with an Idempotency-Key to
order-report, and every failure mapped (404, 409 through; 5xx, a hang, a refused connection: Unavailable)."""
from __future__ import annotations

import re
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest
import yaml

from mcf.kit.auth import ServiceCredentials
from mcf.kit.config import Settings
from mcf.kit.errors import Conflict, NotFound, Unauthorized, Unavailable
from mcf.worker_dashboard.adapters.history_gateway import HttpOrderHistoryGateway
from mcf.worker_dashboard.adapters.order_gateway import HttpOrderGateway, OrderListingHistory
from mcf.worker_dashboard.adapters.profile_gateway import HttpProfileGateway
from mcf.worker_dashboard.adapters.report_gateway import HttpReportGateway
from mcf.worker_dashboard.adapters.upstream import ServiceClient, UpstreamAuth
from mcf.worker_dashboard.domain import Photo, ToyReaction
from mcf.worker_dashboard.ports import Caller, CheckIn, Report
from tests.support.stub_services import StubControls, serve
from tests.support.worker_stubs import WorkerWorld, history_stub, profile_stub, report_stub, worker_order_stub

SECRET = "contract-test-secret-long-enough-for-hs256"
ORDER_DOC = yaml.safe_load((Path(__file__).resolve().parents[2] / "contracts" / "openapi" / "order.yaml").read_text())
JPEG = Photo("door.jpg", "image/jpeg", b"\xff\xd8\xff\xe0fake-jpeg-bytes")


@pytest.fixture
def world():
    return WorkerWorld(SECRET)


@pytest.fixture
def me(world):
    worker_id = world.add_worker("w@example.com", "secret-password")
    return Caller(worker_id)


CREDENTIALS = ServiceCredentials(Settings(jwt_secret=SECRET), caller="worker-dashboard")


def _client(service: str, url: str) -> ServiceClient:
    return ServiceClient(service, url, CREDENTIALS, timeout=1.0)


AS_ME = ("service", "worker-dashboard")  # every upstream call: worker-dashboard's service token acting for the worker


@pytest.fixture
def orders(world):
    controls = StubControls()
    with serve(worker_order_stub(world, controls)) as url:
        yield HttpOrderGateway(_client("order", url), UpstreamAuth()), controls


@pytest.fixture
def reports(world):
    controls = StubControls()
    with serve(report_stub(world, controls)) as url:
        yield HttpReportGateway(_client("order-report", url), UpstreamAuth()), controls


def documented(method: str, path: str) -> bool:
    for template, operations in ORDER_DOC["paths"].items():
        pattern = "^" + template.replace("{order_id}", "[^/]+") + "$"

        if re.match(pattern, path) and method.lower() in operations:
            return True
    return False


def test_order_calls_are_operations_of_order_services_contract_made_as_the_worker(world, me, orders):
    gateway, controls = orders
    order = world.offer(me.worker_id)
    assert [row["order_id"] for row in gateway.for_worker(me, current_only=True)] == [order["id"]]
    assert gateway.get(me, order["id"])["id"] == order["id"]
    assert gateway.accept(me, order["id"])["worker_id"] == me.worker_id
    for received in controls.received:
        assert documented(received.method, received.path), (received.method, received.path)
        assert (received.role, received.subject, received.acting_for) == (*AS_ME, ("worker", me.worker_id))
    listing = controls.received[0]
    assert listing.args == {"worker_id": me.worker_id, "limit": "200", "current": "true"}
    params = {p["name"] for p in ORDER_DOC["paths"]["/orders"]["get"]["parameters"]}
    assert set(listing.args) <= params


def test_decline_and_the_history_from_order_services_listing(world, me, orders):
    gateway, controls = orders
    order = world.offer(me.worker_id)
    gateway.decline(me, order["id"])
    assert controls.last("POST").path == f"/orders/{order['id']}/offer/decline"
    assert gateway.get(me, order["id"]) is None, "a declined order is no longer the worker's to see"
    done = world.offer(me.worker_id, status="completed")
    world.orders[done["id"]].update(worker_id=me.worker_id, offer=None)
    history = OrderListingHistory(gateway._client, UpstreamAuth())
    assert [(row["order_id"], row["status"]) for row in history.for_worker(me)] == [(done["id"], "completed")]
    assert "current" not in controls.last("GET").args


def test_an_order_not_shown_to_the_worker_is_none_and_a_closed_offer_a_conflict(world, me, orders):
    gateway, _ = orders
    order = world.offer("someone-else")
    assert gateway.get(me, order["id"]) is None
    mine = world.offer(me.worker_id)
    gateway.accept(me, mine["id"])
    with pytest.raises(Conflict) as error:
        gateway.accept(me, mine["id"])
    assert error.value.slug == "offer-closed"


@pytest.mark.parametrize("failure", ["5xx", "hang", "refused"])
def test_an_order_service_that_fails_hangs_or_is_down_is_unavailable(me, orders, failure):
    gateway, controls = orders
    if failure == "5xx":
        controls.fail_with = 500
    elif failure == "hang":
        controls.hang = threading.Event()
    else:
        gateway = HttpOrderGateway(_client("order", "http://127.0.0.1:9"), UpstreamAuth())
    started = time.monotonic()
    try:
        with pytest.raises(Unavailable):
            gateway.for_worker(me, current_only=True)
    finally:
        if controls.hang is not None:
            controls.hang.set()
    assert time.monotonic() - started < 3, "bounded by the timeout"


def test_a_check_in_is_multipart_with_the_key_and_a_replay_is_recognised(world, me, reports):
    gateway, controls = reports
    order = world.offer(me.worker_id)
    world.orders[order["id"]].update(worker_id=me.worker_id, offer=None)
    first = gateway.check_in(me, CheckIn(order["id"], [JPEG], 55.75, 37.62), "key-1")
    again = gateway.check_in(me, CheckIn(order["id"], [JPEG], 55.75, 37.62), "key-1")
    assert not first.replayed and again.replayed and first.document == again.document
    sent = controls.received[0]
    assert sent.headers["Content-Type"].startswith("multipart/form-data")
    assert sent.headers["Idempotency-Key"] == "key-1"
    assert (sent.role, sent.subject, sent.acting_for) == (*AS_ME, ("worker", me.worker_id))
    assert world.photos == [("image/jpeg", JPEG.data)] and len(world.check_ins) == 1
    assert first.document["location"] == {"lat": 55.75, "lon": 37.62}
    assert "time" not in sent.headers


def test_a_check_in_carries_the_phones_time_for_one_sent_later(world, me, reports):
    gateway, _ = reports
    order = world.offer(me.worker_id)
    world.orders[order["id"]].update(worker_id=me.worker_id, offer=None)
    at = datetime(2030, 1, 1, 10, 0, tzinfo=timezone.utc)
    done = gateway.check_in(me, CheckIn(order["id"], [JPEG], checked_in_at=at), "key-t")
    assert done.document["checked_in_at"] == "2030-01-01T10:00:00Z" and done.document["location"] is None


def test_a_report_without_photos_is_still_multipart_and_can_be_read_back(world, me, reports):
    gateway, controls = reports
    order = world.offer(me.worker_id)
    world.orders[order["id"]].update(worker_id=me.worker_id, offer=None, status="in_progress")
    filed = gateway.file_report(me, Report(order["id"], [ToyReaction("ball", 5)], 45, "fine", []), "key-2")
    assert filed.document["toys"] == [{"toy": "ball", "reaction": 5}] and filed.document["duration_minutes"] == 45
    assert controls.received[0].headers["Content-Type"].startswith("multipart/form-data")
    world.check_ins["earlier"] = {"order_id": order["id"]}
    assert gateway.report_of(me, order["id"])["report"]["report_id"] == filed.document["report_id"]
    other = world.offer(me.worker_id)
    assert gateway.report_of(me, other["id"]) is None


def test_a_refused_check_in_passes_the_problem_through(world, me, reports):
    gateway, _ = reports
    order = world.offer(me.worker_id)
    with pytest.raises(NotFound):                        # not assigned to me at order-report
        gateway.check_in(me, CheckIn(order["id"], [JPEG]), "key-3")


def test_login_returns_worker_profiles_token_and_passes_a_wrong_password_through(world):
    worker_id = world.add_worker("login@example.com", "secret-password")
    controls = StubControls()
    with serve(profile_stub(world, controls)) as url:
        gateway = HttpProfileGateway(_client("worker-profile", url))
        token = gateway.log_in("login@example.com", "secret-password")
        with pytest.raises(Unauthorized):
            gateway.log_in("login@example.com", "wrong")
        controls.fail_with = 401
        with pytest.raises(Unauthorized):
            gateway.log_in("login@example.com", "secret-password")
    from mcf.kit.auth import decode_token
    assert decode_token(SECRET, token, audience="worker-dashboard").subject == worker_id
    assert controls.received[0].json == {"email": "login@example.com", "password": "secret-password"}


def test_the_history_comes_from_order_historys_archive_page_by_page_as_the_worker(world, me):
    finished = []
    for status in ("completed", "cancelled", "expired"):
        order = world.offer(me.worker_id, status=status)
        world.orders[order["id"]].update(worker_id=me.worker_id, offer=None)
        finished.append(order["id"])
    world.offer(me.worker_id)                                   # open: not history
    controls = StubControls()
    with serve(history_stub(world, controls, page=2)) as url:
        gateway = HttpOrderHistoryGateway(_client("order-history", url), UpstreamAuth())
        rows = gateway.for_worker(me)
    assert sorted(row["order_id"] for row in rows) == sorted(finished)
    assert [r.path for r in controls.received] == [f"/workers/{me.worker_id}/orders"] * 2, "two pages"
    assert all((r.role, r.subject, r.acting_for) == (*AS_ME, ("worker", me.worker_id)) for r in controls.received)
    assert controls.received[1].args["cursor"] == "2"


REPORT_DOC = yaml.safe_load((Path(__file__).resolve().parents[2] / "contracts" / "openapi" /
                             "order-report.yaml").read_text())


def in_report_contract(method: str, path: str) -> dict | None:
    """order-report's operation for a path the gateways called, or None (contracts/openapi/order-report.yaml)."""
    for template, operations in REPORT_DOC["paths"].items():
        pattern = "^" + re.sub(r"\{[a-z_]+\}", "[^/]+", template) + "$"
        if re.match(pattern, path) and method.lower() in operations:
            return operations[method.lower()]
    return None


def test_the_photo_calls_of_both_dashboards_are_order_reports_photo_operations_acting_for_the_person(world, me,
                                                                                                      reports):
    from mcf.client_dashboard.adapters.gateways import HttpReportGateway as ClientReportGateway

    gateway, controls = reports
    order = world.offer(me.worker_id)
    order.update(worker_id=me.worker_id, offer=None)
    [link] = gateway.check_in(me, CheckIn(order["id"], [JPEG]), "k-photo").document["photos"]
    for thumbnail in (False, True):
        photo = gateway.photo(me, link["photo_id"], thumbnail)
        sent = controls.last("GET")
        operation = in_report_contract("GET", sent.path)
        assert operation is not None, sent.path
        assert photo.content_type in operation["responses"]["200"]["content"]
        assert (sent.role, sent.subject, sent.acting_for) == (*AS_ME, ("worker", me.worker_id))
    assert gateway.photo(Caller("someone-else"), link["photo_id"]) is None

    client_gateway = ClientReportGateway(ServiceClient("order-report", gateway._client.base_url, ServiceCredentials(
        Settings(jwt_secret=SECRET), caller="client-dashboard"), timeout=1.0))
    assert client_gateway.photo(order["client_id"], link["photo_id"]) is None   # the stub shows photos to workers
    sent = controls.last("GET")
    assert in_report_contract("GET", sent.path) is not None
    assert (sent.role, sent.subject, sent.acting_for) == ("service", "client-dashboard", ("client", order["client_id"]))
    assert client_gateway.record_of(order["client_id"], order["id"]) is None
    assert in_report_contract("GET", controls.last("GET").path) is not None
