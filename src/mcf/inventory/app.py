"""Composition root of inventory-service: the one place that builds adapters and hands them to the core.

Three kinds of process: the HTTP app (``create_app``: catalogue, stock, kits), the workers (``workers``: the
consumers of ``inventory.order-events`` and ``inventory.fortunes``, the outbox relay and the sweeper), and
dramatiq workers running ``mcf.inventory.actors`` on queue ``inventory.kits`` (prepare, attach, complete).
"""
from __future__ import annotations

from datetime import timedelta

import peewee
from flask import Flask

from mcf.inventory import service
from mcf.inventory.adapters import http, storage
from mcf.inventory.adapters.amqp import fortunes_handler, order_events_handler
from mcf.inventory.adapters.jobs import DramatiqKitJobs
from mcf.inventory.domain import FortuneIssued, Kit
from mcf.kit import db
from mcf.kit.config import Settings
from mcf.kit.events import utcnow
from mcf.kit.http import create_app as create_http_app
from mcf.kit.jobs import make_broker
from mcf.kit.logging import get_logger
from mcf.kit.messaging import Consumer, ConsumerOptions, declare_topology
from mcf.kit.outbox import service_relay
from mcf.kit.runtime import Worker
from mcf.topology import INVENTORY_FORTUNES, INVENTORY_ORDER_EVENTS, TOPOLOGY

SERVICE = "inventory"
log = get_logger("mcf.inventory")

# How long a kit waits for the partner's cookie before the house fortune completes it (ADR 0021): the setting
# MCF_INVENTORY_FORTUNE_TIMEOUT_SECONDS (Settings.inventory_fortune_timeout_seconds, default 30).
SWEEP_INTERVAL_SECONDS = 10.0
# The sweeper leaves a deadline to its scheduled message for this long, and a pending kit to its prepare job.
SWEEP_GRACE = timedelta(seconds=15)
STALE_PENDING = timedelta(minutes=2)


def database(settings: Settings, max_connections: int = 20) -> peewee.Database:
    pg = db.connect(settings, SERVICE, max_connections=max_connections)
    db.migrate(pg, storage.MIGRATIONS)
    return pg


def create_app(settings: Settings | None = None) -> Flask:
    settings = settings or Settings.from_env()
    pg = database(settings)
    return create_http_app(
        SERVICE, settings, database=pg,
        blueprints=http.blueprints(lambda: storage.InventoryUnitOfWork(pg)),
        readiness={"postgres": lambda: db.ping(pg)},
        description="Toy stock per pick-up point and the kits prepared for orders, fortune cookie included.")


def workers(settings: Settings | None = None, *, sweep_interval_seconds: float = SWEEP_INTERVAL_SECONDS,
            sweep_grace: timedelta = SWEEP_GRACE, stale_pending: timedelta = STALE_PENDING) -> list[Worker]:
    """The two consumers, the outbox relay and the sweeper; each worker owns its connections."""
    settings = settings or Settings.from_env()
    declare_topology(settings.amqp_url, TOPOLOGY)
    pg = database(settings)
    jobs = DramatiqKitJobs(make_broker(settings))
    options = ConsumerOptions.from_settings(settings)

    def uow():
        return storage.InventoryUnitOfWork(pg)

    def sweep() -> dict:
        with pg.connection_context():
            now = utcnow()
            completed = service.complete_overdue(uow, now, grace=sweep_grace, log=log.warning)
            pending = service.stale_pending(uow(), now, stale_pending)
        for order_id in pending:
            jobs.prepare(order_id)
        return {"completed": completed, "prepared_again": pending}

    return [
        Consumer(settings.amqp_url, INVENTORY_ORDER_EVENTS, order_events_handler(uow, jobs), pg,
                 name=INVENTORY_ORDER_EVENTS.name, options=options),
        Consumer(settings.amqp_url, INVENTORY_FORTUNES, fortunes_handler(jobs), pg,
                 name=INVENTORY_FORTUNES.name, options=options),
        service_relay(pg, settings.amqp_url, TOPOLOGY, SERVICE, settings.outbox_poll_seconds),
        db.periodic_job(pg, "inventory.sweeper", sweep, sweep_interval_seconds),
    ]


class KitWork:
    """What the kit actors need in one process (built on the first job, never at import): each step is one use
    case of ``service`` on this process's database connection."""

    def __init__(self, database: peewee.Database, jobs: DramatiqKitJobs, fortune_timeout_seconds: float):
        self.database, self.jobs, self.fortune_timeout_seconds = database, jobs, fortune_timeout_seconds

    def _uow(self) -> storage.InventoryUnitOfWork:
        return storage.InventoryUnitOfWork(self.database)

    def prepare(self, order_id: str) -> Kit | None:
        with self.database.connection_context():
            return service.prepare_and_schedule(self._uow(), self.jobs, order_id, utcnow(),
                                                self.fortune_timeout_seconds, log=log.info)

    def attach(self, fortune: FortuneIssued) -> Kit | None:
        with self.database.connection_context():
            return service.attach_and_note(self._uow(), fortune, utcnow(), log=log.info)

    def complete(self, order_id: str) -> Kit | None:
        with self.database.connection_context():
            return service.complete_and_note(self._uow(), order_id, utcnow(), log=log.warning)

    def close(self) -> None:
        self.database.close_all()


def kit_work(settings: Settings, broker=None, *, fortune_timeout: float | None = None) -> KitWork:
    return KitWork(database(settings), DramatiqKitJobs(broker or make_broker(settings)),
                   settings.inventory_fortune_timeout_seconds if fortune_timeout is None else fortune_timeout)
