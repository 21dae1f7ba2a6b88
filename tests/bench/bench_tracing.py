"""`mcf bench --only tracing`: POST /orders on client-dashboard (-> order -> matching -> outbox) with tracing off
and on, on two identical stacks of gunicorns side by side (same databases), loaded in alternating rounds so a
change in the shared machine's load hits both alike. "On" is what `mcf up` runs: every process writes its spans to
a JSON-lines file (mcf.kit.tracing), with the Flask, requests, psycopg2 instrumentations and the kit's spans.
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

TRACED_PORT_SHIFT = 40  # the traced stack's ports: the bench's plus this
ROUNDS = 6
TRACING_AIM = 0.90  # tracing costs at most 10% of the throughput


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


def run(settings: Settings, seconds: float, concurrency: int, notes: list[str]) -> list:
    from tests.bench import run as bench
    from tests.support.matching_seed import seed

    seed(settings)
    traces = Path(tempfile.mkdtemp(prefix="mcf-bench-traces-"))
    off = bench.Stack(bench._env(settings))
    on_env = bench._env(settings, MCF_TRACE_FILE=str(traces / "{service}-{pid}.jsonl"),
                        MCF_TRACE_SQL=os.environ.get("MCF_TRACE_SQL", "1"))
    on_env["MCF_PORT_BASE"] = str(bench.BENCH_PORT_BASE + TRACED_PORT_SHIFT)
    on = bench.Stack(on_env)
    stacks = ((off, 0), (on, TRACED_PORT_SHIFT))

    def port(service: str, shift: int) -> int:
        return bench.BENCH_PORT_BASE + shift + SERVICE_PORT_OFFSETS[service]

    try:
        for stack, shift in stacks:
            for service in ("matching", "order", "client-dashboard"):
                stack.gunicorn(service, f"mcf.{service.replace('-', '_')}.app:create_app()", port(service, shift))
        for stack, shift in stacks:
            for service in ("matching", "order", "client-dashboard"):
                stack.wait_ready(service, f"http://127.0.0.1:{port(service, shift)}/ready")
        signed = requests.post(f"http://127.0.0.1:{port('client-dashboard', 0)}/signup", timeout=30, json={
            "email": f"bench-t-{uuid.uuid4().hex[:8]}@cats.example", "password": "bench-purr-purr-42",
            "display_name": "Bench", "locale": "en"})
        signed.raise_for_status()
        auth = {"Authorization": f"Bearer {signed.json()['token']}"}
        cat = requests.post(f"http://127.0.0.1:{port('client-dashboard', 0)}/cats", headers=auth, timeout=30,
                            json={"name": "Bench", "age_years": 3, "favourite_toys": ["balls"]})
        cat.raise_for_status()
        body = {"cat_id": cat.json()["id"], "toy_category": "balls", "slot_start": bench._slot_start(),
                "duration_minutes": 60, "address": bench.ADDRESS}
        parts: dict[int, list[load.Result]] = {0: [], TRACED_PORT_SHIFT: []}
        for _stack, shift in stacks:  # warm-up, not counted; the rounds then count every request and its CPU
            load.run("warm-up", "127.0.0.1", port("client-dashboard", shift), "/orders", lambda: body, auth,
                     concurrency, 2.0, warmup=0.0, check=bench._placed)
        cpu = {0: 0.0, TRACED_PORT_SHIFT: 0.0}
        for _ in range(ROUNDS):
            for stack, shift in stacks:
                before = cpu_seconds(stack)
                parts[shift].append(load.run("round", "127.0.0.1", port("client-dashboard", shift), "/orders",
                                             lambda: body, auth, concurrency, max(seconds / ROUNDS, 2.0),
                                             warmup=0.0, check=bench._placed))
                cpu[shift] += cpu_seconds(stack) - before
        if any(p.errors for results in parts.values() for p in results):
            for stack, _shift in stacks:
                for name, _process, log in stack.processes:
                    errors = [line for line in bench._tail(log, 200_000).splitlines() if "error" in line.lower()]
                    if errors:
                        notes.append(f"{name} ({'on' if stack is on else 'off'}): {errors[-1][:600]}")
    finally:
        for stack, _shift in stacks:
            stack.stop()
    spans = read_trace_files(traces)
    shutil.rmtree(traces, ignore_errors=True)
    baseline = _merge("POST /orders on client-dashboard, tracing off", parts[0])
    traced = _merge(f"POST /orders on client-dashboard, tracing on (file; {len(spans):,} spans)",
                    parts[TRACED_PORT_SHIFT])
    for result in (baseline, traced):
        if result.errors:
            why = ", ".join(f"{reason} x{count}" for reason, count in sorted(result.failures.items()))
            notes.append(f"{result.name}: {result.errors} failed requests ({why})")
    placed = {shift: sum(p.ok for p in parts[shift]) for shift in parts}
    per_order = {shift: 1000 * cpu[shift] / placed[shift] if placed[shift] else float("nan") for shift in parts}
    cost = bench.Row("CPU ms per placed order, all three services: off / on", traced.ok, None,
                     per_order[0], per_order[TRACED_PORT_SHIFT], None,
                     f"{per_order[TRACED_PORT_SHIFT] / per_order[0]:.2f}x CPU", f"<= {1 / TRACING_AIM:.2f}x CPU")
    return [bench._http_row(baseline, None), bench._http_row(traced, baseline, f">= {TRACING_AIM:.2f}x thr."), cost]
