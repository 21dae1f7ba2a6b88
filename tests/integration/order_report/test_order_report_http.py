"""order-report's HTTP app on the real MongoDB stand-in: multipart uploads with real and forged files, GridFS,
idempotency, the events stored with the documents, and who may read what."""
from __future__ import annotations

import io
import json
import os
import uuid

import pytest
from PIL import Image

from mcf.kit.mongo_outbox import PENDING
from tests.integration.order_report.conftest import GPS_IFD, image_bytes

TOYS = json.dumps([{"toy": "feather wand", "reaction": 5}, {"toy": "laser", "reaction": 2, "comment": "meh"}])


def check_in(web, order, headers, key=None, files=None, **form):
    data = dict(form)
    data["photos"] = files if files is not None else [(io.BytesIO(image_bytes()), "cat.jpg")]
    return web.post(f"/orders/{order.order_id}/check-in", data=data, content_type="multipart/form-data",
                    headers={**headers, "Idempotency-Key": key or str(uuid.uuid4())})


def report(web, order, headers, key=None, files=(), **form):
    data = {"toys": TOYS, "duration_minutes": "50", "notes": "Pushok loved the wand", **form}
    if files:
        data["photos"] = list(files)
    return web.post(f"/orders/{order.order_id}/report", data=data, content_type="multipart/form-data",
                    headers={**headers, "Idempotency-Key": key or str(uuid.uuid4())})


def documents(report_app, collection, order_id):
    return list(report_app.extensions["mcf_order_report_db"][collection].find({"order_id": order_id}))


def test_a_check_in_stores_a_clean_photo_a_thumbnail_and_its_event_in_one_document(web, report_app, new_order,
                                                                                  token):
    order = new_order()
    worker = token("worker", order.worker_id)
    original = image_bytes(gps=True)
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(GPS_IFD)  # the upload does carry a location
    response = check_in(web, order, worker, files=[(io.BytesIO(original), "cat.jpg")], lat="55.755831",
                        lon="37.617298")
    assert response.status_code == 201, response.json
    body = response.json
    assert body["location"] == {"lat": 55.76, "lon": 37.62}
    [photo] = body["photos"]
    assert (photo["content_type"], photo["width"], photo["height"]) == ("image/jpeg", 640, 480)

    stored = web.get(photo["url"], headers=worker)
    assert stored.status_code == 200 and stored.mimetype == "image/jpeg"
    assert stored.headers["Content-Length"] == str(len(stored.data)) == str(photo["size"])
    clean = Image.open(io.BytesIO(stored.data))
    assert clean.format == "JPEG" and clean.size == (640, 480)
    assert dict(clean.getexif()) == {} and not clean.getexif().get_ifd(GPS_IFD)  # EXIF (and GPS) gone
    assert b"CatCam" not in stored.data

    thumb = web.get(photo["thumbnail_url"], headers=worker)
    assert thumb.status_code == 200 and thumb.mimetype == "image/jpeg"
    assert max(Image.open(io.BytesIO(thumb.data)).size) == 320

    [doc] = documents(report_app, "check_ins", order.order_id)
    assert doc[PENDING] is True and [e["routing_key"] for e in doc["outbox"]] == ["report.checked_in"]
    event = json.loads(doc["outbox"][0]["body"])
    assert event["data"] == {"order_id": order.order_id, "worker_id": order.worker_id,
                             "checked_in_at": body["checked_in_at"].replace("+00:00", "Z")}


def test_a_check_in_sent_twice_with_its_key_is_one_document_one_event_and_the_same_answer(web, report_app,
                                                                                       new_order, token):
    order = new_order()
    worker, key, photo = token("worker", order.worker_id), str(uuid.uuid4()), image_bytes(fmt="PNG")
    first = check_in(web, order, worker, key, files=[(io.BytesIO(photo), "a.png")])
    again = check_in(web, order, worker, key, files=[(io.BytesIO(photo), "a.png")])
    assert (first.status_code, again.status_code) == (201, 200), again.json
    assert again.headers["Idempotent-Replayed"] == "true" and again.json == first.json
    docs = documents(report_app, "check_ins", order.order_id)
    assert len(docs) == 1 and len(docs[0]["outbox"]) == 1
    other = check_in(web, order, worker)
    assert other.status_code == 409 and other.json["type"] == "urn:mcf:problem:already-checked-in"
    reused = check_in(web, order, worker, key, files=[(io.BytesIO(image_bytes(fmt="WEBP")), "b.webp")])
    assert reused.status_code == 422 and reused.json["type"] == "urn:mcf:problem:idempotency-key-reused"
    assert len(documents(report_app, "check_ins", order.order_id)) == 1


@pytest.mark.parametrize("name, data, fragment", [
    ("cat.jpg", b"I am a text file with a .jpg name\n" * 10, "not a readable"),
    ("cat.gif", None, "GIF"),
    ("tiny.jpg", image_bytes(size=(20, 20)), "20x20"),
    ("banner.png", image_bytes(fmt="PNG", size=(9000, 100)), "9000x100"),
    ("cut.jpg", image_bytes()[:600], "not a readable"),
])
def test_forged_and_out_of_bounds_files_are_refused_and_nothing_is_stored(web, report_app, new_order, token, name,
                                                                          data, fragment):
    if data is None:
        out = io.BytesIO()
        Image.new("RGB", (100, 100)).save(out, "GIF")
        data = out.getvalue()
    order = new_order()
    response = check_in(web, order, token("worker", order.worker_id), files=[(io.BytesIO(data), name)])
    assert response.status_code == 422, response.json
    assert response.mimetype == "application/problem+json" and response.json["type"] == "urn:mcf:problem:bad-image"
    assert fragment in response.json["detail"]
    assert documents(report_app, "check_ins", order.order_id) == []


def test_an_oversize_photo_is_refused(report_settings, orders, new_order, token):
    from mcf.order_report.adapters.images import ImageLimits
    from mcf.order_report.app import create_app

    app = create_app(report_settings, orders=orders, limits=ImageLimits(max_bytes=20_000))
    order = new_order()
    out = io.BytesIO()
    Image.frombytes("RGB", (400, 400), os.urandom(400 * 400 * 3)).save(out, "PNG")  # noise: no compression
    assert len(out.getvalue()) > 20_000
    response = check_in(app.test_client(), order, token("worker", order.worker_id),
                        files=[(io.BytesIO(out.getvalue()), "big.png")])
    assert response.status_code == 422 and "larger than 20000 bytes" in response.json["detail"]
    assert documents(app, "check_ins", order.order_id) == []


def test_a_request_over_the_size_limit_is_a_413_problem(web, new_order, token):
    from mcf.order_report.app import MAX_REQUEST_BYTES

    order = new_order()
    response = check_in(web, order, token("worker", order.worker_id),
                        files=[(io.BytesIO(b"\0" * (MAX_REQUEST_BYTES + 1)), "huge.jpg")])
    assert response.status_code == 413 and response.mimetype == "application/problem+json"


def test_a_check_in_needs_a_photo_and_an_idempotency_key(web, new_order, token):
    order = new_order()
    worker = token("worker", order.worker_id)
    no_photo = check_in(web, order, worker, files=[])
    assert no_photo.status_code == 422 and "photos" in no_photo.json["errors"]["form"]
    no_key = web.post(f"/orders/{order.order_id}/check-in", headers=worker, content_type="multipart/form-data",
                      data={"photos": [(io.BytesIO(image_bytes()), "a.jpg")]})
    assert no_key.status_code == 422 and "Idempotency-Key" in no_key.json["errors"]["headers"]
    # one coordinate alone is no location (a multipart contract cannot say "both or neither"), not a 422
    half = check_in(web, order, worker, lat="55.7")
    assert half.status_code == 201 and half.json["location"] is None


def test_only_the_assigned_worker_of_a_ready_order_checks_in(web, new_order, token, orders):
    order = new_order()
    assert check_in(web, order, token("worker")).status_code == 404
    assert check_in(web, new_order(status="placed"), token("worker", None)).status_code == 404
    unpaid = new_order(status="placed")
    refused = check_in(web, unpaid, token("worker", unpaid.worker_id))
    assert refused.status_code == 409 and refused.json["type"] == "urn:mcf:problem:order-not-ready"
    no_kit = new_order(kit_ready=False)
    assert check_in(web, no_kit, token("worker", no_kit.worker_id)).status_code == 409
    assert check_in(web, order, token("manager")).status_code == 403
    assert check_in(web, order, token("client", order.client_id)).status_code == 403
    assert check_in(web, order, token("service")).status_code == 403  # acting for nobody
    orders.down = True
    try:
        down = check_in(web, order, token("worker", order.worker_id))
        assert down.status_code == 503 and down.json["type"] == "urn:mcf:problem:dependency-unavailable"
    finally:
        orders.down = False


def test_a_service_acting_for_the_worker_checks_in_and_reports_but_the_workers_own_token_is_refused(
        web, new_order, token, documents_of=None):
    order = new_order()
    own = check_in(web, order, token("worker", order.worker_id, own=True))
    assert own.status_code == 401 and own.mimetype == "application/problem+json"  # for the entry points only
    bff = token("worker", order.worker_id)  # worker-dashboard's service token acting for the worker
    assert check_in(web, order, bff).status_code == 201
    filed = report(web, order, bff)
    assert filed.status_code == 201 and filed.json["worker_id"] == order.worker_id


def test_a_report_after_the_check_in_with_photos_and_its_event(web, report_app, new_order, token):
    order = new_order()
    worker = token("worker", order.worker_id)
    early = report(web, order, worker)
    assert early.status_code == 409 and early.json["type"] == "urn:mcf:problem:not-checked-in"
    assert check_in(web, order, worker).status_code == 201
    key = str(uuid.uuid4())
    photo = image_bytes(fmt="WEBP")
    filed = report(web, order, worker, key, files=[(io.BytesIO(photo), "end.webp")])
    assert filed.status_code == 201, filed.json
    body = filed.json
    assert [(t["toy"], t["reaction"]) for t in body["toys"]] == [("feather wand", 5), ("laser", 2)]
    assert body["duration_minutes"] == 50 and body["photos"][0]["content_type"] == "image/webp"
    again = report(web, order, worker, key, files=[(io.BytesIO(photo), "end.webp")])
    assert again.status_code == 200 and again.json["report_id"] == body["report_id"]
    [doc] = documents(report_app, "reports", order.order_id)
    assert [json.loads(e["body"])["data"]["report_id"] for e in doc["outbox"]] == [body["report_id"]]


@pytest.mark.parametrize("toys", ["not json", json.dumps([{"toy": "laser", "reaction": 7}]), json.dumps([])])
def test_a_malformed_report_is_refused(web, new_order, token, toys):
    order = new_order()
    worker = token("worker", order.worker_id)
    assert check_in(web, order, worker).status_code == 201
    response = report(web, order, worker, toys=toys)
    assert response.status_code == 422, response.json


def test_the_record_and_photos_for_their_readers_and_404_for_anyone_else(web, new_order, token):
    order = new_order()
    writer = token("worker", order.worker_id)
    checked = check_in(web, order, writer).json
    report(web, order, writer)
    photo = checked["photos"][0]
    readers = [writer, token("client", order.client_id), token("manager"), token("service", "quality")]
    for headers in readers:
        record = web.get(f"/orders/{order.order_id}/report", headers=headers)
        assert record.status_code == 200, record.json
        assert record.json["check_in"]["photos"][0]["photo_id"] == photo["photo_id"]
        assert record.json["report"]["toys"][0]["toy"] == "feather wand"
        assert web.get(photo["url"], headers=headers).status_code == 200
        assert web.get(photo["thumbnail_url"], headers=headers).status_code == 200
    strangers = [token("worker"), token("client"), token("worker", order.client_id)]
    for headers in strangers:
        assert web.get(f"/orders/{order.order_id}/report", headers=headers).status_code == 404
        assert web.get(photo["url"], headers=headers).status_code == 404
        assert web.get(photo["thumbnail_url"], headers=headers).status_code == 404
    assert web.get(f"/orders/{order.order_id}/report").status_code == 401
    for role, sub in (("worker", order.worker_id), ("client", order.client_id), ("manager", None)):
        own = web.get(f"/orders/{order.order_id}/report", headers=token(role, sub, own=True))
        assert own.status_code == 401, role  # people's own tokens are for the entry points only
    assert web.get(f"/photos/{uuid.uuid4()}", headers=token("manager")).status_code == 404
