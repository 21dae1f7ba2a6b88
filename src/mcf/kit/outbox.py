"""The transactional outbox: events are rows written with the change; a relay publishes them with confirms.

Writers add rows in the caller's transaction and NOTIFY the relay, which PostgreSQL delivers only on commit,
so the relay wakes at once for committed events and never sees rolled-back ones.
"""
from __future__ import annotations

import select
import threading
from datetime import datetime, timezone

import peewee

from mcf.kit.events import Event
from mcf.kit.logging import get_logger
from mcf.kit.messaging import BrokerUnavailable, Publisher

log = get_logger(__name__)

CHANNEL = "mcf_outbox"


class PeeweeOutbox:
    """The outbox writer: ``add`` must be called inside the transaction that makes the change."""

    def __init__(self, database: peewee.Database):
        self.database = database

    def add(self, event: Event) -> None:
        self.database.execute_sql(
            "INSERT INTO outbox (id, exchange, routing_key, body, correlation_id, created_at) "
            "VALUES (%s, %s, %s, %s, %s, %s)",
            (event.id, event.exchange, event.routing_key, event.to_json(), event.correlationid, event.time))
        self.database.execute_sql(f"NOTIFY {CHANNEL}")


def pending_count(database: peewee.Database) -> int:
    with database.connection_context():
        return database.execute_sql("SELECT count(*) FROM outbox WHERE sent_at IS NULL").fetchone()[0]


class OutboxRelay:
    """Claims unsent rows (``FOR UPDATE SKIP LOCKED``), publishes them with confirms, marks them sent.

    A row whose publish fails stays unsent with its error and attempt count, and is tried again after a
    bounded backoff; several relays of one service can run side by side without publishing a row twice
    in the normal case (a crash between confirm and commit can repeat one: consumers are idempotent).
    """

    def __init__(self, database: peewee.Database, publisher: Publisher, *, batch_size: int = 100,
                 poll_seconds: float = 1.0, max_backoff: float = 30.0, name: str = "outbox-relay"):
        self.database = database
        self.publisher = publisher
        self.batch_size = batch_size
        self.poll_seconds = poll_seconds
        self.max_backoff = max_backoff
        self.name = name
        self._stop = threading.Event()

    def stop(self) -> None:
        self._stop.set()

    def relay_once(self) -> int:
        """Publish one batch; returns how many rows were published. Raises BrokerUnavailable."""
        error: BrokerUnavailable | None = None
        with self.database.connection_context(), self.database.atomic():
            rows = self.database.execute_sql(
                "SELECT id, exchange, routing_key, body, correlation_id FROM outbox "
                "WHERE sent_at IS NULL ORDER BY created_at LIMIT %s FOR UPDATE SKIP LOCKED",
                (self.batch_size,)).fetchall()
            sent, failed = [], []
            for row_id, exchange, routing_key, body, correlation_id in rows:
                try:
                    self.publisher.publish_raw(exchange, routing_key, bytes(body), message_id=str(row_id),
                                               correlation_id=correlation_id)
                except BrokerUnavailable as exc:
                    error, failed = exc, [row_id]
                    break
                sent.append(row_id)
            # Marks commit even when the broker failed midway: confirmed rows must never go out again.
            self._mark(sent, failed, str(error) if error else None)
        if error is not None:
            raise error
        return len(sent)

    def _mark(self, sent, failed, error) -> None:
        now = datetime.now(timezone.utc)
        if sent:
            self.database.execute_sql(
                "UPDATE outbox SET sent_at = %s, attempts = attempts + 1 WHERE id = ANY(%s::uuid[])",
                (now, [str(i) for i in sent]))
        if failed:
            self.database.execute_sql(
                "UPDATE outbox SET attempts = attempts + 1, last_error = %s WHERE id = ANY(%s::uuid[])",
                (error, [str(i) for i in failed]))

    def run(self) -> None:
        """Until ``stop``: relay whatever is pending, then sleep until NOTIFY or the poll interval."""
        backoff = 0.5
        listener = None
        while not self._stop.is_set():
            try:
                if listener is None:
                    listener = self._listen()
                while self.relay_once() == self.batch_size and not self._stop.is_set():
                    pass
                backoff = 0.5
                self._wait(listener)
            except BrokerUnavailable as exc:
                log.warning("outbox relay cannot reach the broker; will retry", error=str(exc), retry_in=backoff)
                self._stop.wait(backoff)
                backoff = min(backoff * 2, self.max_backoff)
            except (peewee.OperationalError, peewee.InterfaceError) as exc:
                log.warning("outbox relay lost the database; will retry", error=str(exc), retry_in=backoff)
                listener = self._close(listener)
                self._stop.wait(backoff)
                backoff = min(backoff * 2, self.max_backoff)
        self._close(listener)
        self.publisher.close()

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

    def _wait(self, listener) -> None:
        self.publisher.keepalive()
        ready, _, _ = select.select([listener], [], [], self.poll_seconds)
        if ready:
            listener.poll()
            listener.notifies.clear()

    @staticmethod
    def _close(listener):
        if listener is not None:
            try:
                listener.close()
            except Exception:  # noqa: BLE001 - closing a dead connection may fail; it is gone either way
                pass
        return None
