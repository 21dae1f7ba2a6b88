"""The queue's priority rules: one pure function, each rule with its reason, and their order."""
from datetime import timedelta

import pytest

from mcf.kit.errors import InvalidInput
from mcf.quality.domain import VisitFacts, priority
from tests.unit.quality.fakes import SLOT, queued

GOOD = VisitFacts(photos=3, reactions=(5, 4), report_filed=True)


def rules(order):
    return [r.rule for r in priority(order)[1]]


def test_an_uneventful_completed_order_has_no_reason_and_priority_zero():
    assert priority(queued(visit=GOOD, late_minutes=5)) == (0, ())


def test_a_cancellation_by_the_worker_outranks_any_single_other_rule():
    by_worker = queued("cancelled", cancelled_by="worker", cancel_reason="sick")
    score, reasons = priority(by_worker)
    assert [r.rule for r in reasons] == ["cancelled_by_worker"] and "sick" in reasons[0].text
    assert priority(queued("cancelled", cancelled_by="client"))[0] == 0
    singles = [queued(late_minutes=600, visit=GOOD), queued(visit=VisitFacts(0, (5,), True)),
               queued(visit=VisitFacts(3, (1, 1), True))]
    assert all(0 < priority(o)[0] < score for o in singles)
    # several together may: a very late visit without photos and a cat that hated it comes first
    assert priority(queued(late_minutes=60, visit=VisitFacts(0, (1,), True)))[0] > score


@pytest.mark.parametrize("late, flagged", [(0, False), (5, False), (6, True), (90, True)])
def test_a_check_in_more_than_five_minutes_after_the_slot_is_late(late, flagged):
    order = queued(visit=GOOD, late_minutes=late)
    assert ("late_check_in" in rules(order)) is flagged
    if flagged:
        assert f"{late} min late" in priority(order)[1][0].text


def test_later_is_more_urgent_up_to_an_hour():
    assert priority(queued(visit=GOOD, late_minutes=30))[0] > priority(queued(visit=GOOD, late_minutes=10))[0]
    assert priority(queued(visit=GOOD, late_minutes=200))[0] == priority(queued(visit=GOOD, late_minutes=60))[0]


def test_a_completed_order_without_photos_or_without_any_record_is_missing_photos():
    assert rules(queued(visit=VisitFacts(0, (5,), True))) == ["missing_photos"]
    assert rules(queued(visit=None)) == ["missing_photos"]
    assert "missing_photos" not in rules(queued("cancelled", cancelled_by="client"))  # never visited


@pytest.mark.parametrize("reactions, low", [((5, 4, 3), False), ((3, 3), False), ((5, 2), True), ((3, 2.5), True),
                                            ((1,), True), ((), False)])
def test_low_reactions_are_one_toy_at_two_or_less_or_an_average_under_three(reactions, low):
    assert ("low_reactions" in rules(queued(visit=VisitFacts(2, reactions, True)))) is low


def test_a_lower_lowest_reaction_weighs_more_and_reasons_add_up():
    one = priority(queued(visit=VisitFacts(2, (1, 5), True)))[0]
    two = priority(queued(visit=VisitFacts(2, (2, 5), True)))[0]
    assert one > two
    everything = queued(late_minutes=20, visit=VisitFacts(0, (1,), True))
    score, reasons = priority(everything)
    assert [r.rule for r in reasons] == ["late_check_in", "missing_photos", "low_reactions"]
    assert score == sum(r.weight for r in reasons)


def test_the_queue_holds_completed_and_cancelled_orders_only():
    with pytest.raises(InvalidInput):
        queued("expired")
    assert queued(version=4).newer_than(queued(version=3)) and not queued(version=3).newer_than(queued(version=3))
    assert SLOT.tzinfo is not None and timedelta(minutes=5)
