"""The review queue, its priority rules, the review and the rating adjustment it may cause. Pure Python.

The queue holds completed and cancelled orders copied from order-history's archive (with what order-report knew of
the visit when the order was queued); ``priority`` ranks them by rules a manager can read back as reasons. A review
is one per order: score, checklist, comment and a decision; a decision that changes the worker's rating becomes a
``RatingAdjustment`` stored with the review and delivered to worker-profile until it is applied (ADR 0111).
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import Enum

from mcf.kit.errors import Conflict, InvalidInput

REVIEWED_STATUSES = ("completed", "cancelled")   # expired orders never had a worker: nothing to review
LATE_GRACE = timedelta(minutes=5)                # order-history's "on time" too
LOW_REACTION = 2                                 # a toy the cat reacted to with 2 or less (of 5)
LOW_AVERAGE = 3.0
MAX_DELTA = 1.0                                  # the most one review may move a rating (of 5)
CHECKLIST = (
    ("on_time", "Arrived on time"),
    ("photos_clear", "Photos show the cat and the toys"),
    ("report_complete", "Report covers every toy in the kit"),
    ("kit_returned", "Kit handled as agreed"),
    ("polite", "Client treated politely"),
)
# Retries of a pending rating adjustment: 5 s, 10 s, 20 s ... at most 10 minutes apart, never given up on.
RETRY_FIRST = timedelta(seconds=5)
RETRY_MAX = timedelta(minutes=10)


class NotReviewable(Conflict):
    slug = "not-reviewable"


class AlreadyReviewed(Conflict):
    slug = "already-reviewed"


@dataclass(frozen=True)
class Reason:
    rule: str      # cancelled_by_worker, late_check_in, missing_photos, low_reactions, no_check_in
    weight: int
    text: str


@dataclass(frozen=True)
class VisitFacts:
    """What order-report knew of the visit when the order was queued (None: no check-in at all)."""

    photos: int
    reactions: tuple[int, ...] = ()
    report_filed: bool = False

    @property
    def average_reaction(self) -> float | None:
        return round(sum(self.reactions) / len(self.reactions), 2) if self.reactions else None


@dataclass(frozen=True)
class QueuedOrder:
    """An archived order as the queue holds it: order-history's facts at ``version``, order-report's visit."""

    order_id: str
    version: int
    status: str
    worker_id: str | None
    client_id: str
    toy_category: str
    district: str
    slot_start: datetime
    checked_in_at: datetime | None
    closed_at: datetime
    cancelled_by: str | None = None
    cancel_reason: str | None = None
    visit: VisitFacts | None = None

    def __post_init__(self):
        if self.status not in REVIEWED_STATUSES:
            raise InvalidInput(f"the queue holds completed and cancelled orders, not {self.status!r}",
                               field="status")

    def newer_than(self, other: "QueuedOrder | None") -> bool:
        return other is None or self.version > other.version


def priority(order: QueuedOrder) -> tuple[int, tuple[Reason, ...]]:
    """The rules, as one pure function: a higher score is reviewed first; the reasons say why."""
    reasons: list[Reason] = []
    if order.status == "cancelled" and order.cancelled_by == "worker":
        reasons.append(Reason("cancelled_by_worker", 100, "Cancelled by the worker"
                              + (f" ({order.cancel_reason})" if order.cancel_reason else "")))
    if order.checked_in_at is not None and order.checked_in_at > order.slot_start + LATE_GRACE:
        late = int((order.checked_in_at - order.slot_start).total_seconds() // 60)
        reasons.append(Reason("late_check_in", 40 + min(late // 2, 30), f"Checked in {late} min late"))
    if order.status == "completed":
        if order.visit is None or order.visit.photos == 0:
            reasons.append(Reason("missing_photos", 30, "No photos of the visit"))
        if order.visit is not None and order.visit.reactions:
            lowest, average = min(order.visit.reactions), order.visit.average_reaction
            if lowest <= LOW_REACTION or average < LOW_AVERAGE:
                reasons.append(Reason("low_reactions", 20 + 5 * (5 - lowest),
                                      f"Low reactions (lowest {lowest}, average {average})"))
    return sum(r.weight for r in reasons), tuple(reasons)


class Decision(str, Enum):
    APPROVE = "approve"       # fine as it is: the rating stays
    COMMEND = "commend"       # better than expected: the rating goes up
    PENALISE = "penalise"     # below the standard: the rating goes down

    @property
    def sign(self) -> int:
        return {"approve": 0, "commend": 1, "penalise": -1}[self.value]


@dataclass(frozen=True)
class ReviewFiled:
    review: "Review"


@dataclass
class Review:
    id: str
    order_id: str
    worker_id: str | None
    manager_id: str
    score: int
    checklist: dict[str, bool]
    comment: str
    decision: Decision
    rating_delta: float
    filed_at: datetime
    version: int = 1
    events: list = field(default_factory=list, repr=False, compare=False)

    @classmethod
    def file(cls, *, review_id: str, order: QueuedOrder, manager_id: str, score: int, checklist: dict[str, bool],
             comment: str, decision: Decision, delta: float, now: datetime) -> "Review":
        if not 1 <= score <= 5:
            raise InvalidInput("the score is 1..5", field="score")
        unknown = set(checklist) - {key for key, _ in CHECKLIST}
        if unknown:
            raise InvalidInput(f"no checklist item {sorted(unknown)[0]!r}", field="checklist")
        comment = (comment or "").strip()
        if len(comment) > 2000:
            raise InvalidInput("a comment has at most 2000 characters", field="comment")
        delta = round(abs(float(delta or 0)), 2) * decision.sign
        if decision is not Decision.APPROVE:
            if not 0 < abs(delta) <= MAX_DELTA:
                raise InvalidInput(f"a rating change is more than 0 and at most {MAX_DELTA}", field="delta")
            if order.worker_id is None:
                raise InvalidInput("this order had no worker whose rating could change", field="decision")
            if not comment:
                raise InvalidInput("say why the rating changes", field="comment")
        review = cls(review_id, order.order_id, order.worker_id, manager_id, score,
                     {key: bool(checklist.get(key, False)) for key, _ in CHECKLIST}, comment, decision, delta, now)
        review.events.append(ReviewFiled(replace(review, events=[])))
        return review

    @property
    def changes_rating(self) -> bool:
        return self.rating_delta != 0

    def same_as(self, other: "Review") -> bool:
        """The same submission again (a double click, a resent form): everything but the time."""
        return (self.order_id, self.manager_id, self.score, self.checklist, self.comment, self.decision,
                self.rating_delta) == (other.order_id, other.manager_id, other.score, other.checklist,
                                       other.comment, other.decision, other.rating_delta)


class AdjustmentStatus(str, Enum):
    PENDING = "pending"       # not yet applied by worker-profile: the delivery job tries again
    APPLIED = "applied"       # worker-profile applied it (or said it had, for this review id)
    REJECTED = "rejected"     # worker-profile refused it for good (no such worker, invalid): shown to managers


@dataclass(frozen=True)
class RatingAdjustment:
    """What worker-profile is asked to apply, keyed by the review id on both sides."""

    review_id: str
    worker_id: str
    manager_id: str
    delta: float
    reason: str
    status: AdjustmentStatus = AdjustmentStatus.PENDING
    attempts: int = 0
    next_attempt_at: datetime | None = None
    last_error: str | None = None
    applied_at: datetime | None = None

    @classmethod
    def of(cls, review: Review) -> "RatingAdjustment":
        reason = f"review {review.id} of order {review.order_id}: {review.decision.value}; {review.comment}"
        return cls(review.id, review.worker_id or "", review.manager_id, review.rating_delta, reason[:500],
                   next_attempt_at=review.filed_at)

    def applied(self, now: datetime) -> "RatingAdjustment":
        return replace(self, status=AdjustmentStatus.APPLIED, attempts=self.attempts + 1, applied_at=now,
                       last_error=None, next_attempt_at=None)

    def rejected(self, why: str) -> "RatingAdjustment":
        return replace(self, status=AdjustmentStatus.REJECTED, attempts=self.attempts + 1, last_error=why[:500],
                       next_attempt_at=None)

    def failed(self, why: str, now: datetime) -> "RatingAdjustment":
        """Not delivered (worker-profile down): try again after a bounded, growing wait."""
        wait = min(RETRY_FIRST * (2 ** min(self.attempts, 16)), RETRY_MAX)
        return replace(self, attempts=self.attempts + 1, last_error=why[:500], next_attempt_at=now + wait)


def new_review_id() -> str:
    return str(uuid.uuid4())
