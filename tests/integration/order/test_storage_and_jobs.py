"""The order repository, the jobs' claims and the live-orders table on the real PostgreSQL and ClickHouse."""
import threading
import uuid
from datetime import datetime, timedelta, timezone

import pytest

from mcf.order import service
from mcf.order.adapters import storage
from mcf.order.domain import ConcurrentUpdate, OrderStatus
from mcf.order.ports import LiveOrder, LiveOrderQuery
from tests.integration.order.conftest import POLICY, W1, W2
from tests.support.at_rest import ORDER as CIPHER
from tests.support.order import FakeMatching, command


@pytest.fixture
def uow(pg):
    with pg.connection_context():
        yield storage.OrderUnitOfWork(pg, CIPHER)


def place(uow, now=None, matching=None):
    now = now or datetime.now(timezone.utc)
    return service.place_order(uow, matching or FakeMatching(W1, W2),
                               command(slot_start=now + timedelta(days=1)), now, POLICY)


def test_an_order_round_trips_with_its_whole_state(uow):
    order = place(uow)
    service.accept_offer(uow, order.id, W1, datetime.now(timezone.utc))
    service.on_payment_succeeded(uow, order.id, "pay-1", datetime.now(timezone.utc))
    service.on_kit_ready(uow, order.id, "kit-1", {"id": "p", "name": "Hub", "address": "Arbat 2"},
                         {"text": "Purr", "locale": "en", "source": "house"}, datetime.now(timezone.utc))
    service.on_inventory_shortage(uow, order.id, datetime.now(timezone.utc))
    with uow:
        back = uow.orders.get(order.id)
    assert back.status is OrderStatus.CANCELLED and back.worker_id == W1 and back.payment_id == "pay-1"
    assert back.kit.pickup_point["name"] == "Hub" and back.kit.fortune["text"] == "Purr"
    assert back.cancellation.reason == "out_of_stock" and back.cancellation.previous_status is OrderStatus.CONFIRMED
    assert back.price.breakdown == {"base_minor": 150_000} and back.offered_worker_ids == (W1,)
    assert back.version == 6


def test_a_save_on_a_stale_version_raises_and_writes_nothing(uow, pg):
    order = place(uow)
    now = datetime.now(timezone.utc)

    def rival():  # another process's transaction, on its own connection, commits in between
        with pg.connection_context():
            service.accept_offer(storage.OrderUnitOfWork(pg, CIPHER), order.id, W1, now)

    with pytest.raises(ConcurrentUpdate):
        with uow:
            stale = uow.orders.get(order.id)
            thread = threading.Thread(target=rival)
            thread.start()
            thread.join(10)
            stale.cancel(service.CancelledBy.PLATFORM, "test", now)
            uow.orders.save(stale)
    with uow:
        after = uow.orders.get(order.id)
    assert after.status is OrderStatus.PLACED and after.worker_id == W1 and after.version == 3


def test_the_offer_job_skips_rows_another_transaction_holds(uow, pg):
    now = datetime.now(timezone.utc)
    held, free = place(uow, now), place(uow, now)
    later = now + POLICY.offer_ttl + timedelta(seconds=1)
    locked, release = threading.Event(), threading.Event()

    def hold():
        with pg.connection_context(), pg.atomic():
            pg.execute_sql("SELECT 1 FROM orders WHERE id = %s FOR UPDATE", (held.id,))
            locked.set()
            release.wait(10)

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert locked.wait(5)
        changed = service.process_due_offers(uow, FakeMatching(W1, W2), later, POLICY)
    finally:
        release.set()
        holder.join(10)
    assert free.id in changed and held.id not in changed
    with uow:
        assert uow.orders.get(free.id).offer.worker_id == W2
        assert uow.orders.get(held.id).offer.worker_id == W1


def test_the_expiry_job_expires_only_unpaid_orders_past_the_deadline(uow):
    now = datetime.now(timezone.utc)
    unpaid, paid = place(uow, now), place(uow, now)
    service.on_payment_succeeded(uow, paid.id, "pay-1", now)
    assert unpaid.id not in service.expire_unpaid(uow, now + timedelta(minutes=29), POLICY)
    expired = service.expire_unpaid(uow, now + timedelta(minutes=31), POLICY)
    assert unpaid.id in expired and paid.id not in expired
    with uow:
        assert uow.orders.get(unpaid.id).status is OrderStatus.EXPIRED
        assert uow.orders.get(paid.id).status is OrderStatus.CONFIRMED


def test_an_anomaly_is_recorded(uow, pg):
    order = place(uow)
    service.on_report_filed(uow, order.id, W1, "rep", datetime.now(timezone.utc), datetime.now(timezone.utc),
                            event_id="ev-1")
    with pg.connection_context():
        row = pg.execute_sql("SELECT event_id, event_type, status FROM order_anomalies WHERE order_id = %s",
                             (order.id,)).fetchone()
    assert row == ("ev-1", "report.filed", "placed")


# -- ClickHouse ---------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def live(app, order_settings):
    from mcf.order.app import live_orders

    table = live_orders(order_settings)
    yield table
    table.client.disconnect()


def row(order_id, version, status="placed", client_id="c1", worker_id=None, offered=None, slot_days=1):
    now = datetime.now(timezone.utc).replace(microsecond=0)
    return LiveOrder(order_id=order_id, version=version, status=status, client_id=client_id, worker_id=worker_id,
                     offered_worker_id=offered, offer_expires_at=now + timedelta(minutes=10) if offered else None,
                     toy_category="laser", slot_start=now + timedelta(days=slot_days),
                     slot_end=now + timedelta(days=slot_days, hours=1), city="Moscow", district="Arbat",
                     price={"amount_minor": 150_000, "currency": "RUB"}, paid=False, kit_ready=False,
                     placed_at=now, updated_at=now)


def test_the_newest_version_wins_whatever_the_arrival_order(live):
    order_id, client_id = str(uuid.uuid4()), str(uuid.uuid4())
    live.upsert(row(order_id, 3, "confirmed", client_id, worker_id=W1))
    live.upsert(row(order_id, 1, "placed", client_id))
    live.upsert(row(order_id, 2, "placed", client_id, offered=W1))
    live.upsert(row(order_id, 3, "confirmed", client_id, worker_id=W1))  # a redelivery
    [found] = live.list(LiveOrderQuery(client_id=client_id))
    assert (found.version, found.status, found.worker_id, found.offered_worker_id) == (3, "confirmed", W1, None)
    assert found.price == {"amount_minor": 150_000, "currency": "RUB"} and found.slot_start.tzinfo is not None


def test_filters_apply_to_the_newest_version_only(live):
    client_id, worker = str(uuid.uuid4()), str(uuid.uuid4())
    moved, kept, done = (str(uuid.uuid4()) for _ in range(3))
    live.upsert_many([row(moved, 2, client_id=client_id, offered=worker), row(moved, 3, client_id=client_id,
                                                                                offered=W2),
                      row(kept, 2, client_id=client_id, offered=worker, slot_days=2),
                      row(done, 5, "completed", client_id, worker_id=worker, slot_days=3),
                      row(done, 4, "in_progress", client_id, worker_id=worker, slot_days=3)])
    assert [o.order_id for o in live.list(LiveOrderQuery(worker_id=worker))] == [done, kept]
    assert [o.order_id for o in live.list(LiveOrderQuery(worker_id=worker, current_only=True))] == [kept]
    assert [o.order_id for o in live.list(LiveOrderQuery(client_id=client_id, statuses=("in_progress",)))] == []
    assert [o.order_id for o in live.list(LiveOrderQuery(client_id=client_id, statuses=("completed",)))] == [done]
    assert len(live.list(LiveOrderQuery(client_id=client_id, limit=2))) == 2
    assert live.list(LiveOrderQuery(client_id=client_id, statuses=("completed",), current_only=True)) == []
