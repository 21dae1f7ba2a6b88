"""The follow-ups as a runtime worker: every interval, export answers to ClickHouse and queue the notices.

Rows are claimed with ``FOR UPDATE SKIP LOCKED``, so several worker processes can run it side by side.
"""
from __future__ import annotations

import threading
from typing import Callable

from mcf.kit.logging import get_logger

log = get_logger(__name__)


class FollowUpJob:
    """A runtime Worker calling ``job()`` every ``interval_seconds``; a failed round is logged and tried again."""

    def __init__(self, name: str, job: Callable[[], dict], interval_seconds: float):
        self.name, self.job, self.interval_seconds = name, job, interval_seconds
        self._stop = threading.Event()

    def stop(self) -> None:
        self._stop.set()

    def run(self) -> None:
        while not self._stop.is_set():
            try:
                done = self.job()
                if any(done.values()):
                    log.info("follow-ups done", job=self.name, **done)
            except Exception:  # noqa: BLE001 - a ClickHouse or database hiccup must not end the job; next round
                log.exception("follow-up round failed; will try again", job=self.name)
            self._stop.wait(self.interval_seconds)
