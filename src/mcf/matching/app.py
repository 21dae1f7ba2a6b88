"""matching-service composition root: the one place that builds adapters and hands them to the core.

Two kinds of process: the HTTP app (``create_app``: matches, quotes, the read model) and the workers (``workers``:
the consumer of ``matching.events`` that keeps the read model fresh).
"""
from __future__ import annotations

import peewee
from flask import Flask

from mcf.kit import db
from mcf.kit import http as kit_http
from mcf.kit.config import Settings
from mcf.kit.messaging import Consumer, ConsumerOptions, declare_topology
from mcf.kit.runtime import Worker
from mcf.matching.adapters import amqp, http, storage
from mcf.topology import MATCHING_EVENTS, TOPOLOGY

SERVICE = "matching"


def postgres(settings: Settings) -> peewee.Database:
    database = db.connect(settings, SERVICE)
    db.migrate(database, storage.MIGRATIONS)
    return database


def create_app(settings: Settings | None = None) -> Flask:
    settings = settings or Settings.from_env()
    database = postgres(settings)
    return kit_http.create_app(
        SERVICE, settings, database=database,
        blueprints=[http.blueprint(lambda: storage.MatchingUnitOfWork(database))],
        readiness={"postgres": lambda: db.ping(database)},
        description="Ranks candidate workers for an order (filters, then a score with its reasons) and prices "
                    "sessions; keeps its own read model of workers and orders from worker.* and order.* events.")


def event_handler(database: peewee.Database):
    return amqp.event_handler(lambda: storage.MatchingUnitOfWork(database))


def workers(settings: Settings | None = None) -> list[Worker]:
    settings = settings or Settings.from_env()
    declare_topology(settings.amqp_url, TOPOLOGY)
    database = postgres(settings)
    return [Consumer(settings.amqp_url, MATCHING_EVENTS, event_handler(database), database,
                     name=MATCHING_EVENTS.name,
                     options=ConsumerOptions.from_settings(settings))]
