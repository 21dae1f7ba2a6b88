"""`mcf bench`: start what each benchmark needs, load it, print one table with each baseline beside it.

    mcf bench [--only orders,dashboard,matching,inventory,history] [--seconds 10] [--concurrency 16]
              [--candidates 100000] [--orders 5000]

Sections (all by default; tests/bench/README.md describes each row, its baseline and its aim):

- ``orders``: POST /orders on order-service (which asks matching-service for candidates on every call), beside a
  bare Flask endpoint doing one PostgreSQL INSERT (``baseline_app.py``), same gunicorn settings, same run;
- ``dashboard``: POST /orders on client-dashboard, the whole synchronous chain (client-dashboard -> order ->
  matching -> outbox), beside the same baseline;
- ``matching``: one match over N candidates beside the plain indexed query (``bench_matching.py``);
- ``inventory``: a burst of N order.created until every inventory.ready, beside raw pika
  (``bench_inventory.py``).

Everything runs on databases named ``mcf_bench_*`` (PostgreSQL and ClickHouse), ports from 28100 and RabbitMQ
vhosts ``mcf_bench*``; all are removed at the end, and every process started here is stopped, on failure and
Ctrl-C too. Servers this command had to start (ClickHouse, ...) are stopped again; ones already running stay.
"""
from __future__ import annotations

import argparse
import json
import logging
import math
import os
import platform
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import quote, urlsplit

import psycopg2
import requests

from mcf.kit import db
from mcf.kit.auth import Principal, issue_token
from mcf.kit.config import SERVICE_PORT_OFFSETS, Settings
from tests.bench import load, memory, profile

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
# Several checkouts on one machine may bench at once: each can name its own ports, database prefix and vhost.
BENCH_PORT_BASE = int(os.environ.get("MCF_BENCH_PORT_BASE", "28100"))
BENCH_PREFIX = os.environ.get("MCF_BENCH_PREFIX", "mcf_bench_")
BENCH_VHOST = os.environ.get("MCF_BENCH_VHOST", "mcf_bench")
SECTIONS = ("orders", "dashboard", "matching", "inventory", "history", "tracing")
GUNICORN_WORKERS, GUNICORN_THREADS = 2, 4
DASHBOARD_AIM = 0.4  # client-dashboard's placements per second, as a share of the baseline's (issue 12)
ORDER_AIM = 0.6  # order-service's own, the same way (issue 12)
HALF_LOAD_P99_MS = 100.0  # p99 at half the saturating load (issue 12)
PIPELINE_AIM, PIPELINE_P99_S = 0.3, 10.0  # the kit pipeline's burst against raw pika, every kit ready (issue 12)
MATCH_P99_AIM = 2.0  # a match's p99 at most this many times the plain indexed query's (issue 12)
DISTRICT = "Arbat"  # a district the matching fixtures' workers serve (with balls, on weekdays)


@dataclass
class Row:
    name: str
    n: int
    throughput: float | None
    p50: float | None
    p95: float | None
    p99: float | None
    vs: str = ""
    aim: str = ""


class Stack:
    """The gunicorn processes of one section; ``stop()`` ends every one of them (their whole process group)."""

    def __init__(self, env: dict):
        self.env = env
        self.processes: list[tuple[str, subprocess.Popen, Path]] = []
        self.logs = Path(tempfile.mkdtemp(prefix="mcf-bench-"))

    def gunicorn(self, name: str, app: str, port: int, threads: int = GUNICORN_THREADS) -> subprocess.Popen:
        log = self.logs / f"{name}.log"
        with open(log, "wb") as out:  # a file, not a pipe: a pipe nobody reads would block a chatty server
            process = subprocess.Popen(
                [str(BIN / "gunicorn"), "--worker-class", "gthread", "--workers", str(GUNICORN_WORKERS),
                 "--threads", str(threads), "--bind", f"127.0.0.1:{port}", "--log-level", "warning",
                 "--no-control-socket", "--name", f"mcf-bench-{name}", app],
                env=self.env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        self.processes.append((name, process, log))
        return process

    def wait_ready(self, name: str, url: str, timeout: float = 90) -> None:
        process, log = next((p, lg) for n, p, lg in self.processes if n == name)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"{name} exited with {process.returncode}: {_tail(log)}")
            try:
                if requests.get(url, timeout=2).status_code < 500:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.2)
        raise TimeoutError(f"{name} did not answer {url} within {timeout:.0f} s: {_tail(log)}")

    def stop(self) -> None:
        profile.finish()
        for name, process, _log in reversed(self.processes):
            memory.note(name, process.pid)
            _stop(process)
        self.processes.clear()
        shutil.rmtree(self.logs, ignore_errors=True)


def _tail(path: Path, chars: int = 2000) -> str:
    try:
        return path.read_text(errors="replace")[-chars:]
    except OSError:
        return ""


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(15)
    except ProcessLookupError:
        return
    except subprocess.TimeoutExpired:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.wait(5)


def _port(service: str) -> int:
    return BENCH_PORT_BASE + SERVICE_PORT_OFFSETS[service]


def _slot_start() -> str:
    """A weekday noon in Moscow (09:00 UTC) at least a day and a half ahead: the fixtures' workers are free then."""
    slot = (datetime.now(timezone.utc) + timedelta(days=2)).replace(hour=9, minute=0, second=0, microsecond=0)
    while slot.weekday() >= 5:
        slot += timedelta(days=1)
    return slot.isoformat()


ADDRESS = {"city": "Moscow", "district": DISTRICT, "street": "Arbat st", "building": "1"}


def _placed(payload: bytes) -> bool:
    try:
        return json.loads(payload).get("status") == "placed"
    except (ValueError, AttributeError):
        return False


def _http_row(result: load.Result, baseline: load.Result | None, aim: str = "-") -> Row:
    """``vs baseline`` is the throughput ratio; for an open-loop row (its rate was set) none is printed."""
    def ms(p):
        value = result.percentile(p)
        return None if math.isnan(value) else value

    vs = "-"
    if baseline is not None and result is not baseline and baseline.throughput and not result.open_loop:
        vs = f"{result.throughput / baseline.throughput:.2f}x thr."
    return Row(result.name, result.ok, result.throughput, ms(50), ms(95), ms(99), vs, aim)


def _env(settings: Settings, **extra: str) -> dict:
    env = {k: v for k, v in os.environ.items()
           # another stack's overrides must not point the bench's services at it
           if not any(k == f"MCF_{s.upper().replace('-', '_')}_{what}" for s in SERVICE_PORT_OFFSETS
                      for what in ("URL", "PORT"))}
    env.update(MCF_DB_PREFIX=settings.db_prefix, MCF_PORT_BASE=str(BENCH_PORT_BASE), MCF_AMQP_URL=settings.amqp_url,
               MCF_LOG_LEVEL="WARNING", PYTHONPATH=str(ROOT), **extra)
    return env


def _client_with_cat(dashboard: str) -> tuple[str, str]:
    signed = requests.post(f"{dashboard}/signup", timeout=30, json={
        "email": f"bench-{uuid.uuid4().hex[:8]}@cats.example", "password": "bench-purr-purr-42",
        "display_name": "Bench", "locale": "en"})
    signed.raise_for_status()
    cat = requests.post(f"{dashboard}/cats", headers={"Authorization": f"Bearer {signed.json()['token']}"},
                        timeout=30, json={"name": "Bench", "age_years": 3, "favourite_toys": ["balls"]})
    cat.raise_for_status()
    return signed.json()["client"]["id"], cat.json()["id"]


def _half_load(saturated: load.Result, service: str, body, headers: dict, concurrency: int,
               seconds: float) -> load.Result:
    """The same requests open-loop at half the rate the closed loop reached (its saturating load)."""
    rate = max(1.0, saturated.throughput / 2)
    return load.run(f"  the same at half that load ({rate:.0f}/s, open loop)", "127.0.0.1", _port(service),
                    "/orders", body, headers, concurrency, seconds, check=_placed, rate=rate)


def bench_http(settings: Settings, sections: set[str], seconds: float, concurrency: int,
               notes: list[str]) -> list[Row]:
    """The baseline, then POST /orders on order-service and/or client-dashboard, on one stack of gunicorns."""
    from tests.support.matching_seed import seed, workers

    baseline_db = f"{settings.db_prefix}baseline"
    db.create_database_if_missing(settings, baseline_db)
    with psycopg2.connect(settings.pg_dsn(baseline_db)) as conn, conn.cursor() as cur:
        cur.execute("CREATE TABLE IF NOT EXISTS rows (id uuid PRIMARY KEY, body jsonb NOT NULL)")
    conn.close()
    seed(settings)  # matching's read model: the fixtures' workers, through matching's own handler
    stack = Stack(_env(settings, MCF_BENCH_BASELINE_DSN=settings.pg_dsn(baseline_db)))
    try:
        stack.gunicorn("baseline", "tests.bench.baseline_app:create_app()", _port("baseline"))
        stack.gunicorn("matching", "mcf.matching.app:create_app()", _port("matching"))
        stack.gunicorn("order", "mcf.order.app:create_app()", _port("order"))
        # order-service reads the client's e-mail and cat from client-dashboard: both sections need it
        stack.gunicorn("client-dashboard", "mcf.client_dashboard.app:create_app()", _port("client-dashboard"))
        stack.wait_ready("baseline", f"http://127.0.0.1:{_port('baseline')}/")
        for name, *_ in stack.processes[1:]:
            stack.wait_ready(name, f"http://127.0.0.1:{_port(name)}/ready")
        for name, process, _log in stack.processes:
            profile.attach(name, process.pid)
        slot = _slot_start()
        print(f"  stack up ({len(stack.processes)} gunicorns, matching seeded with {len(workers())} workers); "
              f"orders for {slot}, balls, {DISTRICT}", flush=True)

        baseline = load.run("baseline: bare Flask, one INSERT (PostgreSQL)", "127.0.0.1", _port("baseline"),
                            "/rows", lambda: {"n": 1}, {}, concurrency, seconds)
        results = [(baseline, "-")]
        if "orders" in sections:
            client_id, cat_id = _client_with_cat(f"http://127.0.0.1:{_port('client-dashboard')}")
            # as client-dashboard calls it: a service token acting for the client
            token = issue_token(settings.jwt_secret, "client-dashboard", "service", audience="order",
                                ttl_seconds=3600, on_behalf_of=Principal(subject=client_id, role="client"))
            body = {"cat_id": cat_id, "toy_category": "balls", "duration_minutes": 60, "slot_start": slot,
                    "address": ADDRESS}
            saturated = load.run(
                "POST /orders on order-service (+ client-dashboard, matching, outbox)", "127.0.0.1",
                _port("order"), "/orders", lambda: body, {"Authorization": f"Bearer {token}"},
                concurrency, seconds, check=_placed)
            results.append((saturated, f">= {ORDER_AIM:.2f}x thr."))
            results.append((_half_load(saturated, "order", lambda: body, {"Authorization": f"Bearer {token}"},
                                       concurrency, seconds), f"p99 < {HALF_LOAD_P99_MS:.0f} ms"))
        if "dashboard" in sections:
            dashboard = f"http://127.0.0.1:{_port('client-dashboard')}"
            signed = requests.post(f"{dashboard}/signup", timeout=30, json={
                "email": f"bench-{uuid.uuid4().hex[:8]}@cats.example", "password": "bench-purr-purr-42",
                "display_name": "Bench", "locale": "en"})
            signed.raise_for_status()
            auth = {"Authorization": f"Bearer {signed.json()['token']}"}
            cat = requests.post(f"{dashboard}/cats", headers=auth, timeout=30, json={
                "name": "Bench", "age_years": 3, "favourite_toys": ["balls"]})
            cat.raise_for_status()
            body = {"cat_id": cat.json()["id"], "toy_category": "balls", "slot_start": slot,
                    "duration_minutes": 60, "address": ADDRESS}
            saturated = load.run(
                "POST /orders on client-dashboard (-> order -> matching)", "127.0.0.1",
                _port("client-dashboard"), "/orders", lambda: body, auth, concurrency, seconds,
                check=_placed)
            results.append((saturated, f">= {DASHBOARD_AIM:.2f}x thr."))
            results.append((_half_load(saturated, "client-dashboard", lambda: body, auth, concurrency, seconds),
                            f"p99 < {HALF_LOAD_P99_MS:.0f} ms"))
    finally:
        stack.stop()
    for result, _aim in results:
        if result.errors:
            why = ", ".join(f"{reason} x{count}" for reason, count in sorted(result.failures.items()))
            notes.append(f"{result.name}: {result.errors} failed requests ({why})")
    return [_http_row(result, baseline, aim) for result, aim in results]


def bench_matching(settings: Settings, candidates: int) -> list[Row]:
    from tests.bench import bench_matching as matching

    (_, match), (_, base) = matching.run(settings, candidates=candidates)
    ratio = match["p99_ms"] / base["p99_ms"] if base["p99_ms"] else float("nan")

    def row(name, r, vs, aim):  # one connection, one match after another: the rate is 1000 / mean
        return Row(name, r["n"], 1000 / r["mean_ms"] if r["mean_ms"] else None, r["p50_ms"], r["p95_ms"],
                   r["p99_ms"], vs, aim)

    return [row("baseline: plain indexed query (GIN, ORDER BY rating LIMIT 5)", base, "-", "-"),
            row(f"match: the POST /matches use case, {candidates:,} candidates", match, f"{ratio:.2f}x p99",
                f"<= {MATCH_P99_AIM:.0f}x p99")]


def bench_inventory(settings: Settings, orders: int, notes: list[str]) -> list[Row]:
    from tests.bench import bench_inventory as inventory

    (burst_name, burst), (raw_name, raw) = inventory.run(settings, orders=orders)
    if burst["n"] != orders or burst["shortages"]:
        notes.append(f"inventory: {burst['n']} of {orders} kits ready, {burst['shortages']} shortages")
    ratio = burst["throughput"] / raw["throughput"] if raw["throughput"] else float("nan")
    return [Row(raw_name, raw["n"], raw["throughput"], None, None, None, "-", "-"),
            Row(f"{burst_name} ({burst['n']}/{orders})", burst["n"], burst["throughput"], burst["p50_ms"],
                burst["p95_ms"], burst["p99_ms"], f"{ratio:.2f}x thr.",
                f">={PIPELINE_AIM:.1f}x,p99<{PIPELINE_P99_S:.0f}s")]


def history_workers(orders: int) -> int:
    from tests.bench.bench_history import ORDERS_PER_WORKER

    return min(orders, ORDERS_PER_WORKER)


def bench_history(settings: Settings, orders: int, events: int) -> list[Row]:
    from tests.bench import bench_history as history

    r = history.run(settings, orders=orders, events=events)
    raw, via, ingest, insert = r["stats_sql"], r["stats_service"], r["ingest"], r["raw_insert"]

    def row(name, s, vs, aim):
        return Row(name, s["n"], 1000 / s["mean_ms"], s["p50_ms"], s["p95_ms"], s["p99_ms"], vs, aim)

    before = r["stats_sql_before"]
    return [row("baseline: the statistics SQL directly on ClickHouse", raw, "-", "-"),
            row(f"GET /workers/{{id}}/statistics, {orders:,} archived orders", via,
                f"{via['p50_ms'] / raw['p50_ms']:.2f}x p50", "<= 1.2x p50"),
            row("  the same SQL on the tables sorted by order_id (before ADR 0151)", before,
                f"{before['p50_ms'] / raw['p50_ms']:.2f}x p50", "-"),
            Row("baseline: raw batched ClickHouse insert (100k rows a batch)", insert["n"], insert["throughput"],
                None, None, None, "-", "-"),
            Row(f"ingest: order.completed -> archive ({ingest['n']}/{events})", ingest["n"], ingest["throughput"],
                None, None, None, f"{ingest['throughput'] / insert['throughput']:.4f}x thr.", "-")]


# ------------------------------------------------------------------------------------------------- output

COLUMNS = (("benchmark", 62, "<"), ("n", 6, ">"), ("throughput/s", 12, ">"), ("p50 ms", 9, ">"),
           ("p95 ms", 9, ">"), ("p99 ms", 9, ">"), ("vs baseline", 12, ">"), ("aim", 15, ">"))


def _cells(row: Row) -> list[str]:
    def num(value, fmt):
        return "-" if value is None or (isinstance(value, float) and math.isnan(value)) else format(value, fmt)

    return [row.name, str(row.n), num(row.throughput, ".1f"), num(row.p50, ".2f"), num(row.p95, ".2f"),
            num(row.p99, ".2f"), row.vs, row.aim]


def table(sections: list[tuple[str, list[Row]]]) -> str:
    def line(cells):
        pairs = zip(cells, COLUMNS, strict=True)
        return " ".join(f"{cell:{align}{width}}" for cell, (_h, width, align) in pairs).rstrip()

    rule = "-" * (sum(width for _h, width, _a in COLUMNS) + len(COLUMNS) - 1)
    out = [line([h for h, _w, _a in COLUMNS]), rule]
    for title, rows in sections:
        out.append(f"[{title}]")
        out.extend(line(_cells(row)) for row in rows)
    out.append(rule)
    return "\n".join(out)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for text in Path("/proc/cpuinfo").read_text().splitlines():
            if text.startswith("model name"):
                cpu = text.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        ram = int(Path("/proc/meminfo").read_text().split()[1]) / 1024 / 1024
    except (OSError, ValueError, IndexError):
        ram = float("nan")
    load1, load5, _ = os.getloadavg()
    return (f"{os.cpu_count()} cores ({cpu}), {ram:.1f} GiB RAM, {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}; load average {load1:.2f} / {load5:.2f} at start")


# ------------------------------------------------------------------------------------------------- cleanup

def _drop_clickhouse(settings: Settings, prefix: str) -> None:
    from clickhouse_driver import Client

    client = Client(host=settings.clickhouse_host, port=settings.clickhouse_port, connect_timeout=5,
                    send_receive_timeout=30)
    try:
        pattern = prefix.replace("_", "\\_") + "%"
        for (name,) in client.execute("SELECT name FROM system.databases WHERE name LIKE %(p)s", {"p": pattern}):
            client.execute(f"DROP DATABASE IF EXISTS `{name}`")
    finally:
        client.disconnect()


def _cleanup(settings: Settings) -> None:
    for what, action in (("PostgreSQL databases", lambda: db.drop_databases_with_prefix(settings, BENCH_PREFIX)),
                         ("ClickHouse databases", lambda: _drop_clickhouse(settings, BENCH_PREFIX))):
        try:
            action()
        except Exception as exc:  # noqa: BLE001 - clean what can be cleaned, say what could not
            print(f"mcf bench: could not drop the {what} {BENCH_PREFIX}*: {exc}", file=sys.stderr)


def _interrupt(_signum, _frame):
    # The first Ctrl-C (or SIGTERM) starts the clean-up; a second one must not cut it short and leave servers
    # behind, so from here on both are ignored.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="mcf bench", description=__doc__.splitlines()[0])
    parser.add_argument("--only", default=",".join(SECTIONS),
                        help=f"comma-separated sections to run, of {', '.join(SECTIONS)} (default: all)")
    parser.add_argument("--seconds", type=float, default=10, help="load per HTTP benchmark (default 10)")
    parser.add_argument("--concurrency", type=int, default=16, help="concurrent HTTP clients (default 16)")
    parser.add_argument("--candidates", type=int, default=100_000, help="matching's read model (default 100000)")
    parser.add_argument("--orders", type=int, default=5000, help="inventory's burst of order.created (default 5000)")
    parser.add_argument("--history-orders", type=int, default=1_000_000,
                        help="order-history's archive size (default 1000000; the issue's figure is 10000000)")
    parser.add_argument("--history-events", type=int, default=2000,
                        help="order-history's ingest burst of order.completed (default 2000)")
    args = parser.parse_args(argv)
    sections = {s.strip() for s in args.only.split(",") if s.strip()}
    if not sections or sections - set(SECTIONS):
        parser.error(f"--only takes sections of {', '.join(SECTIONS)}; got {args.only!r}")

    from mcf.kit.logging import configure as configure_logging
    from mcf.stack import servers

    configure_logging("bench", "WARNING")
    logging.getLogger("pika").setLevel(logging.ERROR)  # raw pika's cancel of a drained queue warns, harmlessly
    previous = {sig: signal.signal(sig, _interrupt) for sig in (signal.SIGINT, signal.SIGTERM)}
    base = Settings.from_env()
    broker = urlsplit(base.amqp_url)
    settings = base.with_(db_prefix=BENCH_PREFIX, port_base=BENCH_PORT_BASE,
                          amqp_url=f"{broker.scheme}://{broker.netloc}/{quote(BENCH_VHOST, safe='')}")
    header = machine()
    started: list[str] = []
    vhost = False
    notes: list[str] = []
    done: list[tuple[str, list[Row]]] = []
    status = 0

    def section(title: str, rows) -> None:  # the 1-min load average before and after, beside each section
        before = memory.load1()
        rows = rows()
        done.append((f"{title}; load {before:.2f} -> {memory.load1():.2f}", rows))

    try:
        started = servers.ensure_all(base)
        _cleanup(settings)  # what an interrupted earlier run may have left
        if sections & {"orders", "dashboard"}:
            servers.ensure_amqp_vhost(BENCH_VHOST)  # nothing should publish here; if something does, not on "/"
            vhost = True
            print(f"mcf bench: HTTP ({args.concurrency} clients, {args.seconds:g} s each) ...", flush=True)
            section(f"HTTP, {args.concurrency} concurrent clients, {args.seconds:g} s each, gunicorn "
                    f"{GUNICORN_WORKERS} workers x {GUNICORN_THREADS} threads per service",
                    lambda: bench_http(settings, sections, args.seconds, args.concurrency, notes))
            _cleanup(settings)
        if "matching" in sections:
            print(f"mcf bench: matching ({args.candidates:,} candidates) ...", flush=True)
            section(f"matching, {args.candidates:,} candidates, one connection, one query after another",
                    lambda: bench_matching(settings.with_(db_prefix=f"{BENCH_PREFIX}m_"), args.candidates))
        if "inventory" in sections:
            print(f"mcf bench: inventory ({args.orders:,} orders) ...", flush=True)
            section(f"inventory, burst of {args.orders:,} order.created, dramatiq 2x8, partner delay 0",
                    lambda: bench_inventory(settings, args.orders, notes))
        if "history" in sections:
            servers.ensure_amqp_vhost(BENCH_VHOST)
            vhost = True
            print(f"mcf bench: order-history ({args.history_orders:,} orders) ...", flush=True)
            section(f"order-history, {args.history_orders:,} archived orders, statistics of one worker "
                    f"(~{history_workers(args.history_orders)} orders each), interleaved",
                    lambda: bench_history(settings.with_(db_prefix=f"{BENCH_PREFIX}h_"), args.history_orders,
                                          args.history_events))
        if "tracing" in sections:
            servers.ensure_amqp_vhost(BENCH_VHOST)
            vhost = True
            print(f"mcf bench: tracing and metrics off and on ({args.concurrency} clients, {args.seconds:g} s "
                  f"each of four stacks) ...", flush=True)
            from tests.bench import bench_tracing

            section(f"tracing: client-dashboard's POST /orders, tracing and metrics off / on, {args.concurrency} "
                    f"clients, cycles of paired turns",
                    lambda: bench_tracing.run(settings, args.seconds, args.concurrency, notes))
            _cleanup(settings)
    except KeyboardInterrupt:
        print("\nmcf bench: interrupted; cleaning up", file=sys.stderr, flush=True)
        status = 130
    except Exception as exc:
        print(f"\nmcf bench: failed: {type(exc).__name__}: {exc}", file=sys.stderr, flush=True)
        status = 1
    finally:
        _cleanup(settings)
        if vhost:
            subprocess.run(["rabbitmqctl", "delete_vhost", BENCH_VHOST], capture_output=True, timeout=60,
                           check=False)
        if started:
            servers.stop_detached(started, base)
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    if done:
        print(f"\nmcf bench on {header}")
        print(table(done))
        for note in notes:
            print(f"note: {note}")
        print(f"load average (1 min) at the end: {memory.load1():.2f}")
        print("peak RSS of the processes the bench started (VmHWM, read just before each was stopped):")
        for line in memory.summary():
            print(f"  {line}")
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"  mcf bench itself (matching and order-history run in it): peak RSS {own:.0f} MiB")
        print("aims are printed, not asserted; see tests/bench/README.md")
    return status


if __name__ == "__main__":
    sys.exit(main())
