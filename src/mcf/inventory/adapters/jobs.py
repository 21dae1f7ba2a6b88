"""The dramatiq side of kit preparation: sending jobs by actor name, and the sweeper behind them."""
from __future__ import annotations

import threading
from datetime import datetime
from typing import Callable

import dramatiq

from mcf.inventory.domain import FortuneIssued
from mcf.kit.events import utcnow
from mcf.kit.logging import get_logger

log = get_logger(__name__)

KITS_QUEUE = "inventory.kits"
PREPARE_ACTOR = "prepare_kit"
ATTACH_ACTOR = "attach_fortune"
COMPLETE_ACTOR = "complete_kit"


class DramatiqKitJobs:
    """KitJobs: builds messages by actor name, so a sending process needs the broker only, not the actors."""

    def __init__(self, broker: dramatiq.Broker, clock: Callable[[], datetime] = utcnow):
        self.broker = broker
        self.clock = clock

    def _send(self, actor: str, args: tuple, delay_ms: int | None = None) -> None:
        self.broker.enqueue(dramatiq.Message(queue_name=KITS_QUEUE, actor_name=actor, args=args, kwargs={},
                                             options={}), delay=delay_ms)

    def prepare(self, order_id: str) -> None:
        self._send(PREPARE_ACTOR, (order_id,))

    def attach_fortune(self, fortune: FortuneIssued) -> None:
        self._send(ATTACH_ACTOR, (fortune.order_id, fortune.fortune_id, fortune.text, fortune.locale))

    def complete_at(self, order_id: str, deadline: datetime) -> None:
        # A scheduled message: dramatiq holds it in inventory.kits.DQ until its eta; no worker thread waits.
        delay = max(0, int((deadline - self.clock()).total_seconds() * 1000))
        self._send(COMPLETE_ACTOR, (order_id,), delay_ms=delay)


class Sweeper:
    """A runtime Worker calling ``sweep`` every ``interval_seconds`` until stopped."""

    def __init__(self, sweep: Callable[[], dict], interval_seconds: float, name: str = "inventory.sweeper"):
        self.sweep = sweep
        self.interval_seconds = interval_seconds
        self.name = name
        self._stop = threading.Event()

    def stop(self) -> None:
        self._stop.set()

    def run(self) -> None:
        while not self._stop.is_set():
            try:
                done = self.sweep()
                if any(done.values()):
                    log.warning("sweep caught up with kits", **{k: v[:20] for k, v in done.items()})
            except Exception:  # noqa: BLE001 - a database or broker hiccup must not end the sweeper; next round
                log.exception("sweep failed; will try again")
            self._stop.wait(self.interval_seconds)
