"""The review queue filled from order-history's real change feed (ClickHouse) into quality's PostgreSQL, the reviews
and their rating adjustments on the real database: idempotent pulls, one adjustment per review, retried while
worker-profile is down and applied exactly once, and two deliverers never sending one adjustment at the same time."""
import threading
import uuid
from datetime import datetime, timedelta, timezone

from mcf.quality import service
from mcf.quality.adapters.storage import QualityUnitOfWork
from mcf.quality.domain import AdjustmentStatus, Decision


def _uow(world):
    return QualityUnitOfWork(world.pg)


def _queue(world, reviewed=False):
    with world.pg.connection_context():
        return service.queue(_uow(world), reviewed=reviewed, limit=200)[0]


def test_completed_and_cancelled_orders_are_queued_once_with_their_priorities_and_expired_ones_are_not(clean):
    world = clean
    fine = world.archive_order(reactions=(5, 5))
    late_no_photos = world.archive_order(late_minutes=40, photos=0, reactions=(2, 3))
    by_worker = world.archive_order("cancelled", cancellation={
        "cancelled_by": "worker", "reason": "ill", "previous_status": "confirmed",
        "cancelled_at": "2031-03-13T12:00:00Z"})
    world.archive_order("expired")
    changed = world.pull()
    assert sorted(changed) == sorted([fine["id"], late_no_photos["id"], by_worker["id"]])
    queue = _queue(world)
    assert [e.order.order_id for e in queue] == [late_no_photos["id"], by_worker["id"], fine["id"]]
    assert [r.rule for r in queue[0].reasons] == ["late_check_in", "missing_photos", "low_reactions"]
    assert queue[1].order.cancelled_by == "worker" and queue[2].reasons == ()
    assert world.pull() == []  # nothing new: nothing rewritten
    with world.pg.connection_context():
        assert world.pg.execute_sql("SELECT count(*) FROM review_queue").fetchone()[0] == 3


def test_a_redelivered_or_newer_version_from_the_archive_is_idempotent_and_keeps_the_review(clean):
    from mcf.order_history.adapters.gateways import archived_from
    from mcf.order_history.adapters.storage import ClickhouseArchive

    world = clean
    raw = world.archive_order(version=5)
    world.pull()
    with world.pg.connection_context():
        filed = service.file_review(_uow(world), service.ReviewCommand(
            str(uuid.uuid4()), raw["id"], "m-1", 4, {}, "", Decision.APPROVE), datetime.now(timezone.utc))
    minute_ago = datetime.now(timezone.utc) - timedelta(seconds=30)
    again = ClickhouseArchive(world.archive.client, clock=lambda: minute_ago)
    again.add([archived_from(raw)])  # the same version redelivered: it comes down the feed again
    assert world.pull() == []
    later = datetime.now(timezone.utc) - timedelta(seconds=20)  # a later archiving is a later second
    ClickhouseArchive(world.archive.client, clock=lambda: later).add(
        [archived_from({**raw, "version": 6, "started_at": "2031-03-14T09:30:00Z"})])
    assert world.pull() == [raw["id"]]
    [entry] = _queue(world, reviewed=None)
    assert entry.order.version == 6 and entry.review_id == filed.review.id
    assert [r.rule for r in entry.reasons] == ["late_check_in"]


def test_order_report_down_leaves_the_cursor_and_the_next_round_fills_the_queue(clean):
    world = clean
    raw = world.archive_order()
    world.report.fail_with = 503
    try:
        try:
            world.pull()
            raise AssertionError("the round should have failed")
        except Exception as exc:  # noqa: BLE001 - the round's failure is what PeriodicJob logs and retries
            assert "order-report" in str(exc)
        assert _queue(world) == []
    finally:
        world.report.fail_with = None
    assert world.pull() == [raw["id"]]


def _file(world, order_id, decision=Decision.PENALISE, delta=0.5):
    with world.pg.connection_context():
        return service.file_review(_uow(world), service.ReviewCommand(
            str(uuid.uuid4()), order_id, str(uuid.uuid4()), 2, {"polite": True}, "late and sloppy", decision,
            delta), datetime.now(timezone.utc))


def test_a_review_its_adjustment_and_quality_reviewed_commit_together_and_the_job_applies_it_once(clean):
    world = clean
    worker = world.ratings.add_worker(4.5)
    raw = world.archive_order(worker_id=worker)
    world.pull()
    filed = _file(world, raw["id"])
    with world.pg.connection_context():
        [(routing_key,)] = world.pg.execute_sql("SELECT routing_key FROM outbox").fetchall()
        status = world.pg.execute_sql("SELECT status FROM rating_adjustments WHERE review_id = %s",
                                      (filed.review.id,)).fetchone()[0]
    assert routing_key == "quality.reviewed" and status == "pending"
    assert world.deliver() == [filed.review.id]
    assert world.ratings.workers[worker] == 4.0
    assert world.deliver(datetime.now(timezone.utc) + timedelta(hours=1)) == []
    sent = [r for r in world.profile.received if r.method == "POST"]
    assert len(sent) == 1 and sent[0].acting_for == ("manager", filed.review.manager_id)


def test_with_worker_profile_down_the_adjustment_waits_and_is_delivered_once_it_is_back(clean):
    world = clean
    worker = world.ratings.add_worker(3.0)
    raw = world.archive_order(worker_id=worker)
    world.pull()
    filed = _file(world, raw["id"], Decision.COMMEND, 0.25)
    world.profile.fail_with = 503
    assert world.deliver() == []
    with world.pg.connection_context():
        pending = _uow(world).adjustments.get(filed.review.id)
    assert pending.status is AdjustmentStatus.PENDING and pending.attempts == 1 and "503" in pending.last_error
    world.profile.fail_with = None
    assert world.deliver() == []  # not due yet: the wait grows with the attempts
    assert world.deliver(pending.next_attempt_at) == [filed.review.id]
    assert world.ratings.workers[worker] == 3.25 and len(world.ratings.applied) == 1


def test_an_adjustment_applied_there_but_not_recorded_here_is_a_replay_and_changes_nothing_twice(clean):
    """A crash between worker-profile's answer and our commit: the next round sends it again."""
    world = clean
    worker = world.ratings.add_worker(4.0)
    raw = world.archive_order(worker_id=worker)
    world.pull()
    filed = _file(world, raw["id"])
    world.ratings_gateway.apply(filed.adjustment)  # applied there; quality never heard the answer
    assert world.deliver() == [filed.review.id]
    assert world.ratings.workers[worker] == 3.5
    with world.pg.connection_context():
        assert _uow(world).adjustments.get(filed.review.id).status is AdjustmentStatus.APPLIED


def test_an_unknown_worker_is_refused_for_good_and_kept_with_the_reason(clean):
    world = clean
    raw = world.archive_order(worker_id=str(uuid.uuid4()))  # worker-profile has never heard of this worker
    world.pull()
    filed = _file(world, raw["id"])
    assert world.deliver() == []
    with world.pg.connection_context():
        refused = _uow(world).adjustments.get(filed.review.id)
    assert refused.status is AdjustmentStatus.REJECTED and "no worker" in refused.last_error


def test_two_deliverers_at_once_send_each_adjustment_once(clean):
    world = clean
    workers = [world.ratings.add_worker(4.0) for _ in range(6)]
    orders = [world.archive_order(worker_id=worker) for worker in workers]
    world.pull()
    for raw in orders:
        _file(world, raw["id"])
    results, barrier = [], threading.Barrier(2)

    def run():
        barrier.wait()
        results.append(world.deliver())

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    delivered = [r for batch in results for r in batch]
    assert len(delivered) == 6 and len(set(delivered)) == 6
    assert len([r for r in world.profile.received if r.method == "POST"]) == 6
