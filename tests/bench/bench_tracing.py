"""`mcf bench --only tracing`: POST /orders on client-dashboard (-> order -> matching -> outbox) on four identical
stacks of gunicorns side by side (same databases): observability off, tracing only, metrics only, both. They are
loaded in cycles of short turns (one turn of each stack a cycle, the order rotating), and the figure compared is the
CPU time the stacks' processes spend per placed order (read from /proc), each stack's idle CPU subtracted, as the
median over the cycles of each stack's figure divided by off's in the same cycle (ADR 0162): the machine's load
moves CPU time per order by a third here, and turns seconds apart see nearly the same load.

- off: ``MCF_METRICS=0``, no trace exporter (tracing is off: mcf.kit.tracing installs nothing);
- tracing: every process writes its spans to a JSON-lines file (``MCF_TRACE_FILE``, as `mcf up` runs it): the kit's
  server and client spans and its other spans; the psycopg2 statement spans only with
  ``MCF_TRACE_SQL=1`` in the bench's environment (off by default, as in production);
- metrics: prometheus-client in multiprocess mode (``PROMETHEUS_MULTIPROC_DIR``, as `mcf serve … web` runs it);
- both: the two together, what `mcf up` runs.
"""
from __future__ import annotations

import os
import shutil
import statistics
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import requests

from mcf.kit.config import SERVICE_PORT_OFFSETS, Settings
from mcf.kit.tracing import read_trace_files
from tests.bench import load

SHIFTS = {"off": 0, "tracing": 20, "metrics": 40, "both": 60}  # each stack's ports: the bench's plus this
TURN_SECONDS = 2.5  # one stack's turn of load; a cycle is one turn of each stack
TAIL_SECONDS = 0.7  # after a turn, before its CPU is read: the span processors' last batch (0.5 s delay) included
MIN_CYCLES = 6
TRACING_AIM = 0.90  # tracing and metrics cost at most 10% of the throughput
SERVICES = ("matching", "order", "client-dashboard")
TIMEOUT = 60.0  # the stacks' calls to each other and the load's: a slow answer on a loaded machine is not a failure


def cpu_seconds(stacks: dict) -> dict[str, float]:
    """User + system CPU time so far of every process of each stack (each gunicorn leads a process group: its
    workers are in it), in one pass over /proc."""
    kind_of = {process.pid: kind for kind, stack in stacks.items() for _name, process, _log in stack.processes}
    ticks = dict.fromkeys(stacks, 0)
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        kind = kind_of.get(int(fields[2]))
        if kind is not None:
            ticks[kind] += int(fields[11]) + int(fields[12])
    return {kind: count / os.sysconf("SC_CLK_TCK") for kind, count in ticks.items()}


@dataclass
class Turn:
    kind: str
    cycle: int
    ok: int
    errors: int
    wall: float  # the turn's load and its tail
    cpu: float  # the stack's CPU seconds over it, idle not yet subtracted


def measure(turns: list[Turn], idle_rate: dict[str, float], kinds) -> dict:
    """CPU per placed order of each stack, idle subtracted (each stack's own idle CPU a second, measured while
    the other stacks had their turns), and per cycle each stack's against off's: a cycle's four turns are
    seconds apart, so the machine's load, which moves CPU time per order by a third here, is nearly the same for
    the pair. A cycle in which a turn failed requests is left out of the ratios (their CPU has no order)."""
    net = {kind: 0.0 for kind in kinds}
    ok = {kind: 0 for kind in kinds}
    per_cycle: dict[int, dict[str, float]] = {}
    spoiled = set()
    for turn in turns:
        spent = max(0.0, turn.cpu - idle_rate.get(turn.kind, 0.0) * turn.wall)
        net[turn.kind] += spent
        ok[turn.kind] += turn.ok
        if turn.errors or not turn.ok:
            spoiled.add(turn.cycle)
        else:
            per_cycle.setdefault(turn.cycle, {})[turn.kind] = 1000 * spent / turn.ok
    ratios: dict[str, list[float]] = {kind: [] for kind in kinds if kind != "off"}
    for cycle, figures in sorted(per_cycle.items()):
        if cycle in spoiled or len(figures) < len(kinds) or not figures["off"]:
            continue
        for kind in ratios:
            ratios[kind].append(figures[kind] / figures["off"])
    return {"per_order": {kind: 1000 * net[kind] / ok[kind] if ok[kind] else float("nan") for kind in kinds},
            "ratios": ratios, "cycles": len({t.cycle for t in turns}), "spoiled": len(spoiled)}


def quartiles(values: list[float]) -> tuple[float, float, float]:
    if not values:
        return (float("nan"),) * 3
    if len(values) < 4:
        middle = statistics.median(values)
        return min(values), middle, max(values)
    q1, q2, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return q1, q2, q3


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
    extra = {"MCF_TRACE_SQL": os.environ.get("MCF_TRACE_SQL", "0"), "MCF_HTTP_TIMEOUT": str(TIMEOUT)}
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

    kinds = list(SHIFTS)
    cycles = max(MIN_CYCLES, round(seconds / TURN_SECONDS))
    turn_seconds = max(seconds / cycles, 1.0)
    parts: dict[str, list[load.Result]] = {kind: [] for kind in SHIFTS}
    turns: list[Turn] = []
    idle = {kind: [0.0, 0.0] for kind in SHIFTS}  # CPU seconds and wall seconds while the others had their turns
    try:
        for kind, stack in stacks.items():
            for service in SERVICES:
                # order asks client-dashboard for the client's cat while the dashboard's thread waits for order:
                # with no thread left for that call it would wait for its timeout (a 503 whose CPU has no order),
                # so the dashboard has a thread for every client and the usual ones besides.
                threads = bench.GUNICORN_THREADS + (concurrency if service == "client-dashboard" else 0)
                stack.gunicorn(service, f"mcf.{service.replace('-', '_')}.app:create_app()", port(service, kind),
                               threads=threads)
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

        def turn(kind: str, length: float) -> load.Result:
            return load.run("turn", "127.0.0.1", port("client-dashboard", kind), "/orders", lambda: body, auth,
                            concurrency, length, warmup=0.0, check=bench._placed, timeout=TIMEOUT)

        for kind in kinds:  # warm-up, not counted: every worker thread's first requests, connections, caches
            turn(kind, 3.0)
        _settle(stacks, notes)
        before = cpu_seconds(stacks)
        for cycle in range(cycles):
            for kind in kinds[cycle % len(kinds):] + kinds[:cycle % len(kinds)]:
                started = time.monotonic()
                result = turn(kind, turn_seconds)
                time.sleep(TAIL_SECONDS)
                after, wall = cpu_seconds(stacks), time.monotonic() - started
                parts[kind].append(result)
                turns.append(Turn(kind, cycle, result.ok, result.errors, wall, after[kind] - before[kind]))
                for other in kinds:
                    if other != kind:
                        idle[other][0] += after[other] - before[other]
                        idle[other][1] += wall
                before = after
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
    idle_rate = {kind: cpu / wall if wall else 0.0 for kind, (cpu, wall) in idle.items()}
    figures = measure(turns, idle_rate, kinds)
    notes.append(f"tracing section: {figures['cycles']} cycles of four {turn_seconds:.1f} s turns (+{TAIL_SECONDS} s "
                 f"tail each), {figures['spoiled']} left out of the ratios for failed requests; idle CPU subtracted "
                 "(ms/s): " + ", ".join(f"{kind} {1000 * rate:.1f}" for kind, rate in idle_rate.items()))
    per_order = figures["per_order"]
    rows = [bench._http_row(results["off"], None)]
    rows += [bench._http_row(results[kind], results["off"], f">= {TRACING_AIM:.2f}x thr.")
             for kind in ("tracing", "metrics", "both")]
    # CPU rows: p50 column = off's CPU ms per order, p95 column = this stack's (both idle subtracted, all cycles),
    # `vs baseline` the median of the cycles' paired ratios, their quartiles in the name.
    for kind in ("tracing", "metrics", "both"):
        q1, median, q3 = quartiles(figures["ratios"][kind])
        rows.append(bench.Row(
            f"CPU ms per placed order, off / {kind} ({len(figures['ratios'][kind])} cycles, {q1:.2f}-{q3:.2f}x)",
            results[kind].ok, None, per_order["off"], per_order[kind], None, f"{median:.2f}x CPU",
            f"<= {1 / TRACING_AIM:.2f}x CPU"))
    return rows


def _settle(stacks: dict, notes: list[str], limit: float = 60.0, quiet: float = 0.02) -> None:
    """Wait until no stack is still starting (a gunicorn worker importing, migrating): each stack's CPU over a
    second of no load under ``quiet`` seconds, so no start-up CPU falls into the turns."""
    deadline = time.monotonic() + limit
    before = cpu_seconds(stacks)
    while time.monotonic() < deadline:
        time.sleep(1.0)
        after = cpu_seconds(stacks)
        busy = {kind: after[kind] - before[kind] for kind in stacks}
        if max(busy.values()) < quiet:
            return
        before = after
    notes.append("tracing section: the stacks were still busy with no load after "
                 f"{limit:.0f} s: " + ", ".join(f"{k} {1000 * v:.0f} ms/s" for k, v in busy.items()))
