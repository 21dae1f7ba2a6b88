"""``mcf dlq list|replay``: the dead letters of every consumer's queue, and putting them back (ADR 0131).

A consumer that gives up on a message (malformed, rejected, or failing ``consumer_max_attempts`` times) publishes
it to ``<queue>.dead`` with the reason, the queue and where it first came from in its headers
(``mcf.kit.messaging``). ``list`` reads them without taking them (each is returned to its queue when the channel
closes). ``replay`` republishes the chosen ones to the queue they died in (the default exchange, routing key = the
queue), with the attempts counter reset, and only after the broker confirmed that copy acks the dead letter: once
and only once in the queue, and at worst (a crash between the two) once more in it, which the consumer's inbox
drops by the message's id. The original exchange and routing key are shown, and kept in the copy's headers; a
replay does not go through the exchange again, since that would also reach every other queue bound to it, whose
consumers handled the message already.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pika
import pika.exceptions

from mcf.kit.messaging import (
    ATTEMPTS_HEADER,
    EXCHANGE_HEADER,
    QUEUE_HEADER,
    REASON_HEADER,
    ROUTING_KEY_HEADER,
    Topology,
    connection_parameters,
)

REPLAYED_HEADER = "x-mcf-replayed"


@dataclass
class DeadLetter:
    message_id: str | None
    reason: str
    exchange: str | None
    routing_key: str | None
    attempts: int
    body: bytes
    headers: dict = field(default_factory=dict)

    def first_lines(self, lines: int = 3, width: int = 160) -> list[str]:
        text = self.body.decode("utf-8", "replace")
        return [line[:width] for line in text.splitlines()[:lines]] or [""]


@dataclass
class DeadLetterQueue:
    queue: str  # the consumer's queue; the dead letters are in ``<queue>.dead``
    count: int
    letters: list[DeadLetter]

    @property
    def dead_letter_queue(self) -> str:
        return f"{self.queue}.dead"


def _text(value) -> str | None:
    if value is None:
        return None
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def _letter(properties, body: bytes) -> DeadLetter:
    headers = dict(properties.headers or {})
    return DeadLetter(message_id=properties.message_id, reason=_text(headers.get(REASON_HEADER)) or "(no reason)",
                      exchange=_text(headers.get(EXCHANGE_HEADER)), routing_key=_text(headers.get(ROUTING_KEY_HEADER)),
                      attempts=int(headers.get(ATTEMPTS_HEADER, 0) or 0), body=body, headers=headers)


def queue_name(name: str, topology: Topology) -> str:
    """The consumer's queue for ``name`` (which may be given with its ``.dead`` suffix)."""
    base = name[:-len(".dead")] if name.endswith(".dead") else name
    topology.queue(base)  # KeyError for a queue MCF does not have
    return base


def _count(connection, queue: str) -> int:
    probe = connection.channel()
    try:
        return probe.queue_declare(queue, passive=True).method.message_count
    except pika.exceptions.ChannelClosedByBroker as exc:
        if exc.reply_code == 404:
            return 0
        raise
    finally:
        if probe.is_open:
            probe.close()


def list_dead_letters(url: str, topology: Topology, *, queues: list[str] | None = None,
                      show: int = 20) -> list[DeadLetterQueue]:
    """Every consumer queue's dead letters (count, and the first ``show`` of them), without taking any."""
    names = [queue_name(q, topology) for q in queues] if queues else [q.name for q in topology.queues]
    connection = pika.BlockingConnection(connection_parameters(url))
    try:
        result = []
        for name in names:
            dead = f"{name}.dead"
            count = _count(connection, dead)
            letters = []
            if count and show:
                channel = connection.channel()
                for _ in range(min(count, show)):
                    method, properties, body = channel.basic_get(dead, auto_ack=False)
                    if method is None:
                        break
                    letters.append(_letter(properties, body))
                channel.close()  # unacked: every one goes back to the queue, in its place
            result.append(DeadLetterQueue(name, count, letters))
        return result
    finally:
        connection.close()


def replay(url: str, topology: Topology, queue: str, *, ids: list[str] | None = None,
           everything: bool = False) -> list[str]:
    """Republish dead letters of ``queue`` to it (the ones whose message id is in ``ids``, or all of them);
    returns the message ids replayed. Each dead letter is acked only after its copy is confirmed."""
    if not everything and not ids:
        raise ValueError("say which dead letters to replay: message ids, or all of them")
    name = queue_name(queue, topology)
    dead, wanted = f"{name}.dead", set(ids or ())
    connection = pika.BlockingConnection(connection_parameters(url))
    replayed: list[str] = []
    try:
        channel = connection.channel()
        channel.confirm_delivery()
        for _ in range(_count(connection, dead)):  # the ones there now; replayed ones that die again wait
            method, properties, body = channel.basic_get(dead, auto_ack=False)
            if method is None:
                break
            if not everything and properties.message_id not in wanted:
                continue  # left unacked: back in the queue when the channel closes
            headers = {k: v for k, v in (properties.headers or {}).items()
                       if k not in (REASON_HEADER, QUEUE_HEADER, "x-delivery-count")}
            headers[ATTEMPTS_HEADER] = 0
            headers[REPLAYED_HEADER] = int((properties.headers or {}).get(REPLAYED_HEADER, 0) or 0) + 1
            channel.basic_publish("", name, body, pika.BasicProperties(
                content_type=properties.content_type, delivery_mode=pika.DeliveryMode.Persistent,
                message_id=properties.message_id, correlation_id=properties.correlation_id, headers=headers),
                mandatory=True)
            channel.basic_ack(method.delivery_tag)
            replayed.append(properties.message_id)
        channel.close()
    finally:
        if connection.is_open:
            connection.close()
    return replayed


def format_listing(queues: list[DeadLetterQueue], *, lines: int = 3) -> str:
    out = []
    for entry in queues:
        out.append(f"{entry.dead_letter_queue}: {entry.count} dead letter{'s' * (entry.count != 1)}")
        for letter in entry.letters:
            origin = f"{letter.exchange or '?'} / {letter.routing_key or '?'}"
            out.append(f"  - id {letter.message_id}  from {origin}  attempts {letter.attempts}")
            out.append(f"    reason: {letter.reason}")
            out.extend(f"    | {line}" for line in letter.first_lines(lines))
        if entry.count > len(entry.letters):
            out.append(f"  ... and {entry.count - len(entry.letters)} more")
    return "\n".join(out)
