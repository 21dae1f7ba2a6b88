"""quality's use cases: fill the queue from the archive, file a review, deliver the rating adjustments."""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Callable

from mcf.kit.errors import Conflict, InvalidInput, NotFound, Unavailable
from mcf.quality.domain import (
    AlreadyReviewed,
    Decision,
    RatingAdjustment,
    Review,
    priority,
)
from mcf.quality.ports import ArchiveFeed, QueueEntry, Reports, UnitOfWork, WorkerRatings

FEED = "order-history"
FEED_PAGE = 100


def pull_archive(uow: UnitOfWork, feed: ArchiveFeed, reports: Reports, *, now: datetime,
                 limit: int = FEED_PAGE) -> list[str]:
    """One page of order-history's change feed into the queue; returns the order ids queued or updated.

    Idempotent: an order is (re)written only at a higher version than the queue holds, and the cursor moves in the
    same transaction as the rows. The visits are read before the transaction: if order-report cannot answer, the
    round fails as a whole and the next round reads the same page again (ADR 0110)."""
    with uow:
        cursor = uow.cursors.get(FEED)
    page = feed.changes(cursor, limit)
    visits = {o.order_id: reports.visit(o.order_id) for o in page.orders if o.status == "completed"}
    changed: list[str] = []
    with uow:
        for order in page.orders:
            held = uow.queue.get(order.order_id)
            if held is not None and not order.newer_than(held.order):
                continue
            order = replace(order, visit=visits.get(order.order_id))
            score, reasons = priority(order)
            uow.queue.put(order, score, reasons, now)
            changed.append(order.order_id)
        if page.next_cursor != cursor:
            uow.cursors.set(FEED, page.next_cursor)
    return changed


def pull_until_idle(uow: UnitOfWork, feed: ArchiveFeed, reports: Reports, *, now: datetime,
                    limit: int = FEED_PAGE, max_pages: int = 20) -> list[str]:
    """Pages until the feed has nothing new (a round of the periodic job)."""
    changed: list[str] = []
    for _ in range(max_pages):
        before = _cursor(uow)
        changed += pull_archive(uow, feed, reports, now=now, limit=limit)
        if _cursor(uow) == before:
            break
    return changed


def _cursor(uow: UnitOfWork) -> str | None:
    with uow:
        return uow.cursors.get(FEED)


@dataclass(frozen=True)
class ReviewCommand:
    review_id: str            # chosen when the form was shown: the same form sent twice is one review
    order_id: str
    manager_id: str
    score: int
    checklist: dict[str, bool]
    comment: str
    decision: Decision
    delta: float = 0.0


@dataclass(frozen=True)
class Filed:
    review: Review
    created: bool             # False: the same submission again, nothing changed
    adjustment: RatingAdjustment | None


def file_review(uow: UnitOfWork, command: ReviewCommand, now: datetime) -> Filed:
    """A manager's review of a queued order: the review, its rating adjustment (if the decision changes the
    rating) and ``quality.reviewed`` commit together; delivering the adjustment is ``deliver_adjustments``'s."""
    with uow:
        entry = uow.queue.get(command.order_id)
        if entry is None:
            raise NotFound(f"order {command.order_id} is not in the review queue")
        review = Review.file(review_id=command.review_id, order=entry.order, manager_id=command.manager_id,
                             score=command.score, checklist=command.checklist, comment=command.comment,
                             decision=command.decision, delta=command.delta, now=now)
        existing = uow.reviews.for_order(command.order_id)
        if existing is not None:
            if existing.id == review.id and existing.same_as(review):
                return Filed(existing, False, uow.adjustments.get(existing.id))
            raise AlreadyReviewed(f"order {command.order_id} was reviewed already (review {existing.id})")
        uow.reviews.add(review)
        adjustment = RatingAdjustment.of(review) if review.changes_rating else None
        if adjustment is not None:
            uow.adjustments.add(adjustment)
        uow.queue.mark_reviewed(command.order_id, review.id)
    return Filed(review, True, adjustment)


def deliver_adjustments(uow: UnitOfWork, ratings: WorkerRatings, now: datetime, *, limit: int = 20,
                        review_id: str | None = None, due_by: datetime | None = None,
                        log: Callable[..., None] | None = None) -> list[str]:
    """Send the pending adjustments that are due; returns the review ids applied. Each is claimed (locked) for
    the call, so two deliverers never send one at once; worker-profile is idempotent by review id, so one sent
    again after a crash between its answer and our commit changes nothing there (ADR 0111). ``due_by``: claim
    those due by then instead of by ``now`` (a manager's "retry now")."""
    applied: list[str] = []
    with uow:
        for adjustment in uow.adjustments.claim_due(due_by or now, limit, review_id):
            try:
                ratings.apply(adjustment)
                adjustment = adjustment.applied(now)
                applied.append(adjustment.review_id)
            except (NotFound, InvalidInput) as exc:
                adjustment = adjustment.rejected(exc.detail)
                if log:
                    log("rating adjustment refused by worker-profile", review_id=adjustment.review_id,
                        error=exc.detail)
            except Conflict as exc:
                # worker-profile holds another adjustment under this review id: never ours to overwrite.
                adjustment = adjustment.rejected(f"worker-profile: {exc.detail}")
            except Unavailable as exc:
                adjustment = adjustment.failed(exc.detail, now)
                if log:
                    log("rating adjustment not delivered; will retry", review_id=adjustment.review_id,
                        attempts=adjustment.attempts, retry_at=str(adjustment.next_attempt_at))
            uow.adjustments.save(adjustment)
    return applied


def queue(uow: UnitOfWork, *, reviewed: bool | None = False, limit: int = 50, offset: int = 0
          ) -> tuple[list[QueueEntry], int]:
    with uow:
        return uow.queue.listing(reviewed, limit, offset), uow.queue.count(reviewed)


@dataclass(frozen=True)
class OrderForReview:
    entry: QueueEntry
    review: Review | None
    adjustment: RatingAdjustment | None


def order_for_review(uow: UnitOfWork, order_id: str) -> OrderForReview:
    with uow:
        entry = uow.queue.get(order_id)
        if entry is None:
            raise NotFound(f"order {order_id} is not in the review queue")
        review = uow.reviews.for_order(order_id)
        adjustment = uow.adjustments.get(review.id) if review else None
    return OrderForReview(entry, review, adjustment)


def pending_adjustments(uow: UnitOfWork, limit: int = 100) -> list[RatingAdjustment]:
    """Every adjustment, the pending ones first, for the panel."""
    with uow:
        return uow.adjustments.listing(limit)
