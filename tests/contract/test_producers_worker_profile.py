"""worker-profile against contracts/asyncapi/mcf.yaml: every event of a worker's whole life that it writes to its
real outbox validates against its message, the document lists exactly what it publishes, its consumer accepts
worker-testing's documented worker.test_completed, and its notice renders with notification's templates."""
import json
import uuid

import pytest

from mcf.kit.auth import Principal
from mcf.kit.events import Event
from tests.contract.asyncapi import message_for, messages, operations, resolve
from tests.support.worker_profile import bearer, registration


@pytest.fixture(scope="module")
def profile(isolated_settings):
    from mcf.worker_profile import app

    flask_app = app.create_app(isolated_settings)
    pg = flask_app.extensions["mcf_worker_profile_db"]
    yield flask_app, pg
    pg.close_all()


def _outbox(pg, worker_id):
    with pg.connection_context():
        rows = pg.execute_sql("SELECT exchange, routing_key, body FROM outbox WHERE convert_from(body, 'UTF8') "
                              "LIKE %s ORDER BY created_at", (f"%{worker_id}%",)).fetchall()
    return [(exchange, key, json.loads(bytes(body))) for exchange, key, body in rows]


def test_every_event_of_a_workers_life_is_documented(profile, isolated_settings):
    from mcf.worker_profile.adapters import amqp
    from mcf.worker_profile.adapters.crypto import cipher_from
    from mcf.worker_profile.app import unit_of_work

    app, pg = profile
    client = app.test_client()
    manager = bearer(isolated_settings.jwt_secret, "service", "quality", on_behalf_of=Principal("m-1", "manager"))
    signed = client.post("/workers", json=registration()).json
    worker_id, mine = signed["worker"]["worker_id"], {"Authorization": f"Bearer {signed['token']}"}
    assert client.patch("/workers/me", headers=mine, json={"districts": ["Lefortovo", "Sokolniki"]}).status_code \
        == 200
    example = next(m for m in messages() if m.name == "worker.test_completed").examples[0]
    handler = amqp.inbox_handler(unit_of_work(pg, cipher_from(isolated_settings)))
    with pg.connection_context():
        handler(Event.from_json(json.dumps({**example, "id": str(uuid.uuid4()),
                                            "data": {**example["data"], "worker_id": worker_id}}).encode()))
    for status in ("suspended", "active"):
        assert client.post(f"/workers/{worker_id}/status", headers=manager,
                           json={"status": status, "reason": "holiday"}).status_code == 200
    for delta in (-1, -0.5):  # one review moves a rating by -1..1: two take it from 3 below the threshold (2)
        assert client.post(f"/workers/{worker_id}/rating-adjustments", headers=manager,
                           json={"review_id": str(uuid.uuid4()), "delta": delta, "reason": "no-show"}).status_code \
            == 201
    emitted = _outbox(pg, worker_id)
    assert [key for _, key, _ in emitted] == [
        "worker.registered", "worker.profile_changed", "worker.activated", "worker.profile_changed",
        "worker.activated", "worker.rating_changed", "worker.rating_changed", "worker.deactivated",
        "notification.worker-profile.deactivated"]
    for exchange, key, envelope in emitted:
        message_for(exchange, key).validate(envelope)
    other = client.post("/workers", json=registration()).json["worker"]["worker_id"]
    client.post(f"/workers/{other}/erasure", headers=manager)
    for exchange, key, envelope in _outbox(pg, other):
        message_for(exchange, key).validate(envelope)


def test_the_document_describes_worker_profiles_publications_and_its_queue():
    sent = {resolve(m)["name"] for op in operations("send", "worker-profile") for m in op["messages"]}
    assert sent == {"worker.registered", "worker.activated", "worker.profile_changed", "worker.rating_changed",
                    "worker.deactivated", "notification.worker-profile.deactivated"}
    from mcf.topology import WORKER_PROFILE_INBOX

    [receive] = operations("receive", "worker-profile")
    assert receive["x-mcf-queue"]["name"] == WORKER_PROFILE_INBOX.name


@pytest.mark.parametrize("message", [m for m in messages() if m.name == "notification.worker-profile.deactivated"],
                         ids=lambda m: m.name)
def test_the_documented_notice_renders_with_notification_services_templates(message):
    from mcf.notification.adapters.templates import JinjaRenderer

    for example in message.examples:
        request = example["data"]
        for locale in ("en", "ru"):
            for reason in ("rating_below_threshold", "manager"):
                data = dict(request["data"], reason=reason)
                rendered = JinjaRenderer().render(request["template"], locale, data)
                assert rendered.subject and data["full_name"] in rendered.text and rendered.html
