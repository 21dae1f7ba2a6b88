"""worker.test_completed through the kit's Consumer on RabbitMQ: a pass activates the candidate (worker.activated
in the outbox), a redelivery changes nothing, an unknown worker or a bad payload is dead-lettered."""
import threading
import uuid

import pytest

from mcf.kit.events import Event
from mcf.kit.messaging import REASON_HEADER, Consumer, ConsumerOptions, Publisher, Queue
from mcf.topology import WORKER_PROFILE_INBOX
from mcf.worker_profile.adapters import amqp
from mcf.worker_profile.adapters.crypto import cipher_from
from mcf.worker_profile.app import unit_of_work
from tests.support.amqp import get_all, temporary_queue, wait_for


@pytest.fixture
def queue(isolated_settings):
    queue = Queue(f"worker-profile.inbox.t{uuid.uuid4().hex[:8]}", WORKER_PROFILE_INBOX.bindings)
    with temporary_queue(isolated_settings.amqp_url, queue):
        yield queue


@pytest.fixture
def consumer(isolated_settings, queue, clean):
    _, pg = clean
    consumer = Consumer(isolated_settings.amqp_url, queue,
                        amqp.inbox_handler(unit_of_work(pg, cipher_from(isolated_settings))), pg,
                        options=ConsumerOptions(max_attempts=2, retry_base_ms=50))
    thread = threading.Thread(target=consumer.run, daemon=True)
    thread.start()
    assert consumer.ready.wait(10)
    yield consumer
    consumer.stop()
    thread.join(5)


def completed(worker_id, passed=True, score=5):
    return Event("worker.test_completed", "/mcf/worker-testing", {
        "attempt_id": str(uuid.uuid4()), "worker_id": worker_id, "test_id": str(uuid.uuid4()), "test_version": 2,
        "score": score, "max_score": 6, "pass_mark": 70, "passed": passed, "completed_at": "2026-11-20T08:55:00Z"},
        subject=worker_id)


def _publish(settings, *events):
    publisher = Publisher(settings.amqp_url)
    for event in events:
        publisher.publish(event)
    publisher.close()


def _state(pg, worker_id):
    with pg.connection_context():
        status, attempts = pg.execute_sql("SELECT status, test_attempts FROM workers WHERE id = %s",
                                          (worker_id,)).fetchone()
        published = [r[0] for r in pg.execute_sql(
            "SELECT routing_key FROM outbox WHERE convert_from(body, 'UTF8') LIKE %s ORDER BY created_at",
            (f'%"subject":"{worker_id}"%',)).fetchall()]
    return status, attempts, published


def test_a_pass_activates_the_candidate_once(isolated_settings, consumer, registered, clean):
    worker_id = registered[0]
    _, pg = clean
    failed, passed = completed(worker_id, passed=False, score=2), completed(worker_id)
    _publish(isolated_settings, failed, passed, passed)  # the pass twice: a redelivery
    assert wait_for(lambda: _state(pg, worker_id)[0] == "active")
    marker = completed(worker_id, score=6)
    _publish(isolated_settings, marker)
    assert wait_for(lambda: _state(pg, worker_id)[1] == 3)
    status, attempts, published = _state(pg, worker_id)
    assert (status, attempts) == ("active", 3)
    assert published == ["worker.registered", "worker.profile_changed", "worker.activated",
                         "worker.profile_changed"]


def test_an_unknown_worker_and_a_bad_payload_are_dead_lettered(isolated_settings, queue, consumer, clean):
    unknown = completed(str(uuid.uuid4()))
    bad = Event("worker.test_completed", "/mcf/worker-testing", {"worker_id": "nope"})
    _publish(isolated_settings, unknown, bad)
    dead = get_all(isolated_settings.amqp_url, queue.dead_letter_queue, 2)
    reasons = {p.message_id: p.headers[REASON_HEADER] for p, _ in dead}
    assert "does not exist" in reasons[unknown.id]
    assert reasons[bad.id].startswith("rejected: worker.test_completed: data.")
