"""The outbox for MongoDB: events embedded in the document they come with, relayed with publisher confirms.

MongoDB writes one document atomically; several documents need a replica-set transaction, which neither the local
stand-in (nx-27017) nor a single-node ``mongo:7`` offers. So the events of a change live inside the changed
document (``outbox``, ``outbox_pending``), written by the same ``insert_one``/``update_one`` that makes the change:
there is no moment at which the change is stored and its events are not. ``MongoOutboxRelay`` publishes pending
documents' events with confirms (``message_id`` = event id) and then clears ``outbox_pending``. A crash between
the confirm and that update publishes the events again with the same ids; consumers' inboxes make that harmless.
See docs/adr/0080-order-report-outbox-in-the-document.md.
"""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Iterable, Sequence

from pymongo import ASCENDING
from pymongo.collection import Collection
from pymongo.errors import PyMongoError

from mcf.kit.events import Event
from mcf.kit.messaging import BrokerUnavailable, Publisher
from mcf.kit.outbox import Relay

PENDING = "outbox_pending"


def outbox_fields(events: Iterable[Event], now: datetime | None = None) -> dict:
    """The fields to store in a document so its ``events`` go out with it (merge them into the insert/``$set``)."""
    rows = [{"id": e.id, "exchange": e.exchange, "routing_key": e.routing_key, "body": e.to_json().decode(),
             "correlation_id": e.correlationid} for e in events]
    return {"outbox": rows, PENDING: bool(rows), "outbox_at": now or datetime.now(timezone.utc),
            "outbox_attempts": 0, "outbox_error": None, "outbox_sent_at": None}


def ensure_outbox_index(collection: Collection) -> None:
    collection.create_index([(PENDING, ASCENDING), ("outbox_at", ASCENDING)])


def pending_count(collections: Sequence[Collection]) -> int:
    return sum(c.count_documents({PENDING: True}) for c in collections)


class MongoOutboxRelay(Relay):
    """Publishes the pending events of documents in ``collections``, oldest first, then marks them sent.

    Run one relay per service (``workers`` process): two relays would each publish a document found pending by
    both (no row lock as PostgreSQL's ``SKIP LOCKED``); consumers would drop the duplicate, but it is waste.
    Between rounds it waits the poll interval (MongoDB has no NOTIFY here).
    """

    database_errors = (PyMongoError,)

    def __init__(self, collections: Sequence[Collection], publisher: Publisher, *, batch_size: int = 100,
                 poll_seconds: float = 1.0, max_backoff: float = 30.0, name: str = "mongo-outbox-relay"):
        super().__init__(publisher, batch_size=batch_size, poll_seconds=poll_seconds, max_backoff=max_backoff,
                         name=name)
        self.collections = list(collections)

    def relay_once(self) -> int:
        """Publish one batch per collection; returns how many documents went out. Raises BrokerUnavailable."""
        published = 0
        for collection in self.collections:
            documents = list(collection.find({PENDING: True}, {"outbox": 1}).sort("outbox_at", ASCENDING)
                             .limit(self.batch_size))
            for document in documents:
                try:
                    for row in document.get("outbox") or []:
                        self.publisher.publish_raw(row["exchange"], row["routing_key"], row["body"].encode(),
                                                   message_id=row["id"], correlation_id=row.get("correlation_id"))
                except BrokerUnavailable as exc:
                    collection.update_one({"_id": document["_id"]},
                                          {"$inc": {"outbox_attempts": 1}, "$set": {"outbox_error": str(exc)}})
                    raise
                # Only after every event of the document is confirmed; the filter keeps a concurrent change safe.
                collection.update_one({"_id": document["_id"], PENDING: True},
                                      {"$set": {PENDING: False, "outbox_sent_at": datetime.now(timezone.utc),
                                                "outbox_error": None}, "$inc": {"outbox_attempts": 1}})
                published += 1
        return published

    def _full(self, published: int) -> bool:
        return published > 0
