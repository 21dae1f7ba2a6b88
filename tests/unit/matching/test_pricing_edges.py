"""Pricing at its edges, the expected amounts worked out by hand from the rule in docs/adr/0031 (not computed with
the functions under test): tier boundaries, the first two hours, half-up rounding to roubles, the minimum."""
from fractions import Fraction

import pytest

from mcf.matching.pricing import UnknownCategory, duration_factor, quote, rating_tier

CALM = dict(open_demand=0, supply=10)  # pressure 1/10: no surge


@pytest.mark.parametrize("rating, tier, factor", [
    (None, "standard", 1), (-1.0, "standard", 1), (0.0, "standard", 1), (3.49, "standard", 1),
    (3.5, "experienced", 1.1),
    (4.49, "experienced", 1.1), (4.5, "top", 1.25), (5.0, "top", 1.25)])
def test_the_tiers_start_exactly_at_three_and_a_half_and_four_and_a_half(rating, tier, factor):
    name, value = rating_tier(rating)
    assert (name, float(value)) == (tier, factor)


@pytest.mark.parametrize("minutes, hours", [(0, 0), (30, Fraction(1, 2)), (60, 1), (120, 2), (135, Fraction(11, 5)),
                                            (480, Fraction(2) + Fraction(360, 60) * Fraction(4, 5))])
def test_the_first_two_hours_are_billed_in_full_and_the_rest_at_four_fifths(minutes, hours):
    assert duration_factor(minutes) == hours


def test_a_negative_duration_is_refused():
    with pytest.raises(ValueError, match="^duration must not be negative$"):
        duration_factor(-1)


@pytest.mark.parametrize("category, minutes, rating, amount", [
    ("feathers", 45, None, 63_800),   # 85 000 × 0.75 = 637.50 roubles: half goes up
    ("feathers", 45, 3.5, 70_100),    # × 1.1 = 701.25 roubles: down
    ("tunnels", 45, 3.5, 78_400),     # 95 000 × 0.75 × 1.1 = 783.75 roubles: up
    ("tunnels", 30, 4.5, 59_400),     # 95 000 × 0.5 × 1.25 = 593.75 roubles
    ("balls", 135, None, 176_000),    # 80 000 × 2.2 = 1 760 roubles exactly
])
def test_the_amount_is_rounded_half_up_to_whole_roubles(category, minutes, rating, amount):
    price = quote(category, minutes, rating, **CALM)
    assert price.amount_minor == amount and price.amount_minor % 100 == 0
    assert price.minimum_applied is False and price.surge_factor == 1.0


def test_an_amount_exactly_at_the_minimum_is_not_raised_to_it():
    # balls, 30 minutes: 40 000 kopecks; pressure (0 + 1) / 1 = 1 gives a surge of 1 + 0.5 × 0.5 = 1.25: 50 000
    price = quote("balls", 30, None, open_demand=0, supply=1)
    assert (price.amount_minor, price.surge_factor, price.minimum_applied) == (50_000, 1.25, False)
    below = quote("balls", 30, None, open_demand=0, supply=2)  # no surge: 40 000, raised to 50 000
    assert (below.amount_minor, below.surge_factor, below.minimum_applied) == (50_000, 1.0, True)


def test_the_breakdown_is_what_was_applied():
    price = quote("tunnels", 135, 4.6, open_demand=1, supply=3)  # pressure 2/3: surge 1 + 1/6 × 1/2 = 1.08(3)
    assert price.to_dict() == {"amount_minor": 282_200, "currency": "RUB", "breakdown": {
        "base_minor": 95_000, "duration_factor": 2.2, "rating_tier": "top", "tier_factor": 1.25,
        "surge_factor": 1.08, "minimum_applied": False}}  # 95 000 × 2.2 × 1.25 × 1.08 = 2 821.5 roubles: up


def test_a_category_without_a_rate_is_refused_by_name():
    with pytest.raises(UnknownCategory, match="^no base rate for toy category 'yarn'$"):
        quote("yarn", 60, None, **CALM)


@pytest.mark.parametrize("category, rate", [
    ("balls", 80_000), ("catnip", 90_000), ("feathers", 85_000), ("laser", 100_000), ("mice", 90_000),
    ("puzzles", 110_000), ("tunnels", 95_000)])
def test_one_calm_hour_with_a_standard_worker_costs_the_categorys_hourly_rate(category, rate):
    # the price list (pricing's module docstring): every rate is above the 500-rouble minimum
    price = quote(category, 60, None, **CALM)
    assert (price.amount_minor, price.base_minor, price.minimum_applied) == (rate, rate, False)
