"""The dramatiq side of delivery: enqueueing a send job by name."""
from __future__ import annotations

import dramatiq

SEND_QUEUE = "notification.send"
SEND_ACTOR = "send_notification"


class DramatiqJobQueue:
    """JobQueue: builds the message by name, so the enqueuing process needs the broker only, not the actor."""

    def __init__(self, broker: dramatiq.Broker):
        self.broker = broker

    def enqueue_send(self, notification_id: str) -> None:
        self.broker.enqueue(dramatiq.Message(queue_name=SEND_QUEUE, actor_name=SEND_ACTOR,
                                             args=(notification_id,), kwargs={}, options={}))
