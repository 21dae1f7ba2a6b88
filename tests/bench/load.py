"""A small closed-loop HTTP load generator: N threads, each on its own keep-alive connection."""
from __future__ import annotations

import http.client
import json
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable


@dataclass
class Result:
    name: str
    ok: int
    errors: int
    seconds: float
    latencies_ms: list[float]
    failures: dict[str, int] = field(default_factory=dict)  # why the errors failed: status code or exception
    open_loop: bool = False  # sent at a set rate (``run(rate=...)``), not as fast as answers came back

    @property
    def throughput(self) -> float:
        return self.ok / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        if not self.latencies_ms:
            return float("nan")
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def run(name: str, host: str, port: int, path: str, make_body: Callable[[], dict], headers: dict,
        concurrency: int, seconds: float, warmup: float = 1.0, expect: int = 201,
        check: Callable[[bytes], bool] | None = None, rate: float | None = None, timeout: float = 10.0) -> Result:
    """Load ``POST path`` for ``seconds`` after ``warmup``; a request counts as ok when it answers ``expect`` and,
    if given, ``check(body)`` holds (e.g. the order was placed, not cancelled).

    With ``rate`` (requests per second in all) the load is open-loop: each thread sends on a fixed schedule
    (``rate / concurrency`` a second), and a latency counts from when the request was due, so a server falling
    behind shows in the percentiles instead of slowing the load down. ``timeout``: a socket's, per request."""
    stop_at = time.monotonic() + warmup + seconds
    measure_from = time.monotonic() + warmup
    latencies: list[float] = []
    counts = {"ok": 0, "errors": 0}
    failures: Counter = Counter()
    lock = threading.Lock()

    def worker():
        conn = http.client.HTTPConnection(host, port, timeout=timeout)
        mine, ok, errors, why = [], 0, 0, Counter()
        interval = concurrency / rate if rate else 0.0
        due = time.perf_counter() + interval * (threading.get_ident() % 1000) / 1000  # spread the threads
        while (now := time.monotonic()) < stop_at:
            body = json.dumps(make_body())
            if interval:
                time.sleep(max(0.0, due - time.perf_counter()))
                started, due = due, due + interval
            else:
                started = time.perf_counter()
            try:
                try:
                    conn.request("POST", path, body=body, headers={"Content-Type": "application/json", **headers})
                    response = conn.getresponse()
                except (BrokenPipeError, ConnectionResetError, http.client.RemoteDisconnected):
                    if not interval:
                        raise
                    # open loop: the server closed the keep-alive connection while it idled; a new one, once
                    conn.close()
                    conn = http.client.HTTPConnection(host, port, timeout=timeout)
                    conn.request("POST", path, body=body, headers={"Content-Type": "application/json", **headers})
                    response = conn.getresponse()
                payload = response.read()
                good = response.status == expect and (check is None or check(payload))
                reason = str(response.status) if response.status != expect else f"{expect} failing the check"
            except (OSError, http.client.HTTPException) as exc:
                conn.close()
                conn = http.client.HTTPConnection(host, port, timeout=timeout)
                good, reason = False, type(exc).__name__
            elapsed = (time.perf_counter() - started) * 1000
            if now >= measure_from:
                if good:
                    ok += 1
                    mine.append(elapsed)
                else:
                    errors += 1
                    why[reason] += 1
        conn.close()
        with lock:
            latencies.extend(mine)
            counts["ok"] += ok
            counts["errors"] += errors
            failures.update(why)

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return Result(name, counts["ok"], counts["errors"], seconds, latencies, dict(failures), open_loop=bool(rate))


def table(results: list[Result], baseline: Result) -> str:
    lines = [f"{'benchmark':44} {'ok':>7} {'err':>5} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
             f"{'x baseline':>10}"]
    for r in results:
        ratio = r.throughput / baseline.throughput if baseline.throughput else float("nan")
        lines.append(f"{r.name:44} {r.ok:7d} {r.errors:5d} {r.throughput:8.1f} {r.percentile(50):8.2f} "
                     f"{r.percentile(95):8.2f} {r.percentile(99):8.2f} {ratio:10.2f}")
    return "\n".join(lines)



