"""Run by test_tracing.py in a process of its own (tracing, once on, stays on in a process): a request span writes
an outbox row, the relay publishes it, a kit Consumer handles it; prints every finished span as JSON lines on
stdout. Arguments: amqp_url db_prefix name."""
from __future__ import annotations

import json
import sys
import threading
import time

from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind

from mcf.kit import db, mongo, tracing
from mcf.kit.config import Settings
from mcf.kit.events import Event
from mcf.kit.logging import configure as configure_logging
from mcf.kit.logging import get_logger
from mcf.kit.messaging import Binding, Consumer, Exchange, Publisher, Queue, Topology, declare_topology
from mcf.kit.mongo_outbox import MongoOutboxRelay, outbox_fields
from mcf.kit.outbox import OutboxRelay, PeeweeOutbox

log = get_logger("probe")


def main(amqp_url: str, db_prefix: str, name: str) -> int:
    configure_logging("probe")
    exporter = InMemorySpanExporter()
    assert tracing.configure("probe", exporter=exporter)
    settings = Settings.from_env().with_(amqp_url=amqp_url, db_prefix=db_prefix)
    database = db.connect(settings, f"kit_{name}")
    db.migrate(database)
    exchange = f"test.{name}"
    queue = Queue(f"test.{name}.q", (Binding(exchange, "thing.#"),))
    topology = Topology((Exchange(exchange),), (queue,))
    declare_topology(amqp_url, topology)
    handled = threading.Event()

    def handler(event: Event):
        log.info("probe handled", event_id=event.id)
        handled.set()

    consumer = Consumer(amqp_url, queue, handler, database)
    thread = threading.Thread(target=consumer.run, daemon=True)
    thread.start()
    try:
        assert consumer.ready.wait(30)
        with tracing.span("probe request", kind=SpanKind.SERVER):
            with database.connection_context(), database.atomic():
                PeeweeOutbox(database).add(Event(type="thing.happened", source="/mcf/test", data={"n": 1},
                                                 exchange=exchange))
        # outside any span: the relay continues the stored trace
        assert OutboxRelay(database, Publisher(amqp_url)).relay_once() == 1
        assert handled.wait(30)
        handled.clear()
        # the same through the MongoDB outbox: the event embedded in the document it comes with
        documents = mongo.connect(settings, f"kit_{name}")
        try:
            with tracing.span("probe mongo request", kind=SpanKind.SERVER):
                documents.things.insert_one({"_id": "thing-1", **outbox_fields([Event(
                    type="thing.happened", source="/mcf/test", data={"n": 2}, exchange=exchange)])})
            assert MongoOutboxRelay([documents.things], Publisher(amqp_url)).relay_once() == 1
            assert handled.wait(30)
        finally:
            documents.client.drop_database(documents.name)
            mongo.close(documents)
        time.sleep(0.5)
    finally:
        consumer.stop()
        thread.join(10)
        import pika

        connection = pika.BlockingConnection(pika.URLParameters(amqp_url))
        channel = connection.channel()
        for q in (queue.name, queue.retry_queue, queue.dead_letter_queue):
            channel.queue_delete(q)
        channel.exchange_delete(exchange)
        connection.close()
        database.close_all()
        db.drop_database(settings, database.database)
    for span in exporter.get_finished_spans():
        print("SPAN " + json.dumps(tracing.span_record(span, "probe"), default=str), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
