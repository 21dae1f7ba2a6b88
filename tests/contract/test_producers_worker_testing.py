"""worker-testing against contracts/asyncapi/mcf.yaml: the events it writes to its real outbox validate against
their messages, the documented examples match what it emits, and its notice renders with notification's templates."""
import json
import uuid

import pytest

from mcf.kit.auth import WORKER_AUDIENCE, issue_token
from tests.contract.asyncapi import message_for, messages, operations, resolve


@pytest.fixture(scope="module")
def worker_testing(isolated_settings):
    from mcf.worker_testing import app
    from mcf.worker_testing.adapters.storage import QuestionRow, TestRow, VersionRow

    flask_app, pg = app.create_app(isolated_settings), app.database(isolated_settings)
    with pg.connection_context():
        test = TestRow.create(title="Contract")
        version = VersionRow.create(test=test.id, number=1, pass_mark=50, time_limit_seconds=300, active=True)
        QuestionRow.create(version=version.id, position=1, text="Q", kind="single", weight=2, options="* a\nb")
    return flask_app, pg


def _headers(settings, worker):
    token = issue_token(settings.jwt_secret, worker, 'worker', audience=list(WORKER_AUDIENCE))
    return {"Authorization": f"Bearer {token}"}


def test_a_completed_attempt_emits_a_documented_worker_test_completed(worker_testing, isolated_settings):
    from mcf.kit.events import utcnow
    from mcf.worker_testing import service
    from mcf.worker_testing.adapters.storage import WorkerTestingUnitOfWork
    from mcf.worker_testing.ports import Contact

    app, pg = worker_testing
    worker = str(uuid.uuid4())
    client = app.test_client()
    attempt = client.post("/attempts", headers=_headers(isolated_settings, worker)).json
    answers = [{"question_id": attempt["questions"][0]["question_id"], "option_ids": ["1"]}]
    assert client.post(f"/attempts/{attempt['attempt_id']}/submission", json={"answers": answers},
                       headers=_headers(isolated_settings, worker)).status_code == 200

    class Directory:
        def contact(self, worker_id):
            return Contact("candidate@workers.example", "Candidate", "ru")

    with pg.connection_context():
        service.notify_candidates(WorkerTestingUnitOfWork(pg), Directory(), utcnow())
        rows = pg.execute_sql("SELECT exchange, routing_key, body FROM outbox WHERE convert_from(body, 'UTF8') "
                              "LIKE %s", (f"%{attempt['attempt_id']}%",)).fetchall()
    emitted = {key: (exchange, json.loads(bytes(body))) for exchange, key, body in rows}
    assert set(emitted) == {"worker.test_completed", "notification.worker-testing.completed"}
    for key, (exchange, envelope) in emitted.items():
        message_for(exchange, key).validate(envelope)


def test_the_document_describes_worker_testings_publications():
    sent = {resolve(m)["name"] for op in operations("send", "worker-testing") for m in op["messages"]}
    assert sent == {"worker.test_completed", "notification.worker-testing.completed"}


@pytest.mark.parametrize("message", [m for m in messages() if m.name == "notification.worker-testing.completed"],
                         ids=lambda m: m.name)
def test_the_documented_notice_renders_with_notification_services_templates(message):
    from mcf.notification.adapters.templates import JinjaRenderer

    for example in message.examples:
        request = example["data"]
        for passed in (True, False):
            data = dict(request["data"], passed=passed)
            rendered = JinjaRenderer().render(request["template"], request["locale"], data)
            assert rendered.subject and data["attempt_id"] in rendered.text and rendered.html
            assert str(data["score"]) in rendered.text
