"""order-history: the archive of N generated orders, the per-worker statistics query through the service beside
the same SQL on the server, and the ingest rate from events beside a raw batched ClickHouse insert.

    python -m tests.bench.bench_history [--orders 1000000] [--events 2000] [--queries 200]
    python -m tests.bench.bench_history --orders 10000000       # the issue's 10 million (about 10+ minutes here)

Runs on the ClickHouse database ``mcf_bench_h_order_history`` and the RabbitMQ vhost ``mcf_bench`` (both removed
afterwards); the service is the real app on a local werkzeug server, order-service a stand-in
(tests/support/order_history.py) answering ``GET /orders/{id}``.
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import threading
import time
import uuid
from datetime import datetime, timedelta, timezone

import requests

from mcf.kit import clickhouse
from mcf.kit.auth import Principal, issue_token
from mcf.kit.config import Settings
from mcf.kit.events import EVENTS_EXCHANGE, Event
from mcf.kit.messaging import Binding, Consumer, ConsumerOptions, Publisher, Queue
from mcf.order_history import app as history_app
from mcf.order_history.adapters import amqp
from mcf.order_history.adapters.storage import INSERT, statistics_sql
from tests.support.amqp import temporary_queue
from tests.support.order_history import order_json, order_service_stand_in
from tests.support.stub_services import serve

BATCH = 100_000
ORDERS_PER_WORKER = 1000
EPOCH = datetime(2030, 1, 1, tzinfo=timezone.utc)


def _rows(start: int, count: int, workers: list[str]):
    """Generated archive rows (the insert's own tuple shape), deterministic per index."""
    rng = random.Random(start)
    statuses = ("completed", "completed", "completed", "cancelled", "expired")
    out = []
    for i in range(start, start + count):
        status = statuses[i % 5]
        slot = EPOCH + timedelta(minutes=30 * (i % 100_000))
        placed = slot - timedelta(days=1)
        checked = slot + timedelta(minutes=rng.randint(-5, 20)) if status == "completed" else None
        worker = "" if status == "expired" else workers[i % len(workers)]
        out.append((uuid.UUID(int=rng.getrandbits(128)), 1, status, str(uuid.UUID(int=i % 50_000 + 1)), "cat",
                    worker, "balls", "Moscow", "Arbat", slot, slot + timedelta(hours=1), 60, 150_000, "RUB",
                    int(status != "expired"), "pay", 0, placed, placed, placed, checked,
                    slot + timedelta(hours=1) if status == "completed" else None,
                    placed if status == "cancelled" else None, placed if status == "expired" else None,
                    slot, int(checked is not None), int(checked is not None and checked <= slot + timedelta(minutes=5)),
                    "worker" if status == "cancelled" and i % 10 == 3 else ("client" if status == "cancelled" else ""),
                    "", "", "", None, placed))
    return out


def _percentiles(samples: list[float]) -> dict:
    ordered = sorted(samples)

    def pick(p):
        return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]

    return {"n": len(ordered), "p50_ms": pick(50), "p95_ms": pick(95), "p99_ms": pick(99),
            "mean_ms": statistics.fmean(ordered)}


def run(settings: Settings, *, orders: int = 1_000_000, events: int = 2000, queries: int = 200,
        before_queries: int = 30) -> dict:
    store = history_app.archive(settings)
    client = store.client
    workers = [str(uuid.uuid4()) for _ in range(max(1, orders // ORDERS_PER_WORKER))]
    results: dict = {}
    try:
        # 1. The raw batched insert: the archive filled with N generated orders.
        inserting, written = 0.0, 0
        while written < orders:
            rows = _rows(written, min(BATCH, orders - written), workers)
            t0 = time.perf_counter()  # the insert alone, not Python generating the rows
            client.execute(INSERT, rows)
            inserting += time.perf_counter() - t0
            written += len(rows)
        results["raw_insert"] = {"n": written, "throughput": written / inserting}

        # 2. Per-worker statistics: through the service (HTTP, the real app) beside the same SQL on the server.
        # As an admin panel asks for a manager: a service token acting for the manager (ADR 0050).
        token = issue_token(settings.jwt_secret, "bench", "service", audience=history_app.SERVICE, ttl_seconds=3600,
                            on_behalf_of=Principal(subject="bench-manager", role="manager"))
        with serve(history_app.create_app(settings)) as url:
            session = requests.Session()
            session.headers["Authorization"] = f"Bearer {token}"
            direct = clickhouse.connect(settings, history_app.SERVICE)
            period = (EPOCH, EPOCH + timedelta(days=365 * 3))
            via, raw, before = [], [], []
            sample = random.Random(7).choices(workers, k=queries + 10)
            for n, worker in enumerate(sample):  # interleaved, the first 10 of each as warm-up
                sql, params = statistics_sql(worker, *period)
                t0 = time.perf_counter()
                direct.execute(sql, params)
                t1 = time.perf_counter()
                answer = session.get(f"{url}/workers/{worker}/statistics",
                                     params={"from": period[0].isoformat(), "to": period[1].isoformat()},
                                     timeout=60)
                t2 = time.perf_counter()
                answer.raise_for_status()
                if n < 10 + before_queries:  # the same SQL on the tables sorted by order_id, as before ADR 0151
                    t3 = time.perf_counter()
                    direct.execute(sql.replace("order_archive_by_worker", "order_archive")
                                   .replace("order_reviews_by_worker", "order_reviews"), params)
                    if n >= 10:
                        before.append((time.perf_counter() - t3) * 1000)
                if n >= 10:
                    raw.append((t1 - t0) * 1000)
                    via.append((t2 - t1) * 1000)
            direct.disconnect()
        results["stats_sql"], results["stats_service"] = _percentiles(raw), _percentiles(via)
        results["stats_sql_before"] = _percentiles(before) if before else None

        # 3. Ingest from events: M order.completed through the consumer (one GET from order-service each).
        served = {}
        for _ in range(events):
            order = order_json("completed", worker_id=random.choice(workers))
            served[order["id"]] = order
        tag = f"bench{uuid.uuid4().hex[:6]}"
        queue = Queue(f"order-history.inbox.{tag}", (Binding(EVENTS_EXCHANGE, f"{tag}.#"),))
        before = client.execute("SELECT count() FROM order_archive")[0][0]
        with serve(order_service_stand_in(settings.jwt_secret, served)) as order_url, \
                temporary_queue(settings.amqp_url, queue):
            publisher = Publisher(settings.amqp_url)
            for order in served.values():
                event = Event("order.completed", "/mcf/order", {"order_id": order["id"], "status": "completed",
                                                                  "version": order["version"]})
                publisher.publish_raw(EVENTS_EXCHANGE, f"{tag}.order.completed", event.to_json(), message_id=event.id)
            publisher.close()
            consumer = Consumer(settings.amqp_url, queue,
                                amqp.archive_handler(history_app.order_source(settings, order_url),
                                                     history_app.archive(settings)),
                                None, options=ConsumerOptions(requeue_on=amqp.REQUEUE_ON))
            started = time.perf_counter()
            thread = threading.Thread(target=consumer.run, daemon=True)
            thread.start()
            deadline = time.monotonic() + 600
            while time.monotonic() < deadline:
                if client.execute("SELECT count() FROM order_archive")[0][0] - before >= events:
                    break
                time.sleep(0.05)
            elapsed = time.perf_counter() - started
            consumer.stop()
            thread.join(10)
        done = client.execute("SELECT count() FROM order_archive")[0][0] - before
        results["ingest"] = {"n": done, "throughput": done / elapsed}
        return results
    finally:
        try:
            clickhouse.drop_database(client, settings.database_name(history_app.SERVICE))
        except clickhouse.UNREACHABLE as exc:  # a loaded server may take longer than the timeout: keep the figures
            print(f"bench_history: could not drop the database: {exc!r}", file=sys.stderr)
        client.disconnect()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=1_000_000)
    parser.add_argument("--events", type=int, default=2000)
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    from urllib.parse import quote, urlsplit

    from mcf.stack import servers

    base = Settings.from_env()
    servers.ensure_all(base)
    servers.ensure_amqp_vhost("mcf_bench")
    broker = urlsplit(base.amqp_url)
    settings = base.with_(db_prefix="mcf_bench_h_",
                          amqp_url=f"{broker.scheme}://{broker.netloc}/{quote('mcf_bench', safe='')}")
    r = run(settings, orders=args.orders, events=args.events, queries=args.queries)
    ratio = r["stats_service"]["p50_ms"] / r["stats_sql"]["p50_ms"]
    print(f"raw batched insert         : {r['raw_insert']['n']:>10,} rows   "
          f"{r['raw_insert']['throughput']:>12,.0f} rows/s")
    print(f"ingest from events         : {r['ingest']['n']:>10,} events {r['ingest']['throughput']:>12,.1f} events/s "
          f"({r['ingest']['throughput'] / r['raw_insert']['throughput']:.4f}x raw)")
    for name in ("stats_sql", "stats_service", "stats_sql_before"):
        s = r[name]
        print(f"{name:27}: n={s['n']} p50 {s['p50_ms']:.2f} ms  p95 {s['p95_ms']:.2f} ms  p99 {s['p99_ms']:.2f} ms")
    print(f"statistics through the service / direct SQL (p50): {ratio:.2f}x   (aim <= 1.2x)")


if __name__ == "__main__":
    main()
