"""Scheduled work of order-service as runtime workers: each calls its job every interval until stopped.

The jobs claim rows with ``SELECT … FOR UPDATE SKIP LOCKED``, so several worker processes can run them side by
side without handling one order twice.
"""
from __future__ import annotations

import threading
from typing import Callable

from mcf.kit.logging import get_logger

log = get_logger(__name__)


class PeriodicJob:
    """A runtime Worker: ``job()`` every ``interval_seconds``; a failed round is logged and tried again."""

    def __init__(self, name: str, job: Callable[[], list[str]], interval_seconds: float):
        self.name = name
        self.job = job
        self.interval_seconds = interval_seconds
        self._stop = threading.Event()

    def stop(self) -> None:
        self._stop.set()

    def run_once(self) -> list[str]:
        return self.job()

    def run(self) -> None:
        while not self._stop.is_set():
            try:
                changed = self.job()
                if changed:
                    log.info("job changed orders", job=self.name, count=len(changed), ids=changed[:20])
            except Exception:  # noqa: BLE001 - a database or matching hiccup must not end the job; next round
                log.exception("job round failed; will try again", job=self.name)
            self._stop.wait(self.interval_seconds)
