"""Run a service's long-lived workers (outbox relay, consumers, sweepers) as threads of one process."""
from __future__ import annotations

import os
import signal
import threading
from typing import Any, Callable, Protocol, Sequence

from mcf.kit.logging import get_logger

log = get_logger(__name__)


class Worker(Protocol):
    name: str

    def run(self) -> None: ...

    def stop(self) -> None: ...


class StoppableWorker:
    """The common half of the kit's long-running Workers: a name, and ``stop()`` setting the event ``run`` loops on
    (and waits on, so a stop interrupts a sleep at once)."""

    def __init__(self, name: str):
        self.name = name
        self._stop = threading.Event()

    def stop(self) -> None:
        self._stop.set()


class Backoff:
    """The wait after a worker's failed round: ``first`` seconds, doubled each failure up to ``most``, back to
    ``first`` after a good round (``reset``). ``wait`` returns early when ``stop`` is set."""

    def __init__(self, stop: threading.Event, most: float, first: float = 0.5):
        self._stop = stop
        self.first = first
        self.most = most
        self.seconds = first

    def reset(self) -> None:
        self.seconds = self.first

    def wait(self) -> None:
        self._stop.wait(self.seconds)
        self.seconds = min(self.seconds * 2, self.most)


def pid_alive(pid: int) -> bool:
    """Whether process ``pid`` runs: one that exists but is another user's counts; a zombie (exited, not reaped)
    does not, though ``kill(pid, 0)`` still reaches it. Without /proc (not Linux) an existing pid counts."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            return fh.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    except FileNotFoundError:  # gone since the kill, or no /proc at all
        return not os.path.isdir("/proc/self")
    except (OSError, IndexError):
        return True


def run_workers(workers: Sequence[Worker], *, probe_port: int = 0, metrics_port: int = 0) -> None:
    """Start every worker in its own thread (each owns its connections) and stop them all on SIGTERM/SIGINT.

    Stopping is graceful: each worker finishes what it holds (a consumer the message in hand, which it acks;
    messages prefetched but not started go back to the queue when its connection closes) and then the process
    exits. ``probe_port`` serves ``/health`` (every worker thread alive) and ``/ready`` (and every consumer
    consuming) for Kubernetes (``mcf.kit.probes``); ``metrics_port`` serves ``/metrics`` (with the same probes) for
    Prometheus: the consumers' queue depths and the relays' backlog among them (``mcf.kit.metrics``).
    """
    from mcf.kit.probes import serve_probes

    done = threading.Event()

    def _shutdown(signum, _frame):
        log.info("stopping", signal=signal.Signals(signum).name)
        done.set()

    signal.signal(signal.SIGTERM, _shutdown)
    signal.signal(signal.SIGINT, _shutdown)
    threads = []
    for worker in workers:
        thread = threading.Thread(target=_guard, args=(worker, done), name=worker.name, daemon=True)
        thread.start()
        threads.append(thread)
    log.info("workers started", workers=[w.name for w in workers])

    def alive() -> bool:
        return not done.is_set() and all(thread.is_alive() for thread in threads)

    def ready() -> bool:
        return alive() and all(w.ready.is_set() for w in workers if isinstance(getattr(w, "ready", None),
                                                                               threading.Event))

    # One port may serve both (Kubernetes: MCF_METRICS_PORT = MCF_PROBE_PORT): the metrics server has the probes.
    probes = serve_probes(probe_port, alive=alive, ready=ready) if probe_port != metrics_port else None
    exposition = None
    if metrics_port:
        from mcf.kit import metrics

        metrics.watch_workers(workers)
        exposition = metrics.serve_process(metrics_port, alive=alive, ready=ready)
    done.wait()
    for worker in workers:
        worker.stop()
    for thread in threads:
        thread.join(timeout=10)
    for server in (probes, exposition):
        if server is not None:
            server.shutdown()


def _guard(worker: Worker, done: threading.Event) -> None:
    try:
        worker.run()
    except Exception:  # noqa: BLE001 - a crashed worker takes the process down, so the supervisor restarts it
        log.exception("worker crashed", worker=worker.name)
        done.set()


class PeriodicJob(StoppableWorker):
    """A Worker that calls ``job()`` every ``interval_seconds`` until stopped; a failed round is logged and the
    next round tries again. What a round returns (ids, or a dict of lists of ids) is logged when it is not empty.

    The jobs behind it claim rows with ``SELECT … FOR UPDATE SKIP LOCKED``, so several processes can run the same
    job side by side without handling one row twice; ``claim`` (e.g. ``mcf.kit.db.TickClaim``) makes a round run
    once per tick across all replicas: a round starts only when ``claim()`` is True (ADR 0140).
    """

    def __init__(self, name: str, job: Callable[[], Any], interval_seconds: float, *,
                 claim: Callable[[], bool] | None = None):
        super().__init__(name)
        self.job = job
        self.interval_seconds = interval_seconds
        self.claim = claim

    def run_once(self) -> Any:
        return self.job()

    def run(self) -> None:
        while not self._stop.is_set():
            try:
                if self.claim is not None and not self.claim():
                    self._stop.wait(self.interval_seconds)
                    continue
                done = self.job()
                if _did_something(done):
                    log.info("periodic job did work", job=self.name, **_summary(done))
            except Exception:  # noqa: BLE001 - a database or broker hiccup must not end the job; next round
                log.exception("periodic job round failed; will try again", job=self.name)
            self._stop.wait(self.interval_seconds)


def _did_something(done: Any) -> bool:
    return any(done.values()) if isinstance(done, dict) else bool(done)


def _summary(done: Any) -> dict:
    if isinstance(done, dict):
        return {key: _first(value) for key, value in done.items()}
    return {"count": len(done), "ids": list(done)[:20]} if isinstance(done, (list, tuple)) else {"result": done}


def _first(value: Any) -> Any:
    """A job's figure as logged: the first 20 ids of a collection, a count as it is."""
    return list(value)[:20] if isinstance(value, (list, tuple, set, frozenset)) else value
