"""The follow-ups on the real servers: answers to ClickHouse (a repeated export shows no double rows), the outbox
relayed to RabbitMQ, the contact card from a worker-profile stand-in (with its timeout), the notice queued."""
import json
import uuid
from datetime import datetime, timedelta, timezone

import pytest
from flask import jsonify

from mcf.kit.errors import Unavailable
from mcf.kit.events import EVENTS_EXCHANGE
from mcf.kit.messaging import Binding, Publisher, Queue
from mcf.kit.outbox import OutboxRelay
from mcf.topology import TOPOLOGY
from tests.integration.worker_testing.conftest import active_version, token
from tests.support.amqp import get_all, temporary_queue
from tests.support.stub_services import StubControls, _stub, serve

WORKER = str(uuid.uuid4())


@pytest.fixture
def store(servers):
    from mcf.kit import clickhouse
    from mcf.worker_testing import app

    own = servers.with_(db_prefix=f"mcf_t_{uuid.uuid4().hex[:6]}_")
    answers = app.answer_store(own)
    yield answers
    clickhouse.drop_database(answers.client, answers.client.connection.database)
    answers.client.disconnect()


def worker_profile_stub(secret, controls, contacts):
    """worker-profile's planned ``GET /workers/{id}/contact`` (role service)."""
    app = _stub("worker-profile-stub", secret, controls)

    @app.get("/workers/<worker_id>/contact")
    def contact(worker_id):
        if controls.received[-1].role != "service":
            return jsonify({"title": "Forbidden"}), 403
        if worker_id not in contacts:
            return jsonify({"title": "Not Found"}), 404
        return jsonify(contacts[worker_id])

    return app


def _complete_attempt(app, settings, worker):
    client = app.test_client()
    attempt = client.post("/attempts", headers=token(settings, "worker", worker)).json
    by_position = {q["position"]: q["question_id"] for q in attempt["questions"]}
    answers = [{"question_id": by_position[1], "option_ids": ["1"], "time_spent_ms": 2000},
               {"question_id": by_position[2], "option_ids": ["1"], "time_spent_ms": 7000}]
    done = client.post(f"/attempts/{attempt['attempt_id']}/submission", json={"answers": answers},
                       headers=token(settings, "worker", worker))
    assert done.status_code == 200
    return done.json


def test_answers_reach_clickhouse_once_even_when_the_export_is_repeated(clean, isolated_settings, store):
    from mcf.worker_testing import service
    from mcf.worker_testing.adapters.storage import WorkerTestingUnitOfWork

    app, pg = clean
    test_id, _ = active_version(pg)
    attempt = _complete_attempt(app, isolated_settings, WORKER)
    with pg.connection_context():
        assert service.export_answers(WorkerTestingUnitOfWork(pg), store, datetime.now(timezone.utc)) == 1
        assert service.export_answers(WorkerTestingUnitOfWork(pg), store, datetime.now(timezone.utc)) == 0
    rows = store.answers_of(attempt["attempt_id"])
    assert sorted((r.correct, r.points, r.time_spent_ms, r.option_ids) for r in rows) == \
        [(False, 0, 7000, ("1",)), (True, 2, 2000, ("1",))]
    assert {r.test_id for r in rows} == {test_id} and len(rows) == 2
    store.write(rows)  # a redelivered write (a crash between the insert and the commit)
    assert len(store.answers_of(attempt["attempt_id"])) == 2
    [stats_q1] = [s for s in store.statistics(test_id, 1) if s.question_id == attempt["questions"][0]["question_id"]]
    assert stats_q1.answers == 1
    manager = token(isolated_settings, "manager")
    from mcf.worker_testing import app as service_app

    with_store = service_app.create_app(isolated_settings, answers=lambda: store)
    stats = with_store.test_client().get(f"/tests/{test_id}/versions/1/statistics", headers=manager)
    assert stats.status_code == 200
    shares = {q["position"]: (q["answers"], q["share_correct"], q["median_time_ms"]) for q in stats.json["questions"]}
    assert shares == {1: (1, 1.0, 2000.0), 2: (1, 0.0, 7000.0)}


def test_the_completed_event_is_relayed_to_rabbitmq(clean, isolated_settings):
    app, pg = clean
    active_version(pg)
    queue = Queue(f"wt-test-{uuid.uuid4().hex[:6]}", (Binding(EVENTS_EXCHANGE, "worker.test_completed"),))
    with temporary_queue(isolated_settings.amqp_url, queue):
        attempt = _complete_attempt(app, isolated_settings, WORKER)
        OutboxRelay(pg, Publisher(isolated_settings.amqp_url, TOPOLOGY)).relay_once()
        [(properties, body)] = get_all(isolated_settings.amqp_url, queue.name, expect=1)
    event = json.loads(body)
    assert event["type"] == "worker.test_completed" and properties.message_id == event["id"]
    assert event["data"]["attempt_id"] == attempt["attempt_id"] and event["data"]["passed"] is False


def test_the_contact_gateway_reads_worker_profile_with_a_service_token_and_a_timeout(isolated_settings):
    import threading

    from mcf.worker_testing import app as service_app

    controls = StubControls()
    stub = worker_profile_stub(isolated_settings.jwt_secret, controls,
                               {WORKER: {"email": "vasya@workers.example", "full_name": "Vasya", "locale": "ru"}})
    with serve(stub) as url:
        directory = service_app.worker_directory(isolated_settings, url, timeout=0.5)
        contact = directory.contact(WORKER)
        assert (contact.email, contact.full_name, contact.locale) == ("vasya@workers.example", "Vasya", "ru")
        assert controls.last().role == "service" and controls.last().subject == "worker-testing"
        assert directory.contact(str(uuid.uuid4())) is None
        controls.fail_with = 503
        with pytest.raises(Unavailable):
            directory.contact(WORKER)
        controls.fail_with, controls.hang = None, threading.Event()
        started = datetime.now(timezone.utc)
        with pytest.raises(Unavailable):
            directory.contact(WORKER)
        assert datetime.now(timezone.utc) - started < timedelta(seconds=3)
        controls.hang.set()
    with pytest.raises(Unavailable):
        service_app.worker_directory(isolated_settings, url, timeout=0.5).contact(WORKER)  # stub gone


def test_the_follow_up_round_queues_the_notice_with_the_address_from_worker_profile(clean, isolated_settings, store):
    from mcf.worker_testing import app as service_app

    app, pg = clean
    active_version(pg)
    worker = str(uuid.uuid4())
    attempt = _complete_attempt(app, isolated_settings, worker)
    controls = StubControls()
    stub = worker_profile_stub(isolated_settings.jwt_secret, controls,
                               {worker: {"email": "murzik@workers.example", "full_name": "Murzik", "locale": "en"}})
    with serve(stub) as url:
        round_ = service_app.follow_ups(pg, lambda: store, service_app.worker_directory(isolated_settings, url))
        assert round_() == {"exported": 1, "notices": 1}
        assert round_() == {"exported": 0, "notices": 0}
    with pg.connection_context():
        [(body,)] = pg.execute_sql("SELECT body FROM outbox WHERE routing_key = %s AND convert_from(body, 'UTF8') "
                                   "LIKE %s", ("notification.worker-testing.completed",
                                               f"%{attempt['attempt_id']}%")).fetchall()
    notice = json.loads(bytes(body))
    assert notice["data"]["recipient"]["email"] == "murzik@workers.example"
    assert notice["data"]["template"] == "worker_testing.completed"
