"""dramatiq on RabbitMQ for background jobs inside one service (never across services: ARCHITECTURE.md §4)."""
from __future__ import annotations

import dramatiq
from dramatiq.brokers.rabbitmq import RabbitmqBroker
from dramatiq.middleware import AgeLimit, Callbacks, Pipelines, Retries, ShutdownNotifications, TimeLimit

from mcf.kit.config import Settings
from mcf.kit.messaging import connection_parameters


def make_broker(settings: Settings, *, max_retries: int = 8, min_backoff_ms: int = 1_000,
                max_backoff_ms: int = 300_000, time_limit_ms: int = 60_000) -> RabbitmqBroker:
    """A broker with publisher confirms on (dramatiq's default is off) and bounded retries with backoff.

    TimeLimit cannot interrupt blocking I/O, so every outbound call inside an actor carries its own timeout.
    """
    broker = RabbitmqBroker(url=settings.amqp_url, confirm_delivery=True, middleware=[
        AgeLimit(), TimeLimit(time_limit=time_limit_ms), ShutdownNotifications(), Callbacks(), Pipelines(),
        Retries(max_retries=max_retries, min_backoff=min_backoff_ms, max_backoff=max_backoff_ms),
    ])
    # pika's defaults wait forever on a broker that blocks publishers: use the kit's heartbeat and timeouts.
    broker.parameters = connection_parameters(settings.amqp_url)
    return broker


def install(broker: RabbitmqBroker) -> RabbitmqBroker:
    dramatiq.set_broker(broker)
    return broker
