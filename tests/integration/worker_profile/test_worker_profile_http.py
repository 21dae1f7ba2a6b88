"""worker-profile's API on its real database: registration and login, and who sees what, per role — the worker
itself, another worker, managers (every read logged), services (no personal data), forged and foreign tokens."""
import uuid

import pytest

from mcf.kit.auth import Principal, decode_token, issue_token
from tests.support.worker_profile import registration

PERSONAL = ("full_name", "phone", "email", "date_of_birth", "document_number", "home_district")
MANAGER = Principal("m-7", "manager")


def test_registration_answers_the_own_profile_and_a_worker_token_for_the_worker_audiences(
        client, registered, isolated_settings):
    worker_id, body, mine = registered
    token = mine["Authorization"].split()[1]
    for audience in ("worker-dashboard", "worker-profile", "worker-testing"):
        principal = decode_token(isolated_settings.jwt_secret, token, audience=audience)
        assert principal.role == "worker" and principal.subject == worker_id
    again = client.post("/workers", json=registration(email=body["email"].upper()))
    assert again.status_code == 409 and again.json["type"].endswith("email-taken")
    phone = client.post("/workers", json=registration(phone=body["phone"]))
    assert phone.status_code == 409 and phone.json["type"].endswith("phone-taken")
    young = client.post("/workers", json=registration(date_of_birth="2015-01-01"))
    # a rule of today's date, which no schema can say: a 409 of its own (ADR 0051)
    assert young.status_code == 409 and young.headers["Content-Type"] == "application/problem+json"
    assert young.json["type"].endswith("under-age")


def test_login_gives_a_worker_token_and_the_same_401_for_unknown_and_wrong(client, registered, isolated_settings):
    worker_id, body, _ = registered
    ok = client.post("/login", json={"email": f"  {body['email'].upper()}", "password": body["password"]})
    assert ok.status_code == 200
    assert decode_token(isolated_settings.jwt_secret, ok.json["token"], audience="worker-dashboard").subject == \
        worker_id
    wrong = client.post("/login", json={"email": body["email"], "password": "not the password"})
    unknown = client.post("/login", json={"email": "nobody@workers.example", "password": body["password"]})
    assert wrong.status_code == unknown.status_code == 401 and wrong.json["type"] == unknown.json["type"]


def test_a_worker_sees_and_edits_only_its_own_profile(client, registered, as_):
    worker_id, body, mine = registered
    me = client.get("/workers/me", headers=mine)
    assert me.status_code == 200 and me.json["personal"]["email"] == body["email"]
    changed = client.patch("/workers/me", headers=mine, json={"districts": ["Lefortovo", "Sokolniki"],
                                                               "phone": "+7 999 000 11 22"})
    assert changed.status_code == 200 and changed.json["districts"] == ["Lefortovo", "Sokolniki"]
    assert changed.json["personal"]["phone"] == "+79990001122" and changed.json["version"] == 2
    assert client.get(f"/workers/{worker_id}", headers=mine).status_code == 200
    other = client.post("/workers", json=registration()).json["worker"]["worker_id"]
    assert client.get(f"/workers/{other}", headers=mine).status_code == 404
    assert client.get(f"/workers/{other}/rating-history", headers=mine).status_code == 404
    for path in (f"/workers/{other}/personal-data", f"/workers/{worker_id}/personal-data",
                 f"/workers/{other}/contact", f"/workers/{other}/access-log"):
        assert client.get(path, headers=mine).status_code == 403, path
    for path, body_ in ((f"/workers/{other}/rating-adjustments", {"review_id": "r", "delta": 1, "reason": "me"}),
                        (f"/workers/{other}/status", {"status": "suspended", "reason": "me"}),
                        (f"/workers/{other}/erasure", None)):
        assert client.post(path, headers=mine, json=body_).status_code == 403, path


def test_forged_expired_and_foreign_tokens_are_refused(client, registered, isolated_settings):
    worker_id, _, _ = registered
    forged = issue_token("another secret that is long enough to sign", worker_id, "worker",
                         audience="worker-profile")
    expired = issue_token(isolated_settings.jwt_secret, worker_id, "worker", audience="worker-profile",
                          ttl_seconds=-10)
    foreign = issue_token(isolated_settings.jwt_secret, worker_id, "worker", audience="order")
    for token in (forged, expired, foreign, "not-a-jwt"):
        response = client.get("/workers/me", headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 401, token
    assert client.get("/workers/me").status_code == 401
    client_token = issue_token(isolated_settings.jwt_secret, str(uuid.uuid4()), "client", audience="worker-profile")
    assert client.get(f"/workers/{worker_id}", headers={"Authorization": f"Bearer {client_token}"}).status_code \
        == 403


def test_services_get_the_projection_without_personal_data(client, registered, as_):
    worker_id, body, _ = registered
    projection = client.get(f"/workers/{worker_id}", headers=as_("service", "matching"))
    assert projection.status_code == 200 and projection.json["status"] == "candidate"
    assert not set(PERSONAL) & set(projection.json) and "personal" not in projection.json
    text = projection.get_data(as_text=True)
    assert body["email"] not in text and body["full_name"] not in text and body["phone"] not in text
    assert client.get(f"/workers/{worker_id}/personal-data", headers=as_("service", "order")).status_code == 403


def test_managers_read_personal_data_and_every_read_is_logged(client, registered, as_):
    worker_id, body, _ = registered
    direct = client.get(f"/workers/{worker_id}/personal-data", headers=as_("manager", "m-1"))
    assert direct.status_code == 200 and direct.json["document_number"] == body["document_number"]
    acting = client.get(f"/workers/{worker_id}/personal-data",
                        headers=as_("service", "quality", on_behalf_of=MANAGER))
    assert acting.status_code == 200
    card = client.get(f"/workers/{worker_id}/contact", headers=as_("service", "worker-testing"))
    assert card.json == {"email": body["email"], "full_name": body["full_name"], "locale": "en"}
    assert client.get(f"/workers/{worker_id}/contact", headers=as_("manager")).status_code == 403
    log = client.get(f"/workers/{worker_id}/access-log", headers=as_("manager", "m-1")).json
    assert [(e["reader"], e["on_behalf_of"], e["purpose"]) for e in log] == [
        ({"role": "service", "id": "worker-testing"}, None, "contact"),
        ({"role": "service", "id": "quality"}, {"role": "manager", "id": "m-7"}, "manager-read"),
        ({"role": "manager", "id": "m-1"}, None, "manager-read")]
    assert log[-1]["fields"] == list(PERSONAL)


def test_rating_adjustments_are_idempotent_by_review_and_record_the_manager(client, registered, as_):
    worker_id, _, _ = registered
    path = f"/workers/{worker_id}/rating-adjustments"
    body = {"review_id": "review-1", "delta": 0.75, "reason": "Murka loved the session"}
    first = client.post(path, json=body, headers=as_("service", "quality", on_behalf_of=MANAGER))
    assert first.status_code == 201 and first.json["change"]["by"] == {"role": "manager", "id": "m-7"}
    assert first.json["worker"]["rating"] == 3.75
    again = client.post(path, json=body, headers=as_("service", "quality", on_behalf_of=MANAGER))
    assert again.status_code == 200 and again.json["change"] == first.json["change"]
    assert again.headers["Idempotent-Replayed"] == "true" and "Idempotent-Replayed" not in first.headers
    other = client.post(path, json={**body, "delta": -1}, headers=as_("manager", "m-7"))
    assert other.status_code == 409 and other.json["type"].endswith("rating-adjustment-mismatch")
    alone = client.post(path, json={**body, "review_id": "review-2"}, headers=as_("service", "quality"))
    assert alone.status_code == 403
    history = client.get(f"/workers/{worker_id}/rating-history", headers=as_("manager")).json
    assert history["rating"] == 3.75 and [c["review_id"] for c in history["changes"]] == ["review-1"]
    for beyond in (9, 1.01, -1.5):  # one review moves a rating by -1..1 (the contract, ADR 0111)
        refused = client.post(path, json={**body, "review_id": f"review-{beyond}", "delta": beyond},
                              headers=as_("manager"))
        assert refused.status_code == 422 and refused.mimetype == "application/problem+json"
        assert "delta" in refused.json["errors"]["json"]


def test_status_moves_follow_the_lifecycle(client, registered, as_):
    worker_id, _, _ = registered
    path = f"/workers/{worker_id}/status"
    refused = client.post(path, json={"status": "active", "reason": "skip the test"}, headers=as_("manager"))
    assert refused.status_code == 409 and refused.json["type"].endswith("illegal-transition")
    done = client.post(path, json={"status": "deactivated", "reason": "asked to leave"}, headers=as_("manager"))
    assert done.status_code == 200 and done.json["status"] == "deactivated"
    assert client.post(path, json={"status": "suspended", "reason": "x"}, headers=as_("manager")).status_code == 409


@pytest.mark.parametrize("by_worker", [True, False])
def test_erasure_wipes_personal_data_and_keeps_the_anonymous_history(client, registered, as_, by_worker):
    worker_id, body, mine = registered
    client.post(f"/workers/{worker_id}/rating-adjustments", headers=as_("manager"),
                json={"review_id": f"r-{by_worker}", "delta": -0.5, "reason": "late"})
    erased = client.post("/workers/me/erasure" if by_worker else f"/workers/{worker_id}/erasure",
                         headers=mine if by_worker else as_("manager"))
    assert erased.status_code == 200 and erased.json["erased"] and erased.json["status"] == "deactivated"
    assert client.get(f"/workers/{worker_id}/personal-data", headers=as_("manager")).status_code == 404
    assert client.get(f"/workers/{worker_id}/contact", headers=as_("service", "worker-testing")).status_code == 404
    assert client.post("/login", json={"email": body["email"], "password": body["password"]}).status_code == 401
    projection = client.get(f"/workers/{worker_id}", headers=as_("service")).json
    assert projection["rating"] == 2.5
    assert len(client.get(f"/workers/{worker_id}/rating-history", headers=as_("manager")).json["changes"]) == 1
    # the e-mail is free again: the blind index went with the personal data
    assert client.post("/workers", json=registration(email=body["email"])).status_code == 201


def test_personal_data_never_reaches_the_logs(client, as_, caplog):
    body = registration()
    worker_id = client.post("/workers", json=body).json["worker"]["worker_id"]
    client.post("/login", json={"email": body["email"], "password": "wrong password!!"})
    client.post("/workers", json=body)  # a conflict: its problem names the field, not the value
    client.get(f"/workers/{worker_id}/personal-data", headers=as_("manager"))
    client.get(f"/workers/{worker_id}/contact", headers=as_("service", "worker-testing"))
    logged = caplog.text
    assert worker_id in logged  # the log lines are there ...
    for secret in (body["email"], body["full_name"], body["phone"], body["document_number"], body["password"]):
        assert secret not in logged  # ... without the personal data
