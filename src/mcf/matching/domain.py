"""matching's read model and its rules: candidates, the filters an order imposes, and the score. Pure Python.

The filters and the score are written here once; the storage adapter pushes the same rules down into SQL so that
one match over a large pool stays fast, and the service re-checks and re-scores whatever the adapter returns, so
these functions stay the authority (an integration test holds the SQL to them).

Time: availability windows are local time of the service area (Moscow, ``Europe/Moscow``), because that is how
workers state them ("Mondays 10:00-18:00"); slots travel in UTC and are converted here. Weekdays are 0 = Monday
… 6 = Sunday, as Python numbers them. A window may end at ``24:00``; adjacent windows join, so a slot may run
across midnight when the worker is available on both sides.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from mcf.kit.errors import InvalidInput
from mcf.kit.values import (  # noqa: F401 - one list, one slot rule for the marketplace
    DURATION_STEP,
    MAX_DURATION,
    MIN_DURATION,
    TOY_CATEGORIES,
    check_slot,
)

SERVICE_TIMEZONE = ZoneInfo("Europe/Moscow")
MINUTES_PER_DAY = 24 * 60
MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY
MAX_RATING, MAX_TEST_SCORE = 5.0, 100.0

# The score: each reason contributes weight x a value in [0, 1]; the weights add up to 1.
WEIGHTS: dict[str, float] = {
    "rating": 0.30,
    "test_score": 0.15,
    "client_affinity": 0.15,
    "category_experience": 0.15,
    "reliability": 0.15,
    "load": 0.10,
}
AFFINITY_SATURATION = 5      # completed orders with this client that count as "knows this cat well"
EXPERIENCE_SATURATION = 20   # completed orders in this toy category that count as "expert"
LOAD_SATURATION = 5          # active bookings at which a worker counts as fully loaded

# The names of the filters, as reported when a candidate fails one.
FILTERS = ("active", "toy_category", "district", "availability", "not_booked", "not_excluded")


@dataclass(frozen=True, order=True)
class Window:
    """A weekly availability window, local time: weekday 0-6, minutes from midnight, ``start < end <= 1440``."""

    weekday: int
    start: int
    end: int

    def __post_init__(self):
        if not 0 <= self.weekday <= 6:
            raise InvalidInput(f"weekday must be 0..6, got {self.weekday}", field="availability")
        if not 0 <= self.start < self.end <= MINUTES_PER_DAY:
            raise InvalidInput(f"a window must have 00:00 <= start < end <= 24:00, got {self.start}-{self.end}",
                               field="availability")

    @classmethod
    def parse(cls, weekday: int, start: str, end: str) -> "Window":
        return cls(weekday, _minutes(start), _minutes(end))

    @property
    def week_range(self) -> tuple[int, int]:
        """Minutes of the week this window covers, ``[lo, hi)``."""
        offset = self.weekday * MINUTES_PER_DAY
        return offset + self.start, offset + self.end

    def to_dict(self) -> dict:
        return {"weekday": self.weekday, "start": _hhmm(self.start), "end": _hhmm(self.end)}


def _minutes(text: str) -> int:
    try:
        hours, minutes = text.split(":")
        if len(hours) != 2 or len(minutes) != 2:
            raise ValueError
        value = int(hours) * 60 + int(minutes)
        if not (0 <= int(minutes) < 60 and 0 <= value <= MINUTES_PER_DAY):
            raise ValueError
    except ValueError:
        raise InvalidInput(f"a time must be HH:MM between 00:00 and 24:00, got {text!r}",
                           field="availability") from None
    return value


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def merged_ranges(windows) -> list[tuple[int, int]]:
    """The windows' minutes of the week as sorted, disjoint ranges (touching ranges joined)."""
    merged: list[list[int]] = []
    for lo, hi in sorted(w.week_range for w in windows):
        if merged and lo <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], hi)
        else:
            merged.append([lo, hi])
    return [(lo, hi) for lo, hi in merged]


def slot_week_ranges(slot_start: datetime, duration_minutes: int) -> list[tuple[int, int]]:
    """The slot as minutes of the local week: one range, or two when it runs past Sunday midnight."""
    local = slot_start.astimezone(SERVICE_TIMEZONE)
    lo = local.weekday() * MINUTES_PER_DAY + local.hour * 60 + local.minute
    hi = lo + duration_minutes
    if hi <= MINUTES_PER_WEEK:
        return [(lo, hi)]
    return [(lo, MINUTES_PER_WEEK), (0, hi - MINUTES_PER_WEEK)]


def covers(windows, slot_ranges) -> bool:
    merged = merged_ranges(windows)
    return all(any(lo <= s and e <= hi for lo, hi in merged) for s, e in slot_ranges)


@dataclass(frozen=True)
class Candidate:
    """One worker as matching sees it: what worker-profile says, plus what matching counted from orders."""

    worker_id: str
    active: bool = False
    toy_categories: tuple[str, ...] = ()
    districts: tuple[str, ...] = ()
    availability: tuple[Window, ...] = ()
    rating: float = 0.0
    test_score: float = 0.0
    completed: int = 0            # orders finished
    cancelled: int = 0            # orders cancelled while assigned to the worker (by anyone)
    declined: int = 0             # offers declined or left to time out
    current_load: int = 0         # bookings held now (offered, accepted or confirmed, not yet finished)
    category_completed: dict[str, int] = field(default_factory=dict)
    updated_at: datetime | None = None
    profile_version: int = 0      # worker-profile's version of the facts above (0: none with a version yet)


@dataclass(frozen=True)
class MatchRequest:
    order_id: str | None
    client_id: str | None
    toy_category: str
    slot_start: datetime
    duration_minutes: int
    district: str
    city: str | None = None
    exclude_worker_ids: frozenset[str] = frozenset()
    limit: int = 5

    def __post_init__(self):
        if self.toy_category not in TOY_CATEGORIES:
            raise InvalidInput(f"unknown toy category {self.toy_category!r}", field="toy_category")
        check_slot(self.slot_start, self.duration_minutes)

    @property
    def slot_end(self) -> datetime:
        return self.slot_start + timedelta(minutes=self.duration_minutes)

    @property
    def week_ranges(self) -> list[tuple[int, int]]:
        return slot_week_ranges(self.slot_start, self.duration_minutes)


@dataclass(frozen=True)
class Booking:
    """A worker's slot held by an order (from the offer until the order ends or the offer is declined)."""

    order_id: str
    worker_id: str
    slot_start: datetime
    slot_end: datetime

    def overlaps(self, start: datetime, end: datetime) -> bool:
        return self.slot_start < end and start < self.slot_end


def failed_filters(candidate: Candidate, request: MatchRequest, bookings=()) -> list[str]:
    """The filters ``candidate`` fails for ``request`` (empty: it may be offered the order)."""
    failed = []
    if not candidate.active:
        failed.append("active")
    if request.toy_category not in candidate.toy_categories:
        failed.append("toy_category")
    if request.district not in candidate.districts:
        failed.append("district")
    if not covers(candidate.availability, request.week_ranges):
        failed.append("availability")
    if any(b.worker_id == candidate.worker_id and b.overlaps(request.slot_start, request.slot_end)
           for b in bookings):
        failed.append("not_booked")
    if candidate.worker_id in request.exclude_worker_ids:
        failed.append("not_excluded")
    return failed


@dataclass(frozen=True)
class Scored:
    worker_id: str
    score: float
    reasons: dict[str, float]
    rating: float


def score(candidate: Candidate, toy_category: str, with_client: int) -> Scored:
    """The candidate's score for an order and each reason's contribution (weight x value in [0, 1]).

    The storage adapter computes the same expression in SQL (in this order of operations) to rank the pool.
    """
    values = {
        "rating": min(max(candidate.rating, 0.0), MAX_RATING) / MAX_RATING,
        "test_score": min(max(candidate.test_score, 0.0), MAX_TEST_SCORE) / MAX_TEST_SCORE,
        "client_affinity": min(with_client, AFFINITY_SATURATION) / AFFINITY_SATURATION,
        "category_experience": min(candidate.category_completed.get(toy_category, 0), EXPERIENCE_SATURATION)
        / EXPERIENCE_SATURATION,
        # Laplace-smoothed: a newcomer starts at 0.5, each finished order raises it, each declined offer lowers it.
        "reliability": (candidate.completed + 1) / (candidate.completed + candidate.declined + 2),
        "load": 1.0 - min(candidate.current_load, LOAD_SATURATION) / LOAD_SATURATION,
    }
    reasons = {name: WEIGHTS[name] * value for name, value in values.items()}
    total = 0.0
    for name in WEIGHTS:  # a fixed order of addition, so the same input gives the same float
        total += reasons[name]
    return Scored(candidate.worker_id, total, {k: round(v, 4) for k, v in reasons.items()}, candidate.rating)


def rank(scored: list[Scored], limit: int) -> list[Scored]:
    """Best first; ties broken by worker id, so equal input always ranks the same way."""
    return sorted(scored, key=lambda s: (-s.score, s.worker_id))[:limit]


# -- orders as matching tracks them ----------------------------------------------------------------------------

OPEN, OFFERED, BOOKED, CLOSED = "open", "offered", "booked", "closed"


@dataclass(frozen=True)
class TrackedOrder:
    """What matching remembers of an order: enough to hold its worker's slot and to count open demand."""

    order_id: str
    state: str = OPEN
    client_id: str | None = None
    toy_category: str | None = None
    district: str | None = None
    slot_start: datetime | None = None
    slot_end: datetime | None = None
    worker_id: str | None = None
    counted: bool = False  # its completion or cancellation has been counted on the worker
