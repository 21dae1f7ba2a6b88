"""order-service composition root: the one place that builds adapters and hands them to the core."""
from __future__ import annotations

from flask import Flask

from mcf.kit import db
from mcf.kit.config import Settings
from mcf.kit.http import create_app as create_http_app
from mcf.kit.messaging import Publisher
from mcf.kit.outbox import OutboxRelay
from mcf.order.adapters import http, storage
from mcf.topology import TOPOLOGY

SERVICE = "order"


def database(settings: Settings):
    database = db.connect(settings, SERVICE)
    db.migrate(database, storage.MIGRATIONS)
    storage.database_proxy.initialize(database)
    return database


def create_app(settings: Settings | None = None) -> Flask:
    settings = settings or Settings.from_env()
    pg = database(settings)
    return create_http_app(
        SERVICE, settings, database=pg,
        blueprints=[http.blueprint(lambda: storage.OrderUnitOfWork(pg))],
        readiness={"postgres": lambda: db.ping(pg)},
        description="Orders for toy-testing sessions: placing, reading, and (next) their whole lifecycle.")


def workers(settings: Settings | None = None) -> list:
    settings = settings or Settings.from_env()
    pg = database(settings)
    return [OutboxRelay(pg, Publisher(settings.amqp_url, TOPOLOGY), poll_seconds=settings.outbox_poll_seconds,
                        name="order.outbox-relay")]
