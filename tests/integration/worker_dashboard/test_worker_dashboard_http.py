"""worker-dashboard's HTTP API in front of stub upstreams: a worker sees only its own; other roles are refused;
bad input is problem+json and reaches no upstream; the PWA's files are served as an installable app needs."""
from __future__ import annotations

import io
import uuid
from contextlib import ExitStack

import pytest

from mcf.worker_dashboard.app import create_app
from tests.support.stub_services import StubControls, serve
from tests.support.tokens import acting_for, user
from tests.support.worker_stubs import WorkerWorld, history_stub, profile_stub, report_stub, worker_order_stub

SECRET = "http-test-secret-long-enough-for-hs256"
JPEG = b"\xff\xd8\xff\xe0" + b"0" * 64


@pytest.fixture(scope="module")
def world():
    return WorkerWorld(SECRET)


@pytest.fixture(scope="module")
def controls():
    return {"orders": StubControls(), "reports": StubControls(), "profiles": StubControls(),
            "history": StubControls()}


@pytest.fixture(scope="module")
def client(settings, world, controls):
    with ExitStack() as stack:
        urls = {name: stack.enter_context(serve(build(world, controls[name])))
                for name, build in (("orders", worker_order_stub), ("reports", report_stub),
                                    ("profiles", profile_stub), ("history", history_stub))}
        app = create_app(settings.with_(jwt_secret=SECRET, http_timeout=2.0), order_url=urls["orders"],
                         report_url=urls["reports"], profile_url=urls["profiles"], history_url=urls["history"])
        yield app.test_client()


def bearer(subject: str, role: str = "worker") -> dict:
    """A token made for worker-dashboard in ``role`` (a worker's is the one worker-profile issues)."""
    if role == "service":
        return acting_for(SECRET, "worker-dashboard", "service", subject)
    return user(SECRET, role, subject, audience="worker-dashboard")


@pytest.fixture
def worker(world):
    return world.add_worker(f"{uuid.uuid4().hex[:8]}@example.com", "secret-password")


def photo_form(**fields):
    return {"photos": (io.BytesIO(JPEG), "door.jpg", "image/jpeg"), **fields}


def test_login_gives_worker_profiles_token_and_a_wrong_password_is_401(client, world):
    world.add_worker("login@example.com", "secret-password")
    ok = client.post("/api/login", json={"email": "login@example.com", "password": "secret-password"})
    assert ok.status_code == 200 and ok.json["token"]
    wrong = client.post("/api/login", json={"email": "login@example.com", "password": "nope"})
    assert wrong.status_code == 401 and wrong.mimetype == "application/problem+json"
    assert wrong.json["type"] == "urn:mcf:problem:invalid-credentials"


@pytest.mark.parametrize("path", ["/api/offers", "/api/orders", "/api/history", f"/api/orders/{uuid.uuid4()}",
                                  f"/api/photos/{uuid.uuid4()}", f"/api/photos/{uuid.uuid4()}/thumbnail"])
def test_every_route_needs_a_worker_token(client, path):
    assert client.get(path).status_code == 401
    for role in ("client", "manager", "service"):
        refused = client.get(path, headers=bearer(str(uuid.uuid4()), role))
        assert refused.status_code == 403 and refused.mimetype == "application/problem+json"


def test_a_token_for_another_service_is_refused(client, worker):
    """A client's token (for client-dashboard) and a service token for order-service open nothing here."""
    for headers in (user(SECRET, "client"), acting_for(SECRET, "order", "worker", worker)):
        refused = client.get("/api/offers", headers=headers)
        assert refused.status_code == 401 and refused.mimetype == "application/problem+json"


def test_upstreams_see_a_service_token_acting_for_the_worker(client, world, worker, controls):
    world.offer(worker)
    assert client.get("/api/offers", headers=bearer(worker)).status_code == 200
    sent = controls["orders"].last("GET")
    assert (sent.role, sent.subject, sent.acting_for) == ("service", "worker-dashboard", ("worker", worker))


def test_a_worker_sees_its_own_offers_and_orders_only(client, world, worker):
    mine = world.offer(worker)
    theirs = world.offer(str(uuid.uuid4()))
    offers = client.get("/api/offers", headers=bearer(worker)).json
    assert [o["id"] for o in offers] == [mine["id"]]
    assert client.get(f"/api/orders/{theirs['id']}", headers=bearer(worker)).status_code == 404
    assert client.post(f"/api/offers/{theirs['id']}/accept", headers=bearer(worker)).status_code == 404
    assert world.orders[theirs["id"]]["worker_id"] is None
    accepted = client.post(f"/api/offers/{mine['id']}/accept", headers=bearer(worker))
    assert accepted.status_code == 200 and accepted.json["role"] == "assigned"
    assert "client_email" not in accepted.json
    (current,) = client.get("/api/orders", headers=bearer(worker)).json
    assert current["kit"]["pickup_point"]["name"] == "MCF kit point Arbat"
    assert client.post(f"/api/offers/{mine['id']}/accept", headers=bearer(worker)).status_code == 409


def test_accept_and_decline_forward_one_idempotency_key_per_tap_namespaced_per_worker(client, world, worker,
                                                                                     controls):
    def sent_key(path):
        return [r for r in controls["orders"].received if r.path == path][-1].headers["Idempotency-Key"]

    first, second = world.offer(worker), world.offer(worker)
    tap = {**bearer(worker), "Idempotency-Key": "tap-1"}
    assert client.post(f"/api/offers/{first['id']}/accept", headers=tap).status_code == 200
    accepted_with = sent_key(f"/orders/{first['id']}/offer/accept")
    assert accepted_with != "tap-1"
    assert client.post(f"/api/offers/{second['id']}/decline", headers=tap).status_code == 204
    assert sent_key(f"/orders/{second['id']}/offer/decline") == accepted_with, "the same tap key maps to one key"
    third = world.offer(worker)
    client.post(f"/api/offers/{third['id']}/decline", headers=bearer(worker))
    assert sent_key(f"/orders/{third['id']}/offer/decline") not in (accepted_with, None)


def test_decline_answers_204(client, world, worker):
    offer = world.offer(worker)
    assert client.post(f"/api/offers/{offer['id']}/decline", headers=bearer(worker)).status_code == 204
    assert client.get("/api/offers", headers=bearer(worker)).json == []


def test_check_in_then_report_with_idempotency_keys(client, world, worker):
    order = world.offer(worker)
    client.post(f"/api/offers/{order['id']}/accept", headers=bearer(worker))
    headers = {**bearer(worker), "Idempotency-Key": "phone-key-1"}
    first = client.post(f"/api/orders/{order['id']}/check-in", data=photo_form(), headers=headers)
    again = client.post(f"/api/orders/{order['id']}/check-in", data=photo_form(), headers=headers)
    assert (first.status_code, again.status_code) == (201, 200) and first.json == again.json
    assert first.json["order_id"] == order["id"] and len(first.json["photos"]) == 1
    report = client.post(f"/api/orders/{order['id']}/report", headers={**bearer(worker), "Idempotency-Key": "r-1"},
                         data={"toys": '[{"toy": "mouse", "reaction": 4}]', "duration_minutes": "50"})
    assert report.status_code == 201, report.json
    read = client.get(f"/api/orders/{order['id']}/report", headers=bearer(worker))
    assert read.status_code == 200 and read.json["report"]["report_id"] == report.json["report_id"]
    assert read.json["check_in"] == first.json and "client_id" not in read.json
    assert client.get(f"/api/orders/{order['id']}/report", headers=bearer(str(uuid.uuid4()))).status_code == 404
    assert [o["id"] for o in client.get("/api/history", headers=bearer(worker)).json] == [order["id"]]


def test_the_worker_gets_its_own_photos_through_worker_dashboard_and_nobody_else_does(client, world, worker,
                                                                                      controls):
    order = world.offer(worker)
    client.post(f"/api/offers/{order['id']}/accept", headers=bearer(worker))
    checked = client.post(f"/api/orders/{order['id']}/check-in", data=photo_form(),
                          headers={**bearer(worker), "Idempotency-Key": "photo-key"})
    [link] = checked.json["photos"]
    assert link["url"] == f"/api/photos/{link['photo_id']}"
    assert link["thumbnail_url"] == f"/api/photos/{link['photo_id']}/thumbnail"
    assert client.get(f"/api/orders/{order['id']}/report", headers=bearer(worker)).json["check_in"]["photos"] == [link]

    photo = client.get(link["url"], headers=bearer(worker))
    assert photo.status_code == 200 and photo.mimetype == "image/jpeg" and photo.data == JPEG
    assert photo.headers["X-Content-Type-Options"] == "nosniff" and "private" in photo.headers["Cache-Control"]
    sent = controls["reports"].last("GET")
    assert (sent.path, sent.role, sent.acting_for) == (f"/photos/{link['photo_id']}", "service", ("worker", worker))
    thumbnail = client.get(link["thumbnail_url"], headers=bearer(worker))
    assert thumbnail.status_code == 200 and thumbnail.data == JPEG[:64]
    assert controls["reports"].last("GET").path == f"/photos/{link['photo_id']}/thumbnail"

    stranger = client.get(link["url"], headers=bearer(str(uuid.uuid4())))
    assert stranger.status_code == 404 and stranger.mimetype == "application/problem+json"
    assert client.get(f"/api/photos/{uuid.uuid4()}", headers=bearer(worker)).status_code == 404


def test_an_upstream_answering_a_photo_of_an_unexpected_type_is_503(client, world, worker):
    order = world.offer(worker)
    client.post(f"/api/offers/{order['id']}/accept", headers=bearer(worker))
    checked = client.post(f"/api/orders/{order['id']}/check-in", headers={**bearer(worker), "Idempotency-Key": "h"},
                          data={"photos": (io.BytesIO(JPEG), "door.jpg", "image/jpeg")})
    photo_id = checked.json["photos"][0]["photo_id"]
    world.photo_files[photo_id] = (worker, "text/html", b"<script>alert(1)</script>")
    response = client.get(f"/api/photos/{photo_id}", headers=bearer(worker))
    assert response.status_code == 503 and response.json["type"] == "urn:mcf:problem:dependency-unavailable"


def test_another_workers_check_in_is_404_and_reaches_no_report(client, world, worker, controls):
    order = world.offer(worker)
    client.post(f"/api/offers/{order['id']}/accept", headers=bearer(worker))
    before = len(controls["reports"].received)
    other = client.post(f"/api/orders/{order['id']}/check-in", data=photo_form(),
                        headers={**bearer(str(uuid.uuid4())), "Idempotency-Key": "k"})
    assert other.status_code == 404 and len(controls["reports"].received) == before


@pytest.mark.parametrize("case", ["no-key", "no-photo", "gif", "bad-latitude", "unknown-field"])
def test_bad_check_ins_are_problems_and_reach_no_upstream(client, world, worker, controls, case):
    order = world.offer(worker)
    client.post(f"/api/offers/{order['id']}/accept", headers=bearer(worker))
    headers, data = {**bearer(worker), "Idempotency-Key": "k"}, photo_form()
    if case == "no-key":
        headers.pop("Idempotency-Key")
    elif case == "no-photo":
        data = {}
    elif case == "gif":
        data = {"photos": (io.BytesIO(b"GIF89a"), "a.gif", "image/gif")}
    elif case == "bad-latitude":
        data = photo_form(latitude="91", longitude="0")
    else:
        data = photo_form(colour="red")
    before = len(controls["reports"].received)
    response = client.post(f"/api/orders/{order['id']}/check-in", data=data, headers=headers)
    assert response.status_code == 422 and response.mimetype == "application/problem+json", response.json
    assert len(controls["reports"].received) == before


@pytest.mark.parametrize("toys", ["not json", '{"toy": "x"}', '[{"toy": "x", "reaction": 9}]', "[]"])
def test_a_bad_report_is_a_problem(client, world, worker, toys):
    order = world.offer(worker)
    client.post(f"/api/offers/{order['id']}/accept", headers=bearer(worker))
    response = client.post(f"/api/orders/{order['id']}/report", data={"toys": toys, "duration_minutes": "30"},
                           headers={**bearer(worker), "Idempotency-Key": "k"})
    assert response.status_code == 422 and response.mimetype == "application/problem+json"


def test_an_upstream_down_is_503_problem(client, worker, controls):
    controls["orders"].fail_with = 500
    try:
        response = client.get("/api/offers", headers=bearer(worker))
    finally:
        controls["orders"].fail_with = None
    assert response.status_code == 503 and response.json["type"] == "urn:mcf:problem:dependency-unavailable"


def test_the_pwa_shell_is_served_with_the_types_and_caching_it_needs(client):
    page = client.get("/")
    assert page.status_code == 200 and page.mimetype == "text/html"
    assert b'rel="manifest"' in page.data and b'name="viewport"' in page.data and b'lang="en"' in page.data
    worker = client.get("/sw.js")
    assert worker.mimetype == "text/javascript" and worker.headers["Cache-Control"] == "no-cache"
    assert b'addEventListener("fetch"' in worker.data
    assert client.get("/manifest.webmanifest").mimetype == "application/manifest+json"
    assert client.get("/icons/icon-512.png").mimetype == "image/png"
    assert client.get("/icons/../app.py").status_code == 404
    assert "/" not in client.get("/openapi.json").json["paths"], "the app's files are not API operations"
