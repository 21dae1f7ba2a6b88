"""worker.* and order.* events through the kit's Consumer on RabbitMQ keep the read model; bad ones dead-letter."""
import uuid
from datetime import datetime, timedelta, timezone

import pytest

from mcf.kit.events import Event
from mcf.kit.messaging import (
    REASON_HEADER,
    Consumer,
    ConsumerOptions,
    Publisher,
    Queue,
)
from mcf.matching.adapters.storage import MatchingUnitOfWork
from mcf.matching.app import event_handler
from mcf.topology import MATCHING_EVENTS
from tests.support import matching_seed as fixtures
from tests.support.amqp import get_all, running, temporary_queue, wait_for

SLOT = datetime(2026, 11, 30, 7, 0, tzinfo=timezone.utc)


@pytest.fixture
def queue(isolated_settings):
    """matching's own bindings on a queue of this test's own name."""
    queue = Queue(f"matching.events.t{uuid.uuid4().hex[:8]}", MATCHING_EVENTS.bindings)
    with temporary_queue(isolated_settings.amqp_url, queue):
        yield queue


@pytest.fixture
def consumer(isolated_settings, queue, clean):
    consumer = Consumer(isolated_settings.amqp_url, queue, event_handler(clean), clean,
                        options=ConsumerOptions(max_attempts=2, retry_base_ms=50))
    with running(consumer):
        yield consumer


def _candidate(database, worker_id):
    with database.connection_context():
        return MatchingUnitOfWork(database).candidates.get(worker_id)


def _publish(settings, *events):
    publisher = Publisher(settings.amqp_url)
    for event in events:
        publisher.publish(event)
    publisher.close()


def test_worker_and_order_events_keep_the_read_model(isolated_settings, consumer, clean):
    worker = str(uuid.uuid4())
    order = str(uuid.uuid4())
    client = str(uuid.uuid4())
    registered = Event("worker.registered", "/mcf/worker-profile", {
        "worker_id": worker, "active": False, "toy_categories": ["mice"], "districts": ["Basmanny"],
        "availability": [{"weekday": 0, "start": "08:00", "end": "20:00"}], "rating": 4.1, "test_score": 77})
    slot = {"slot_start": SLOT.isoformat().replace("+00:00", "Z"),
            "slot_end": (SLOT + timedelta(hours=1)).isoformat().replace("+00:00", "Z")}
    _publish(isolated_settings, registered, registered,  # a duplicate delivery changes nothing
             Event("worker.activated", "/mcf/worker-profile", {"worker_id": worker, "active": True}),
             Event("order.offered", "/mcf/order", {"order_id": order, "worker_id": worker, "client_id": client,
                                                   "toy_category": "mice", "district": "Basmanny",
                                                   "expires_at": slot["slot_start"], **slot}),
             Event("order.kit_ready", "/mcf/order", {"order_id": order, "worker_id": worker, "pickup_point": {}}))
    row = wait_for(lambda: (c := _candidate(clean, worker)) and c.active and c.current_load == 1 and c)
    assert row and row.toy_categories == ("mice",) and row.rating == 4.1
    _publish(isolated_settings, Event("order.completed", "/mcf/order", {
        "order_id": order, "client_id": client, "worker_id": worker, "toy_category": "mice",
        "completed_at": slot["slot_end"]}))
    row = wait_for(lambda: (c := _candidate(clean, worker)) and c.completed == 1 and c)
    assert row and row.current_load == 0 and row.category_completed == {"mice": 1}


@pytest.mark.parametrize("event, reason", [
    (Event("worker.rating_changed", "/mcf/worker-profile", {"worker_id": "nope", "rating": 4}),
     "worker.rating_changed: data.worker_id: Not a valid UUID."),
    (Event("order.offered", "/mcf/order", {"order_id": str(uuid.uuid4()), "worker_id": str(uuid.uuid4())}),
     "order.offered: data.slot_end: Missing data"),
])
def test_a_malformed_payload_of_a_known_key_is_dead_lettered_and_an_unknown_key_is_not(
        isolated_settings, queue, consumer, clean, event, reason):
    unknown = Event("order.something_new", "/mcf/order", {"whatever": 1})
    good = Event("worker.registered", "/mcf/worker-profile", {"worker_id": str(uuid.uuid4()), "rating": 3.9})
    _publish(isolated_settings, unknown, event, good)
    [(properties, _)] = get_all(isolated_settings.amqp_url, queue.dead_letter_queue, 1)
    assert properties.message_id == event.id and properties.headers[REASON_HEADER].startswith(f"rejected: {reason}")
    assert wait_for(lambda: _candidate(clean, good.data["worker_id"]))
    assert get_all(isolated_settings.amqp_url, queue.dead_letter_queue, 1, timeout=0.5) == []


def test_seeding_twice_applies_each_event_once(isolated_settings, clean):
    assert fixtures.seed(isolated_settings) == 2 * len(fixtures.workers())
    assert fixtures.seed(isolated_settings) == 0
    first = fixtures.workers()[0]
    row = _candidate(clean, first["worker_id"])
    assert row.active and list(row.toy_categories) == first["toy_categories"]


def test_a_stale_worker_version_arriving_late_changes_nothing(isolated_settings, consumer, clean):
    worker = str(uuid.uuid4())
    facts = {"worker_id": worker, "toy_categories": ["mice"], "districts": ["Arbat"], "availability": [],
             "test_score": 80}
    newer = Event("worker.deactivated", "/mcf/worker-profile", {**facts, "version": 3, "active": False,
                                                                "rating": 1.5})
    older = Event("worker.rating_changed", "/mcf/worker-profile", {**facts, "version": 2, "active": True,
                                                                   "rating": 4.5})
    _publish(isolated_settings, newer, older)
    assert wait_for(lambda: (c := _candidate(clean, worker)) and c.profile_version == 3)
    marker = Event("worker.profile_changed", "/mcf/worker-profile", {"worker_id": str(uuid.uuid4()), "version": 1})
    _publish(isolated_settings, marker)  # consumed after ``older``: once it is in, ``older`` was handled
    assert wait_for(lambda: _candidate(clean, marker.data["worker_id"]))
    candidate = _candidate(clean, worker)
    assert candidate.active is False and candidate.rating == 1.5 and candidate.profile_version == 3
