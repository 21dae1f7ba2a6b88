"""The by-worker copies behind the statistics (migration 2, ADR 0151) on the ClickHouse 18.16 server: an archive
made before them is copied once, and everything archived afterwards is fed to them."""
from datetime import timedelta

from mcf.kit import clickhouse
from mcf.order_history import app as history_app
from mcf.order_history.adapters.gateways import archived_from
from mcf.order_history.adapters.storage import CLICKHOUSE_MIGRATIONS, ClickhouseArchive
from tests.support.order_history import SLOT, order_json

WORKER = "0f6c1c52-3c2a-4c1e-9f7a-1d2b3c4d5e6f"


def _stats(archive, worker=WORKER, period=(None, None)):
    s = archive.worker_statistics(worker, *period)
    return s.orders, s.completed, s.cancelled, s.cancelled_by_worker, s.checked_in, s.reviews, s.average_review_score


def test_an_archive_from_before_the_copies_is_migrated_and_counted_as_before(history_settings):
    client = clickhouse.connect(history_settings, history_app.SERVICE)
    try:
        assert clickhouse.migrate(client, CLICKHOUSE_MIGRATIONS[:1]) == [1]  # the archive as it was
        old = ClickhouseArchive(client)
        first = archived_from(order_json("completed", worker_id=WORKER, late_minutes=3))
        second = archived_from(order_json("completed", worker_id=WORKER, slot=SLOT + timedelta(days=1)))
        old.add([first, second, first, archived_from(order_json("completed"))])
        old.add_reviews([(first.order_id, WORKER, "rv-1", 5.0, SLOT, 1)])

        assert clickhouse.migrate(client, CLICKHOUSE_MIGRATIONS) == [2]
        assert clickhouse.migrate(client, CLICKHOUSE_MIGRATIONS) == []
        archive = ClickhouseArchive(client)
        assert _stats(archive) == (2, 2, 0, 0, 2, 1, 5.0)

        # the step run again (a crash before it was recorded): copied twice, still counted once
        for statement in CLICKHOUSE_MIGRATIONS[1].statements:
            client.execute(statement)
        assert _stats(archive) == (2, 2, 0, 0, 2, 1, 5.0)

        # archived after the migration: fed by the views, a redelivery and a newer version counted once
        third = archived_from(order_json("cancelled", worker_id=WORKER, slot=SLOT + timedelta(days=2),
                                         cancellation={"cancelled_by": "worker", "reason": "ill",
                                                       "previous_status": "confirmed",
                                                       "cancelled_at": "2031-03-15T08:00:00Z"}))
        archive.add([third, third])
        archive.add_reviews([(second.order_id, WORKER, "rv-2", 2.0, SLOT, 1),
                             (second.order_id, WORKER, "rv-2", 3.0, SLOT, 2)])
        assert _stats(archive) == (3, 2, 1, 1, 2, 2, 4.0)
        assert _stats(archive, period=(SLOT + timedelta(days=1), SLOT + timedelta(days=3))) == (2, 1, 1, 1, 1, 1, 3.0)
        assert _stats(archive, worker="someone-else") == (0, 0, 0, 0, 0, 0, None)
    finally:
        client.disconnect()
