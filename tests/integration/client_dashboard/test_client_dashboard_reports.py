"""The client reads the worker's check-in and report of its order, and their photos, through client-dashboard:
client-dashboard on the real PostgreSQL in front of the real order-report (MongoDB stand-in, GridFS, Pillow),
which applies its readers rule to the client client-dashboard acts for; order-service is the contract stub."""
from __future__ import annotations

import io
import json
import uuid

import pytest
from PIL import Image

from mcf.client_dashboard import app as dashboard_app
from mcf.order_report.domain import OrderView
from tests.integration.client_dashboard.test_client_dashboard_http import add_cat, place, sign_up
from tests.integration.order_report.conftest import GPS_IFD, image_bytes
from tests.support.order_views import OrdersByHand
from tests.support.stub_services import serve
from tests.support.tokens import acting_for


@pytest.fixture(scope="module")
def orders_seen_by_report():
    return OrdersByHand()


@pytest.fixture(scope="module")
def report_service(isolated_settings, orders_seen_by_report):
    from mcf.order_report.app import create_app

    app = create_app(isolated_settings, orders=orders_seen_by_report)
    with serve(app) as url:
        yield url, app.test_client()
    db = app.extensions["mcf_order_report_db"]
    db.client.drop_database(db.name)
    db.client.close()


@pytest.fixture(scope="module")
def web(isolated_settings, order_service, payment_service, report_service):
    app = dashboard_app.create_app(isolated_settings.with_(http_timeout=2.0), order_url=order_service[0],
                                   payment_url=payment_service[0], report_url=report_service[0])
    return app.test_client()


@pytest.fixture
def worked_order(web, isolated_settings, report_service, orders_seen_by_report, email):
    """A client's order that its worker checked in on (with a photo carrying GPS) and reported."""
    account, auth = sign_up(web, email)
    order = place(web, auth, add_cat(web, auth)["id"])
    worker_id = str(uuid.uuid4())
    orders_seen_by_report.orders[order["id"]] = OrderView(order["id"], "confirmed", account["id"], worker_id, True)
    report_web = report_service[1]
    as_worker = acting_for(isolated_settings.jwt_secret, "order-report", "worker", worker_id,
                           caller="worker-dashboard")
    checked = report_web.post(f"/orders/{order['id']}/check-in", content_type="multipart/form-data",
                              headers={**as_worker, "Idempotency-Key": str(uuid.uuid4())},
                              data={"photos": [(io.BytesIO(image_bytes(gps=True)), "door.jpg")],
                                    "lat": "55.7558", "lon": "37.6173"})
    assert checked.status_code == 201, checked.json
    filed = report_web.post(f"/orders/{order['id']}/report", content_type="multipart/form-data",
                            headers={**as_worker, "Idempotency-Key": str(uuid.uuid4())},
                            data={"toys": json.dumps([{"toy": "feather wand", "reaction": 5}]),
                                  "duration_minutes": "45", "notes": "Murka adored it",
                                  "photos": [(io.BytesIO(image_bytes("PNG", gps=False)), "after.png")]})
    assert filed.status_code == 201, filed.json
    return {"order": order, "auth": auth, "client": account, "worker_id": worker_id}


def test_the_client_reads_the_report_of_its_order_with_links_to_its_photos_here(web, worked_order):
    order, auth = worked_order["order"], worked_order["auth"]
    response = web.get(f"/orders/{order['id']}/report", headers=auth)
    assert response.status_code == 200, response.json
    record = response.json
    assert record["order_id"] == order["id"] and record["worker_id"] == worked_order["worker_id"]
    assert "client_id" not in record
    assert record["check_in"]["location"] == {"lat": 55.76, "lon": 37.62}
    report = record["report"]
    assert report["toys"] == [{"toy": "feather wand", "reaction": 5, "comment": None}]
    assert (report["duration_minutes"], report["notes"]) == (45, "Murka adored it")
    [door] = record["check_in"]["photos"]
    [after] = report["photos"]
    assert door["url"] == f"/photos/{door['photo_id']}"
    assert door["thumbnail_url"] == f"/photos/{door['photo_id']}/thumbnail"

    photo = web.get(door["url"], headers=auth)
    assert photo.status_code == 200 and photo.mimetype == "image/jpeg"
    assert photo.headers["X-Content-Type-Options"] == "nosniff" and "private" in photo.headers["Cache-Control"]
    with Image.open(io.BytesIO(photo.data)) as image:
        assert image.size == (640, 480) and not image.getexif().get_ifd(GPS_IFD), "no GPS left in the photo"
    png = web.get(after["url"], headers=auth)
    assert png.status_code == 200 and png.mimetype == "image/png"
    thumbnail = web.get(door["thumbnail_url"], headers=auth)
    assert thumbnail.status_code == 200 and thumbnail.mimetype == "image/jpeg"
    with Image.open(io.BytesIO(thumbnail.data)) as image:
        assert max(image.size) == 320


def test_another_client_sees_neither_the_report_nor_its_photos(web, worked_order):
    record = web.get(f"/orders/{worked_order['order']['id']}/report", headers=worked_order["auth"]).json
    photo_url = record["check_in"]["photos"][0]["url"]
    _, stranger = sign_up(web, f"stranger-{uuid.uuid4().hex[:8]}@cats.example")
    refused = web.get(f"/orders/{worked_order['order']['id']}/report", headers=stranger)
    assert refused.status_code == 404 and refused.mimetype == "application/problem+json"
    for url in (photo_url, photo_url + "/thumbnail"):
        answer = web.get(url, headers=stranger)
        assert answer.status_code == 404 and answer.mimetype == "application/problem+json"
    assert web.get(f"/photos/{uuid.uuid4()}", headers=worked_order["auth"]).status_code == 404


def test_an_order_nobody_checked_in_yet_has_no_report(web, email):
    _, auth = sign_up(web, email)
    order = place(web, auth, add_cat(web, auth)["id"])
    response = web.get(f"/orders/{order['id']}/report", headers=auth)
    assert response.status_code == 404 and response.mimetype == "application/problem+json"


@pytest.mark.parametrize("path", [f"/orders/{uuid.uuid4()}/report", f"/photos/{uuid.uuid4()}",
                                  f"/photos/{uuid.uuid4()}/thumbnail"])
def test_the_report_routes_need_a_client_token(web, isolated_settings, path):
    assert web.get(path).status_code == 401
    as_worker = acting_for(isolated_settings.jwt_secret, "client-dashboard", "worker")
    assert web.get(path, headers=as_worker).status_code == 403


def test_order_report_down_is_a_503_problem(isolated_settings, order_service, payment_service, worked_order):
    down = dashboard_app.create_app(isolated_settings.with_(http_timeout=0.5), order_url=order_service[0],
                                    payment_url=payment_service[0], report_url="http://127.0.0.1:9").test_client()
    response = down.get(f"/orders/{worked_order['order']['id']}/report", headers=worked_order["auth"])
    assert response.status_code == 503 and response.json["type"] == "urn:mcf:problem:dependency-unavailable"
