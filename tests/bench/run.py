"""`mcf bench`: start what each benchmark needs, load it, print one table with the baseline beside it.

Usage: mcf bench [--seconds 10] [--concurrency 16]
"""
from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

import psycopg2
import requests

from mcf.kit import db
from mcf.kit.auth import issue_token
from mcf.kit.config import Settings
from tests.bench import load

ROOT = Path(__file__).resolve().parents[2]
BENCH_PORT_BASE = 28100
BIN = Path(sys.executable).parent


def _gunicorn(app: str, port: int, env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [str(BIN / "gunicorn"), "--worker-class", "gthread", "--workers", "2", "--threads", "4",
         "--bind", f"127.0.0.1:{port}", "--log-level", "warning", "--no-control-socket", app],
        env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)


def _wait(url: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url} exited: {process.stderr.read().decode()[-2000:]}")
        try:
            requests.get(url, timeout=1)
            return
        except requests.RequestException:
            time.sleep(0.2)
    raise TimeoutError(url)


def _stop(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)


def _order_body(client_id: str) -> dict:
    return {"client_id": client_id, "client_email": "bench@cats.example", "cat_id": str(uuid.uuid4()),
            "cat_name": "Bench", "toy_category": "balls", "duration_minutes": 60,
            "slot_start": (datetime.now(timezone.utc) + timedelta(days=2)).isoformat(),
            "address": {"city": "Moscow", "district": "Arbat", "street": "Arbat st", "building": "1"}}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="mcf bench")
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args(argv)

    settings = Settings.from_env().with_(db_prefix="mcf_bench_", port_base=BENCH_PORT_BASE)
    baseline_db = "mcf_bench_baseline"
    db.drop_databases_with_prefix(settings, settings.db_prefix)
    db.create_database_if_missing(settings, baseline_db)
    with psycopg2.connect(settings.pg_dsn(baseline_db)) as conn, conn.cursor() as cur:
        cur.execute("CREATE TABLE rows (id uuid PRIMARY KEY, body jsonb NOT NULL)")

    env = dict(os.environ, MCF_DB_PREFIX=settings.db_prefix, MCF_PORT_BASE=str(BENCH_PORT_BASE),
               MCF_LOG_LEVEL="WARNING", PYTHONPATH=str(ROOT),
               MCF_BENCH_BASELINE_DSN=settings.pg_dsn(baseline_db))
    baseline_port, order_port = settings.port("baseline"), settings.port("order")
    processes = []
    try:
        processes.append(_gunicorn("tests.bench.baseline_app:create_app()", baseline_port, env))
        processes.append(_gunicorn("mcf.order.app:create_app()", order_port, env))
        _wait(f"http://127.0.0.1:{baseline_port}/", processes[0])
        _wait(f"http://127.0.0.1:{order_port}/health", processes[1])

        client_id = str(uuid.uuid4())
        token = issue_token(settings.jwt_secret, client_id, "client", ttl_seconds=3600)
        print(f"mcf bench: {args.concurrency} concurrent clients, {args.seconds:.0f} s each, 2 gunicorn workers x "
              f"4 threads per server, {os.cpu_count()} cores", flush=True)
        baseline = load.run("baseline: bare Flask, one INSERT (PostgreSQL)", "127.0.0.1", baseline_port, "/rows",
                            lambda: {"n": 1}, {}, args.concurrency, args.seconds)
        orders = load.run("POST /orders (order-service: order + outbox)", "127.0.0.1", order_port, "/orders",
                          lambda: _order_body(client_id), {"Authorization": f"Bearer {token}"},
                          args.concurrency, args.seconds)
        print(load.table([baseline, orders], baseline))
    finally:
        for process in processes:
            _stop(process)
        db.drop_databases_with_prefix(settings, settings.db_prefix)
    return 0


if __name__ == "__main__":
    sys.exit(main())
