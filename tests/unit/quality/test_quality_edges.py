"""quality's rules at their edges, the expected answers written from docs/adr/0110 and 0111 (not computed with the
code): each rule's exact weight and the reason the panel shows, a review's limits, the adjustment sent to
worker-profile and its retry waits (5 s, 10 s, 20 s ... at most 10 minutes)."""
import uuid
from dataclasses import replace
from datetime import timedelta

import pytest

from mcf.kit.errors import InvalidInput
from mcf.quality.domain import (
    CHECKLIST,
    AdjustmentStatus,
    Decision,
    RatingAdjustment,
    Reason,
    Review,
    ReviewFiled,
    VisitFacts,
    new_review_id,
    priority,
)
from tests.unit.quality.fakes import NOW, SLOT, queued

GOOD = VisitFacts(photos=3, reactions=(5, 4), report_filed=True)


def test_a_cancellation_by_the_worker_weighs_100_and_shows_the_workers_reason_when_there_is_one():
    assert priority(queued("cancelled", cancelled_by="worker", cancel_reason="sick")) == (
        100, (Reason("cancelled_by_worker", 100, "Cancelled by the worker (sick)"),))
    assert priority(queued("cancelled", cancelled_by="worker")) == (
        100, (Reason("cancelled_by_worker", 100, "Cancelled by the worker"),))
    assert priority(queued("completed", cancelled_by="worker", visit=GOOD)) == (0, ())  # only a cancellation


@pytest.mark.parametrize("late, weight", [(6, 43), (7, 43), (8, 44), (59, 69), (60, 70), (61, 70), (600, 70)])
def test_a_late_check_in_weighs_40_and_half_a_point_a_minute_up_to_70(late, weight):
    assert priority(queued(visit=GOOD, late_minutes=late)) == (
        weight, (Reason("late_check_in", weight, f"Checked in {late} min late"),))


def test_a_check_in_a_second_past_the_five_minutes_grace_is_late_by_five_whole_minutes():
    on_the_edge = replace(queued(visit=GOOD), checked_in_at=SLOT + timedelta(minutes=5))
    a_second_late = replace(queued(visit=GOOD), checked_in_at=SLOT + timedelta(minutes=5, seconds=1))
    assert priority(on_the_edge) == (0, ())
    assert priority(a_second_late) == (42, (Reason("late_check_in", 42, "Checked in 5 min late"),))


def test_missing_photos_weigh_30():
    assert priority(queued(visit=VisitFacts(0, (5,), True))) == (
        30, (Reason("missing_photos", 30, "No photos of the visit"),))


@pytest.mark.parametrize("reactions, weight, text", [
    ((1, 5), 40, "Low reactions (lowest 1, average 3.0)"),       # 20 + 5 x (5 - 1)
    ((2, 5), 35, "Low reactions (lowest 2, average 3.5)"),       # 20 + 5 x (5 - 2)
    ((0, 2, 2), 45, "Low reactions (lowest 0, average 1.33)"),   # the average to two places
    ((3, 3), None, None), ((3,), None, None)])                   # 3 is not low, nor is an average of exactly 3
def test_low_reactions_weigh_20_and_5_a_point_the_lowest_is_under_5(reactions, weight, text):
    got = priority(queued(visit=VisitFacts(2, reactions, True)))
    assert got == ((weight, (Reason("low_reactions", weight, text),)) if weight else (0, ()))


def test_the_average_reaction_is_rounded_to_two_places_and_absent_without_reactions():
    assert VisitFacts(1, (1, 2, 2)).average_reaction == 1.67
    assert VisitFacts(1, ()).average_reaction is None


def test_the_queue_refuses_an_expired_order_naming_the_status():
    with pytest.raises(InvalidInput) as caught:
        queued("expired")
    assert caught.value.extensions == {"field": "status"}
    assert caught.value.detail == "the queue holds completed and cancelled orders, not 'expired'"
    assert queued(version=1).newer_than(None)


def _file(order=None, **changes):
    form = dict(review_id="r-1", order=order or queued(visit=GOOD), manager_id="m-1", score=4, checklist={},
                comment="fine", decision=Decision.APPROVE, delta=0, now=NOW)
    return Review.file(**{**form, **changes})


def _refused(field, detail, **changes):
    with pytest.raises(InvalidInput) as caught:
        _file(**changes)
    assert caught.value.extensions == {"field": field}
    assert caught.value.detail == detail


def test_a_review_scores_1_to_5_and_knows_only_the_checklists_items():
    assert _file(score=1).score == 1 and _file(score=5).score == 5
    _refused("score", "the score is 1..5", score=0)
    _refused("score", "the score is 1..5", score=6)
    _refused("checklist", "no checklist item 'smiled'", checklist={"smiled": True, "polite": True})


def test_a_comment_has_at_most_2000_characters_after_trimming():
    assert _file(comment="x" * 2000).comment == "x" * 2000
    assert _file(comment="  x  ").comment == "x"
    assert _file(comment=" " + "x" * 2000 + " ").comment == "x" * 2000
    _refused("comment", "a comment has at most 2000 characters", comment="x" * 2001)


def test_the_checklist_holds_every_item_unticked_unless_ticked():
    review = _file(checklist={"polite": True, "on_time": 1})
    assert review.checklist == {"on_time": True, "photos_clear": False, "report_complete": False,
                                "kit_returned": False, "polite": True}
    assert [key for key, _ in CHECKLIST] == list(review.checklist)


@pytest.mark.parametrize("decision, given, delta", [
    (Decision.APPROVE, 0.7, 0.0), (Decision.APPROVE, None, 0.0),
    (Decision.COMMEND, 0.5, 0.5), (Decision.COMMEND, -0.5, 0.5), (Decision.COMMEND, 1.0, 1.0),
    (Decision.PENALISE, 0.5, -0.5), (Decision.PENALISE, -1, -1.0), (Decision.PENALISE, 0.333, -0.33),
    (Decision.COMMEND, 0.01, 0.01)])
def test_the_decision_gives_the_sign_and_the_manager_the_size_of_the_change(decision, given, delta):
    review = _file(decision=decision, delta=given)
    assert review.rating_delta == delta and review.changes_rating is (delta != 0)


def test_a_rating_change_is_above_0_and_at_most_1_for_an_order_with_a_worker_and_says_why():
    for decision in (Decision.COMMEND, Decision.PENALISE):
        for delta in (0, 0.004, 1.01, 5):
            _refused("delta", "a rating change is more than 0 and at most 1.0", decision=decision, delta=delta)
        _refused("decision", "this order had no worker whose rating could change", decision=decision, delta=0.5,
                 order=queued("cancelled", worker_id=None))
        _refused("comment", "say why the rating changes", decision=decision, delta=0.5, comment="  ")
    assert _file(order=queued("cancelled", worker_id=None)).worker_id is None  # approving needs no worker


def test_a_filed_review_raises_one_event_with_the_review_as_filed():
    order = queued(visit=GOOD)
    review = _file(order=order, decision=Decision.PENALISE, delta=0.25, comment="late again", score=2)
    assert (review.id, review.order_id, review.worker_id, review.manager_id, review.filed_at, review.version) == (
        "r-1", order.order_id, "w-1", "m-1", NOW, 1)
    assert review.events == [ReviewFiled(Review("r-1", order.order_id, "w-1", "m-1", 2, review.checklist,
                                                "late again", Decision.PENALISE, -0.25, NOW))]
    assert review.events[0].review.events == [], "the event holds the review as filed, not its own event list"


def test_the_same_form_again_is_the_same_review_and_any_changed_answer_is_not():
    first = _file(order=(order := queued(visit=GOOD)), decision=Decision.COMMEND, delta=0.5)
    assert first.same_as(_file(order=order, decision=Decision.COMMEND, delta=0.5, now=NOW + timedelta(seconds=3)))
    for change in (dict(order=queued(visit=GOOD)), dict(manager_id="m-2"), dict(score=3),
                   dict(checklist={"polite": True}), dict(comment="great"), dict(decision=Decision.PENALISE),
                   dict(delta=0.25)):
        again = _file(**{"order": order, "decision": Decision.COMMEND, "delta": 0.5, **change})
        assert not first.same_as(again), change


def test_the_adjustment_carries_the_review_id_the_delta_and_a_reason_of_at_most_500_characters():
    order = queued(visit=GOOD)
    review = _file(order=order, decision=Decision.COMMEND, delta=0.5, comment="lovely")
    assert RatingAdjustment.of(review) == RatingAdjustment(
        "r-1", "w-1", "m-1", 0.5, f"review r-1 of order {order.order_id}: commend; lovely",
        status=AdjustmentStatus.PENDING, attempts=0, next_attempt_at=NOW)
    long = RatingAdjustment.of(_file(order=order, decision=Decision.PENALISE, delta=1, comment="x" * 2000))
    assert len(long.reason) == 500 and long.reason.startswith(f"review r-1 of order {order.order_id}: penalise; x")


def test_a_delivered_adjustment_is_applied_or_rejected_for_good_and_a_failure_waits_longer_each_time():
    pending = RatingAdjustment("r-1", "w-1", "m-1", -0.5, "why", next_attempt_at=NOW)
    assert pending.applied(NOW) == RatingAdjustment("r-1", "w-1", "m-1", -0.5, "why", AdjustmentStatus.APPLIED, 1,
                                                    None, None, NOW)
    assert pending.rejected("e" * 600) == RatingAdjustment("r-1", "w-1", "m-1", -0.5, "why",
                                                           AdjustmentStatus.REJECTED, 1, None, "e" * 500)
    assert pending.failed("down", NOW).applied(NOW).last_error is None, "an applied one keeps no old error"
    waits, current = [], pending
    for _ in range(10):
        current = current.failed("f" * 600, NOW)
        waits.append(current.next_attempt_at - NOW)
        assert current.status is AdjustmentStatus.PENDING and current.last_error == "f" * 500
    assert current.attempts == 10
    assert waits == [timedelta(seconds=s) for s in (5, 10, 20, 40, 80, 160, 320, 600, 600, 600)]
    much_later = RatingAdjustment("r-1", "w-1", "m-1", -0.5, "why", attempts=40).failed("down", NOW)
    assert much_later.next_attempt_at == NOW + timedelta(minutes=10) and much_later.attempts == 41


def test_a_review_id_is_a_fresh_uuid():
    first, second = new_review_id(), new_review_id()
    assert str(uuid.UUID(first)) == first and first != second
