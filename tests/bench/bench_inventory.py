"""Inventory under a burst: N ``order.created`` events until every kit is ready, beside raw pika.

    python -m tests.bench.bench_inventory [--orders 5000] [--dramatiq-processes 2] [--dramatiq-threads 8]

Runs on a RabbitMQ vhost and databases of its own (dropped afterwards), with the real processes:
``mcf serve inventory workers`` (consumers, outbox relay), dramatiq on ``mcf.inventory.actors`` and the reference
partner answering at once (``MCF_FURTUNE_DELAY_SECONDS=0``), so every kit completes with the partner's cookie.
Measured: throughput from the first publish to the last ``inventory.ready`` received, and the time from each
order's publish (confirmed) to its ``inventory.ready``. Baseline in the same run: raw pika publishing N
persistent messages with publisher confirms to a durable queue, then consuming them with manual acks.
"""
from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import pika

from mcf.kit import db
from mcf.kit.config import Settings
from mcf.kit.messaging import Publisher, connection_parameters, declare_topology
from mcf.stack import servers
from mcf.topology import TOPOLOGY
from tests.bench import memory, profile
from tests.integration.inventory.support import order_created

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def _spawn(argv: list[str], env: dict) -> subprocess.Popen:
    return subprocess.Popen(argv, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def raw_pika(url: str, count: int) -> tuple[float, float]:
    """Seconds to publish ``count`` persistent messages with confirms, and to consume them with acks."""
    connection = pika.BlockingConnection(connection_parameters(url))
    channel = connection.channel()
    queue = f"bench.raw.{uuid.uuid4().hex[:8]}"
    channel.queue_declare(queue, durable=True)
    channel.confirm_delivery()
    body = json.dumps(order_created().to_dict()).encode()
    started = time.perf_counter()
    for _ in range(count):
        channel.basic_publish("", queue, body, pika.BasicProperties(delivery_mode=2, message_id=str(uuid.uuid4())))
    published = time.perf_counter() - started
    channel.basic_qos(prefetch_count=20)
    got = 0
    started = time.perf_counter()
    for method, _props, _body in channel.consume(queue, inactivity_timeout=10):
        if method is None:
            break
        channel.basic_ack(method.delivery_tag)
        got += 1
        if got == count:
            break
    consumed = time.perf_counter() - started
    channel.cancel()
    channel.queue_delete(queue)
    connection.close()
    if got != count:
        raise RuntimeError(f"raw pika consumed {got} of {count}")
    return published, consumed


class ReadyTap:
    """Receives inventory.ready on a queue of its own and notes when each order's arrived."""

    def __init__(self, url: str):
        self.url, self.arrived, self.stop = url, {}, threading.Event()
        connection = pika.BlockingConnection(connection_parameters(url))
        channel = connection.channel()
        self.queue = channel.queue_declare("", exclusive=False, auto_delete=False, durable=False).method.queue
        channel.queue_bind(self.queue, "mcf.events", routing_key="inventory.*")
        connection.close()
        self.shortages = 0
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        connection = pika.BlockingConnection(connection_parameters(self.url))
        channel = connection.channel()
        channel.basic_qos(prefetch_count=500)

        def on(ch, method, _props, body):
            now = time.perf_counter()
            event = json.loads(body)
            if event["type"] == "inventory.ready":
                self.arrived.setdefault(event["data"]["order_id"], now)
            else:
                self.shortages += 1
            ch.basic_ack(method.delivery_tag)

        channel.basic_consume(self.queue, on)
        while not self.stop.is_set():
            connection.process_data_events(time_limit=0.2)
        channel.queue_delete(self.queue)
        connection.close()


def bench_inventory(settings: Settings, count: int, processes: int, threads: int) -> dict:
    env = dict(os.environ, MCF_AMQP_URL=settings.amqp_url, MCF_PARTNER_AMQP_URL=settings.partner_amqp_url,
               MCF_DB_PREFIX=settings.db_prefix, MCF_FURTUNE_DELAY_SECONDS="0", MCF_LOG_LEVEL="WARNING",
               MCF_INVENTORY_FORTUNE_TIMEOUT_SECONDS="120", MCF_OUTBOX_POLL_SECONDS="0.5", PYTHONUNBUFFERED="1")
    from mcf.inventory import app

    pg = app.database(settings, max_connections=4)
    with pg.connection_context():  # enough of every toy everywhere: the burst measures kits, not shortages
        pg.execute_sql("UPDATE stock SET available = 1000000, reserved = 0")
    pg.close_all()
    tap = ReadyTap(settings.amqp_url)
    procs = [
        _spawn([str(BIN / "mcf"), "serve", "inventory", "workers"], env),
        _spawn([str(BIN / "dramatiq"), "mcf.inventory.actors:start", "--processes", str(processes), "--threads",
                str(threads), "--queues", "inventory.kits"], env),
        _spawn([str(BIN / "mcf"), "serve", "fur-tune", "workers"], env),
    ]
    labels = ("inventory workers", "inventory dramatiq 2x8", "fur-tune workers")
    try:
        time.sleep(3)  # the processes connect; nothing is measured yet
        for label, proc in zip(labels, procs, strict=True):
            profile.attach(label, proc.pid)
        orders = [order_created(category="balls") for _ in range(count)]
        sent: dict[str, float] = {}
        publisher = Publisher(settings.amqp_url)
        started = time.perf_counter()
        for order in orders:
            publisher.publish(order)
            sent[order.data["order_id"]] = time.perf_counter()
        publisher.close()
        deadline = time.monotonic() + max(120, count / 20)
        while len(tap.arrived) < count and time.monotonic() < deadline:
            if any(p.poll() is not None for p in procs):
                raise RuntimeError("a service process exited during the benchmark")
            time.sleep(0.1)
        done = len(tap.arrived)
        finished = max(tap.arrived.values()) if tap.arrived else time.perf_counter()
    finally:
        tap.stop.set()
        profile.finish()
        for label, proc in zip(labels, procs, strict=True):
            memory.note(label, proc.pid)
            _stop(proc)
        tap.thread.join(10)
    latencies = [tap.arrived[i] - sent[i] for i in tap.arrived if i in sent]
    return {"ready": done, "shortages": tap.shortages, "seconds": finished - started, "latencies": latencies,
            "publish_seconds": max(sent.values()) - started}


def run(settings: Settings | None = None, *, orders: int = 5000, processes: int = 2,
        threads: int = 8) -> list[tuple[str, dict]]:
    """The burst and its raw-pika baseline, on a vhost ``mcf_bench_<tag>`` and databases ``<prefix><tag>_*`` of
    their own (``settings.db_prefix``, default ``mcf_bench_``), all removed afterwards.

    Returns ``(name, {"n", "seconds", "throughput", "p50_ms", "p95_ms", "p99_ms", ...})`` rows: the burst (its
    ``n`` is the kits that became ready, with ``orders`` and ``shortages`` beside it), then raw pika publishing
    ``orders`` messages with confirms and consuming them with acks (no latencies: it is a throughput baseline).
    """
    base = settings or Settings.from_env().with_(db_prefix="mcf_bench_")
    servers.ensure_postgres(base)
    servers.ensure_rabbitmq(base)
    tag = uuid.uuid4().hex[:6]
    vhost = f"mcf_bench_{tag}"
    servers.ensure_amqp_vhost(vhost)
    broker = urlsplit(base.amqp_url)
    host = f"{broker.hostname}:{broker.port or 5672}"
    user, password = servers.partner_credentials(base)
    settings = base.with_(db_prefix=f"{base.db_prefix}{tag}_", amqp_url=f"amqp://guest:guest@{host}/{vhost}",
                          partner_amqp_url=f"amqp://{user}:{password}@{host}/{vhost}")
    try:
        servers.ensure_partner_user(settings, vhost)
        declare_topology(settings.amqp_url, TOPOLOGY)
        result = bench_inventory(settings, orders, processes, threads)
        published, consumed = raw_pika(settings.amqp_url, orders)
    finally:
        db.drop_databases_with_prefix(settings, settings.db_prefix)
        subprocess.run(["rabbitmqctl", "delete_vhost", vhost], capture_output=True, timeout=60, check=False)
    lat = [seconds * 1000 for seconds in result["latencies"]] or [float("nan")]
    raw_seconds = published + consumed
    burst_rate = result["ready"] / result["seconds"] if result["seconds"] else 0.0
    return [
        ("inventory: order.created -> inventory.ready", {
            "n": result["ready"], "orders": orders, "shortages": result["shortages"],
            "seconds": result["seconds"], "throughput": burst_rate,
            "publish_seconds": result["publish_seconds"], "p50_ms": statistics.median(lat),
            "p95_ms": _percentile(lat, 0.95), "p99_ms": _percentile(lat, 0.99)}),
        ("raw pika: publish with confirms, then consume with acks", {
            "n": orders, "seconds": raw_seconds, "throughput": orders / raw_seconds, "publish_seconds": published,
            "consume_seconds": consumed, "p50_ms": None, "p95_ms": None, "p99_ms": None}),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=5000)
    parser.add_argument("--dramatiq-processes", type=int, default=2)
    parser.add_argument("--dramatiq-threads", type=int, default=8)
    args = parser.parse_args(argv)
    (name, burst), (raw_name, raw) = run(orders=args.orders, processes=args.dramatiq_processes,
                                         threads=args.dramatiq_threads)
    n = args.orders
    print(f"\ninventory burst: {n} order.created, dramatiq {args.dramatiq_processes}x{args.dramatiq_threads}, "
          f"partner answering at once (delay 0)")
    print(f"{'benchmark':56} {'messages':>8} {'seconds':>8} {'msg/s':>8} {'p50 ms':>8} {'p99 ms':>8}")
    rows = [
        (name, burst["n"], burst["seconds"], burst["p50_ms"], burst["p99_ms"]),
        ("  (of which: publishing the orders)", n, burst["publish_seconds"], None, None),
        ("raw pika: publish with confirms", n, raw["publish_seconds"], None, None),
        ("raw pika: consume with acks", n, raw["consume_seconds"], None, None),
        (raw_name, n, raw["seconds"], None, None),
    ]
    for label, messages, seconds, p50, p99 in rows:
        rate = messages / seconds if seconds else float("nan")
        tail = f"{p50:8.0f} {p99:8.0f}" if p50 is not None else f"{'':8} {'':8}"
        print(f"{label:56} {messages:8d} {seconds:8.2f} {rate:8.0f} {tail}")
    if burst["n"] != n or burst["shortages"]:
        print(f"WARNING: {burst['n']} of {n} kits ready, {burst['shortages']} shortages")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
