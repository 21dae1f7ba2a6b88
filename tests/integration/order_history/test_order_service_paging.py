"""order-service's keyset paging of GET /orders (added for order-history's backfill), on its live-orders table."""
import uuid
from datetime import datetime, timedelta, timezone

from mcf.kit import clickhouse
from mcf.order.app import live_orders
from mcf.order.ports import LiveOrder, LiveOrderQuery


def test_pages_after_a_key_visit_every_order_once_with_ties(history_settings):
    table = live_orders(history_settings)
    try:
        client_id = str(uuid.uuid4())
        base = datetime(2031, 5, 1, 9, tzinfo=timezone.utc)
        rows = [LiveOrder(order_id=str(uuid.uuid4()), version=1, status="completed", client_id=client_id,
                          worker_id=None, offered_worker_id=None, offer_expires_at=None, toy_category="laser",
                          slot_start=base + timedelta(hours=i // 3), slot_end=base + timedelta(hours=i // 3 + 1),
                          city="Moscow", district="Arbat", price=None, paid=False, kit_ready=False, placed_at=base,
                          updated_at=base) for i in range(10)]
        table.upsert_many(rows)
        seen, after = [], None
        while True:
            page = table.list(LiveOrderQuery(client_id=client_id, statuses=("completed",), limit=4, after=after))
            seen += [o.order_id for o in page]
            if len(page) < 4:
                break
            after = (page[-1].slot_start, page[-1].order_id)
        assert len(seen) == len(set(seen)) == 10 and set(seen) == {r.order_id for r in rows}
        assert seen == [o.order_id for o in table.list(LiveOrderQuery(client_id=client_id, limit=50))]
    finally:
        clickhouse.drop_database(table.client, history_settings.database_name("order"))
        table.client.disconnect()
