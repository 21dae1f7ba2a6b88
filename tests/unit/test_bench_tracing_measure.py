"""The tracing section's arithmetic (tests/bench/bench_tracing.py): idle CPU subtracted, ratios paired by cycle,
a cycle with failed requests left out."""
from tests.bench.bench_tracing import Turn, measure, quartiles

KINDS = ("off", "tracing", "metrics", "both")


def _cycle(cycle, cpu_ms_per_order, orders=100, wall=3.0, errors=None, idle_cpu=0.0):
    return [Turn(kind, cycle, orders, (errors or {}).get(kind, 0), wall,
                 cpu_ms_per_order[kind] * orders / 1000 + idle_cpu * wall) for kind in KINDS]


def test_each_stacks_idle_cpu_is_subtracted_and_the_ratio_is_taken_within_each_cycle():
    # the machine slows every stack alike in cycle 1 (CPU per order x1.5); tracing costs 10% in both cycles
    turns = _cycle(0, {"off": 20, "tracing": 22, "metrics": 20, "both": 22}, idle_cpu=0.05) + \
        _cycle(1, {"off": 30, "tracing": 33, "metrics": 30, "both": 33}, idle_cpu=0.05)
    figures = measure(turns, dict.fromkeys(KINDS, 0.05), KINDS)
    assert [round(r, 6) for r in figures["ratios"]["tracing"]] == [1.1, 1.1]
    assert [round(r, 6) for r in figures["ratios"]["metrics"]] == [1.0, 1.0]
    assert round(figures["per_order"]["off"], 6) == 25.0  # (20 + 30) / 2, the idle 0.05 s a second gone


def test_a_cycle_in_which_a_turn_failed_requests_is_left_out_of_the_ratios():
    turns = _cycle(0, {"off": 20, "tracing": 40, "metrics": 20, "both": 40}, errors={"tracing": 3}) + \
        _cycle(1, {"off": 20, "tracing": 22, "metrics": 20, "both": 22})
    figures = measure(turns, {}, KINDS)
    assert figures["spoiled"] == 1 and [round(r, 6) for r in figures["ratios"]["both"]] == [1.1]


def test_quartiles():
    assert quartiles([1.0, 2.0, 3.0, 4.0, 5.0]) == (2.0, 3.0, 4.0)
    assert quartiles([1.0, 3.0]) == (1.0, 2.0, 3.0)
