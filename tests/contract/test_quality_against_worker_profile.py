"""Consumer check of quality's rating-adjustment client against the REAL worker-profile app (its own database,
served over HTTP): the one contract of ADR 0111 — 201 applied, the same review again a 200 replay
(``Idempotent-Replayed: true``) that changes nothing, another body under that review id 409
``rating-adjustment-mismatch``, an unknown worker 404 — and the rating history naming the review and the manager."""
from __future__ import annotations

import uuid

import pytest

from mcf.kit.errors import Conflict, NotFound
from mcf.quality import app as quality_app
from mcf.quality.domain import RatingAdjustment
from tests.support.stub_services import serve
from tests.support.worker_profile import bearer, registration

MANAGER = str(uuid.uuid4())


@pytest.fixture(scope="module")
def profile(isolated_settings):
    from mcf.worker_profile import app

    flask_app = app.create_app(isolated_settings)
    with serve(flask_app) as url:
        yield flask_app, quality_app.worker_ratings(isolated_settings, url, timeout=5.0)
    flask_app.extensions["mcf_worker_profile_db"].close_all()


def _rating(app, secret, worker_id):
    history = app.test_client().get(f"/workers/{worker_id}/rating-history", headers=bearer(secret, "manager"))
    assert history.status_code == 200
    return history.json


def test_quality_applies_a_review_once_and_a_replay_is_recognised(profile, isolated_settings):
    app, gateway = profile
    worker_id = app.test_client().post("/workers", json=registration()).json["worker"]["worker_id"]
    before = _rating(app, isolated_settings.jwt_secret, worker_id)["rating"]
    review = str(uuid.uuid4())
    adjustment = RatingAdjustment(review, worker_id, MANAGER, -0.5, "review of order x: penalise; late")
    assert gateway.apply(adjustment) is True
    assert gateway.apply(adjustment) is False  # the 200 replay: applied before, nothing changes
    history = _rating(app, isolated_settings.jwt_secret, worker_id)
    assert history["rating"] == pytest.approx(before - 0.5)
    assert [(c["review_id"], c["by"]) for c in history["changes"] if c["review_id"]] == [
        (review, {"role": "manager", "id": MANAGER})]
    with pytest.raises(Conflict) as mismatch:
        gateway.apply(RatingAdjustment(review, worker_id, MANAGER, -0.25, "review of order x: penalise; late"))
    assert mismatch.value.slug == "rating-adjustment-mismatch"
    with pytest.raises(NotFound):
        gateway.apply(RatingAdjustment(str(uuid.uuid4()), str(uuid.uuid4()), MANAGER, 0.5, "unknown worker"))
    assert _rating(app, isolated_settings.jwt_secret, worker_id)["rating"] == history["rating"]
