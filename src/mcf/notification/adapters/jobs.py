"""The dramatiq side of delivery: enqueueing a send job, and the sweeper that re-enqueues what was missed."""
from __future__ import annotations

import threading
from typing import Callable

import dramatiq

from mcf.kit.logging import get_logger

log = get_logger(__name__)

SEND_QUEUE = "notification.send"
SEND_ACTOR = "send_notification"


class DramatiqJobQueue:
    """JobQueue: builds the message by name, so the enqueuing process needs the broker only, not the actor."""

    def __init__(self, broker: dramatiq.Broker):
        self.broker = broker

    def enqueue_send(self, notification_id: str) -> None:
        self.broker.enqueue(dramatiq.Message(queue_name=SEND_QUEUE, actor_name=SEND_ACTOR,
                                             args=(notification_id,), kwargs={}, options={}))


class Sweeper:
    """A runtime Worker calling ``sweep`` every ``interval_seconds`` until stopped."""

    def __init__(self, sweep: Callable[[], list[str]], interval_seconds: float, name: str = "notification.sweeper"):
        self.sweep = sweep
        self.interval_seconds = interval_seconds
        self.name = name
        self._stop = threading.Event()

    def stop(self) -> None:
        self._stop.set()

    def run(self) -> None:
        while not self._stop.is_set():
            try:
                requeued = self.sweep()
                if requeued:
                    log.warning("stale notifications requeued", count=len(requeued), ids=requeued[:20])
            except Exception:  # noqa: BLE001 - a database or broker hiccup must not end the sweeper; next round
                log.exception("sweep failed; will try again")
            self._stop.wait(self.interval_seconds)
