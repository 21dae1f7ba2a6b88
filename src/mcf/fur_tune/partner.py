"""The reference fur-tune partner: reads ``order.created`` from its own queue and answers ``fortune.issued`` on
its own exchange, over AMQP only, with its own RabbitMQ user (it may read ``fur-tune.orders`` and write
``fur-tune.out``, nothing else; it declares nothing: MCF's topology owns the queue and the bindings).

A plain pika consumer: the partner has no database, so no inbox. The order message is acked only after the
answer is confirmed by the broker, so a crash in between answers twice (same cookie, new event id: MCF keeps one).
The delay is a pika timer, not a sleep, so heartbeats and other orders go on while an answer waits.
"""
from __future__ import annotations

import functools
import threading
from dataclasses import dataclass, replace

import pika
import pika.exceptions

from mcf.fur_tune.fortunes import fortune_for
from mcf.kit import tracing
from mcf.kit.events import EnvelopeError, Event
from mcf.kit.logging import get_logger
from mcf.kit.messaging import connection_parameters
from mcf.kit.runtime import Backoff, StoppableWorker

log = get_logger(__name__)

ORDERS_QUEUE = "fur-tune.orders"
OUT_EXCHANGE = "fur-tune.out"
SOURCE = "/fur-tune"


@dataclass(frozen=True)
class PartnerOptions:
    delay_seconds: float = 1.0
    silent: bool = False
    prefetch: int = 200
    reconnect_max_seconds: float = 30.0


def answer_for(order: Event) -> Event | None:
    """The ``fortune.issued`` answering an ``order.created``; None if it is not one we can answer."""
    order_id = order.data.get("order_id")
    if order.type != "order.created" or not isinstance(order_id, str) or not order_id:
        return None
    locale = order.data.get("locale") if order.data.get("locale") in ("en", "ru") else None
    fortune = fortune_for(order_id, locale)
    return Event(type="fortune.issued", source=SOURCE, subject=order_id, exchange=OUT_EXCHANGE,
                 correlationid=order.correlationid,
                 data={"order_id": order_id, "fortune_id": fortune.id, "text": fortune.text,
                       "locale": fortune.locale})


class FortunePartner(StoppableWorker):
    """A runtime Worker: consumes ``fur-tune.orders`` and publishes answers with confirms, persistent."""

    def __init__(self, url: str, options: PartnerOptions | None = None):
        super().__init__("fur-tune.partner")
        self.url = url
        self.options = options or PartnerOptions()
        self.ready = threading.Event()

    def run(self) -> None:
        backoff = Backoff(self._stop, most=self.options.reconnect_max_seconds)
        while not self._stop.is_set():
            connection = None
            try:
                connection = pika.BlockingConnection(connection_parameters(self.url))
                channel = connection.channel()
                channel.confirm_delivery()
                channel.basic_qos(prefetch_count=self.options.prefetch)
                channel.basic_consume(ORDERS_QUEUE, functools.partial(self._on_order, connection))
                log.info("consuming", queue=ORDERS_QUEUE, silent=self.options.silent,
                         delay_seconds=self.options.delay_seconds)
                self.ready.set()
                backoff.reset()
                while not self._stop.is_set():
                    connection.process_data_events(time_limit=0.5)
                connection.close()
            except (pika.exceptions.AMQPError, OSError) as exc:
                self.ready.clear()
                log.warning("partner lost the broker; reconnecting", error=f"{type(exc).__name__}: {exc}",
                            retry_in=backoff.seconds)
                if connection is not None and connection.is_open:
                    try:
                        connection.close()
                    except (pika.exceptions.AMQPError, OSError):
                        pass
                backoff.wait()

    def _on_order(self, connection, channel, method, _properties, body: bytes) -> None:
        try:
            order = Event.from_json(body)
        except EnvelopeError as exc:
            log.error("malformed order message dropped", error=str(exc))
            channel.basic_reject(method.delivery_tag, requeue=False)
            return
        answer = answer_for(order)
        if answer is not None:
            # The answer continues the order's trace (we are inside the receive span pika's instrumentation opened
            # from the headers; else the envelope's traceparent): the partner's part is in the order's trace.
            within = tracing.TRACEPARENT in (_properties.headers or {})
            answer = replace(answer, traceparent=(within and tracing.current_traceparent()) or order.traceparent)
        if answer is None:
            log.error("message is not an order we can answer; dropped", type=order.type, event_id=order.id)
            channel.basic_reject(method.delivery_tag, requeue=False)
            return
        if self.options.silent:
            log.info("silent: no fortune sent", order_id=answer.subject)
            channel.basic_ack(method.delivery_tag)
            return
        tag = method.delivery_tag
        connection.call_later(self.options.delay_seconds, lambda: self._answer(channel, tag, answer))

    def _answer(self, channel, delivery_tag: int, answer: Event) -> None:
        if not channel.is_open:
            return  # the order is redelivered on the next connection
        # A timer runs outside the receive span: the answer's publish continues the trace the answer carries.
        with tracing.producer(f"fur-tune answer {answer.type}", parent=answer.traceparent, **{
                "messaging.message.id": answer.id}):
            channel.basic_publish(OUT_EXCHANGE, answer.routing_key, answer.to_json(), pika.BasicProperties(
                content_type="application/json", delivery_mode=pika.DeliveryMode.Persistent, message_id=answer.id,
                correlation_id=answer.correlationid, type=answer.type, headers={}))
        channel.basic_ack(delivery_tag)
        log.info("fortune sent", order_id=answer.subject, fortune_id=answer.data["fortune_id"])
