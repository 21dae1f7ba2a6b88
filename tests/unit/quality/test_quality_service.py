"""quality's use cases on in-memory fakes: the queue filled idempotently from the feed, reviews, and the delivery
of rating adjustments (applied once, retried while worker-profile is down, refused ones kept with the reason)."""
from datetime import timedelta

import pytest

from mcf.kit.errors import Conflict, InvalidInput, NotFound, Unavailable
from mcf.quality import service
from mcf.quality.domain import CHECKLIST, AdjustmentStatus, AlreadyReviewed, Decision, VisitFacts
from tests.unit.quality.fakes import (
    NOW,
    FakeFeed,
    FakeQualityUnitOfWork,
    FakeRatings,
    FakeReports,
    queued,
)


def review(order_id, review_id="11111111-1111-4111-8111-111111111111", decision=Decision.PENALISE, delta=0.5,
           comment="late and no photos", **changes):
    return service.ReviewCommand(review_id=review_id, order_id=order_id, manager_id="m-1", score=2,
                                 checklist={"on_time": False, "polite": True}, comment=comment, decision=decision,
                                 delta=delta, **changes)


def test_the_feed_fills_the_queue_with_priorities_and_moves_the_cursor_with_the_rows():
    uow = FakeQualityUnitOfWork()
    late, cancelled = queued(late_minutes=30), queued("cancelled", cancelled_by="worker", worker_id="w-2")
    feed = FakeFeed([[late, cancelled]])
    reports = FakeReports({late.order_id: VisitFacts(0, (2,), True)})  # late, no photos, low: 135 > 100
    changed = service.pull_until_idle(uow, feed, reports, now=NOW)
    assert changed == [late.order_id, cancelled.order_id]
    assert reports.asked == [late.order_id]  # a cancelled order had no visit to read
    assert uow.cursors.get(service.FEED) == "1"
    entries, total = service.queue(uow)
    assert total == 2 and [e.order.order_id for e in entries] == [late.order_id, cancelled.order_id]
    assert [r.rule for r in entries[0].reasons] == ["late_check_in", "missing_photos", "low_reactions"]
    assert [r.rule for r in entries[1].reasons] == ["cancelled_by_worker"]
    assert uow.queue.get(late.order_id).order.visit == VisitFacts(0, (2,), True)


def test_the_same_page_read_twice_or_an_older_version_changes_nothing_and_a_newer_one_replaces_the_facts():
    uow = FakeQualityUnitOfWork()
    order = queued(version=3)
    service.pull_archive(uow, FakeFeed([[order]]), FakeReports(), now=NOW)
    uow.cursors.set(service.FEED, None)  # as if the cursor had been lost: the page comes again
    assert service.pull_archive(uow, FakeFeed([[order, queued(version=2, order_id=order.order_id)]]),
                                FakeReports(), now=NOW) == []
    newer = queued(version=4, order_id=order.order_id, late_minutes=20)
    uow.cursors.set(service.FEED, None)
    assert service.pull_archive(uow, FakeFeed([[newer]]), FakeReports(), now=NOW) == [order.order_id]
    assert uow.queue.get(order.order_id).order.version == 4
    assert [r.rule for r in uow.queue.get(order.order_id).reasons] == ["late_check_in"]


def test_order_report_down_fails_the_round_without_moving_the_cursor_and_the_next_round_catches_up():
    uow = FakeQualityUnitOfWork()
    order = queued()
    feed = FakeFeed([[order]])
    with pytest.raises(Unavailable):
        service.pull_archive(uow, feed, FakeReports(down=True), now=NOW)
    assert uow.cursors.get(service.FEED) is None and uow.queue.get(order.order_id) is None
    assert service.pull_archive(uow, feed, FakeReports(), now=NOW) == [order.order_id]


def _queued(uow, order):
    with uow:
        uow.queue.put(order, 0, (), NOW)
    return order


def test_a_review_with_a_rating_change_stores_the_review_the_adjustment_and_quality_reviewed_together():
    uow = FakeQualityUnitOfWork()
    order = _queued(uow, queued(worker_id="w-7"))
    filed = service.file_review(uow, review(order.order_id), NOW)
    assert filed.created and filed.review.rating_delta == -0.5
    assert filed.review.checklist == {key: key == "polite" for key, _ in CHECKLIST}
    assert filed.adjustment.worker_id == "w-7" and filed.adjustment.status is AdjustmentStatus.PENDING
    assert filed.adjustment.review_id == filed.review.id and filed.adjustment.manager_id == "m-1"
    assert uow.types() == ["quality.reviewed"]
    data = uow.committed_events[0].data
    assert data["decision"] == "penalise" and data["rating_delta"] == -0.5 and data["worker_id"] == "w-7"
    assert "comment" not in data
    assert uow.queue.get(order.order_id).review_id == filed.review.id
    assert service.queue(uow)[1] == 0 and service.queue(uow, reviewed=True)[1] == 1


def test_the_same_form_sent_twice_is_one_review_and_another_review_of_a_reviewed_order_is_refused():
    uow = FakeQualityUnitOfWork()
    order = _queued(uow, queued())
    first = service.file_review(uow, review(order.order_id), NOW)
    again = service.file_review(uow, review(order.order_id), NOW + timedelta(seconds=3))
    assert not again.created and again.review.id == first.review.id and len(uow.adjustments.rows) == 1
    assert uow.types() == ["quality.reviewed"]
    with pytest.raises(AlreadyReviewed):
        service.file_review(uow, review(order.order_id, review_id="22222222-2222-4222-8222-222222222222"), NOW)
    with pytest.raises(Conflict):  # the same review id with other content
        service.file_review(uow, review(order.order_id, comment="something else"), NOW)


def test_approving_changes_no_rating_and_bad_reviews_are_refused_with_nothing_stored():
    uow = FakeQualityUnitOfWork()
    order = _queued(uow, queued())
    with pytest.raises(InvalidInput):
        service.file_review(uow, review(order.order_id, delta=0), NOW)  # a penalty of nothing
    with pytest.raises(InvalidInput):
        service.file_review(uow, review(order.order_id, delta=1.5), NOW)
    with pytest.raises(InvalidInput):
        service.file_review(uow, review(order.order_id, comment=""), NOW)  # a rating change says why
    with pytest.raises(NotFound):
        service.file_review(uow, review("00000000-0000-4000-8000-00000000dead"), NOW)
    assert uow.reviews.rows == {} and uow.types() == []
    filed = service.file_review(uow, review(order.order_id, decision=Decision.APPROVE, delta=0.7, comment=""), NOW)
    assert filed.adjustment is None and filed.review.rating_delta == 0 and uow.adjustments.rows == {}
    no_worker = _queued(uow, queued("cancelled", cancelled_by="client", worker_id=None))
    with pytest.raises(InvalidInput):
        service.file_review(uow, review(no_worker.order_id, decision=Decision.COMMEND), NOW)


def test_an_adjustment_is_retried_with_growing_waits_while_worker_profile_is_down_and_applied_once():
    uow = FakeQualityUnitOfWork()
    order = _queued(uow, queued())
    review_id = service.file_review(uow, review(order.order_id), NOW).review.id
    down = Unavailable("worker-profile-service did not answer in time")
    ratings = FakeRatings(down, down)
    assert service.deliver_adjustments(uow, ratings, NOW) == []
    first = uow.adjustments.get(review_id)
    assert first.status is AdjustmentStatus.PENDING and first.attempts == 1 and "did not answer" in first.last_error
    assert first.next_attempt_at == NOW + timedelta(seconds=5)
    assert service.deliver_adjustments(uow, ratings, NOW + timedelta(seconds=4)) == []  # not due yet
    assert len(ratings.sent) == 1
    assert service.deliver_adjustments(uow, ratings, NOW + timedelta(seconds=5)) == []
    second = uow.adjustments.get(review_id)
    assert second.next_attempt_at == NOW + timedelta(seconds=15) and second.attempts == 2
    assert service.deliver_adjustments(uow, ratings, NOW + timedelta(seconds=15)) == [review_id]
    assert uow.adjustments.get(review_id).status is AdjustmentStatus.APPLIED
    assert service.deliver_adjustments(uow, ratings, NOW + timedelta(hours=1)) == []
    assert [a.review_id for a in ratings.sent] == [review_id] * 3  # the same review id every time


def test_an_adjustment_worker_profile_refuses_for_good_is_kept_with_the_reason_and_not_sent_again():
    uow = FakeQualityUnitOfWork()
    order = _queued(uow, queued())
    review_id = service.file_review(uow, review(order.order_id), NOW).review.id
    ratings = FakeRatings(NotFound("no worker w-1"))
    assert service.deliver_adjustments(uow, ratings, NOW) == []
    refused = uow.adjustments.get(review_id)
    assert refused.status is AdjustmentStatus.REJECTED and refused.last_error == "no worker w-1"
    service.deliver_adjustments(uow, ratings, NOW + timedelta(days=1))
    assert len(ratings.sent) == 1


def test_the_retry_wait_is_bounded():
    from mcf.quality.domain import RETRY_MAX, RatingAdjustment

    adjustment = RatingAdjustment("r", "w", "m", -0.5, "why", attempts=40)
    assert adjustment.failed("down", NOW).next_attempt_at == NOW + RETRY_MAX
