"""order-history's use cases through in-memory fakes of the ports."""
from datetime import datetime, timedelta, timezone

import pytest

from mcf.kit.errors import Forbidden, InvalidInput, NotFound
from mcf.order_history import service
from mcf.order_history.adapters.gateways import archived_from
from mcf.order_history.domain import ArchiveQuery, Cursor, NotFinished
from tests.support.order_history import SLOT, order_json


class FakeOrders:
    def __init__(self, *orders):
        self.orders = {o.order_id: o for o in orders}

    def get(self, order_id):
        return self.orders.get(order_id)

    def finished_orders(self):
        items = list(self.orders.values())
        yield items[:2]
        yield items[2:]


class FakeArchive:
    """Keeps the highest version per order, as FINAL shows the table."""

    def __init__(self):
        self.rows, self.inserts = {}, 0

    def add(self, orders):
        self.inserts += 1
        for o in orders:
            if o.order_id not in self.rows or self.rows[o.order_id].version <= o.version:
                self.rows[o.order_id] = o

    def get(self, order_id):
        return self.rows.get(order_id)

    def search(self, query):
        rows = sorted(self.rows.values(), key=lambda o: o.order_id)
        rows.sort(key=lambda o: o.slot_start, reverse=True)
        rows = [o for o in rows if query.client_id in (None, o.client_id) and query.worker_id in (None, o.worker_id)]
        if query.after:
            a = query.after
            rows = [o for o in rows if o.slot_start < a.slot_start
                    or (o.slot_start == a.slot_start and o.order_id > a.order_id)]
        return rows[:query.limit]

    def worker_statistics(self, worker_id, slot_from, slot_to):
        return ("stats", worker_id, slot_from, slot_to)


def archived(status="completed", **kw):
    return archived_from(order_json(status, **kw))


def test_a_finished_order_is_archived_as_order_service_knows_it():
    order = archived("cancelled", version=12)
    archive = FakeArchive()
    got = service.archive_finished(FakeOrders(order), archive, service.OrderFinished(order.order_id, "cancelled", 11))
    assert got is order and archive.rows == {order.order_id: order}
    assert (order.cancelled_by, order.cancel_reason, order.cancelled_from) == ("client", "client_request", "confirmed")
    assert order.payment_outcome == "refunded" and order.refunded_minor == 150_000


def test_an_order_order_service_does_not_know_is_unknown_and_nothing_is_archived():
    archive = FakeArchive()
    with pytest.raises(service.UnknownOrder):
        service.archive_finished(FakeOrders(), archive, service.OrderFinished("nope", "completed", 1))
    assert archive.inserts == 0


def test_an_order_older_than_its_event_is_not_archived():
    order = archived(version=3)
    archive = FakeArchive()
    with pytest.raises(NotFinished):
        service.archive_finished(FakeOrders(order), archive, service.OrderFinished(order.order_id, "completed", 4))
    assert archive.inserts == 0


def test_the_gateway_mapping_refuses_an_unfinished_order():
    with pytest.raises(InvalidInput):
        archived_from(order_json("confirmed"))


@pytest.mark.parametrize("late, on_time", [(0, True), (5, True), (6, False)])
def test_a_check_in_is_on_time_up_to_five_minutes_after_the_slot_starts(late, on_time):
    order = archived(late_minutes=late)
    assert order.checked_in and order.checked_in_on_time is on_time


def test_payment_outcomes():
    assert archived("expired").payment_outcome == "unpaid"
    assert archived().payment_outcome == "paid"
    partial = archived("cancelled", refunds=[{"refund_id": "r", "amount_minor": 75_000, "currency": "RUB"}])
    assert partial.payment_outcome == "partially_refunded"


def test_backfill_archives_every_page_and_rerunning_changes_nothing():
    orders = FakeOrders(*(archived(s) for s in ("completed", "cancelled", "expired")))
    archive = FakeArchive()
    assert service.backfill(orders, archive) == 3
    before = dict(archive.rows)
    assert service.backfill(orders, archive) == 3
    assert archive.rows == before


def test_search_pages_with_a_cursor_until_a_short_page():
    client = "c-1"
    rows = [archived(client_id=client, slot=SLOT + timedelta(hours=i // 2)) for i in range(5)]
    archive = FakeArchive()
    archive.add(rows)
    seen, cursor = [], None
    while True:
        page = service.search(archive, ArchiveQuery(limit=2, after=Cursor.decode(cursor) if cursor else None),
                              "client", client)
        seen += [o.order_id for o in page.items]
        cursor = page.next_cursor
        if cursor is None:
            break
    assert sorted(seen) == sorted(o.order_id for o in rows) and len(seen) == 5


@pytest.mark.parametrize("role, query", [("client", ArchiveQuery(client_id="someone-else")),
                                         ("worker", ArchiveQuery(worker_id="someone-else")),
                                         ("client", ArchiveQuery(worker_id="w"))])
def test_clients_and_workers_search_only_their_own(role, query):
    archive = FakeArchive()
    archive.add([archived(client_id="me", worker_id="me")])
    if query.client_id or query.worker_id == "someone-else":
        with pytest.raises(Forbidden):
            service.search(archive, query, role, "me")
    else:  # a client naming a worker still sees only its own orders
        assert all(o.client_id == "me" for o in service.search(archive, query, role, "me").items)


def test_an_order_of_someone_else_looks_like_no_order():
    order = archived(client_id="c", worker_id="w")
    archive = FakeArchive()
    archive.add([order])
    assert service.get_archived(archive, order.order_id, "worker", "w") is order
    for role, subject in (("client", "other"), ("worker", "other")):
        with pytest.raises(NotFound):
            service.get_archived(archive, order.order_id, role, subject)


def test_worker_statistics_are_for_managers_and_services():
    with pytest.raises(Forbidden):
        service.worker_statistics(FakeArchive(), "w", None, None, "worker")
    assert service.worker_statistics(FakeArchive(), "w", None, None, "manager")[1] == "w"


def test_a_cursor_round_trips_and_a_forged_one_is_invalid_input():
    cursor = Cursor(datetime(2031, 1, 2, 3, 4, 5, tzinfo=timezone.utc), "6f1c1f3e-64a4-4d56-9d4b-2a9c4a1f1e0b")
    assert Cursor.decode(cursor.encode()) == cursor
    assert cursor.encode() == "1925089445_6f1c1f3e-64a4-4d56-9d4b-2a9c4a1f1e0b"  # 2031-01-02T03:04:05Z, the id
    for forged in ("zzz", "bm90LWEtY3Vyc29y", "c1925089445_6f1c1f3e-64a4-4d56-9d4b-2a9c4a1f1e0b"):
        with pytest.raises(InvalidInput):
            Cursor.decode(forged)


def test_a_query_refuses_statuses_the_archive_does_not_hold_and_takes_an_empty_period_as_empty():
    with pytest.raises(InvalidInput):
        ArchiveQuery(statuses=("placed",))
    # from at or after to: a period nothing starts in (ADR 0051: no schema can say "before"), not an error
    assert ArchiveQuery(slot_from=SLOT, slot_to=SLOT).slot_to == SLOT
