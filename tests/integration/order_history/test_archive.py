"""The archive on the ClickHouse 18.16 server: idempotency, queries, keyset paging, worker statistics."""
from datetime import timedelta

from mcf.order_history.adapters.gateways import archived_from
from mcf.order_history.domain import ArchiveQuery, Cursor
from tests.support.order_history import SLOT, order_json


def _count(archive) -> int:
    return archive.client.execute("SELECT count() FROM order_archive FINAL")[0][0]


def test_the_same_order_archived_twice_is_one_visible_row_and_a_newer_version_replaces_it(archive):
    raw = order_json("cancelled", version=5, refunds=[])
    first = archived_from(raw)
    archive.add([first])
    archive.add([first])
    assert _count(archive) == 1
    assert archive.client.execute("SELECT count() FROM order_archive")[0][0] == 2  # two parts until they merge
    refunded = archived_from({**raw, "version": 6, "refunds": [{"refund_id": "r", "amount_minor": 150_000,
                                                                "currency": "RUB"}]})
    archive.add([refunded])
    assert _count(archive) == 1
    got = archive.get(first.order_id)
    assert got == refunded and got.payment_outcome == "refunded" and got.version == 6
    [[rows]] = archive.client.execute("SELECT count() FROM order_archive FINAL WHERE status = 'cancelled'")
    assert rows == 1


def test_a_stored_order_reads_back_equal(archive):
    for status in ("completed", "cancelled", "expired"):
        order = archived_from(order_json(status))
        archive.add([order])
        assert archive.get(order.order_id) == order
    assert archive.get("not-a-uuid") is None


def test_search_filters_by_client_worker_status_and_period(archive):
    client, worker = "c-1", "w-1"
    mine = [archived_from(order_json(s, client_id=client, worker_id=worker, slot=SLOT + timedelta(days=d)))
            for d, s in enumerate(("completed", "cancelled", "completed"))]
    others = [archived_from(order_json("completed", slot=SLOT + timedelta(days=1)))]
    archive.add(mine + others)
    ids = lambda q: [o.order_id for o in archive.search(q)]  # noqa: E731
    assert ids(ArchiveQuery(client_id=client)) == [o.order_id for o in reversed(mine)]
    assert ids(ArchiveQuery(worker_id=worker, statuses=("cancelled",))) == [mine[1].order_id]
    assert set(ids(ArchiveQuery(slot_from=SLOT + timedelta(days=1), slot_to=SLOT + timedelta(days=2)))) == {
        mine[1].order_id, others[0].order_id}


def test_keyset_paging_visits_every_order_once_even_with_ties_and_rows_arriving_meanwhile(archive):
    orders = [archived_from(order_json("completed", slot=SLOT + timedelta(hours=i // 3))) for i in range(11)]
    archive.add(orders)
    seen, cursor = [], None
    while True:
        page = archive.search(ArchiveQuery(limit=4, after=cursor))
        seen += [o.order_id for o in page]
        if len(page) < 4:
            break
        cursor = Cursor(page[-1].slot_start, page[-1].order_id)
        # a newer order arriving between pages lands before the cursor, never shifting the pages after it
        archive.add([archived_from(order_json("completed", slot=SLOT + timedelta(days=30)))])
    assert len(seen) == len(set(seen)) == 11 and set(seen) == {o.order_id for o in orders}
    slots = [archive.get(i).slot_start for i in seen]
    assert slots == sorted(slots, reverse=True)


def test_worker_statistics_count_the_workers_record_and_reviews(archive):
    worker = "7287fdeb-2297-4121-80d8-d57f4a61407d"
    on_time = archived_from(order_json("completed", worker_id=worker, late_minutes=3))
    late = archived_from(order_json("completed", worker_id=worker, late_minutes=20, slot=SLOT + timedelta(days=1)))
    by_worker = archived_from(order_json("cancelled", worker_id=worker, slot=SLOT + timedelta(days=2),
                                         cancellation={"cancelled_by": "worker", "reason": "ill",
                                                       "previous_status": "confirmed",
                                                       "cancelled_at": "2031-03-15T08:00:00Z"}))
    someone_else = archived_from(order_json("completed"))
    archive.add([on_time, late, by_worker, someone_else])
    archive.add([on_time])  # a redelivery counts once
    stats = archive.worker_statistics(worker, None, None)
    assert (stats.orders, stats.completed, stats.cancelled, stats.cancelled_by_worker, stats.checked_in,
            stats.on_time_check_ins, stats.reviews, stats.average_review_score) == (3, 2, 1, 1, 2, 1, 0, None)
    archive.add_reviews([(on_time.order_id, worker, "rv-1", 4.0, SLOT, 1),
                         (late.order_id, worker, "rv-2", 2.0, SLOT, 1),
                         (late.order_id, worker, "rv-2", 3.0, SLOT, 2)])  # a revised review replaces the first
    stats = archive.worker_statistics(worker, None, None)
    assert (stats.reviews, stats.average_review_score) == (2, 3.5)
    first_day = archive.worker_statistics(worker, SLOT, SLOT + timedelta(days=1))
    assert (first_day.orders, first_day.completed, first_day.reviews, first_day.average_review_score) == (1, 1, 1, 4.0)
