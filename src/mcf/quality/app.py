"""quality-service composition root: the one place that builds adapters and hands them to the core.

Two kinds of process: the HTTP app (``create_app``: the managers' Flask-Admin panel under ``/admin``, health and
the OpenAPI document) and the workers (``workers``: the outbox relay, the job pulling order-history's change feed
into the review queue, and the job delivering rating adjustments to worker-profile).
"""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

import peewee
from flask import Blueprint, Flask

from mcf.kit import admin as kit_admin
from mcf.kit import db
from mcf.kit.auth import ServiceCredentials
from mcf.kit.config import Settings
from mcf.kit.http import create_app as create_http_app
from mcf.kit.logging import get_logger
from mcf.kit.messaging import declare_topology
from mcf.kit.outbox import service_relay
from mcf.kit.runtime import Worker
from mcf.kit.service_client import ServiceClient
from mcf.quality import service
from mcf.quality.adapters import admin, storage
from mcf.quality.adapters.gateways import HttpArchiveFeed, HttpReports, HttpWorkerRatings
from mcf.quality.ports import ArchiveFeed, Reports, WorkerRatings
from mcf.topology import TOPOLOGY

SERVICE = "quality"
log = get_logger("mcf.quality")
TEMPLATES = Path(__file__).resolve().parent / "admin_templates"
PANEL_TABLES = ("staff",)  # `mcf staff add quality` adds managers here


def _utcnow() -> datetime:
    return datetime.now(timezone.utc)


def database(settings: Settings, max_connections: int = 20) -> peewee.Database:
    pg = db.connect(settings, SERVICE, max_connections=max_connections)
    db.migrate(pg, storage.MIGRATIONS)
    return pg


def _client(settings: Settings, service_name: str, url: str | None, timeout: float | None) -> ServiceClient:
    return ServiceClient(service_name, url or settings.service_url(service_name),
                         ServiceCredentials(settings, caller=SERVICE), timeout=timeout or settings.http_timeout)


def archive_feed(settings: Settings, url: str | None = None, *, timeout: float | None = None) -> HttpArchiveFeed:
    return HttpArchiveFeed(_client(settings, "order-history", url, timeout))


def reports(settings: Settings, url: str | None = None, *, timeout: float | None = None) -> HttpReports:
    return HttpReports(_client(settings, "order-report", url, timeout))


def worker_ratings(settings: Settings, url: str | None = None, *, timeout: float | None = None) -> HttpWorkerRatings:
    return HttpWorkerRatings(_client(settings, "worker-profile", url, timeout))


def create_app(settings: Settings | None = None, *, report_source: Reports | None = None,
               ratings: WorkerRatings | None = None, clock: Callable[[], datetime] = _utcnow) -> Flask:
    settings = settings or Settings.from_env()
    pg = database(settings)
    deps = admin.PanelDeps(uow=lambda: storage.QualityUnitOfWork(pg), reports=report_source or reports(settings),
                           ratings=ratings or worker_ratings(settings), clock=clock)
    app = create_http_app(
        SERVICE, settings, database=pg, readiness={"postgres": lambda: db.ping(pg)},
        description="Managers review finished orders in the panel at /admin: the queue from order-history, the "
                    "report and photos from order-report, reviews that may change a worker's rating "
                    "(worker-profile). No REST API of its own beyond health and readiness.")
    app.register_blueprint(Blueprint("quality_templates", __name__, template_folder=str(TEMPLATES)))
    kit_admin.install(app, service=SERVICE, secret=settings.jwt_secret, database=pg, views=admin.views(deps),
                      name="MCF quality")
    return app


def feed_round(pg: peewee.Database, feed: ArchiveFeed, report_source: Reports,
               clock: Callable[[], datetime] = _utcnow) -> Callable[[], list[str]]:
    """One round of the queue job: page through order-history's change feed until it has nothing new."""

    def round_() -> list[str]:
        with pg.connection_context():
            return service.pull_until_idle(storage.QualityUnitOfWork(pg), feed, report_source, now=clock())

    return round_


def delivery_round(pg: peewee.Database, ratings: WorkerRatings,
                   clock: Callable[[], datetime] = _utcnow) -> Callable[[], list[str]]:
    """One round of the delivery job: every due rating adjustment, once."""

    def round_() -> list[str]:
        with pg.connection_context():
            return service.deliver_adjustments(storage.QualityUnitOfWork(pg), ratings, clock(), log=log.warning)

    return round_


def workers(settings: Settings | None = None, *, feed: ArchiveFeed | None = None,
            report_source: Reports | None = None, ratings: WorkerRatings | None = None) -> list[Worker]:
    settings = settings or Settings.from_env()
    declare_topology(settings.amqp_url, TOPOLOGY)
    pg = database(settings)
    return [
        service_relay(pg, settings.amqp_url, TOPOLOGY, SERVICE, settings.outbox_poll_seconds),
        db.periodic_job(pg, "quality.archive-feed",
                        feed_round(pg, feed or archive_feed(settings), report_source or reports(settings)),
                        settings.quality_feed_seconds),
        db.periodic_job(pg, "quality.rating-adjustments", delivery_round(pg, ratings or worker_ratings(settings)),
                        settings.quality_delivery_seconds),
    ]
