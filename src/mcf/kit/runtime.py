"""Run a service's long-lived workers (outbox relay, consumers, sweepers) as threads of one process."""
from __future__ import annotations

import signal
import threading
from typing import Protocol, Sequence

from mcf.kit.logging import get_logger

log = get_logger(__name__)


class Worker(Protocol):
    name: str

    def run(self) -> None: ...

    def stop(self) -> None: ...


def run_workers(workers: Sequence[Worker]) -> None:
    """Start every worker in its own thread (each owns its connections) and stop them all on SIGTERM/SIGINT."""
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
    done.wait()
    for worker in workers:
        worker.stop()
    for thread in threads:
        thread.join(timeout=10)


def _guard(worker: Worker, done: threading.Event) -> None:
    try:
        worker.run()
    except Exception:  # noqa: BLE001 - a crashed worker takes the process down, so the supervisor restarts it
        log.exception("worker crashed", worker=worker.name)
        done.set()
