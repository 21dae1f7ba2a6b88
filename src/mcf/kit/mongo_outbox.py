"""The outbox for MongoDB: events embedded in the document they come with, relayed with publisher confirms.

MongoDB writes one document atomically; several documents need a replica-set transaction, which neither the local
stand-in (nx-27017) nor a single-node ``mongo:7`` offers. So the events of a change live inside the changed
document (``outbox``, ``outbox_pending``), written by the same ``insert_one``/``update_one`` that makes the change:
there is no moment at which the change is stored and its events are not. ``MongoOutboxRelay`` publishes pending
documents' events with confirms (``message_id`` = event id) and then clears ``outbox_pending``. A crash between
the confirm and that update publishes the events again with the same ids; consumers' inboxes make that harmless.
Several relays (replicas) share the work by a lease: each claims one document at a time with ``find_one_and_update``
(``outbox_claimed_until`` in the future, ``outbox_claimed_by`` its own token), so no two publish the same document
while the lease holds; a relay that dies leaves a lease that simply runs out. See
docs/adr/0080-order-report-outbox-in-the-document.md and docs/adr/0140-replicas-share-work-by-claims.md.
"""
from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone
from typing import Iterable, Sequence

from pymongo import ASCENDING, ReturnDocument
from pymongo.collection import Collection
from pymongo.errors import PyMongoError

from mcf.kit import metrics
from mcf.kit.events import Event
from mcf.kit.messaging import BrokerUnavailable, Publisher
from mcf.kit.outbox import Relay

PENDING = "outbox_pending"
CLAIMED_UNTIL = "outbox_claimed_until"
CLAIMED_BY = "outbox_claimed_by"


def outbox_fields(events: Iterable[Event], now: datetime | None = None) -> dict:
    """The fields to store in a document so its ``events`` go out with it (merge them into the insert/``$set``)."""
    rows = [{"id": e.id, "exchange": e.exchange, "routing_key": e.routing_key, "body": e.to_json().decode(),
             "correlation_id": e.correlationid} for e in events]
    return {"outbox": rows, PENDING: bool(rows), "outbox_at": now or datetime.now(timezone.utc),
            "outbox_attempts": 0, "outbox_error": None, "outbox_sent_at": None,
            CLAIMED_UNTIL: None, CLAIMED_BY: None}


def ensure_outbox_index(collection: Collection) -> None:
    collection.create_index([(PENDING, ASCENDING), ("outbox_at", ASCENDING)])


def pending_count(collections: Sequence[Collection]) -> int:
    return sum(c.count_documents({PENDING: True}) for c in collections)


class MongoOutboxRelay(Relay):
    """Publishes the pending events of documents in ``collections``, oldest first, then marks them sent.

    Any number of relays may run side by side (one per ``workers`` replica): a document is published only by the
    relay whose lease on it holds (MongoDB's stand-in for PostgreSQL's ``SKIP LOCKED``). ``lease_seconds`` must
    exceed the time one document's publishes take; a lease that ran out lets another relay publish it again, which
    the consumers' inboxes absorb.
    """

    database_errors = (PyMongoError,)

    def __init__(self, collections: Sequence[Collection], publisher: Publisher, *, batch_size: int = 100,
                 poll_seconds: float = 1.0, max_backoff: float = 30.0, name: str = "mongo-outbox-relay",
                 lease_seconds: float = 30.0):
        super().__init__(publisher, batch_size=batch_size, poll_seconds=poll_seconds, max_backoff=max_backoff,
                         name=name)
        self.collections = list(collections)
        self.lease = timedelta(seconds=lease_seconds)
        self.token = uuid.uuid4().hex  # this relay's claims

    def claim(self, collection: Collection) -> dict | None:
        """The oldest pending document nobody holds a lease on, leased to this relay (None: nothing to do)."""
        now = datetime.now(timezone.utc)
        return collection.find_one_and_update(
            {PENDING: True, "$or": [{CLAIMED_UNTIL: None}, {CLAIMED_UNTIL: {"$lt": now}}]},
            {"$set": {CLAIMED_UNTIL: now + self.lease, CLAIMED_BY: self.token}},
            projection={"outbox": 1}, sort=[("outbox_at", ASCENDING)], return_document=ReturnDocument.AFTER)

    def relay_once(self) -> int:
        """Publish one batch per collection; returns how many documents went out. Raises BrokerUnavailable."""
        published = 0
        for collection in self.collections:
            for _ in range(self.batch_size):
                document = self.claim(collection)
                if document is None:
                    break
                mine = {"_id": document["_id"], PENDING: True, CLAIMED_BY: self.token}
                try:
                    for row in document.get("outbox") or []:
                        self.publisher.publish_raw(row["exchange"], row["routing_key"], row["body"].encode(),
                                                   message_id=row["id"], correlation_id=row.get("correlation_id"))
                except BrokerUnavailable as exc:
                    collection.update_one(mine, {"$inc": {"outbox_attempts": 1},
                                                 "$set": {"outbox_error": str(exc), CLAIMED_UNTIL: None,
                                                          CLAIMED_BY: None}})
                    raise
                # Only after every event of the document is confirmed, and only while the lease is still ours.
                collection.update_one(mine, {"$set": {PENDING: False, "outbox_sent_at": datetime.now(timezone.utc),
                                                      "outbox_error": None, CLAIMED_UNTIL: None, CLAIMED_BY: None},
                                             "$inc": {"outbox_attempts": 1}})
                for row in document.get("outbox") or []:
                    metrics.published(self.name, row["routing_key"])
                published += 1
        return published

    def backlog(self) -> tuple[int, float]:
        """(documents with unpublished events, seconds since the oldest was written; 0 when none)."""
        count, oldest = 0, None
        for collection in self.collections:
            count += collection.count_documents({PENDING: True})
            first = collection.find_one({PENDING: True}, projection={"outbox_at": 1}, sort=[("outbox_at", ASCENDING)])
            at = first and first.get("outbox_at")
            if at is not None:
                at = at if at.tzinfo else at.replace(tzinfo=timezone.utc)
                oldest = at if oldest is None else min(oldest, at)
        age = (datetime.now(timezone.utc) - oldest).total_seconds() if oldest else 0.0
        return count, max(0.0, age)

    def _full(self, published: int) -> bool:
        return published > 0
