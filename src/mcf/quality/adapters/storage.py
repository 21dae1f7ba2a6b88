"""quality's PostgreSQL: the review queue, the reviews, the rating adjustments waiting for worker-profile, the feed
cursor, and the panel's staff — peewee models bound per database (``db.bound``), one unit of work per use case."""
from __future__ import annotations

import json
from datetime import datetime, timezone

import peewee

from mcf.kit import db
from mcf.kit.admin import STAFF_MIGRATION
from mcf.kit.db import Migration, PeeweeRepository, PeeweeUnitOfWork
from mcf.kit.login_throttle import THROTTLE_MIGRATION
from mcf.kit.values import is_uuid
from mcf.quality import events
from mcf.quality.domain import AdjustmentStatus, Decision, QueuedOrder, RatingAdjustment, Reason, Review, VisitFacts
from mcf.quality.ports import QueueEntry

MIGRATIONS = (
    STAFF_MIGRATION,
    THROTTLE_MIGRATION,
    Migration("quality:0001_queue_reviews_adjustments", """
        CREATE TABLE review_queue (
            order_id uuid PRIMARY KEY,
            version integer NOT NULL CHECK (version > 0),
            status text NOT NULL CHECK (status IN ('completed', 'cancelled')),
            worker_id text,
            client_id text NOT NULL,
            toy_category text NOT NULL,
            district text NOT NULL,
            slot_start timestamptz NOT NULL,
            checked_in_at timestamptz,
            closed_at timestamptz NOT NULL,
            cancelled_by text,
            cancel_reason text,
            visit text,                       -- JSON of what order-report knew: photos, reactions; null: none
            priority integer NOT NULL,
            reasons text NOT NULL,            -- JSON [{rule, weight, text}]
            queued_at timestamptz NOT NULL,
            updated_at timestamptz NOT NULL,
            review_id uuid
        );
        CREATE INDEX review_queue_open ON review_queue (priority DESC, closed_at) WHERE review_id IS NULL;
        CREATE TABLE reviews (
            id uuid PRIMARY KEY,
            order_id uuid NOT NULL UNIQUE REFERENCES review_queue (order_id),
            worker_id text,
            manager_id text NOT NULL,
            score integer NOT NULL CHECK (score BETWEEN 1 AND 5),
            checklist text NOT NULL,
            comment text NOT NULL,
            decision text NOT NULL CHECK (decision IN ('approve', 'commend', 'penalise')),
            rating_delta double precision NOT NULL,
            filed_at timestamptz NOT NULL,
            version integer NOT NULL
        );
        CREATE TABLE rating_adjustments (
            review_id uuid PRIMARY KEY REFERENCES reviews (id),
            worker_id text NOT NULL,
            manager_id text NOT NULL,
            delta double precision NOT NULL CHECK (delta <> 0),
            reason text NOT NULL,
            status text NOT NULL CHECK (status IN ('pending', 'applied', 'rejected')),
            attempts integer NOT NULL DEFAULT 0,
            next_attempt_at timestamptz,
            last_error text,
            applied_at timestamptz,
            created_at timestamptz NOT NULL DEFAULT now()
        );
        CREATE INDEX rating_adjustments_due ON rating_adjustments (next_attempt_at) WHERE status = 'pending';
        CREATE TABLE feed_cursors (
            feed text PRIMARY KEY,
            cursor text,
            updated_at timestamptz NOT NULL DEFAULT now()
        );
    """),
    # order-history's change-feed cursors became `c<epoch>_<uuid>` (a pattern in its contract); a cursor of the
    # old opaque form would be refused, so it is forgotten and the feed read again from the start (the queue's
    # upsert makes that harmless).
    Migration("quality:0002_forget_old_feed_cursors", r"""
        UPDATE feed_cursors SET cursor = NULL WHERE cursor IS NOT NULL AND cursor !~ '^c[0-9]{1,10}_';
    """),
)


class QueueRow(peewee.Model):
    order_id = peewee.UUIDField(primary_key=True)
    version = peewee.IntegerField()
    status = peewee.TextField()
    worker_id = peewee.TextField(null=True)
    client_id = peewee.TextField()
    toy_category = peewee.TextField()
    district = peewee.TextField()
    slot_start = peewee.DateTimeField()
    checked_in_at = peewee.DateTimeField(null=True)
    closed_at = peewee.DateTimeField()
    cancelled_by = peewee.TextField(null=True)
    cancel_reason = peewee.TextField(null=True)
    visit = peewee.TextField(null=True)
    priority = peewee.IntegerField()
    reasons = peewee.TextField()
    queued_at = peewee.DateTimeField()
    updated_at = peewee.DateTimeField()
    review_id = peewee.UUIDField(null=True)

    class Meta:
        table_name = "review_queue"


class ReviewRow(peewee.Model):
    id = peewee.UUIDField(primary_key=True)
    order_id = peewee.UUIDField()
    worker_id = peewee.TextField(null=True)
    manager_id = peewee.TextField()
    score = peewee.IntegerField()
    checklist = peewee.TextField()
    comment = peewee.TextField()
    decision = peewee.TextField()
    rating_delta = peewee.DoubleField()
    filed_at = peewee.DateTimeField()
    version = peewee.IntegerField()

    class Meta:
        table_name = "reviews"


class AdjustmentRow(peewee.Model):
    review_id = peewee.UUIDField(primary_key=True)
    worker_id = peewee.TextField()
    manager_id = peewee.TextField()
    delta = peewee.DoubleField()
    reason = peewee.TextField()
    status = peewee.TextField()
    attempts = peewee.IntegerField(default=0)
    next_attempt_at = peewee.DateTimeField(null=True)
    last_error = peewee.TextField(null=True)
    applied_at = peewee.DateTimeField(null=True)

    class Meta:
        table_name = "rating_adjustments"


class CursorRow(peewee.Model):
    feed = peewee.TextField(primary_key=True)
    cursor = peewee.TextField(null=True)
    updated_at = peewee.DateTimeField()

    class Meta:
        table_name = "feed_cursors"


def _utc(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)


def _visit_json(visit: VisitFacts | None) -> str | None:
    if visit is None:
        return None
    return json.dumps({"photos": visit.photos, "reactions": list(visit.reactions),
                       "report_filed": visit.report_filed})


def _visit_of(text: str | None) -> VisitFacts | None:
    if text is None:
        return None
    raw = json.loads(text)
    return VisitFacts(raw["photos"], tuple(raw["reactions"]), raw["report_filed"])


def entry_of(row: QueueRow) -> QueueEntry:
    order = QueuedOrder(
        order_id=str(row.order_id), version=row.version, status=row.status, worker_id=row.worker_id,
        client_id=row.client_id, toy_category=row.toy_category, district=row.district,
        slot_start=_utc(row.slot_start), checked_in_at=_utc(row.checked_in_at), closed_at=_utc(row.closed_at),
        cancelled_by=row.cancelled_by, cancel_reason=row.cancel_reason, visit=_visit_of(row.visit))
    reasons = tuple(Reason(r["rule"], r["weight"], r["text"]) for r in json.loads(row.reasons))
    return QueueEntry(order, row.priority, reasons, _utc(row.queued_at),
                      str(row.review_id) if row.review_id else None)


class PeeweeQueue:
    def __init__(self, database: peewee.Database):
        self.rows = db.bound(QueueRow, database)

    def get(self, order_id: str) -> QueueEntry | None:
        if not is_uuid(order_id):
            return None
        row = self.rows.get_or_none(self.rows.order_id == order_id)
        return None if row is None else entry_of(row)

    def put(self, order: QueuedOrder, priority: int, reasons: tuple[Reason, ...], now: datetime) -> None:
        facts = dict(version=order.version, status=order.status, worker_id=order.worker_id,
                     client_id=order.client_id, toy_category=order.toy_category, district=order.district,
                     slot_start=order.slot_start, checked_in_at=order.checked_in_at, closed_at=order.closed_at,
                     cancelled_by=order.cancelled_by, cancel_reason=order.cancel_reason,
                     visit=_visit_json(order.visit), priority=priority,
                     reasons=json.dumps([vars(r) for r in reasons]), updated_at=now)
        # Only a higher version replaces the row (a slower writer never rolls it back); the review stays.
        r = self.rows
        (r.insert(order_id=order.order_id, queued_at=now, **facts)
         .on_conflict(conflict_target=[r.order_id], update=facts,
                      where=(r.version < order.version)).execute())

    def mark_reviewed(self, order_id: str, review_id: str) -> None:
        self.rows.update(review_id=review_id).where(self.rows.order_id == order_id).execute()

    def _filtered(self, query, reviewed: bool | None):
        if reviewed is True:
            return query.where(self.rows.review_id.is_null(False))
        if reviewed is False:
            return query.where(self.rows.review_id.is_null(True))
        return query

    def listing(self, reviewed: bool | None, limit: int, offset: int = 0) -> list[QueueEntry]:
        query = self._filtered(self.rows.select(), reviewed)
        order = (self.rows.priority.desc(), self.rows.closed_at, self.rows.order_id)
        return [entry_of(row) for row in query.order_by(*order).limit(limit).offset(offset)]

    def count(self, reviewed: bool | None) -> int:
        return self._filtered(self.rows.select(), reviewed).count()


class PeeweeReviews(PeeweeRepository[Review]):
    model = ReviewRow

    def to_row(self, review: Review) -> dict:
        return dict(id=review.id, order_id=review.order_id, worker_id=review.worker_id,
                    manager_id=review.manager_id, score=review.score, checklist=json.dumps(review.checklist),
                    comment=review.comment, decision=review.decision.value, rating_delta=review.rating_delta,
                    filed_at=review.filed_at, version=review.version)

    def to_aggregate(self, row: ReviewRow) -> Review:
        return Review(str(row.id), str(row.order_id), row.worker_id, row.manager_id, row.score,
                      json.loads(row.checklist), row.comment, Decision(row.decision), row.rating_delta,
                      _utc(row.filed_at), row.version)

    def for_order(self, order_id: str) -> Review | None:
        if not is_uuid(order_id):
            return None
        return self._one(self.rows.select().where(self.rows.order_id == order_id))


def adjustment_of(row: AdjustmentRow) -> RatingAdjustment:
    return RatingAdjustment(str(row.review_id), row.worker_id, row.manager_id, row.delta, row.reason,
                            AdjustmentStatus(row.status), row.attempts, _utc(row.next_attempt_at), row.last_error,
                            _utc(row.applied_at))


class PeeweeAdjustments:
    def __init__(self, database: peewee.Database):
        self.rows = db.bound(AdjustmentRow, database)

    @staticmethod
    def _row(adjustment: RatingAdjustment) -> dict:
        return dict(worker_id=adjustment.worker_id, manager_id=adjustment.manager_id, delta=adjustment.delta,
                    reason=adjustment.reason, status=adjustment.status.value, attempts=adjustment.attempts,
                    next_attempt_at=adjustment.next_attempt_at, last_error=adjustment.last_error,
                    applied_at=adjustment.applied_at)

    def add(self, adjustment: RatingAdjustment) -> None:
        self.rows.insert(review_id=adjustment.review_id, **self._row(adjustment)).execute()

    def get(self, review_id: str) -> RatingAdjustment | None:
        if not is_uuid(review_id):
            return None
        row = self.rows.get_or_none(self.rows.review_id == review_id)
        return None if row is None else adjustment_of(row)

    def claim_due(self, now: datetime, limit: int, review_id: str | None = None) -> list[RatingAdjustment]:
        r = self.rows
        query = r.select().where((r.status == AdjustmentStatus.PENDING.value) & (r.next_attempt_at <= now))
        if review_id is not None:
            query = query.where(r.review_id == review_id)
        query = query.order_by(r.next_attempt_at).limit(limit).for_update("FOR UPDATE SKIP LOCKED")
        return [adjustment_of(row) for row in query]

    def save(self, adjustment: RatingAdjustment) -> None:
        self.rows.update(**self._row(adjustment)).where(self.rows.review_id == adjustment.review_id).execute()

    def listing(self, limit: int) -> list[RatingAdjustment]:
        r = self.rows
        pending_first = peewee.Case(None, [(r.status == "pending", 0), (r.status == "rejected", 1)], 2)
        return [adjustment_of(row) for row in r.select().order_by(pending_first, r.next_attempt_at.desc())
                .limit(limit)]


class PeeweeCursors:
    def __init__(self, database: peewee.Database):
        self.rows = db.bound(CursorRow, database)

    def get(self, feed: str) -> str | None:
        row = self.rows.get_or_none(self.rows.feed == feed)
        return None if row is None else row.cursor

    def set(self, feed: str, cursor: str | None) -> None:
        now = datetime.now(timezone.utc)
        (self.rows.insert(feed=feed, cursor=cursor, updated_at=now)
         .on_conflict(conflict_target=[self.rows.feed], update={"cursor": cursor, "updated_at": now}).execute())


class QualityUnitOfWork(PeeweeUnitOfWork):
    def __init__(self, database: peewee.Database):
        super().__init__(database, events.integration_events)
        self.queue = PeeweeQueue(database)
        self.reviews = PeeweeReviews(database)
        self.adjustments = PeeweeAdjustments(database)
        self.cursors = PeeweeCursors(database)
