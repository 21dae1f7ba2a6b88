"""Composition root of notification-service: the one place that builds adapters and hands them to the core.

Three kinds of process run this service: the HTTP app (``create_app``), the workers (``workers``: the consumer of
``notification.requests`` and the sweeper), and dramatiq workers running ``mcf.notification.actors``.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import timedelta

import peewee
from flask import Flask

from mcf.kit import clickhouse, db
from mcf.kit import http as kit_http
from mcf.kit.config import Settings
from mcf.kit.crypto import FieldCipher, cipher_from
from mcf.kit.email import Mailer, SmtpMailer
from mcf.kit.jobs import make_broker
from mcf.kit.messaging import Consumer, ConsumerOptions, declare_topology
from mcf.kit.runtime import Worker
from mcf.notification import service
from mcf.notification.adapters.amqp import broker_answers, request_handler
from mcf.notification.adapters.http import notifications_blueprint
from mcf.notification.adapters.jobs import DramatiqJobQueue
from mcf.notification.adapters.storage import (
    CLICKHOUSE_MIGRATIONS,
    MIGRATIONS,
    ClickhouseNotificationLog,
    NotificationUnitOfWork,
    seal_plaintext,
)
from mcf.notification.adapters.templates import JinjaRenderer
from mcf.notification.domain import Notification
from mcf.topology import NOTIFICATION_REQUESTS, TOPOLOGY

SERVICE = "notification"

# Delivery: 5 attempts; dramatiq's backoff starts near 5 s and doubles (at most about 75 s before the last try).
MAX_ATTEMPTS = 5
RETRY_MIN_BACKOFF_MS = 5_000
RETRY_MAX_BACKOFF_MS = 300_000
# Longer than the longest retry backoff, so the sweeper does not twin a job dramatiq is holding for its retry.
STALE_AFTER = timedelta(minutes=10)
SWEEP_INTERVAL_SECONDS = 60.0


def cipher(settings: Settings) -> FieldCipher:
    """notification's cipher for a request's address and payload (MCF_NOTIFICATION_KEYS ...; refuses missing or
    development keys outside development mode; ADR 0127)."""
    return cipher_from(settings, SERVICE)


def postgres(settings: Settings, field_cipher: FieldCipher | None = None) -> peewee.Database:
    database = db.connect(settings, SERVICE)
    db.migrate(database, MIGRATIONS)
    # Rows from before migration 0002 (or under a retired key) sealed now (ADR 0127); a rerun changes nothing.
    seal_plaintext(database, field_cipher or cipher(settings))
    return database


def notification_log(settings: Settings, field_cipher: FieldCipher | None = None) -> ClickhouseNotificationLog:
    client = clickhouse.connect(settings, SERVICE)
    clickhouse.migrate(client, CLICKHOUSE_MIGRATIONS, cluster=settings.clickhouse_cluster)
    return ClickhouseNotificationLog(client, field_cipher or cipher(settings))


def create_app(settings: Settings | None = None) -> Flask:
    settings = settings or Settings.from_env()
    field_cipher = cipher(settings)
    database = postgres(settings, field_cipher)
    log = notification_log(settings, field_cipher)
    # The HTTP side reads the ClickHouse log only; PostgreSQL is here for readiness.
    return kit_http.create_app(
        SERVICE, settings, blueprints=[notifications_blueprint(log)],
        readiness={"postgres": lambda: db.ping(database), "clickhouse": log.ping,
                   "broker": lambda: broker_answers(settings.amqp_url)},
        description="Logs every notification request to ClickHouse and e-mails it (dramatiq, SMTP).")


def workers(settings: Settings | None = None, *, stale_after: timedelta | None = None,
            sweep_interval_seconds: float | None = None) -> list[Worker]:
    """The consumer of notification requests and the sweeper; each worker owns its connections. The sweeper's
    round and how long a request waits unqueued before it is queued again come from the settings
    (``MCF_NOTIFICATION_SWEEP_SECONDS``, ``MCF_NOTIFICATION_STALE_SECONDS``; default 60 s and 10 min)."""
    settings = settings or Settings.from_env()
    if stale_after is None:
        stale_after = timedelta(seconds=settings.notification_stale_seconds)
    if sweep_interval_seconds is None:
        sweep_interval_seconds = settings.notification_sweep_seconds
    declare_topology(settings.amqp_url, TOPOLOGY)  # the queue keeps requests even before the consumer first runs
    field_cipher = cipher(settings)
    database = postgres(settings, field_cipher)
    renderer = JinjaRenderer()
    jobs = DramatiqJobQueue(make_broker(settings))

    consumer = Consumer(
        settings.amqp_url, NOTIFICATION_REQUESTS,
        request_handler(lambda: NotificationUnitOfWork(database, field_cipher),
                        notification_log(settings, field_cipher), renderer, jobs),
        database, name=NOTIFICATION_REQUESTS.name,
        # ClickHouse (the notification log) down is an outage, not a bad message: requeued, never dead-lettered
        options=dataclasses.replace(ConsumerOptions.from_settings(settings), requeue_on=clickhouse.UNREACHABLE))

    def sweep() -> list[str]:
        with database.connection_context():
            return service.requeue_stale(NotificationUnitOfWork(database, field_cipher), jobs,
                                         older_than=stale_after)

    return [consumer, db.periodic_job(database, "notification.sweeper", sweep, sweep_interval_seconds)]


@dataclass
class Delivery:
    """What the send actor needs in one process; built on first use, never at import."""

    database: peewee.Database
    cipher: FieldCipher
    log: ClickhouseNotificationLog
    renderer: JinjaRenderer
    mailer: Mailer
    max_attempts: int = MAX_ATTEMPTS

    def send(self, notification_id: str) -> Notification | None:
        with self.database.connection_context():
            return service.send_notification(NotificationUnitOfWork(self.database, self.cipher), self.log,
                                             self.renderer, self.mailer, notification_id, self.max_attempts)

    def close(self) -> None:
        self.database.close_all()
        self.log.client.disconnect()


def delivery(settings: Settings | None = None, *, max_attempts: int = MAX_ATTEMPTS) -> Delivery:
    settings = settings or Settings.from_env()
    field_cipher = cipher(settings)
    return Delivery(postgres(settings, field_cipher), field_cipher, notification_log(settings, field_cipher),
                    JinjaRenderer(), SmtpMailer.from_settings(settings), max_attempts)
