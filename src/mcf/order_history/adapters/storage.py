"""The archive in ClickHouse: one ReplacingMergeTree row per order and version, read with FINAL.

SQL here runs on the local 18.16 server and current releases alike (STORES.md). Every column a query filters on
(client, worker, status, slot) is fixed once an order is archived, so filtering before FINAL collapses versions
(which old servers may do) cannot pick a stale version (ADR 0090).
"""
from __future__ import annotations

import math
import uuid
from datetime import datetime, timezone

from mcf.kit import clickhouse
from mcf.kit.clickhouse import ClickhouseMigration
from mcf.order_history.domain import ArchivedOrder, ArchiveQuery, Change, ChangeCursor, WorkerStatistics


def _fed_copy(source: str, target: str, columns: str) -> tuple[str, str]:
    """A materialized view feeding ``target`` from every insert into ``source``, then a copy of what ``source``
    holds already. In that order, so nothing archived meanwhile is missed; a row both copied and fed (or copied
    again by a re-run step) has the same key and version in ``target``, and FINAL keeps one."""
    return (f"CREATE MATERIALIZED VIEW IF NOT EXISTS {target}_feed TO {target} AS SELECT {columns} FROM {source}",
            f"INSERT INTO {target} SELECT {columns} FROM {source}")


CLICKHOUSE_MIGRATIONS = (
    ClickhouseMigration(1, "order_archive", ("""
        CREATE TABLE IF NOT EXISTS order_archive (
            order_id UUID,
            version UInt32,
            status Enum8('completed' = 1, 'cancelled' = 2, 'expired' = 3),
            client_id String,
            cat_id String,
            worker_id String,
            toy_category String,
            city String,
            district String,
            slot_start DateTime('UTC'),
            slot_end DateTime('UTC'),
            duration_minutes UInt16,
            price_minor Nullable(Int64),
            currency String,
            paid UInt8,
            payment_id String,
            refunded_minor Int64,
            placed_at DateTime('UTC'),
            paid_at Nullable(DateTime('UTC')),
            kit_ready_at Nullable(DateTime('UTC')),
            checked_in_at Nullable(DateTime('UTC')),
            completed_at Nullable(DateTime('UTC')),
            cancelled_at Nullable(DateTime('UTC')),
            expired_at Nullable(DateTime('UTC')),
            closed_at DateTime('UTC'),
            checked_in UInt8,
            on_time UInt8,
            cancelled_by String,
            cancel_reason String,
            cancelled_from String,
            report_id String,
            report_summary Nullable(String),
            archived_at DateTime('UTC')
        ) ENGINE = ReplacingMergeTree(version) PARTITION BY toYYYYMM(slot_start) ORDER BY order_id
    """, """
        CREATE TABLE IF NOT EXISTS order_reviews (
            order_id UUID,
            worker_id String,
            review_id String,
            score Float64,
            reviewed_at DateTime('UTC'),
            version UInt64
        ) ENGINE = ReplacingMergeTree(version) ORDER BY order_id
    """)),
    # The statistics filter by worker, which the archive's key (order_id) cannot serve: at 10M orders every
    # request read the whole table. Each table gets a copy sorted by worker, kept by a materialized view on
    # every insert and filled once from what is stored already (ADR 0151). Not partitioned: a worker's rows are
    # then one range (a granule or two), not one per month.
    ClickhouseMigration(2, "by_worker_copies", (
        """
        CREATE TABLE IF NOT EXISTS order_archive_by_worker (
            order_id UUID,
            version UInt32,
            status Enum8('completed' = 1, 'cancelled' = 2, 'expired' = 3),
            worker_id String,
            slot_start DateTime('UTC'),
            cancelled_by String,
            checked_in UInt8,
            on_time UInt8
        ) ENGINE = ReplacingMergeTree(version) ORDER BY (worker_id, slot_start, order_id)
        """,
        """
        CREATE TABLE IF NOT EXISTS order_reviews_by_worker (
            order_id UUID,
            worker_id String,
            score Float64,
            version UInt64
        ) ENGINE = ReplacingMergeTree(version) ORDER BY (worker_id, order_id)
        """,
        *_fed_copy("order_archive", "order_archive_by_worker",
                   "order_id, version, status, worker_id, slot_start, cancelled_by, checked_in, on_time"),
        *_fed_copy("order_reviews", "order_reviews_by_worker", "order_id, worker_id, score, version"),
    )),
)

COLUMNS = ("order_id", "version", "status", "client_id", "cat_id", "worker_id", "toy_category", "city", "district",
           "slot_start", "slot_end", "duration_minutes", "price_minor", "currency", "paid", "payment_id",
           "refunded_minor", "placed_at", "paid_at", "kit_ready_at", "checked_in_at", "completed_at",
           "cancelled_at", "expired_at", "closed_at", "checked_in", "on_time", "cancelled_by", "cancel_reason",
           "cancelled_from", "report_id", "report_summary", "archived_at")
_READ = tuple(c for c in COLUMNS if c not in ("closed_at", "checked_in", "on_time", "archived_at"))
INSERT = f"INSERT INTO order_archive ({', '.join(COLUMNS)}) VALUES"
_SELECT = f"SELECT {', '.join(_READ)} FROM order_archive FINAL"


def _utc(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)


# ClickHouse DateTime's range: a bound outside it is clamped to it (nothing is archived outside it), not an error.
_FIRST_SECOND = datetime(1970, 1, 1, tzinfo=timezone.utc)
_LAST_SECOND = datetime(2106, 2, 7, 6, 28, 15, tzinfo=timezone.utc)


def _second(moment: datetime | None) -> datetime | None:
    # DateTime holds whole seconds; truncating here keeps a re-archived row byte-identical.
    return None if moment is None else min(max(_utc(moment), _FIRST_SECOND), _LAST_SECOND).replace(microsecond=0)


def row_of(order: ArchivedOrder, archived_at: datetime) -> tuple:
    """The row as clickhouse-driver inserts it (also used by the bench's raw insert)."""
    return (
        uuid.UUID(order.order_id), order.version, order.status, order.client_id, order.cat_id,
        order.worker_id or "", order.toy_category, order.city, order.district, _second(order.slot_start),
        _second(order.slot_end), order.duration_minutes, order.price_minor, order.currency or "", int(order.paid),
        order.payment_id or "", order.refunded_minor, _second(order.placed_at), _second(order.paid_at),
        _second(order.kit_ready_at), _second(order.checked_in_at), _second(order.completed_at),
        _second(order.cancelled_at), _second(order.expired_at), _second(order.closed_at), int(order.checked_in),
        int(order.checked_in_on_time), order.cancelled_by or "", order.cancel_reason or "",
        order.cancelled_from or "", order.report_id or "", order.report_summary, _second(archived_at))


def _from_row(values: tuple) -> ArchivedOrder:
    r = dict(zip(_READ, values, strict=True))
    return ArchivedOrder(
        order_id=str(r["order_id"]), version=r["version"], status=r["status"], client_id=r["client_id"],
        cat_id=r["cat_id"], worker_id=r["worker_id"] or None, toy_category=r["toy_category"], city=r["city"],
        district=r["district"], slot_start=_utc(r["slot_start"]), slot_end=_utc(r["slot_end"]),
        duration_minutes=r["duration_minutes"], price_minor=r["price_minor"], currency=r["currency"] or None,
        paid=bool(r["paid"]), payment_id=r["payment_id"] or None, refunded_minor=r["refunded_minor"],
        placed_at=_utc(r["placed_at"]), paid_at=_utc(r["paid_at"]), kit_ready_at=_utc(r["kit_ready_at"]),
        checked_in_at=_utc(r["checked_in_at"]), completed_at=_utc(r["completed_at"]),
        cancelled_at=_utc(r["cancelled_at"]), expired_at=_utc(r["expired_at"]),
        cancelled_by=r["cancelled_by"] or None, cancel_reason=r["cancel_reason"] or None,
        cancelled_from=r["cancelled_from"] or None, report_id=r["report_id"] or None,
        report_summary=r["report_summary"])


def _period(column: str, slot_from, slot_to, params: dict) -> list[str]:
    where = []
    if slot_from is not None:
        where.append(f"{column} >= %(slot_from)s")
        params["slot_from"] = _second(slot_from)
    if slot_to is not None:
        where.append(f"{column} < %(slot_to)s")
        params["slot_to"] = _second(slot_to)
    return where


def statistics_sql(worker_id: str, slot_from: datetime | None, slot_to: datetime | None) -> tuple[str, dict]:
    """The one statement behind a worker's statistics (the bench runs it directly too)."""
    params: dict = {"worker_id": worker_id}
    where = " AND ".join(["worker_id = %(worker_id)s", *_period("slot_start", slot_from, slot_to, params)])
    # The by-worker copies (migration 2): their keys start with worker_id, so one worker's rows are a range.
    reviewed = ("worker_id = %(worker_id)s" if slot_from is None and slot_to is None else
                f"worker_id = %(worker_id)s AND order_id IN (SELECT order_id FROM order_archive_by_worker "
                f"WHERE {where})")
    sql = f"""
        SELECT orders, completed, cancelled, cancelled_by_worker, checked_in, on_time, reviews, average_score
        FROM (
            SELECT 1 AS k, count() AS orders, countIf(status = 'completed') AS completed,
                   countIf(status = 'cancelled') AS cancelled,
                   countIf(cancelled_by = 'worker') AS cancelled_by_worker,
                   sum(checked_in) AS checked_in, sum(on_time) AS on_time
            FROM order_archive_by_worker FINAL WHERE {where}
        ) ANY LEFT JOIN (
            SELECT 1 AS k, count() AS reviews, avg(score) AS average_score
            FROM order_reviews_by_worker FINAL WHERE {reviewed}
        ) USING k"""
    return sql, params


class ClickhouseArchive(clickhouse.ClickhouseStore):
    """The Archive port on one clickhouse-driver client; the client is not thread-safe, so calls take turns."""

    def __init__(self, client, clock=lambda: datetime.now(timezone.utc)):
        super().__init__(client)
        self._clock = clock

    def add(self, orders: list[ArchivedOrder]) -> None:
        if not orders:
            return
        now = self._clock()
        self._execute(INSERT, [row_of(order, now) for order in orders])

    def get(self, order_id: str) -> ArchivedOrder | None:
        row = self._row_by_uuid(_SELECT, "order_id", order_id)
        return _from_row(row) if row else None

    def search(self, query: ArchiveQuery) -> list[ArchivedOrder]:
        params: dict = {"limit": int(query.limit)}
        where = _period("slot_start", query.slot_from, query.slot_to, params)
        if query.client_id is not None:
            where.append("client_id = %(client_id)s")
            params["client_id"] = query.client_id
        if query.worker_id is not None:
            where.append("worker_id = %(worker_id)s")
            params["worker_id"] = query.worker_id
        if query.statuses:
            where.append("status IN %(statuses)s")
            params["statuses"] = tuple(query.statuses)
        if query.after is not None:
            # The keyset: strictly after the cursor in (slot_start DESC, order_id ASC).
            where.append("(slot_start < %(after_slot)s OR (slot_start = %(after_slot)s "
                         "AND order_id > toUUID(%(after_id)s)))")
            params.update(after_slot=_second(query.after.slot_start), after_id=query.after.order_id)
        clause = f"WHERE {' AND '.join(where)}" if where else ""
        rows = self._execute(f"{_SELECT} {clause} ORDER BY slot_start DESC, order_id LIMIT %(limit)s", params)
        return [_from_row(values) for values in rows]

    def changes(self, after: ChangeCursor | None, before: datetime, limit: int) -> list[Change]:
        # archived_at moves on with each re-archiving, and the newest row of an order is its latest version, so
        # a filter applied before FINAL (older servers) still finds that row; at worst it returns an older
        # version archived later by a slow consumer, which callers keeping the highest version ignore (ADR 0110).
        params: dict = {"before": _second(before), "limit": int(limit)}
        where = ["archived_at < %(before)s"]
        if after is not None:
            where.append("(archived_at > %(after_at)s OR (archived_at = %(after_at)s "
                         "AND order_id > toUUID(%(after_id)s)))")
            params.update(after_at=_second(after.archived_at), after_id=after.order_id)
        rows = self._execute(
            f"SELECT {', '.join(_READ)}, archived_at FROM order_archive FINAL WHERE {' AND '.join(where)} "
            "ORDER BY archived_at, order_id LIMIT %(limit)s", params)
        return [Change(_from_row(values[:-1]), _utc(values[-1])) for values in rows]

    def worker_statistics(self, worker_id: str, slot_from: datetime | None,
                          slot_to: datetime | None) -> WorkerStatistics:
        sql, params = statistics_sql(worker_id, slot_from, slot_to)
        [(orders, completed, cancelled, by_worker, checked_in, on_time, reviews, average)] = \
            self._execute(sql, params)
        known = reviews and average is not None and not math.isnan(average)
        return WorkerStatistics(worker_id, orders, completed, cancelled, by_worker, checked_in, on_time, reviews,
                                round(average, 3) if known else None)

    def add_reviews(self, reviews: list[tuple[str, str, str, float, datetime, int]]) -> None:
        """(order_id, worker_id, review_id, score, reviewed_at, version): quality's reviews, from
        ``quality.reviewed`` (adapters/amqp.py)."""
        self._execute(
            "INSERT INTO order_reviews (order_id, worker_id, review_id, score, reviewed_at, version) VALUES",
            [(uuid.UUID(o), w, r, float(s), _second(at), v) for o, w, r, s, at, v in reviews])
