"""Pricing invariants (hypothesis) and its worked examples."""
from hypothesis import given
from hypothesis import strategies as st

from mcf.matching import pricing
from mcf.matching.domain import TOY_CATEGORIES

categories = st.sampled_from(TOY_CATEGORIES)
durations = st.integers(0, 24 * 60)
ratings = st.one_of(st.none(), st.floats(0, 5))
counts = st.integers(0, 10_000)


@given(categories, durations, ratings, counts, counts)
def test_the_price_never_falls_below_the_minimum(category, minutes, rating, demand, supply):
    price = pricing.quote(category, minutes, rating, open_demand=demand, supply=supply)
    assert price.amount_minor >= pricing.MINIMUM_MINOR
    if price.minimum_applied:
        assert price.amount_minor == pricing.MINIMUM_MINOR


@given(categories, durations, durations, ratings, counts, counts)
def test_the_price_never_falls_as_the_duration_grows(category, a, b, rating, demand, supply):
    shorter, longer = sorted((a, b))
    short = pricing.quote(category, shorter, rating, open_demand=demand, supply=supply)
    long = pricing.quote(category, longer, rating, open_demand=demand, supply=supply)
    assert long.amount_minor >= short.amount_minor


@given(categories, durations, ratings, counts, counts)
def test_the_price_is_whole_roubles_in_integer_kopecks_and_deterministic(category, minutes, rating, demand, supply):
    first = pricing.quote(category, minutes, rating, open_demand=demand, supply=supply)
    assert isinstance(first.amount_minor, int) and first.amount_minor % 100 == 0 and first.currency == "RUB"
    assert pricing.quote(category, minutes, rating, open_demand=demand, supply=supply) == first


@given(counts, counts)
def test_surge_is_between_one_and_the_cap_and_grows_with_demand(demand, supply):
    surge = pricing.surge_factor(demand, supply)
    assert 1 <= surge <= pricing.SURGE_CAP
    assert pricing.surge_factor(demand + 1, supply) >= surge
    assert pricing.surge_factor(demand, supply + 1) <= surge


@given(st.floats(0, 5), st.floats(0, 5))
def test_a_better_rating_never_lowers_the_tier_factor(a, b):
    low, high = sorted((a, b))
    assert pricing.rating_tier(high)[1] >= pricing.rating_tier(low)[1]


def test_the_breakdown_of_a_worked_example():
    # 150 min of laser with a top worker, one other open order against supply 2 (pressure (1 + 1) / 2 = 1, surge
    # 1 + (1 - 0.5) x 0.5): 1000 RUB/h x (2 + 0.5 x 0.8) h x 1.25 x 1.25
    price = pricing.quote("laser", 150, 4.8, open_demand=1, supply=2)
    assert price.to_dict() == {"amount_minor": 375_000, "currency": "RUB", "breakdown": {
        "base_minor": 100_000, "duration_factor": 2.4, "rating_tier": "top", "tier_factor": 1.25,
        "surge_factor": 1.25, "minimum_applied": False}}


def test_a_short_cheap_session_is_raised_to_the_minimum():
    price = pricing.quote("balls", 30, None, open_demand=0, supply=10)
    assert price.amount_minor == pricing.MINIMUM_MINOR and price.minimum_applied
    assert price.rating_tier == "standard" and price.surge_factor == 1.0


def test_no_supply_is_the_capped_surge():
    assert pricing.quote("mice", 60, 4.0, open_demand=0, supply=0).surge_factor == float(pricing.SURGE_CAP)
