"""`mcf bench --only tracing`: POST /orders on client-dashboard (-> order -> matching -> outbox) on four identical
stacks of gunicorns side by side (same databases): observability off, tracing only, metrics only, both. They are
loaded in alternating rounds (each round starts at the next stack, so none is always first after a pause), so a
change in the shared machine's load hits all alike, and the figure compared is the CPU time the stacks' processes
spend per placed order (read from /proc), which moves far less with the other tenants' load than throughput.

- off: ``MCF_METRICS=0``, no trace exporter (tracing is off: mcf.kit.tracing installs nothing);
- tracing: every process writes its spans to a JSON-lines file (``MCF_TRACE_FILE``, as `mcf up` runs it): the kit's
  server span, the requests instrumentation, the kit's spans; the psycopg2 statement spans only with
  ``MCF_TRACE_SQL=1`` in the bench's environment (off by default, as in production);
- metrics: prometheus-client in multiprocess mode (``PROMETHEUS_MULTIPROC_DIR``, as `mcf serve … web` runs it);
- both: the two together, what `mcf up` runs.
"""
from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from pathlib import Path

import requests

from mcf.kit.config import SERVICE_PORT_OFFSETS, Settings
from mcf.kit.tracing import read_trace_files
from tests.bench import load

SHIFTS = {"off": 0, "tracing": 20, "metrics": 40, "both": 60}  # each stack's ports: the bench's plus this
ROUNDS = 6
TRACING_AIM = 0.90  # tracing and metrics cost at most 10% of the throughput
SERVICES = ("matching", "order", "client-dashboard")


def cpu_seconds(stack) -> float:
    """User + system CPU time so far of every process of ``stack`` (each gunicorn leads a process group: its
    workers are in it). CPU per request moves far less than throughput with a shared machine's load."""
    groups = {process.pid for _name, process, _log in stack.processes}
    ticks = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[2]) in groups:
            ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def _merge(name: str, parts: list[load.Result]) -> load.Result:
    failures: dict[str, int] = {}
    for part in parts:
        for reason, count in part.failures.items():
            failures[reason] = failures.get(reason, 0) + count
    return load.Result(name, sum(p.ok for p in parts), sum(p.errors for p in parts), sum(p.seconds for p in parts),
                       [ms for p in parts for ms in p.latencies_ms], failures)


def stack_env(settings: Settings, kind: str, scratch: Path) -> dict:
    """The environment of one of the four stacks (``kind`` a key of SHIFTS). ``MCF_BENCH_SAME=1`` gives all four
    the environment of ``off`` on their own ports (an A/A run: how far four identical stacks differ here)."""
    from tests.bench import run as bench

    config = "off" if os.environ.get("MCF_BENCH_SAME") == "1" else kind
    extra = {"MCF_TRACE_SQL": os.environ.get("MCF_TRACE_SQL", "0")}
    if config in ("tracing", "both"):
        extra["MCF_TRACE_FILE"] = str(scratch / "traces" / kind / "{service}-{pid}.jsonl")
    if config in ("metrics", "both"):
        directory = scratch / "metrics" / kind
        directory.mkdir(parents=True, exist_ok=True)
        extra["PROMETHEUS_MULTIPROC_DIR"] = str(directory)
    else:
        extra["MCF_METRICS"] = "0"
    env = bench._env(settings, **extra)
    env["MCF_PORT_BASE"] = str(bench.BENCH_PORT_BASE + SHIFTS[kind])
    for name in ("OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "MCF_OTLP_ENDPOINT"):
        env.pop(name, None)  # the stacks without tracing must have it off, the others export to their file only
    for name in ("MCF_TRACE_FILE", "PROMETHEUS_MULTIPROC_DIR"):
        if name not in extra:
            env.pop(name, None)  # nothing of the caller's turns on what this stack has off
    return env


def run(settings: Settings, seconds: float, concurrency: int, notes: list[str]) -> list:
    from tests.bench import run as bench
    from tests.support.matching_seed import seed

    seed(settings)
    scratch = Path(tempfile.mkdtemp(prefix="mcf-bench-observability-"))
    stacks = {kind: bench.Stack(stack_env(settings, kind, scratch)) for kind in SHIFTS}

    def port(service: str, kind: str) -> int:
        return bench.BENCH_PORT_BASE + SHIFTS[kind] + SERVICE_PORT_OFFSETS[service]

    parts: dict[str, list[load.Result]] = {kind: [] for kind in SHIFTS}
    cpu = {kind: 0.0 for kind in SHIFTS}
    try:
        for kind, stack in stacks.items():
            for service in SERVICES:
                stack.gunicorn(service, f"mcf.{service.replace('-', '_')}.app:create_app()", port(service, kind))
        for kind, stack in stacks.items():
            for service in SERVICES:
                stack.wait_ready(service, f"http://127.0.0.1:{port(service, kind)}/ready")
        signed = requests.post(f"http://127.0.0.1:{port('client-dashboard', 'off')}/signup", timeout=30, json={
            "email": f"bench-t-{uuid.uuid4().hex[:8]}@cats.example", "password": "bench-purr-purr-42",
            "display_name": "Bench", "locale": "en"})
        signed.raise_for_status()
        auth = {"Authorization": f"Bearer {signed.json()['token']}"}
        cat = requests.post(f"http://127.0.0.1:{port('client-dashboard', 'off')}/cats", headers=auth, timeout=30,
                            json={"name": "Bench", "age_years": 3, "favourite_toys": ["balls"]})
        cat.raise_for_status()
        body = {"cat_id": cat.json()["id"], "toy_category": "balls", "slot_start": bench._slot_start(),
                "duration_minutes": 60, "address": bench.ADDRESS}
        kinds = list(SHIFTS)
        for kind in kinds:  # warm-up, not counted; the rounds then count every request and its CPU
            load.run("warm-up", "127.0.0.1", port("client-dashboard", kind), "/orders", lambda: body, auth,
                     concurrency, 2.0, warmup=0.0, check=bench._placed)
        for round_ in range(ROUNDS):
            for kind in kinds[round_ % len(kinds):] + kinds[:round_ % len(kinds)]:
                before = cpu_seconds(stacks[kind])
                parts[kind].append(load.run("round", "127.0.0.1", port("client-dashboard", kind), "/orders",
                                            lambda: body, auth, concurrency, max(seconds / ROUNDS, 2.0),
                                            warmup=0.0, check=bench._placed))
                cpu[kind] += cpu_seconds(stacks[kind]) - before
        if any(p.errors for results in parts.values() for p in results):
            for kind, stack in stacks.items():
                for name, _process, log in stack.processes:
                    errors = [line for line in bench._tail(log, 200_000).splitlines() if "error" in line.lower()]
                    if errors:
                        notes.append(f"{name} ({kind}): {errors[-1][:600]}")
    finally:
        for stack in stacks.values():
            stack.stop()
    spans = {kind: len(read_trace_files(scratch / "traces" / kind)) for kind in ("tracing", "both")}
    shutil.rmtree(scratch, ignore_errors=True)
    sql = "with" if os.environ.get("MCF_TRACE_SQL", "0") not in ("", "0") else "without"
    same = " (A/A: configured as off)" if os.environ.get("MCF_BENCH_SAME") == "1" else ""
    names = {"off": "off (no tracing, MCF_METRICS=0)",
             "tracing": f"tracing (file, {sql} SQL spans; {spans['tracing']:,} spans)",
             "metrics": "metrics (multiprocess)",
             "both": f"tracing and metrics ({spans['both']:,} spans)"}
    results = {kind: _merge(f"POST /orders on client-dashboard, {names[kind]}{same if kind != 'off' else ''}",
                            parts[kind]) for kind in SHIFTS}
    for result in results.values():
        if result.errors:
            why = ", ".join(f"{reason} x{count}" for reason, count in sorted(result.failures.items()))
            notes.append(f"{result.name}: {result.errors} failed requests ({why})")
    per_order = {kind: 1000 * cpu[kind] / results[kind].ok if results[kind].ok else float("nan") for kind in SHIFTS}
    rows = [bench._http_row(results["off"], None)]
    rows += [bench._http_row(results[kind], results["off"], f">= {TRACING_AIM:.2f}x thr.")
             for kind in ("tracing", "metrics", "both")]
    # CPU rows: p50 column = off's CPU ms per order, p95 column = this stack's, `vs baseline` their ratio.
    rows += [bench.Row(f"CPU ms per placed order, all three services: off / {kind}", results[kind].ok, None,
                       per_order["off"], per_order[kind], None, f"{per_order[kind] / per_order['off']:.2f}x CPU",
                       f"<= {1 / TRACING_AIM:.2f}x CPU") for kind in ("tracing", "metrics", "both")]
    return rows
