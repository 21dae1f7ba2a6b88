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
            tx.rollback()
