"""Reading queues and waiting for conditions, for tests on the real broker."""
from __future__ import annotations

import threading
import time
from contextlib import contextmanager

import pika

from mcf.kit.messaging import Exchange, Queue, Topology, connection_parameters, declare_topology


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


@contextmanager
def temporary_queue(amqp_url: str, queue: Queue, exchanges: tuple[Exchange, ...] = ()):
    """Declare ``queue`` (and its retry and dead-letter queues, and ``exchanges``) for one test; delete them after."""
    declare_topology(amqp_url, Topology(exchanges=exchanges, queues=(queue,)))
    try:
        yield queue
    finally:
        connection = pika.BlockingConnection(connection_parameters(amqp_url))
        channel = connection.channel()
        for name in (queue.name, queue.retry_queue, queue.dead_letter_queue):
            channel.queue_delete(name)
        for exchange in exchanges:
            channel.exchange_delete(exchange.name)
        connection.close()


@contextmanager
def running(*workers, join_seconds: float = 5.0):
    """Run ``workers`` (consumers, relays, jobs) each in a daemon thread; wait until every one with a ``ready``
    event is consuming; stop and join them all when the block ends."""
    threads = [threading.Thread(target=w.run, name=w.name, daemon=True) for w in workers]
    for thread in threads:
        thread.start()
    try:
        for worker in workers:
            if hasattr(worker, "ready"):
                assert worker.ready.wait(10), f"{worker.name} did not start"
        yield workers
    finally:
        for worker in workers:
            worker.stop()
        for thread in threads:
            thread.join(join_seconds)
