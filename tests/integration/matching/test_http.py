"""matching's HTTP API through Flask's test client, on a read model seeded from the fixtures."""
import uuid

import pytest

from mcf.matching.app import create_app
from tests.support import matching_seed as fixtures
from tests.support.tokens import acting_for, user

MONDAY_10_MSK = "2026-11-30T07:00:00Z"


@pytest.fixture(scope="module")
def client(isolated_settings):
    app = create_app(isolated_settings)
    assert fixtures.seed(isolated_settings) == 2 * len(fixtures.workers())
    return app.test_client()


@pytest.fixture
def auth(isolated_settings):
    def make(role="service"):
        return acting_for(isolated_settings.jwt_secret, "matching", role)
    return make


def _body(**changes):
    return {"order_id": str(uuid.uuid4()), "client_id": str(uuid.uuid4()), "toy_category": "balls",
            "slot_start": MONDAY_10_MSK, "duration_minutes": 60, "city": "Moscow", "district": "Arbat",
            "exclude_worker_ids": [], "limit": 3, **changes}


def test_a_match_ranks_eligible_fixture_workers_with_reasons_and_prices(client, auth):
    response = client.post("/matches", json=_body(), headers=auth())
    assert response.status_code == 200, response.json
    candidates = response.json["candidates"]
    assert 1 <= len(candidates) <= 3
    workers = {w["worker_id"]: w for w in fixtures.workers()}
    for candidate in candidates:
        worker = workers[candidate["worker_id"]]
        assert "balls" in worker["toy_categories"] and "Arbat" in worker["districts"]
        assert set(candidate["reasons"]) == {"rating", "test_score", "client_affinity", "category_experience",
                                             "reliability", "load"}
        price = candidate["price"]
        assert price["currency"] == "RUB" and price["amount_minor"] >= 50_000
        assert set(price["breakdown"]) == {"base_minor", "duration_factor", "rating_tier", "tier_factor",
                                           "surge_factor", "minimum_applied"}
    assert [c["score"] for c in candidates] == sorted((c["score"] for c in candidates), reverse=True)
    again = client.post("/matches", json=_body(), headers=auth("manager")).json["candidates"]
    assert [c["worker_id"] for c in again] == [c["worker_id"] for c in candidates]


def test_excluded_workers_are_not_offered_again(client, auth):
    first = client.post("/matches", json=_body(limit=1), headers=auth()).json["candidates"][0]["worker_id"]
    rest = client.post("/matches", json=_body(exclude_worker_ids=[first]), headers=auth()).json["candidates"]
    assert first not in [c["worker_id"] for c in rest]


def test_nobody_fits_is_an_empty_list(client, auth):
    response = client.post("/matches", json=_body(district="Nowhere"), headers=auth())
    assert response.status_code == 200 and response.json == {"candidates": []}


def test_a_quote_carries_its_breakdown(client, auth):
    response = client.post("/quotes", headers=auth(), json={
        "toy_category": "laser", "duration_minutes": 150, "district": "Arbat", "slot_start": MONDAY_10_MSK,
        "worker_rating": 4.8})
    assert response.status_code == 200
    breakdown = response.json["breakdown"]
    assert breakdown["base_minor"] == 100_000 and breakdown["duration_factor"] == 2.4
    assert breakdown["rating_tier"] == "top" and 1.0 <= breakdown["surge_factor"] <= 1.5


@pytest.mark.parametrize("change, field", [({"duration_minutes": 50}, "duration_minutes"),
                                           ({"toy_category": "yarn"}, "toy_category"),
                                           ({"slot_start": "2026-11-30T07:00:00"}, "slot_start"),
                                           ({"limit": 0}, "limit")])
def test_bad_input_is_a_problem_naming_the_field(client, auth, change, field):
    response = client.post("/matches", json=_body(**change), headers=auth())
    assert response.status_code == 422 and response.mimetype == "application/problem+json"
    assert field in response.json["errors"]["json"]


def secret_of(client):
    return client.application.config["MCF_SETTINGS"].jwt_secret


def test_only_services_and_managers_may_ask(client, auth):
    assert client.post("/matches", json=_body()).status_code == 401
    assert client.post("/matches", json=_body(), headers=auth("client")).status_code == 403
    assert client.get(f"/candidates/{uuid.uuid4()}", headers=auth("worker")).status_code == 403
    for role in ("client", "worker", "manager"):  # a person's own token: meant for the entry points only
        assert client.post("/matches", json=_body(), headers=user(secret_of(client), role)).status_code == 401


def test_the_read_model_row_of_a_worker(client, auth):
    worker = fixtures.workers()[0]
    response = client.get(f"/candidates/{worker['worker_id']}", headers=auth("manager"))
    assert response.status_code == 200
    row = response.json
    assert row["active"] is True and row["districts"] == worker["districts"]
    assert row["availability"] == worker["availability"] and row["current_load"] == 0
    missing = client.get(f"/candidates/{uuid.uuid4()}", headers=auth())
    assert missing.status_code == 404 and missing.mimetype == "application/problem+json"
