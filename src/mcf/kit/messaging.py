"""RabbitMQ through pika: topology from one description, a confirming publisher, and a consumer with an inbox.

Consumer rules (ARCHITECTURE.md §4): ack only after the handler's transaction commits; the event id goes into
the inbox table in that transaction, so a redelivered duplicate is acked and skipped; a failing handler is
retried through a delay queue with bounded backoff; a poison message is dead-lettered with the reason in its
headers, and the consumer carries on; a lost connection is re-established with backoff.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Callable, Iterable

import peewee
import pika
import pika.exceptions

from mcf.kit import metrics, tracing
from mcf.kit.correlation import correlation_scope
from mcf.kit.db import claim_inbox
from mcf.kit.events import EnvelopeError, Event
from mcf.kit.logging import get_logger
from mcf.kit.runtime import Backoff, StoppableWorker

log = get_logger(__name__)

DEAD_LETTER_EXCHANGE = "mcf.dead-letter"
ATTEMPTS_HEADER = "x-mcf-attempts"
REASON_HEADER = "x-mcf-death-reason"
QUEUE_HEADER = "x-mcf-death-queue"
# Where a message first came from, kept through retries (which come back through the default exchange) and into
# the dead-letter queue, so `mcf dlq list` can tell it.
EXCHANGE_HEADER = "x-mcf-original-exchange"
ROUTING_KEY_HEADER = "x-mcf-original-routing-key"


class BrokerUnavailable(Exception):
    """The broker did not take the message (connection lost, nack); the caller keeps it and tries later."""


class Rejected(Exception):
    """The message can never be handled (malformed, fails its schema): dead-letter it with this reason."""


@dataclass(frozen=True)
class Exchange:
    name: str
    type: str = "topic"


@dataclass(frozen=True)
class Binding:
    exchange: str
    routing_key: str


@dataclass(frozen=True)
class Queue:
    """A consumer's durable queue; it gets ``<name>.retry`` (delay) and ``<name>.dead`` (dead letters) beside it."""

    name: str
    bindings: tuple[Binding, ...] = ()

    @property
    def retry_queue(self) -> str:
        return f"{self.name}.retry"

    @property
    def dead_letter_queue(self) -> str:
        return f"{self.name}.dead"


@dataclass(frozen=True)
class Topology:
    exchanges: tuple[Exchange, ...] = ()
    queues: tuple[Queue, ...] = ()

    def queue(self, name: str) -> Queue:
        for queue in self.queues:
            if queue.name == name:
                return queue
        raise KeyError(f"no queue {name!r} in the topology")

    def merge(self, other: "Topology") -> "Topology":
        return Topology(tuple(dict.fromkeys(self.exchanges + other.exchanges)),
                        tuple(dict.fromkeys(self.queues + other.queues)))


def connection_parameters(url: str) -> pika.URLParameters:
    params = pika.URLParameters(url)
    params.heartbeat = 30
    params.blocked_connection_timeout = 30
    params.socket_timeout = 5
    params.connection_attempts = 1
    return params


# Quorum queues (ADR 0130): a confirmed message is on disk (and, in a cluster, on a majority of nodes) before the
# publisher hears so, and a broker that is SIGKILLed and restarted still has it. The retry queue's expired messages
# go back to the main queue by dead-lettering, which a quorum queue does at-least-once (it keeps a message until the
# target confirms it); that strategy needs ``reject-publish`` overflow.
QUORUM = {"x-queue-type": "quorum"}
RETRY_QUORUM = {**QUORUM, "x-dead-letter-strategy": "at-least-once", "x-overflow": "reject-publish"}


def _durable_queue(channel, name: str, arguments: dict) -> None:
    """Declare a quorum queue; an existing classic queue of that name (declared before ADR 0130) is kept as it is,
    with a warning, rather than failing every process that starts: it is probed on a channel of its own, since a
    refused declaration closes the channel it was made on."""
    probe = channel.connection.channel()
    try:
        probe.queue_declare(name, durable=True, arguments=arguments)
    except pika.exceptions.ChannelClosedByBroker as exc:
        if exc.reply_code != 406:  # PRECONDITION_FAILED: it exists with other arguments
            raise
        log.warning("queue exists as a classic queue; kept (drain and delete it to get a quorum queue)",
                    queue=name, error=exc.reply_text)
    else:
        probe.close()


def declare_queue(channel, queue: Queue) -> None:
    channel.exchange_declare(DEAD_LETTER_EXCHANGE, exchange_type="direct", durable=True)
    _durable_queue(channel, queue.name, QUORUM)
    # Expired retries flow back to the main queue through the default exchange.
    _durable_queue(channel, queue.retry_queue, {
        **RETRY_QUORUM, "x-dead-letter-exchange": "", "x-dead-letter-routing-key": queue.name})
    _durable_queue(channel, queue.dead_letter_queue, QUORUM)
    channel.queue_bind(queue.dead_letter_queue, DEAD_LETTER_EXCHANGE, routing_key=queue.name)
    for binding in queue.bindings:
        channel.exchange_declare(binding.exchange, exchange_type="topic", durable=True)
        channel.queue_bind(queue.name, binding.exchange, routing_key=binding.routing_key)


def declare(channel, topology: Topology) -> None:
    """Declare every exchange, queue and binding; idempotent, so every process may do it at start-up."""
    channel.exchange_declare(DEAD_LETTER_EXCHANGE, exchange_type="direct", durable=True)
    for exchange in topology.exchanges:
        channel.exchange_declare(exchange.name, exchange_type=exchange.type, durable=True)
    for queue in topology.queues:
        declare_queue(channel, queue)


def declare_topology(url: str, topology: Topology) -> None:
    connection = pika.BlockingConnection(connection_parameters(url))
    try:
        declare(connection.channel(), topology)
    finally:
        connection.close()


@dataclass(frozen=True)
class OutgoingMessage:
    """One message for ``Publisher.publish_batch``."""

    exchange: str
    routing_key: str
    body: bytes
    message_id: str
    correlation_id: str | None = None
    headers: dict | None = None
    # Set by the outbox relays: the publish continues the trace of the request that wrote the row (ADR 0160).
    traceparent: str | None = None
    relay: str | None = None


class BatchNotConfirmed(BrokerUnavailable):
    """Part of a batch was not confirmed (nacked, or the connection was lost before its confirm came);
    ``confirmed`` holds the indexes of the messages the broker did confirm."""

    def __init__(self, message: str, confirmed: frozenset[int]):
        super().__init__(message)
        self.confirmed = confirmed


class _Confirms:
    """Publisher confirms with many messages in flight on one pika BlockingChannel (ADR 0150).

    pika's own confirm mode waits for each message's confirm in ``basic_publish``; this turns confirm mode on
    through the channel's underlying (asynchronous) channel instead and tracks delivery tags itself, so a batch
    is written to the socket at once and waited for once. Relies on pika 1.4's BlockingChannel internals
    (``_impl``, ``_flush_output``): pika is pinned (setup.cfg) and tests/integration cover it.
    """

    def __init__(self, channel):
        self.channel = channel
        self.next_tag = 1
        self.pending: dict[int, int] = {}  # delivery tag -> index in the current batch
        self.acked: set[int] = set()
        self.nacked: set[int] = set()
        selected: list[bool] = []
        channel._impl.confirm_delivery(ack_nack_callback=self._on_confirm,
                                       callback=lambda _frame: selected.append(True))
        channel._flush_output(lambda: bool(selected))

    def _on_confirm(self, frame) -> None:
        method = frame.method
        tags = ([t for t in self.pending if t <= method.delivery_tag] if method.multiple
                else [method.delivery_tag])
        done = self.nacked if isinstance(method, pika.spec.Basic.Nack) else self.acked
        for tag in tags:
            index = self.pending.pop(tag, None)
            if index is not None:
                done.add(index)

    def publish(self, messages: list[OutgoingMessage]) -> None:
        """Publish all, wait once; raises BatchNotConfirmed unless every message was acked."""
        self.pending.clear(), self.acked.clear(), self.nacked.clear()
        try:
            for index, m in enumerate(messages):
                properties = pika.BasicProperties(
                    content_type="application/json", delivery_mode=pika.DeliveryMode.Persistent,
                    message_id=m.message_id, correlation_id=m.correlation_id, headers=m.headers or {})
                self.pending[self.next_tag] = index
                self.next_tag += 1
                if m.relay is None:
                    self.channel._impl.basic_publish(m.exchange, m.routing_key, m.body, properties)
                    continue
                with tracing.producer(f"outbox publish {m.routing_key}", parent=m.traceparent,
                                      **{"messaging.message.id": m.message_id, "mcf.relay": m.relay}):
                    self.channel._impl.basic_publish(m.exchange, m.routing_key, m.body, properties)
            self.channel._flush_output(lambda: not self.pending)
        except (pika.exceptions.AMQPError, OSError) as exc:
            raise BatchNotConfirmed(f"{type(exc).__name__}: {exc}", frozenset(self.acked)) from exc
        if self.nacked:
            raise BatchNotConfirmed(f"the broker nacked {len(self.nacked)} of {len(messages)} messages",
                                    frozenset(self.acked))


class Publisher:
    """Publishes persistent messages with publisher confirms on its own connection (one per thread)."""

    def __init__(self, url: str, topology: Topology | None = None):
        self.url = url
        self.topology = topology
        self._connection = None
        self._channel = None
        self._confirms: _Confirms | None = None

    def _ensure_channel(self):
        if self._channel is None or not self._channel.is_open:
            self.close()
            self._connection = pika.BlockingConnection(connection_parameters(self.url))
            self._channel = self._connection.channel()
            if self.topology is not None:
                declare(self._channel, self.topology)
            self._confirms = _Confirms(self._channel)
        return self._channel

    def publish_batch(self, messages: list[OutgoingMessage]) -> None:
        """Publish ``messages`` in order, then wait once for all their confirms (ADR 0150).

        Raises BatchNotConfirmed (a BrokerUnavailable) if any was not confirmed; its ``confirmed`` says which
        were, so the caller marks those as sent and keeps the rest. The connection is dropped on any failure.
        """
        if not messages:
            return
        try:
            self._ensure_channel()
            self._confirms.publish(messages)
        except BatchNotConfirmed:
            self.close()
            raise
        except (pika.exceptions.AMQPError, OSError) as exc:
            self.close()
            raise BatchNotConfirmed(f"{type(exc).__name__}: {exc}", frozenset()) from exc

    def publish_raw(self, exchange: str, routing_key: str, body: bytes, *, message_id: str,
                    correlation_id: str | None = None, headers: dict | None = None) -> None:
        self.publish_batch([OutgoingMessage(exchange, routing_key, body, message_id, correlation_id, headers)])

    def publish(self, event: Event) -> None:
        event = tracing.stamped(event)
        self.publish_raw(event.exchange, event.routing_key, event.to_json(), message_id=event.id,
                         correlation_id=event.correlationid)

    def keepalive(self) -> None:
        """Let pika answer heartbeats while the owner idles."""
        if self._connection is not None and self._connection.is_open:
            try:
                self._connection.process_data_events(time_limit=0)
            except (pika.exceptions.AMQPError, OSError):
                self.close()

    def close(self) -> None:
        connection, self._connection, self._channel, self._confirms = self._connection, None, None, None
        if connection is not None and connection.is_open:
            try:
                connection.close()
            except (pika.exceptions.AMQPError, OSError):
                pass


# What ``Consumer._handle`` returns for an event its inbox had already: acked, nothing run.
_DUPLICATE = object()

# A handler gets the event inside the consumer's transaction; it may return a callable to run after commit.
Handler = Callable[[Event], Callable[[], None] | None]


@dataclass
class ConsumerOptions:
    max_attempts: int = 5
    retry_base_ms: int = 500
    retry_max_ms: int = 30_000
    prefetch: int = 20
    reconnect_max_seconds: float = 30.0
    # Exceptions that mean a dependency (not the message) is down, like a lost database: the message is requeued
    # after a pause and the attempt is not counted, so an outage never dead-letters good messages.
    requeue_on: tuple[type[BaseException], ...] = ()

    @classmethod
    def from_settings(cls, settings) -> "ConsumerOptions":
        return cls(max_attempts=settings.consumer_max_attempts, retry_base_ms=settings.consumer_retry_base_ms,
                   retry_max_ms=settings.consumer_retry_max_ms)


class Consumer(StoppableWorker):
    """Consumes one queue; runs ``handler`` per event in a database transaction together with the inbox record.

    ``database=None`` is for a handler idempotent by construction (a natural key in a store without
    transactions, e.g. a ClickHouse ReplacingMergeTree row keyed by id and version): it runs with no inbox and
    no transaction, and a redelivery simply repeats it.
    """

    def __init__(self, url: str, queue: Queue, handler: Handler, database: peewee.Database | None, *,
                 name: str | None = None, options: ConsumerOptions | None = None,
                 exchanges: Iterable[str] = ()):
        super().__init__(name or queue.name)
        self.url = url
        self.queue = queue
        self.handler = handler
        self.database = database
        self.options = options or ConsumerOptions()
        self._connection = None
        self.ready = threading.Event()

    def run(self) -> None:
        backoff = Backoff(self._stop, most=self.options.reconnect_max_seconds)
        while not self._stop.is_set():
            try:
                self._connection = pika.BlockingConnection(connection_parameters(self.url))
                channel = self._connection.channel()
                channel.confirm_delivery()
                declare_queue(channel, self.queue)
                channel.basic_qos(prefetch_count=self.options.prefetch)
                channel.basic_consume(self.queue.name, self._on_message)
                log.info("consuming", queue=self.queue.name)
                self.ready.set()
                backoff.reset()
                while not self._stop.is_set():
                    self._connection.process_data_events(time_limit=0.5)
                self._connection.close()
            except (pika.exceptions.AMQPError, OSError) as exc:
                self.ready.clear()
                log.warning("consumer lost the broker; reconnecting", queue=self.queue.name, error=str(exc),
                            retry_in=backoff.seconds)
                backoff.wait()
            finally:
                self._connection = None

    # -- one message -----------------------------------------------------------------------------------------
    def _on_message(self, channel, method, properties, body: bytes) -> None:
        headers = dict(properties.headers or {})
        attempts = int(headers.get(ATTEMPTS_HEADER, 0))
        try:
            event = Event.from_json(body, exchange=method.exchange)
        except EnvelopeError as exc:
            self._dead_letter(channel, method, properties, body, f"malformed envelope: {exc}", attempts)
            return
        # The inbox step's span: a child of the receive span pika's instrumentation opened from the AMQP
        # headers, or, for a message without them, of the trace the envelope carries (ADR 0160).
        parent = None if tracing.TRACEPARENT in headers else event.traceparent
        with correlation_scope(event.correlationid), tracing.consumer(
                f"{self.name} handle {event.type}", parent=parent, **{
                    "messaging.system": "rabbitmq", "messaging.destination.name": self.queue.name,
                    "messaging.message.id": event.id, "mcf.event.type": event.type, "mcf.attempt": attempts}):
            try:
                after_commit = self._handle(event)
            except Rejected as exc:
                self._dead_letter(channel, method, properties, body, f"rejected: {exc}", attempts)
                return
            except (peewee.OperationalError, peewee.InterfaceError, *self.options.requeue_on) as exc:
                # The database (or another dependency), not the message, is at fault: keep the message, slow down.
                log.warning("dependency unavailable; message requeued", event_id=event.id, error=str(exc))
                metrics.consumed(self.queue.name, "requeued")
                self._stop.wait(1.0)
                channel.basic_nack(method.delivery_tag, requeue=True)
                return
            except Exception as exc:  # noqa: BLE001 - any other failure is retried, then dead-lettered
                tracing.record_error(exc)
                self._retry_or_give_up(channel, method, properties, body, attempts, event, exc)
                return
            channel.basic_ack(method.delivery_tag)
            if after_commit is _DUPLICATE:
                metrics.consumed(self.queue.name, "duplicate")
                return
            metrics.consumed(self.queue.name, "handled")
            if after_commit is not None:
                try:
                    after_commit()
                except Exception:  # noqa: BLE001 - committed work is safe; the service's sweeper catches up
                    log.exception("after-commit action failed", event_id=event.id)

    def _handle(self, event: Event):
        if self.database is None:
            return self.handler(event)
        with self.database.connection_context():
            with self.database.atomic():
                if not claim_inbox(self.database, self.name, event.id):
                    log.info("duplicate event skipped", event_id=event.id, type=event.type, consumer=self.name)
                    return _DUPLICATE
                return self.handler(event)

    def _retry_or_give_up(self, channel, method, properties, body, attempts, event, exc) -> None:
        attempts += 1
        metrics.handler_failed(self.queue.name)
        if attempts >= self.options.max_attempts:
            log.error("handler failed; giving up", event_id=event.id, attempts=attempts, error=repr(exc))
            self._dead_letter(channel, method, properties, body,
                              f"handler failed {attempts} times; last error: {exc!r}", attempts)
            return
        delay = min(self.options.retry_base_ms * 2 ** (attempts - 1), self.options.retry_max_ms)
        log.warning("handler failed; will retry", event_id=event.id, attempts=attempts, retry_in_ms=delay,
                    error=repr(exc))
        self._republish(channel, "", self.queue.retry_queue, properties, body,
                        {ATTEMPTS_HEADER: attempts, **_origin(method, properties)}, expiration=str(delay))
        channel.basic_ack(method.delivery_tag)
        metrics.consumed(self.queue.name, "retried")

    def _dead_letter(self, channel, method, properties, body, reason: str, attempts: int) -> None:
        log.error("message dead-lettered", queue=self.queue.name, reason=reason,
                  message_id=properties.message_id)
        self._republish(channel, DEAD_LETTER_EXCHANGE, self.queue.name, properties, body,
                        {REASON_HEADER: reason[:1000], QUEUE_HEADER: self.queue.name, ATTEMPTS_HEADER: attempts,
                         **_origin(method, properties)})
        channel.basic_ack(method.delivery_tag)
        metrics.consumed(self.queue.name, "dead_lettered")

    @staticmethod
    def _republish(channel, exchange, routing_key, properties, body, extra_headers, expiration=None) -> None:
        """Publish a copy (confirmed) before the original is acked, so a crash in between duplicates, never loses."""
        headers = {**(properties.headers or {}), **extra_headers}
        channel.basic_publish(exchange, routing_key, body, pika.BasicProperties(
            content_type=properties.content_type, delivery_mode=pika.DeliveryMode.Persistent,
            message_id=properties.message_id, correlation_id=properties.correlation_id,
            headers=headers, expiration=expiration))


def _origin(method, properties) -> dict:
    """The exchange and routing key a message was first published with (a retry's headers already hold them)."""
    headers = properties.headers or {}
    if EXCHANGE_HEADER in headers:
        return {}
    return {EXCHANGE_HEADER: method.exchange, ROUTING_KEY_HEADER: method.routing_key}
