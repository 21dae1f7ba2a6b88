"""The transactional outbox: events are rows written with the change; a relay publishes them with confirms.

Writers add rows in the caller's transaction and NOTIFY the relay, which PostgreSQL delivers only on commit,
so the relay wakes at once for committed events and never sees rolled-back ones.
"""
from __future__ import annotations

import select
from datetime import datetime, timezone

import peewee

from mcf.kit import metrics, tracing
from mcf.kit.events import NOTIFICATIONS_EXCHANGE, Event
from mcf.kit.logging import get_logger
from mcf.kit.messaging import BrokerUnavailable, OutgoingMessage, Publisher
from mcf.kit.runtime import Backoff, StoppableWorker

log = get_logger(__name__)

CHANNEL = "mcf_outbox"
# Once published, a notification request's body keeps its envelope and loses its ``data`` (the recipient's address,
# name, ...: personal data whose purpose, the e-mail, notification-service now holds). ADR 0122.
REDACT_SENT = (f"body = CASE WHEN exchange = '{NOTIFICATIONS_EXCHANGE}' "
               "THEN convert_to((convert_from(body, 'UTF8')::jsonb - 'data')::text, 'UTF8') ELSE body END")


class PeeweeOutbox:
    """The outbox writer: ``add`` must be called inside the transaction that makes the change."""

    def __init__(self, database: peewee.Database):
        self.database = database

    def add(self, event: Event) -> None:
        event = tracing.stamped(event)
        # One round trip: the row and the NOTIFY in one statement string.
        self.database.execute_sql(
            "INSERT INTO outbox (id, exchange, routing_key, body, correlation_id, created_at, traceparent) "
            f"VALUES (%s, %s, %s, %s, %s, %s, %s); NOTIFY {CHANNEL}",
            (event.id, event.exchange, event.routing_key, event.to_json(), event.correlationid, event.time,
             event.traceparent))


def pending_count(database: peewee.Database) -> int:
    with database.connection_context():
        return database.execute_sql("SELECT count(*) FROM outbox WHERE sent_at IS NULL").fetchone()[0]


class Relay(StoppableWorker):
    """The loop both outboxes' relays share: publish batches while ``relay_once`` finds a full one, then wait
    (``_wait``); a broker or database failure is logged and retried after a bounded backoff. Subclasses give
    ``relay_once``, the database errors they survive, and optionally ``_open``/``_lost_database``/``_close`` for
    a connection of their own."""

    database_errors: tuple[type[BaseException], ...] = ()

    def __init__(self, publisher: Publisher, *, batch_size: int, poll_seconds: float, max_backoff: float, name: str):
        super().__init__(name)
        self.publisher = publisher
        self.batch_size = batch_size
        self.poll_seconds = poll_seconds
        self.max_backoff = max_backoff

    def relay_once(self) -> int:
        raise NotImplementedError

    def _open(self) -> None:
        """Before a round: (re)open what ``_wait`` needs."""

    def _full(self, published: int) -> bool:
        return published == self.batch_size

    def _wait(self) -> None:
        self.publisher.keepalive()
        self._stop.wait(self.poll_seconds)

    def _lost_database(self) -> None:
        """After a database error: drop what ``_open`` opened."""

    def _close(self) -> None:
        """When stopped."""

    def run(self) -> None:
        """Until ``stop``: relay whatever is pending, then wait for more."""
        backoff = Backoff(self._stop, most=self.max_backoff)
        while not self._stop.is_set():
            try:
                self._open()
                while self._full(self.relay_once()) and not self._stop.is_set():
                    pass
                backoff.reset()
                self._wait()
            except BrokerUnavailable as exc:
                log.warning("outbox relay cannot reach the broker; will retry", relay=self.name, error=str(exc),
                            retry_in=backoff.seconds)
                backoff.wait()
            except self.database_errors as exc:
                log.warning("outbox relay lost the database; will retry", relay=self.name, error=str(exc),
                            retry_in=backoff.seconds)
                self._lost_database()
                backoff.wait()
        self._close()
        self.publisher.close()


class OutboxRelay(Relay):
    """Claims unsent rows (``FOR UPDATE SKIP LOCKED``), publishes them as one batch with one wait for their
    confirms, marks the confirmed ones sent.

    A row whose publish is not confirmed stays unsent with its error and attempt count, and is tried again after a
    bounded backoff; several relays of one service can run side by side without publishing a row twice
    in the normal case (a crash between confirm and commit can repeat one: consumers are idempotent).
    Between batches it sleeps until PostgreSQL's NOTIFY (sent on commit) or the poll interval.
    """

    database_errors = (peewee.OperationalError, peewee.InterfaceError)

    def __init__(self, database: peewee.Database, publisher: Publisher, *, batch_size: int = 100,
                 poll_seconds: float = 1.0, max_backoff: float = 30.0, name: str = "outbox-relay"):
        super().__init__(publisher, batch_size=batch_size, poll_seconds=poll_seconds, max_backoff=max_backoff,
                         name=name)
        self.database = database
        self._listener = None

    def relay_once(self) -> int:
        """Publish one batch; returns how many rows were published. Raises BrokerUnavailable."""
        error: BrokerUnavailable | None = None
        with self.database.connection_context(), self.database.atomic():
            rows = self.database.execute_sql(
                "SELECT id, exchange, routing_key, body, correlation_id, traceparent FROM outbox "
                "WHERE sent_at IS NULL ORDER BY created_at LIMIT %s FOR UPDATE SKIP LOCKED",
                (self.batch_size,)).fetchall()
            keyed = [(row[0], row[2]) for row in rows]  # (id, routing key)
            sent, failed = keyed, []
            try:  # the whole batch in flight, one wait for its confirms (ADR 0150)
                self.publisher.publish_batch([
                    OutgoingMessage(exchange, routing_key, bytes(body), str(row_id), correlation_id,
                                    traceparent=traceparent, relay=self.name)
                    for row_id, exchange, routing_key, body, correlation_id, traceparent in rows])
            except BrokerUnavailable as exc:
                confirmed = getattr(exc, "confirmed", frozenset())
                error = exc
                sent = [pair for n, pair in enumerate(keyed) if n in confirmed]
                failed = [row_id for n, (row_id, _) in enumerate(keyed) if n not in confirmed]
            # Marks commit even when the broker failed midway: confirmed rows must never go out again.
            self._mark([row_id for row_id, _ in sent], failed, str(error) if error else None)
        for _, routing_key in sent:
            metrics.published(self.name, routing_key)
        if error is not None:
            raise error
        return len(sent)

    def backlog(self) -> tuple[int, float]:
        """(unsent rows, seconds since the oldest of them was written; 0 when none), for ``mcf_outbox_*``."""
        with self.database.connection_context():
            count, age = self.database.execute_sql(
                "SELECT count(*), COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0) FROM outbox "
                "WHERE sent_at IS NULL").fetchone()
        return int(count), max(0.0, float(age))

    def _mark(self, sent, failed, error) -> None:
        now = datetime.now(timezone.utc)
        if sent:
            self.database.execute_sql(
                f"UPDATE outbox SET sent_at = %s, attempts = attempts + 1, {REDACT_SENT} WHERE id = ANY(%s::uuid[])",
                (now, [str(i) for i in sent]))
        if failed:
            self.database.execute_sql(
                "UPDATE outbox SET attempts = attempts + 1, last_error = %s WHERE id = ANY(%s::uuid[])",
                (error, [str(i) for i in failed]))

    def _open(self) -> None:
        if self._listener is None:
            self._listener = self._listen()

    def _lost_database(self) -> None:
        self._listener = self._close_listener(self._listener)

    def _close(self) -> None:
        self._listener = self._close_listener(self._listener)

    def _listen(self):
        # A dedicated raw connection: LISTEN must not share the pooled connection the relay writes on.
        import psycopg2

        params = dict(self.database.connect_params)
        params.pop("max_connections", None)
        params.pop("stale_timeout", None)
        params.pop("timeout", None)
        conn = psycopg2.connect(dbname=self.database.database, **params)
        conn.autocommit = True
        conn.cursor().execute(f"LISTEN {CHANNEL}")
        return conn

    def _wait(self) -> None:
        self.publisher.keepalive()
        ready, _, _ = select.select([self._listener], [], [], self.poll_seconds)
        if ready:
            self._listener.poll()
            self._listener.notifies.clear()

    @staticmethod
    def _close_listener(listener):
        if listener is not None:
            try:
                listener.close()
            except Exception:  # noqa: BLE001 - closing a dead connection may fail; it is gone either way
                pass
        return None


def service_relay(database: peewee.Database, amqp_url: str, topology, service: str,
                  poll_seconds: float = 1.0) -> OutboxRelay:
    """A service's relay of its PostgreSQL outbox, named ``<service>.outbox-relay``, on a publisher of its own
    (``app.py``: ``service_relay(pg, settings.amqp_url, TOPOLOGY, SERVICE, settings.outbox_poll_seconds)``)."""
    return OutboxRelay(database, Publisher(amqp_url, topology), poll_seconds=poll_seconds,
                       name=f"{service}.outbox-relay")
