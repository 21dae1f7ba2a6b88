"""Reading queues and waiting for conditions, for tests on the real broker."""
from __future__ import annotations

import time

import pika

from mcf.kit.messaging import connection_parameters


def get_all(amqp_url: str, queue: str, expect: int, timeout: float = 10.0) -> list:
    """Up to ``expect`` (properties, body) pairs from a queue, waiting for them; acked."""
    connection = pika.BlockingConnection(connection_parameters(amqp_url))
    channel = connection.channel()
    got, deadline = [], time.monotonic() + timeout
    while len(got) < expect and time.monotonic() < deadline:
        method, properties, body = channel.basic_get(queue, auto_ack=True)
        if method is None:
            time.sleep(0.05)
            continue
        got.append((properties, body))
    connection.close()
    return got


def wait_for(predicate, timeout: float = 10.0, step: float = 0.05):
    """The predicate's first truthy value within ``timeout``, else its last value."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    return predicate()
