"""GET /notifications through Flask's test client, on the real ClickHouse log."""
import uuid

import pytest

from mcf.notification import app as notification_app
from tests.support.tokens import acting_for

from .support import make_notification


@pytest.fixture(scope="module")
def client(service_settings):
    return notification_app.create_app(service_settings).test_client()


@pytest.fixture(scope="module")
def people(log):
    """Two clients with a notification each, and the second client's older one sent."""
    me, other = str(uuid.uuid4()), str(uuid.uuid4())
    mine = make_notification(me, "me@example.com")
    theirs = make_notification(other, "other@example.com")
    log.append_many([mine, theirs])
    return {"me": me, "other": other, "mine": mine, "theirs": theirs}


@pytest.fixture
def auth(service_settings):
    def headers(role, subject=None):
        return acting_for(service_settings.jwt_secret, "notification", role, subject)
    return headers


def test_a_token_is_required(client, people):
    response = client.get("/notifications")
    assert response.status_code == 401 and response.mimetype == "application/problem+json"


def test_a_client_may_not_ask_for_another_recipient(client, people, auth):
    response = client.get(f"/notifications?recipient={people['other']}", headers=auth("client", people["me"]))
    assert response.status_code == 403
    assert response.json["type"] == "urn:mcf:problem:forbidden"


def test_a_client_lists_their_own_notifications(client, people, auth):
    for query in ("", f"?recipient={people['me']}&limit=5"):
        response = client.get(f"/notifications{query}", headers=auth("client", people["me"]))
        assert response.status_code == 200
        [item] = response.json
        assert item["id"] == people["mine"].id and item["status"] == "received" and item["attempts"] == 0
        assert item["subject"] == people["mine"].subject and item["created_at"].endswith("+00:00")
        assert item["recipient"] == {"id": people["me"], "role": "client"}  # no address in the log (ADR 0128)


def test_a_manager_lists_anyones_by_id_or_email(client, people, auth):
    by_email = client.get("/notifications?recipient=other@example.com", headers=auth("manager"))
    assert [n["id"] for n in by_email.json] == [people["theirs"].id]
    everyone = client.get("/notifications?limit=200", headers=auth("service")).json
    assert {people["mine"].id, people["theirs"].id} <= {n["id"] for n in everyone}


def test_a_bad_limit_is_a_validation_problem(client, auth):
    response = client.get("/notifications?limit=0", headers=auth("manager"))
    assert response.status_code == 422 and "limit" in response.json["errors"]["query"]


def test_one_notification_is_shown_to_its_recipient_and_staff_only(client, people, auth):
    url = f"/notifications/{people['mine'].id}"
    assert client.get(url, headers=auth("client", people["me"])).json["id"] == people["mine"].id
    assert client.get(url, headers=auth("manager")).status_code == 200
    assert client.get(url, headers=auth("client", people["other"])).status_code == 404
    assert client.get(f"/notifications/{uuid.uuid4()}", headers=auth("manager")).status_code == 404


def test_readiness_checks_every_store_and_the_broker(client):
    response = client.get("/ready")
    assert response.status_code == 200
    assert response.json["checks"] == {"postgres": "ok", "clickhouse": "ok", "broker": "ok"}
