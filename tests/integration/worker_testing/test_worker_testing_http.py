"""The candidates' REST API on real PostgreSQL: start, submit in time, late refusal, roles, the outbox row."""
import json
import uuid
from datetime import datetime, timedelta, timezone

from tests.integration.worker_testing.conftest import active_version, token


def _outbox(pg, needle):
    with pg.connection_context():
        rows = pg.execute_sql("SELECT routing_key, body FROM outbox WHERE convert_from(body, 'UTF8') LIKE %s",
                              (f"%{needle}%",)).fetchall()
    return [(key, json.loads(bytes(body))) for key, body in rows]


def _right_answers(attempt):
    by_position = {q["position"]: q for q in attempt["questions"]}
    return [{"question_id": by_position[1]["question_id"], "option_ids": ["1"], "time_spent_ms": 3000},
            {"question_id": by_position[2]["question_id"], "option_ids": ["1", "3"], "time_spent_ms": 8000}]


def test_a_candidate_takes_the_active_test_and_the_result_goes_to_the_outbox(clean, isolated_settings):
    app, pg = clean
    test_id, _ = active_version(pg)
    worker = str(uuid.uuid4())
    client = app.test_client()
    started = client.post("/attempts", headers=token(isolated_settings, "worker", worker))
    assert started.status_code == 201, started.json
    attempt = started.json
    assert attempt["test_id"] == test_id and len(attempt["questions"]) == 2
    assert "correct" not in json.dumps(attempt["questions"])  # no answers leak to the candidate
    resumed = client.post("/attempts", headers=token(isolated_settings, "worker", worker))
    assert resumed.status_code == 200 and resumed.json["attempt_id"] == attempt["attempt_id"]

    done = client.post(f"/attempts/{attempt['attempt_id']}/submission", json={"answers": _right_answers(attempt)},
                       headers=token(isolated_settings, "worker", worker))
    assert done.status_code == 200, done.json
    assert done.json["result"]["score"] == 5 and done.json["result"]["passed"] is True
    [(key, event)] = _outbox(pg, attempt["attempt_id"])
    assert key == "worker.test_completed" and event["data"]["worker_id"] == worker
    again = client.post(f"/attempts/{attempt['attempt_id']}/submission", json={"answers": []},
                        headers=token(isolated_settings, "worker", worker))
    assert again.status_code == 409 and again.content_type == "application/problem+json"
    assert len(_outbox(pg, attempt["attempt_id"])) == 1
    retake = client.post("/attempts", headers=token(isolated_settings, "worker", worker))
    assert retake.status_code == 409 and retake.json["type"] == "urn:mcf:problem:already-passed"


def test_a_late_submission_is_refused_with_a_problem_and_changes_nothing_but_the_expiry(clean, isolated_settings):
    from mcf.worker_testing import app as service_app

    _, pg = clean
    active_version(pg, limit=60)
    now = [datetime.now(timezone.utc)]
    app = service_app.create_app(isolated_settings, clock=lambda: now[0])
    worker = str(uuid.uuid4())
    attempt = app.test_client().post("/attempts", headers=token(isolated_settings, "worker", worker)).json
    now[0] += timedelta(seconds=66)
    late = app.test_client().post(f"/attempts/{attempt['attempt_id']}/submission",
                                  json={"answers": _right_answers(attempt)},
                                  headers=token(isolated_settings, "worker", worker))
    assert late.status_code == 409 and late.json["type"] == "urn:mcf:problem:attempt-expired"
    assert _outbox(pg, attempt["attempt_id"]) == []
    shown = app.test_client().get(f"/attempts/{attempt['attempt_id']}",
                                  headers=token(isolated_settings, "worker", worker))
    assert shown.json["status"] == "expired" and shown.json["result"] is None
    cooling = app.test_client().post("/attempts", headers=token(isolated_settings, "worker", worker))
    assert cooling.status_code == 409 and cooling.json["type"] == "urn:mcf:problem:cooling-down"


def test_roles_and_ownership(clean, isolated_settings):
    app, pg = clean
    test_id, _ = active_version(pg)
    client = app.test_client()
    assert client.post("/attempts").status_code == 401
    assert client.post("/attempts", headers=token(isolated_settings, "client")).status_code == 403
    real_client = token(isolated_settings, "client", audience="client-dashboard")  # what sign-up gives a client
    assert client.post("/attempts", headers=real_client).status_code == 401
    for_order = token(isolated_settings, "worker", audience="order")  # a token made for another service
    assert client.post("/attempts", headers=for_order).status_code == 401
    assert client.post("/attempts", headers=token(isolated_settings, "manager")).status_code == 403
    worker = str(uuid.uuid4())
    attempt = client.post("/attempts", headers=token(isolated_settings, "worker", worker)).json
    other = token(isolated_settings, "worker")
    assert client.get(f"/attempts/{attempt['attempt_id']}", headers=other).status_code == 404
    assert client.post(f"/attempts/{attempt['attempt_id']}/submission", json={"answers": []},
                       headers=other).status_code == 404
    assert client.get(f"/attempts/{attempt['attempt_id']}",
                      headers=token(isolated_settings, "manager")).status_code == 200
    stats_path = f"/tests/{test_id}/versions/1/statistics"
    assert client.get(stats_path, headers=token(isolated_settings, "worker", worker)).status_code == 403


def test_bad_answers_are_a_422_problem_and_change_nothing(clean, isolated_settings):
    app, pg = clean
    active_version(pg)
    worker = str(uuid.uuid4())
    client = app.test_client()
    attempt = client.post("/attempts", headers=token(isolated_settings, "worker", worker)).json
    first = attempt["questions"][0]["question_id"]
    for body in ({"answers": [{"question_id": first, "option_ids": ["1", "2"]}]},
                 {"answers": [{"question_id": str(uuid.uuid4()), "option_ids": ["1"]}]},
                 {"answers": [{"question_id": "not-a-uuid", "option_ids": ["1"]}]},
                 {"answers": "nope"}):
        refused = client.post(f"/attempts/{attempt['attempt_id']}/submission", json=body,
                              headers=token(isolated_settings, "worker", worker))
        assert refused.status_code == 422 and refused.content_type == "application/problem+json"
    assert client.get(f"/attempts/{attempt['attempt_id']}",
                      headers=token(isolated_settings, "worker", worker)).json["status"] == "in_progress"
