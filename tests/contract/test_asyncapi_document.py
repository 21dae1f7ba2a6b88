"""The AsyncAPI document is internally sound and matches the topology the code declares."""
import copy
import re

import jsonschema
import pytest

from mcf.topology import TOPOLOGY
from tests.contract.asyncapi import address_matches, document, messages, operations


def test_the_document_is_asyncapi_3_and_every_reference_resolves():
    doc = document()
    assert doc["asyncapi"].startswith("3.")
    assert messages(), "the document lists messages"


@pytest.mark.parametrize("message", messages(), ids=lambda m: m.name)
def test_every_example_validates_against_its_own_message_schema(message):
    assert message.examples, f"{message.name} has an example"
    for example in message.examples:
        message.validate(example)
        assert example["type"] == message.name
        assert address_matches(message.channel_address, example["type"])


def test_every_exchange_in_the_document_is_declared_by_the_topology():
    declared = {exchange.name for exchange in TOPOLOGY.exchanges}
    for message in messages():
        assert message.exchange in declared


def test_every_consumer_queue_in_the_document_is_the_topologys_queue_with_the_same_bindings():
    documented = {op["x-mcf-queue"]["name"]: op for op in operations("receive")}
    declared = {queue.name: queue for queue in TOPOLOGY.queues}
    assert set(documented) == set(declared)
    for name, op in documented.items():
        bindings = {(b["exchange"], b["routingKey"]) for b in op["x-mcf-queue"]["bindings"]}
        assert bindings == {(b.exchange, b.routing_key) for b in declared[name].bindings}


def test_every_received_message_reaches_the_receiving_queue():
    for op in operations("receive"):
        for message in op["messages"]:
            key = message["payload"]["allOf"][1]["properties"]["type"]["const"]
            assert any(_topic_matches(b["routingKey"], key) for b in op["x-mcf-queue"]["bindings"]), key


def _topic_matches(pattern: str, key: str) -> bool:
    regex = "^" + re.escape(pattern).replace(r"\*", r"[^.]+").replace(r"\#", r".*") + "$"
    return re.match(regex, key) is not None


@pytest.mark.parametrize("message", messages(), ids=lambda m: m.name)
def test_the_schemas_have_teeth(message):
    example = copy.deepcopy(message.examples[0])
    del example["data"][next(iter(example["data"]))]
    with pytest.raises(jsonschema.ValidationError):
        message.validate(example)
    wrong_type = {**message.examples[0], "type": "something.else"}
    with pytest.raises(jsonschema.ValidationError):
        message.validate(wrong_type)
