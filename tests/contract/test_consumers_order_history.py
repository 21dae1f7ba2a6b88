"""order-history's reading of ``quality.reviewed``: every documented example (and the message's schema, field by
field) is what its consumer reads; its queue's operation for reviews is documented."""
import json
import uuid

import pytest

from mcf.kit.events import Event
from mcf.order_history.adapters.amqp import reviewed_from
from mcf.topology import ORDER_HISTORY_INBOX
from tests.contract.asyncapi import message_for, operations

REVIEWED = message_for("mcf.events", "quality.reviewed")


def test_order_history_documents_receiving_reviews_on_its_queue():
    [op] = [o for o in operations("receive", "order-history") if any(
        m["name"] == "quality.reviewed" for m in o["messages"])]
    assert op["x-mcf-queue"]["name"] == ORDER_HISTORY_INBOX.name


@pytest.mark.parametrize("example", REVIEWED.examples, ids=lambda e: e["data"]["decision"])
def test_the_consumer_reads_every_documented_review(example):
    REVIEWED.validate(example)
    review = reviewed_from(Event.from_json(json.dumps(example).encode()))
    data = example["data"]
    assert (review.review_id, review.order_id, review.worker_id, review.score) == (
        data["review_id"], data["order_id"], data["worker_id"], data["score"])
    assert review.reviewed_at.isoformat().startswith(data["reviewed_at"][:19])


def test_a_documented_review_without_a_worker_counts_for_nobody():
    example = {**REVIEWED.examples[0], "id": str(uuid.uuid4())}
    example["data"] = {**example["data"], "worker_id": None}
    REVIEWED.validate(example)
    assert reviewed_from(Event.from_json(json.dumps(example).encode())) is None
