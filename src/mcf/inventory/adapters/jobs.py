"""The dramatiq side of kit preparation: sending jobs by actor name."""
from __future__ import annotations

from datetime import datetime
from typing import Callable

import dramatiq

from mcf.inventory.domain import FortuneIssued
from mcf.kit.events import utcnow

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
