"""quality's HTTP clients against real HTTP stand-ins of worker-profile (the rating-adjustment contract of ADR 0111)
and order-report: the service token for the called service acting for the manager, the review id as the key,
a replay (200) as "applied before", refusals passed through, and a 5xx, a hang or a refused connection as
Unavailable."""
from __future__ import annotations

import socket
import threading
import time

import pytest

from mcf.kit.config import Settings
from mcf.kit.errors import Conflict, InvalidInput, NotFound, Unavailable
from mcf.quality import app as quality_app
from mcf.quality.domain import RatingAdjustment, VisitFacts
from tests.support.quality_stubs import Ratings, Records, order_report_stub, worker_profile_stub
from tests.support.stub_services import StubControls, serve

SECRET = "contract-test-secret-long-enough-for-hs256"
SETTINGS = Settings().with_(jwt_secret=SECRET)
MANAGER = "5d1c8a0e-3f7b-4a55-9e0a-0c2f4b6d8e10"


@pytest.fixture
def profile():
    ratings, controls = Ratings(), StubControls()
    with serve(worker_profile_stub(SECRET, ratings, controls)) as url:
        yield quality_app.worker_ratings(SETTINGS, url, timeout=0.5), ratings, controls


def adjustment(worker_id, review_id="9a4f2c1e-6b3d-4e8a-9c7f-1d2e3f4a5b6c", delta=-0.5):
    return RatingAdjustment(review_id, worker_id, MANAGER, delta, "review of order x: penalise; late")


def test_an_adjustment_is_applied_once_for_the_manager_and_a_resend_is_a_replay(profile):
    gateway, ratings, controls = profile
    worker = ratings.add_worker(4.5)
    assert gateway.apply(adjustment(worker)) is True
    sent = controls.last("POST")
    assert sent.path == f"/workers/{worker}/rating-adjustments"
    assert sent.json == {"review_id": "9a4f2c1e-6b3d-4e8a-9c7f-1d2e3f4a5b6c", "delta": -0.5,
                         "reason": "review of order x: penalise; late"}
    assert (sent.role, sent.subject, sent.acting_for) == ("service", "quality", ("manager", MANAGER))
    assert sent.headers["Idempotency-Key"] == "9a4f2c1e-6b3d-4e8a-9c7f-1d2e3f4a5b6c"
    assert gateway.apply(adjustment(worker)) is False  # 200 Idempotent-Replayed
    assert ratings.workers[worker] == 4.0 and len(ratings.applied) == 1


def test_the_review_id_holding_another_adjustment_is_a_conflict_and_refusals_pass_through(profile):
    gateway, ratings, _ = profile
    worker = ratings.add_worker()
    gateway.apply(adjustment(worker))
    with pytest.raises(Conflict) as mismatch:
        gateway.apply(adjustment(worker, delta=-0.25))
    assert mismatch.value.slug == "rating-adjustment-mismatch"
    with pytest.raises(NotFound):
        gateway.apply(adjustment("00000000-0000-4000-8000-000000000000", review_id="another"))
    with pytest.raises(InvalidInput):
        gateway.apply(adjustment(worker, review_id="third", delta=-3))


@pytest.mark.parametrize("status", [500, 502, 503])
def test_a_5xx_is_unavailable(profile, status):
    gateway, ratings, controls = profile
    controls.fail_with = status
    with pytest.raises(Unavailable):
        gateway.apply(adjustment(ratings.add_worker()))
    assert ratings.applied == {}


def test_a_hang_is_a_timeout_and_unavailable(profile):
    gateway, ratings, controls = profile
    controls.hang = threading.Event()
    started = time.monotonic()
    try:
        with pytest.raises(Unavailable, match="in time"):
            gateway.apply(adjustment(ratings.add_worker()))
    finally:
        controls.hang.set()
    assert time.monotonic() - started < 3


def test_a_refused_connection_is_unavailable():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    gateway = quality_app.worker_ratings(SETTINGS, f"http://127.0.0.1:{port}", timeout=0.5)
    with pytest.raises(Unavailable, match="cannot be reached"):
        gateway.apply(adjustment("w"))


@pytest.fixture
def report():
    records, controls = Records(), StubControls()
    with serve(order_report_stub(SECRET, records, controls)) as url:
        yield quality_app.reports(SETTINGS, url, timeout=0.5), records, controls


def test_the_visit_counts_photos_and_reactions_and_no_record_is_none(report):
    gateway, records, controls = report
    records.add("o-1", "w-1", photos=2, reactions=(5, 2))
    assert gateway.visit("o-1") == VisitFacts(2, (5, 2), True)
    assert controls.last().acting_for is None and controls.last().subject == "quality"
    records.add("o-2", "w-1", photos=1, report=False)
    assert gateway.visit("o-2") == VisitFacts(1, (), False)
    assert gateway.visit("o-3") is None


def test_the_record_and_thumbnails_are_read_for_the_manager(report):
    gateway, records, controls = report
    record = records.add("o-1", "w-1")
    assert gateway.record("o-1", MANAGER)["report"]["toys"][0]["reaction"] == 5
    assert controls.last().acting_for == ("manager", MANAGER)
    photo_id = record["check_in"]["photos"][0]["photo_id"]
    picture = gateway.thumbnail(photo_id, MANAGER)
    assert picture.content_type == "image/jpeg" and picture.data == records.photos[photo_id]
    assert controls.last().acting_for == ("manager", MANAGER)
    assert gateway.thumbnail("00000000-0000-4000-8000-000000000000", MANAGER) is None


def test_order_report_failing_is_unavailable(report):
    gateway, _, controls = report
    controls.fail_with = 500
    with pytest.raises(Unavailable):
        gateway.visit("o-1")
