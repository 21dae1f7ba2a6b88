"""quality against contracts/asyncapi/mcf.yaml: the quality.reviewed it writes to its real outbox validates against
the documented message, and the document lists exactly what quality publishes."""
import json
import uuid
from datetime import datetime, timezone

from mcf.quality import service
from mcf.quality.adapters.storage import QualityUnitOfWork
from mcf.quality.domain import Decision
from tests.contract.asyncapi import message_for, operations, resolve
from tests.integration.quality.conftest import clean, world  # noqa: F401


def test_a_review_emits_a_documented_quality_reviewed(clean):  # noqa: F811
    raw = clean.archive_order(worker_id=clean.ratings.add_worker())
    clean.pull()
    with clean.pg.connection_context():
        filed = service.file_review(QualityUnitOfWork(clean.pg), service.ReviewCommand(
            str(uuid.uuid4()), raw["id"], str(uuid.uuid4()), 3, {"on_time": True}, "fine", Decision.COMMEND, 0.2),
            datetime.now(timezone.utc))
        [(routing_key, body)] = clean.pg.execute_sql("SELECT routing_key, body FROM outbox").fetchall()
    envelope = json.loads(bytes(body))
    assert routing_key == "quality.reviewed" and envelope["subject"] == raw["id"]
    message_for("mcf.events", "quality.reviewed").validate(envelope)
    assert envelope["data"]["review_id"] == filed.review.id and envelope["data"]["rating_delta"] == 0.2


def test_the_document_describes_qualitys_publications():
    sent = {resolve(m)["name"] for op in operations("send", "quality") for m in op["messages"]}
    assert sent == {"quality.reviewed"}


def test_the_documented_example_validates():
    message = message_for("mcf.events", "quality.reviewed")
    for example in message.examples:
        message.validate(example)
