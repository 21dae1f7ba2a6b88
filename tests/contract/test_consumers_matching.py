"""matching's consumer accepts every documented example of the messages its queue receives (matching emits no
events). Order messages the document adds later are covered as they appear."""
import json
import re

import pytest

from mcf.kit.events import Event
from mcf.matching.adapters.amqp import HANDLED_KEYS
from mcf.topology import MATCHING_EVENTS
from tests.contract.asyncapi import messages, operations


def _routed_to_matching(key: str) -> bool:
    return any(re.match("^" + re.escape(b.routing_key).replace(r"\*", r"[^.]+").replace(r"\#", r".*") + "$", key)
               for b in MATCHING_EVENTS.bindings)


RECEIVED = [m for m in messages() if m.exchange == "mcf.events" and _routed_to_matching(m.name)]


@pytest.fixture(scope="module")
def handler(isolated_settings):
    from mcf.matching.app import event_handler, postgres

    database = postgres(isolated_settings)
    yield database, event_handler(database)
    database.close_all()


def test_matching_documents_a_receive_operation_for_its_queue():
    ops = operations("receive", "matching")
    assert ops and all(op["x-mcf-queue"]["name"] == MATCHING_EVENTS.name for op in ops)
    documented = {m["name"] for op in ops for m in op["messages"]}
    assert {"worker.registered", "worker.activated", "worker.profile_changed", "worker.rating_changed",
            "worker.deactivated", "order.created"} <= documented <= set(HANDLED_KEYS)


@pytest.mark.parametrize("message", RECEIVED, ids=lambda m: m.name)
def test_the_consumer_accepts_every_example(handler, message):
    database, handle = handler
    for example in message.examples:
        event = Event.from_json(json.dumps(example).encode())
        with database.connection_context(), database.atomic() as tx:
            handle(event)  # raises Rejected if the document and the consumer disagree
            assert_applied(database, event)
            tx.rollback()


def assert_applied(database, event: Event) -> None:
    """What the example changed in matching's read model, read back inside the handler's transaction."""
    from mcf.matching.adapters.storage import PeeweeCandidateStore, PeeweeOrderTracker

    data = event.data
    if event.type in HANDLED_KEYS and event.type.startswith("worker."):
        candidate = PeeweeCandidateStore(database).get(str(data["worker_id"]))
        assert candidate is not None, f"{event.type} stored no candidate"
        expected = {"worker.activated": True, "worker.deactivated": False}.get(event.type, data.get("active"))
        if expected is not None:  # partial updates carry only what changed
            assert candidate.active is expected
        if data.get("rating") is not None:
            assert candidate.rating == data["rating"]
    elif event.type in ("order.created", "order.offered"):
        tracked = PeeweeOrderTracker(database).get(str(data["order_id"]))
        assert tracked is not None, f"{event.type} left matching without the order"
        assert (tracked.toy_category, tracked.district) == (data["toy_category"], data["district"])
    elif event.type not in HANDLED_KEYS:  # routed here by a wildcard binding, acked unused: it changes nothing
        for table in ("candidates", "tracked_orders"):
            rows = database.execute_sql(f"SELECT count(*) FROM {table}").fetchone()[0]
            assert rows == 0, f"{event.type} is not matching's, yet {table} has rows"
