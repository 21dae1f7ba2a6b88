"""The price of a toy-testing session. Pure standard library, deterministic, integer minor units (RUB kopecks).

    amount_minor = max(MINIMUM_MINOR,
                       round_to_rouble(base_minor × duration_factor × tier_factor × surge_factor))

- ``base_minor``: the hourly rate of the toy category (``BASE_RATE_MINOR``), the price list: balls 800 RUB,
  feathers 850, catnip and mice 900, tunnels 950, laser 1 000, puzzles 1 100.
- ``duration_factor``: billed hours. The first ``FULL_RATE_MINUTES`` are billed in full, every minute after them at
  ``LONG_SESSION_RATE`` (a long session is cheaper per hour, never cheaper in total):
  ``min(d, 120) / 60 + max(d - 120, 0) / 60 × 0.8``, kept as an exact fraction until the final rounding.
- ``rating_tier`` / ``tier_factor``: by the worker's rating (0-5): below 3.5 ``standard`` × 1.00, from 3.5
  ``experienced`` × 1.10, from 4.5 ``top`` × 1.25. An unrated worker is ``standard``.
- ``surge_factor``: demand against supply for the district and the slot.
  ``pressure = (open_demand + 1) / supply``, where open_demand counts the orders not yet finished in the district
  whose slots overlap this one, the ``+ 1`` is the order being priced, and supply counts the active workers who pass
  every filter for this slot. Below ``SURGE_THRESHOLD`` there is no surge; above it the factor grows by
  ``SURGE_SLOPE`` per unit of pressure, up to ``SURGE_CAP``; with no supply at all it is the cap.
  The factor is rounded to hundredths, so the breakdown a client sees is the factor applied.
- The product is rounded half-up to whole roubles (multiples of 100 minor units), then raised to
  ``MINIMUM_MINOR`` when below it (``minimum_applied``).

Invariants (property-tested): the amount is never below the minimum, and never falls as the duration grows, the
other inputs fixed (every factor is non-negative and the duration factor is non-decreasing; rounding and ``max``
keep order).
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

CURRENCY = "RUB"
MINOR_PER_MAJOR = 100

# Hourly rates per toy category, in kopecks.
BASE_RATE_MINOR: dict[str, int] = {
    "balls": 80_000,
    "catnip": 90_000,
    "feathers": 85_000,
    "laser": 100_000,
    "mice": 90_000,
    "puzzles": 110_000,
    "tunnels": 95_000,
}
FULL_RATE_MINUTES = 120
LONG_SESSION_RATE = Fraction(4, 5)
# (lowest rating, tier, factor), highest first
RATING_TIERS: tuple[tuple[float, str, Fraction], ...] = (
    (4.5, "top", Fraction(5, 4)),
    (3.5, "experienced", Fraction(11, 10)),
    (0.0, "standard", Fraction(1)),
)
SURGE_THRESHOLD = Fraction(1, 2)
SURGE_SLOPE = Fraction(1, 2)
SURGE_CAP = Fraction(3, 2)
MINIMUM_MINOR = 50_000


class UnknownCategory(ValueError):
    pass


@dataclass(frozen=True)
class Price:
    amount_minor: int
    currency: str
    base_minor: int
    duration_factor: float
    rating_tier: str
    tier_factor: float
    surge_factor: float
    minimum_applied: bool

    def to_dict(self) -> dict:
        return {"amount_minor": self.amount_minor, "currency": self.currency, "breakdown": {
            "base_minor": self.base_minor, "duration_factor": self.duration_factor, "rating_tier": self.rating_tier,
            "tier_factor": self.tier_factor, "surge_factor": self.surge_factor,
            "minimum_applied": self.minimum_applied}}


def duration_factor(duration_minutes: int) -> Fraction:
    if duration_minutes < 0:
        raise ValueError("duration must not be negative")
    full = min(duration_minutes, FULL_RATE_MINUTES)
    extra = max(duration_minutes - FULL_RATE_MINUTES, 0)
    return Fraction(full, 60) + Fraction(extra, 60) * LONG_SESSION_RATE


def rating_tier(rating: float | None) -> tuple[str, Fraction]:
    value = 0.0 if rating is None else rating
    for lowest, tier, factor in RATING_TIERS:
        if value >= lowest:
            return tier, factor
    return RATING_TIERS[-1][1], RATING_TIERS[-1][2]


def surge_factor(open_demand: int, supply: int) -> Fraction:
    if supply <= 0:
        return SURGE_CAP
    pressure = Fraction(max(open_demand, 0) + 1, supply)
    raw = 1 + max(pressure - SURGE_THRESHOLD, Fraction(0)) * SURGE_SLOPE
    return min(_round(raw, 100), SURGE_CAP)


def quote(toy_category: str, duration_minutes: int, worker_rating: float | None, *, open_demand: int,
          supply: int) -> Price:
    try:
        base = BASE_RATE_MINOR[toy_category]
    except KeyError:
        raise UnknownCategory(f"no base rate for toy category {toy_category!r}") from None
    hours = duration_factor(duration_minutes)
    tier, tier_factor = rating_tier(worker_rating)
    surge = surge_factor(open_demand, supply)
    roubles = _round(base * hours * tier_factor * surge / MINOR_PER_MAJOR, 1)
    amount = int(roubles) * MINOR_PER_MAJOR
    return Price(amount_minor=max(amount, MINIMUM_MINOR), currency=CURRENCY, base_minor=base,
                 duration_factor=float(_round(hours, 10_000)), rating_tier=tier, tier_factor=float(tier_factor),
                 surge_factor=float(surge), minimum_applied=amount < MINIMUM_MINOR)


def _round(value: Fraction, denominator: int) -> Fraction:
    """Half-up to 1/denominator, in exact integer arithmetic (every value priced here is non-negative)."""
    return Fraction((2 * value.numerator * denominator + value.denominator) // (2 * value.denominator), denominator)
