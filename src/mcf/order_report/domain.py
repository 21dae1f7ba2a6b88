"""Check-ins and reports of orders: what a worker records at the start and the end of a session. Pure Python.

One check-in and one report per order (the order id is their natural key). Each records the idempotency key of
the submission that created it and a fingerprint of that submission, so a resent submission (a phone's offline
queue sending twice) finds what the first one stored instead of storing it again.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from mcf.kit.errors import Conflict, InvalidInput, NotFound

# Coarse on purpose: two decimals of a degree are about a kilometre, enough to say "near the client's address"
# and too little to pinpoint a flat (ADR 0082).
LOCATION_DECIMALS = 2
MAX_FUTURE_SKEW = timedelta(minutes=5)   # phones' clocks drift; a check-in "from the future" beyond this is wrong
MAX_AGE = timedelta(days=2)              # an offline queue older than this is not a check-in any more
MIN_PHOTOS_CHECK_IN, MAX_PHOTOS = 1, 10
MAX_TOYS = 30
REACTION_MIN, REACTION_MAX = 1, 5
MAX_NOTES = 4000
MIN_DURATION, MAX_DURATION = 1, 24 * 60
MAX_IDEMPOTENCY_KEY = 200


def to_millis(moment: datetime) -> datetime:
    """Times are kept to the millisecond (as a document store keeps them), so an event and a re-read agree."""
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


class AlreadyCheckedIn(Conflict):
    slug = "already-checked-in"


class AlreadyReported(Conflict):
    slug = "already-reported"


class NotCheckable(Conflict):
    """The order is not in a state a check-in may start (not paid, kit not ready, already started, ...)."""

    slug = "order-not-ready"


class NotCheckedIn(Conflict):
    slug = "not-checked-in"


class IdempotencyKeyReused(InvalidInput):
    """The key was used for a different submission: the client has a bug; storing either would be wrong. 422, as
    everywhere else (docs/adr/0175)."""

    slug = "idempotency-key-reused"


@dataclass(frozen=True)
class Actor:
    """Who is calling: ``role`` (worker, client, manager, service) and ``subject`` (the worker's/client's id)."""

    role: str
    subject: str


@dataclass(frozen=True)
class OrderView:
    """What order-report needs of an order, as order-service tells it."""

    order_id: str
    status: str
    client_id: str
    worker_id: str | None
    kit_ready: bool


@dataclass(frozen=True)
class Location:
    lat: float
    lon: float

    @classmethod
    def coarse(cls, lat: float, lon: float) -> "Location":
        if not -90 <= lat <= 90:
            raise InvalidInput("lat must be between -90 and 90", field="lat")
        if not -180 <= lon <= 180:
            raise InvalidInput("lon must be between -180 and 180", field="lon")
        return cls(round(lat, LOCATION_DECIMALS), round(lon, LOCATION_DECIMALS))


@dataclass(frozen=True)
class Photo:
    """A stored photo (its bytes and thumbnail are in the photo store under ``photo_id``)."""

    photo_id: str
    content_type: str
    width: int
    height: int
    size: int


class CheckInTimeOutOfRange(Conflict):
    """A check-in's time too far in the future or the past: a rule of the clock, which no schema can say, so a
    409 of its own (ADR 0051), not a 422."""

    slug = "check-in-time-out-of-range"


@dataclass(frozen=True)
class ToyReaction:
    toy: str
    reaction: int
    comment: str | None = None

    def __post_init__(self):
        if not self.toy.strip() or len(self.toy) > 80:
            raise InvalidInput("each toy needs a name of 1..80 characters", field="toys")
        if isinstance(self.reaction, bool) or not isinstance(self.reaction, int) or \
                not REACTION_MIN <= self.reaction <= REACTION_MAX:
            raise InvalidInput(f"reaction must be an integer {REACTION_MIN}..{REACTION_MAX}", field="toys")
        if self.comment is not None and len(self.comment) > 500:
            raise InvalidInput("a toy's comment is at most 500 characters", field="toys")


@dataclass(frozen=True)
class WorkerCheckedIn:
    order_id: str
    worker_id: str
    checked_in_at: datetime
    event_id: str = field(default_factory=lambda: str(uuid.uuid4()))


@dataclass(frozen=True)
class WorkerFiledReport:
    order_id: str
    worker_id: str
    report_id: str
    filed_at: datetime
    event_id: str = field(default_factory=lambda: str(uuid.uuid4()))


@dataclass(frozen=True)
class Submission:
    """The idempotency of one submission: the caller's key and a fingerprint of what was sent with it."""

    key: str
    fingerprint: str

    def __post_init__(self):
        if not self.key or len(self.key) > MAX_IDEMPOTENCY_KEY or not self.key.isprintable():
            raise InvalidInput(f"Idempotency-Key must be 1..{MAX_IDEMPOTENCY_KEY} printable characters",
                               field="Idempotency-Key")

    def replays(self, stored: "Submission") -> bool:
        """True: the same submission again. Same key, other content: refused."""
        if self.key != stored.key:
            return False
        if self.fingerprint != stored.fingerprint:
            raise IdempotencyKeyReused("this Idempotency-Key was used for a different submission")
        return True


def _readable_by(actor: Actor, worker_id: str, client_id: str) -> bool:
    if actor.role == "worker":
        return actor.subject == worker_id
    if actor.role == "client":
        return actor.subject == client_id
    return actor.role in ("manager", "service")


@dataclass
class CheckIn:
    order_id: str
    worker_id: str
    client_id: str
    checked_in_at: datetime
    location: Location | None
    photos: tuple[Photo, ...]
    submission: Submission
    recorded_at: datetime
    events: list = field(default_factory=list, repr=False, compare=False)

    @staticmethod
    def require_checkable(order: OrderView | None, worker_id: str) -> OrderView:
        """The order must exist, be this worker's, paid (confirmed) and its kit ready. Someone else's: 404."""
        if order is None or order.worker_id != worker_id:
            raise NotFound("no such order assigned to this worker")
        if order.status != "confirmed":
            raise NotCheckable(f"an order that is {order.status} cannot be checked in (it must be confirmed)",
                               order_status=order.status)
        if not order.kit_ready:
            raise NotCheckable("the order's kit is not ready for pick-up yet", order_status=order.status)
        return order

    @staticmethod
    def check_time(checked_in_at: datetime, now: datetime) -> None:
        if checked_in_at.tzinfo is None:
            raise InvalidInput("time must carry a timezone", field="time")
        if checked_in_at > now + MAX_FUTURE_SKEW:
            raise CheckInTimeOutOfRange("time is in the future", field="time")
        if checked_in_at < now - MAX_AGE:
            raise CheckInTimeOutOfRange(f"time is more than {MAX_AGE.days} days ago", field="time")

    @staticmethod
    def check_photo_count(count: int) -> None:
        if not MIN_PHOTOS_CHECK_IN <= count <= MAX_PHOTOS:
            raise InvalidInput(f"a check-in needs {MIN_PHOTOS_CHECK_IN}..{MAX_PHOTOS} photos", field="photos")

    @classmethod
    def record(cls, order: OrderView, worker_id: str, checked_in_at: datetime, location: Location | None,
               photos: tuple[Photo, ...], submission: Submission, now: datetime) -> "CheckIn":
        cls.require_checkable(order, worker_id)
        cls.check_time(checked_in_at, now)
        cls.check_photo_count(len(photos))
        check_in = cls(order.order_id, worker_id, order.client_id, checked_in_at, location, tuple(photos),
                       submission, now)
        check_in.events.append(WorkerCheckedIn(order.order_id, worker_id, checked_in_at))
        return check_in

    def readable_by(self, actor: Actor) -> bool:
        return _readable_by(actor, self.worker_id, self.client_id)

    def snapshot(self) -> "CheckIn":
        return replace(self, events=[])


@dataclass
class Report:
    report_id: str
    order_id: str
    worker_id: str
    client_id: str
    toys: tuple[ToyReaction, ...]
    notes: str | None
    duration_minutes: int
    photos: tuple[Photo, ...]
    filed_at: datetime
    submission: Submission
    events: list = field(default_factory=list, repr=False, compare=False)

    @staticmethod
    def require_checked_in(check_in: CheckIn | None, worker_id: str) -> CheckIn:
        """A report follows the worker's own check-in; an order the worker did not check in is not theirs: 404
        when someone else checked it in, 409 when nobody has yet."""
        if check_in is None:
            raise NotCheckedIn("the order has no check-in yet; check in first")
        if check_in.worker_id != worker_id:
            raise NotFound("no such order checked in by this worker")
        return check_in

    @classmethod
    def file(cls, check_in: CheckIn | None, worker_id: str, toys: tuple[ToyReaction, ...], notes: str | None,
             duration_minutes: int, photos: tuple[Photo, ...], submission: Submission, now: datetime,
             report_id: str | None = None) -> "Report":
        check_in = cls.require_checked_in(check_in, worker_id)
        cls.check_contents(toys, notes, duration_minutes, len(photos))
        filed_at = max(now, check_in.checked_in_at)
        report = cls(report_id or str(uuid.uuid4()), check_in.order_id, worker_id, check_in.client_id,
                     tuple(toys), notes, duration_minutes, tuple(photos), filed_at, submission)
        report.events.append(WorkerFiledReport(report.order_id, worker_id, report.report_id, filed_at))
        return report

    @staticmethod
    def check_contents(toys: tuple[ToyReaction, ...], notes: str | None, duration_minutes: int,
                       photo_count: int) -> None:
        if not toys or len(toys) > MAX_TOYS:
            raise InvalidInput(f"a report names 1..{MAX_TOYS} tested toys", field="toys")
        if len({t.toy.strip().lower() for t in toys}) != len(toys):
            raise InvalidInput("each toy is named once", field="toys")
        if notes is not None and len(notes) > MAX_NOTES:
            raise InvalidInput(f"notes are at most {MAX_NOTES} characters", field="notes")
        if isinstance(duration_minutes, bool) or not MIN_DURATION <= duration_minutes <= MAX_DURATION:
            raise InvalidInput(f"duration_minutes must be {MIN_DURATION}..{MAX_DURATION}",
                               field="duration_minutes")
        if photo_count > MAX_PHOTOS:
            raise InvalidInput(f"a report has at most {MAX_PHOTOS} photos", field="photos")

    def readable_by(self, actor: Actor) -> bool:
        return _readable_by(actor, self.worker_id, self.client_id)


def photo_readable_by(actor: Actor, worker_id: str, client_id: str) -> bool:
    """A photo is readable by whoever may read the check-in or report it belongs to."""
    return _readable_by(actor, worker_id, client_id)
