"""Pricing invariants (hypothesis) and its worked examples; each property asserts that a meaningful share of its
examples reach the case it is about (``tests.support.reach``)."""
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from mcf.matching import pricing
from mcf.matching.domain import TOY_CATEGORIES
from tests.support.reach import Reach

categories = st.sampled_from(TOY_CATEGORIES)
durations = st.integers(0, 24 * 60)
ratings = st.one_of(st.none(), st.floats(0, 5))
counts = st.integers(0, 10_000)


def test_the_price_never_falls_below_the_minimum():
    reach = Reach()

    @given(categories, st.one_of(st.integers(0, 45), durations), ratings, counts, counts)
    def check(category, minutes, rating, demand, supply):
        reach.example()
        price = pricing.quote(category, minutes, rating, open_demand=demand, supply=supply)
        assert price.amount_minor >= pricing.MINIMUM_MINOR
        if price.minimum_applied:
            reach.saw("the minimum applies")
            assert price.amount_minor == pricing.MINIMUM_MINOR

    check()
    reach.at_least("the minimum applies", 0.05)


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


def test_surge_is_between_one_and_the_cap_and_grows_with_demand():
    reach = Reach()

    @given(st.one_of(markets(), st.tuples(counts, counts)))
    def check(market):
        demand, supply = market
        reach.example()
        surge = pricing.surge_factor(demand, supply)
        assert 1 <= surge <= pricing.SURGE_CAP
        assert pricing.surge_factor(demand + 1, supply) >= surge
        assert pricing.surge_factor(demand, supply + 1) <= surge
        if 1 < surge < pricing.SURGE_CAP:
            reach.saw("in the rising band")

    check()
    reach.at_least("in the rising band", 0.1)


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


# The rule of docs/adr/0031 written out again, independently of mcf.matching.pricing: the price list (its module
# docstring), billed hours, tiers, the surge band and the minimum, half-up rounding in exact fractions.
RATES = {"balls": 80_000, "catnip": 90_000, "feathers": 85_000, "laser": 100_000, "mice": 90_000,
         "puzzles": 110_000, "tunnels": 95_000}


def _half_up(value: Fraction, step: Fraction) -> Fraction:
    return step * ((value / step + Fraction(1, 2)).__floor__())


def rule_surge(open_demand: int, supply: int) -> Fraction:
    if supply == 0:
        return Fraction(3, 2)
    pressure = Fraction(open_demand + 1, supply)
    raw = 1 + Fraction(1, 2) * (pressure - Fraction(1, 2)) if pressure > Fraction(1, 2) else Fraction(1)
    return min(_half_up(raw, Fraction(1, 100)), Fraction(3, 2))


def rule_amount(category: str, minutes: int, rating, open_demand: int, supply: int) -> int:
    hours = Fraction(min(minutes, 120), 60) + Fraction(max(minutes - 120, 0), 60) * Fraction(4, 5)
    r = 0.0 if rating is None else rating
    tier = Fraction(5, 4) if r >= 4.5 else Fraction(11, 10) if r >= 3.5 else Fraction(1)
    roubles = _half_up(RATES[category] * hours * tier * rule_surge(open_demand, supply) / 100, Fraction(1))
    return max(int(roubles) * 100, 50_000)


@st.composite
def markets(draw):
    """Demand against supply built to land in each regime of the surge: no supply (the cap), pressure at most 1/2
    (no surge; half the markets with two or more workers are drawn quiet on purpose), the rising band, and beyond it
    (the cap): otherwise demand is drawn up to twice the supply."""
    supply = draw(st.integers(0, 20))
    if supply >= 2 and draw(st.booleans()):  # a quiet market: (demand + 1) / supply at most 1/2
        return draw(st.integers(0, supply // 2 - 1)), supply
    return draw(st.integers(0, 2 * supply + 1)), supply


def test_a_quote_is_the_rule_of_adr_0031():
    reach = Reach()

    @settings(max_examples=100, deadline=None)
    @given(categories, st.one_of(st.integers(0, 45), st.integers(46, 600)), ratings, markets())
    def check(category, minutes, rating, market):
        demand, supply = market
        reach.example()
        price = pricing.quote(category, minutes, rating, open_demand=demand, supply=supply)
        surge = rule_surge(demand, supply)
        reach.saw(f"surge {'capped' if surge == Fraction(3, 2) else 'none' if surge == 1 else 'rising'}")
        reach.saw("minimum applied" if price.minimum_applied else "above the minimum")
        assert price.amount_minor == rule_amount(category, minutes, rating, demand, supply)
        assert price.surge_factor == float(surge)

    check()
    for case in ("surge none", "surge rising", "surge capped", "minimum applied", "above the minimum"):
        reach.at_least(case, 0.05)
