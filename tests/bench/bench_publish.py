"""The outbox relay's publishing alone: N persistent messages with confirms, one wait per message (pika's
confirm mode, as the relay did before ADR 0150) or one wait per batch (``Publisher.publish_batch``).

    python -m tests.bench.bench_publish --mode single --messages 2000
    python -m tests.bench.bench_publish --mode batch --messages 2000 --batch 100

Meant to be timed as a whole process, the two modes in turn (A B A B ...), on a quiet-ish machine. Uses a
queue of its own on ``MCF_TEST_AMQP_URL`` (or the test vhost), deleted afterwards.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
import uuid

import pika

from mcf.kit.messaging import OutgoingMessage, Publisher, connection_parameters

BODY = b'{"specversion":"1.0","type":"inventory.ready","data":{"order_id":"x"}}' * 4


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mode", choices=("single", "batch"), required=True)
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--batch", type=int, default=100)
    args = parser.parse_args(argv)
    url = os.environ.get("MCF_TEST_AMQP_URL") or \
        f"amqp://guest:guest@127.0.0.1:5672/{os.environ.get('MCF_TEST_VHOST', 'mcf_test')}"
    queue = f"bench.publish.{uuid.uuid4().hex[:8]}"
    connection = pika.BlockingConnection(connection_parameters(url))
    channel = connection.channel()
    channel.queue_declare(queue, durable=True)
    started = time.perf_counter()
    if args.mode == "single":
        channel.confirm_delivery()
        for n in range(args.messages):
            channel.basic_publish("", queue, BODY, pika.BasicProperties(delivery_mode=2, message_id=str(n)))
    else:
        publisher = Publisher(url)
        for first in range(0, args.messages, args.batch):
            publisher.publish_batch([OutgoingMessage("", queue, BODY, str(n))
                                     for n in range(first, min(first + args.batch, args.messages))])
        publisher.close()
    seconds = time.perf_counter() - started
    count = channel.queue_declare(queue, durable=True, passive=True).method.message_count
    channel.queue_delete(queue)
    connection.close()
    print(f"{args.mode}: {args.messages} messages in {seconds:.2f} s ({args.messages / seconds:.0f}/s), "
          f"{count} in the queue")
    return 0 if count == args.messages else 1


if __name__ == "__main__":
    sys.exit(main())
