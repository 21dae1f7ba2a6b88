"""What tracing and metrics cost an order, in one process: the CPU time of placing N orders one after another.

    python -m tests.bench.observability_cost --config both --orders 400 [--repeats 5] [--py-spy /tmp/both.txt]

The chain of the bench's tracing section (client-dashboard -> order -> matching -> outbox) with all three apps in
this process, each behind a threaded werkzeug server on a port of its own (``MCF_BENCH_PORT_BASE`` + 70 + the
service's offset), loaded by one client thread here: every order is placed after the one before, so nothing
waits for a CPU this process holds and the figure is the work an order costs, not the machine's contention.
``--config`` is off, tracing, metrics or both, as in ``bench_tracing.stack_env``; tracing, once on, stays on in a
process, so each configuration runs in a process of its own: run them in turn (``--config off``, then ``both``,
...) and compare medians. Printed: CPU ms per order of each repeat (the process's user + system time while the
orders were placed; start-up and the warm-up excluded) and their median. Needs the servers of ``mcf bench``
(PostgreSQL, ClickHouse, the broker vhost); its databases are ``mcf_benchcost_*`` (from ``MCF_BENCH_PREFIX``,
outside the bench's own, which it drops at start and end), left for the next run.
"""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

KINDS = ("off", "tracing", "metrics", "both")
SERVICES = ("matching", "order", "client-dashboard")
PORT_SHIFT = 70  # beside the four stacks of bench_tracing (their shifts 0..60)


def cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", choices=KINDS, default="both")
    parser.add_argument("--orders", type=int, default=400, help="orders per repeat (default 400)")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=50, help="orders placed first, not counted")
    parser.add_argument("--py-spy", dest="py_spy", default="", help="record a py-spy profile (raw) to this file")
    args = parser.parse_args(argv)

    from urllib.parse import quote, urlsplit

    from mcf.kit.config import Settings
    from tests.bench import bench_tracing
    from tests.bench import run as bench

    base = Settings.from_env()
    broker = urlsplit(base.amqp_url)
    # databases of its own, outside the bench's prefix: `mcf bench` drops its own at its start and end
    prefix = f"{bench.BENCH_PREFIX.rstrip('_')}cost_"
    settings = base.with_(db_prefix=prefix, port_base=bench.BENCH_PORT_BASE + PORT_SHIFT,
                          amqp_url=f"{broker.scheme}://{broker.netloc}/{quote(bench.BENCH_VHOST, safe='')}")
    scratch = Path(tempfile.mkdtemp(prefix="mcf-observability-cost-"))
    env = bench_tracing.stack_env(settings, args.config, scratch)
    env["MCF_PORT_BASE"] = str(settings.port_base)
    # This process becomes what one of the bench's stacks is (before prometheus-client and the kit are imported:
    # the multiprocess mode is chosen at import).
    for name in [k for k in os.environ if k not in env]:
        del os.environ[name]
    os.environ.update(env)
    settings = Settings.from_env()  # the stack's: its databases, ports, log level

    import requests
    from werkzeug.serving import WSGIRequestHandler, make_server

    from mcf.stack import servers
    from tests.support.matching_seed import seed

    started = servers.ensure_all(base)
    servers.ensure_amqp_vhost(bench.BENCH_VHOST)
    seed(settings)
    from mcf.client_dashboard.app import create_app as dashboard_app
    from mcf.matching.app import create_app as matching_app
    from mcf.order.app import create_app as order_app

    class KeepAlive(WSGIRequestHandler):
        protocol_version = "HTTP/1.1"  # the clients' sessions keep their connections, as with gunicorn

        def log_request(self, *_args, **_kwargs):
            pass

    apps = {"matching": matching_app, "order": order_app, "client-dashboard": dashboard_app}
    running = []
    for service in SERVICES:
        server = make_server("127.0.0.1", settings.port(service), apps[service](settings), threaded=True,
                             request_handler=KeepAlive)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        running.append(server)
    dashboard = f"http://127.0.0.1:{settings.port('client-dashboard')}"
    session = requests.Session()
    signed = session.post(f"{dashboard}/signup", timeout=30, json={
        "email": f"bench-c-{uuid.uuid4().hex[:8]}@cats.example", "password": "bench-purr-purr-42",
        "display_name": "Bench", "locale": "en"})
    signed.raise_for_status()
    auth = {"Authorization": f"Bearer {signed.json()['token']}"}
    cat = session.post(f"{dashboard}/cats", headers=auth, timeout=30,
                       json={"name": "Bench", "age_years": 3, "favourite_toys": ["balls"]})
    cat.raise_for_status()
    body = {"cat_id": cat.json()["id"], "toy_category": "balls", "slot_start": bench._slot_start(),
            "duration_minutes": 60, "address": bench.ADDRESS}
    # A plain http.client connection: the client's own work (not a service's) kept small and the same in every
    # configuration (requests would be instrumented when tracing is on).
    import http.client
    import json

    conn = http.client.HTTPConnection("127.0.0.1", settings.port("client-dashboard"), timeout=60)
    payload = json.dumps(body)
    headers = {"Content-Type": "application/json", **auth}

    def place(n: int) -> int:
        failed = 0
        for _ in range(n):
            conn.request("POST", "/orders", body=payload, headers=headers)
            response = conn.getresponse()
            answer = response.read()
            if response.status != 201 or b'"placed"' not in answer:
                failed += 1
        return failed

    place(args.warmup)
    time.sleep(0.6)
    before = cpu()
    time.sleep(2.0)
    idle = (cpu() - before) / 2.0  # the servers' and the span processor's wake-ups, per second
    spy = None
    if args.py_spy:
        spy = subprocess.Popen([str(Path(sys.executable).parent / "py-spy"), "record", "--pid", str(os.getpid()),
                                "--nonblocking", "-r", "200", "-f", "raw", "-o", args.py_spy],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(1.0)
    figures = []
    for _ in range(args.repeats):
        time.sleep(0.6)  # the span processor's batch of the orders before (its delay is 0.5 s) is not counted
        before = cpu()
        failed = place(args.orders)
        time.sleep(0.6)  # ... and this batch's export is
        spent = cpu() - before - idle * 0.6
        figures.append(1000 * spent / args.orders)
        print(f"{args.config}: {figures[-1]:.2f} ms CPU per order ({args.orders} orders, {failed} not placed)",
              flush=True)
    if spy is not None:
        import signal

        spy.send_signal(signal.SIGINT)
        spy.wait(60)
    print(f"{args.config}: median {statistics.median(figures):.2f} ms CPU per order over {args.repeats} repeats "
          f"(min {min(figures):.2f}, max {max(figures):.2f}); idle {1000 * idle:.1f} ms/s; "
          f"load {os.getloadavg()[0]:.1f}")
    for server in running:
        server.shutdown()
    servers.stop_detached(started, base)
    return 0


if __name__ == "__main__":
    sys.exit(main())
