"""worker-testing composition root: the one place that builds adapters and hands them to the core.

Two kinds of process: the HTTP app (``create_app``: the candidates' REST API, the managers' statistics and the
Flask-Admin panel under ``/admin``) and the workers (``workers``: the outbox relay and the follow-up job that
copies answers to ClickHouse and queues the candidates' notices).
"""
from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Callable

import peewee
from flask import Blueprint, Flask

from mcf.kit import admin as kit_admin
from mcf.kit import clickhouse, db
from mcf.kit.auth import ServiceCredentials
from mcf.kit.config import Settings
from mcf.kit.errors import Unavailable
from mcf.kit.http import create_app as create_http_app
from mcf.kit.logging import get_logger
from mcf.kit.messaging import declare_topology
from mcf.kit.outbox import service_relay
from mcf.kit.runtime import Worker
from mcf.kit.service_client import ServiceClient
from mcf.topology import TOPOLOGY
from mcf.worker_testing import service
from mcf.worker_testing.adapters import admin, http, storage
from mcf.worker_testing.adapters.gateways import HttpWorkerDirectory
from mcf.worker_testing.domain import RetakePolicy
from mcf.worker_testing.ports import AnswerStore, WorkerDirectory

SERVICE = "worker-testing"
log = get_logger("mcf.worker_testing")
TEMPLATES = Path(__file__).resolve().parent / "admin_templates"
FOLLOW_UP_SECONDS = 2.0
PANEL_TABLES = ("staff",)  # `mcf staff add worker-testing` adds managers here


def _utcnow() -> datetime:
    return datetime.now(timezone.utc)


def retake_policy(settings: Settings) -> RetakePolicy:
    """``MCF_WORKER_TESTING_COOLDOWN_SECONDS``: how long after an attempt ends a failed candidate may retake."""
    return RetakePolicy(cooldown=timedelta(seconds=settings.worker_testing_cooldown_seconds))


def database(settings: Settings, max_connections: int = 20) -> peewee.Database:
    pg = db.connect(settings, SERVICE, max_connections=max_connections)
    db.migrate(pg, storage.MIGRATIONS)
    storage.bind(pg)
    return pg


def answer_store(settings: Settings) -> storage.ClickhouseAnswerStore:
    client = clickhouse.connect(settings, SERVICE)
    clickhouse.migrate(client, storage.CLICKHOUSE_MIGRATIONS, cluster=settings.clickhouse_cluster)
    return storage.ClickhouseAnswerStore(client)


def answer_stores(settings: Settings) -> Callable[[], AnswerStore]:
    """One ClickHouse client per thread (a client is one connection), connected on first use."""
    local = threading.local()

    def get() -> AnswerStore:
        if getattr(local, "store", None) is None:
            try:
                local.store = answer_store(settings)
            except ConnectionError as exc:
                raise Unavailable(f"ClickHouse did not answer: {exc}") from None
        return local.store

    return get


def worker_directory(settings: Settings, url: str | None = None, *,
                     timeout: float | None = None) -> HttpWorkerDirectory:
    return HttpWorkerDirectory(ServiceClient("worker-profile", url or settings.service_url("worker-profile"),
                                             ServiceCredentials(settings, caller=SERVICE),
                                             timeout=timeout or settings.http_timeout))


def create_app(settings: Settings | None = None, *, policy: RetakePolicy | None = None,
               clock: Callable[[], datetime] = _utcnow, answers: Callable[[], AnswerStore] | None = None) -> Flask:
    settings = settings or Settings.from_env()
    pg = database(settings)

    def uow():
        return storage.WorkerTestingUnitOfWork(pg)

    answers = answers or answer_stores(settings)
    deps = http.Dependencies(uow=uow, answers=answers, policy=policy or retake_policy(settings),
                             clock=clock)
    app = create_http_app(
        SERVICE, settings, database=pg, blueprints=http.blueprints(deps),
        readiness={"postgres": lambda: db.ping(pg)},
        description="The onboarding test: candidates take the active version (role worker); managers configure "
                    "tests in the panel at /admin and read per-question statistics (role manager).")
    app.register_blueprint(Blueprint("worker_testing_templates", __name__, template_folder=str(TEMPLATES)))
    kit_admin.install(app, service=SERVICE, secret=settings.jwt_secret, database=pg,
                      views=admin.views(uow, answers), name="MCF worker testing")
    return app


def follow_ups(pg: peewee.Database, answers: Callable[[], AnswerStore], directory: WorkerDirectory,
               clock: Callable[[], datetime] = _utcnow) -> Callable[[], dict]:
    """One round: export answers, then queue notices (each in its own transaction)."""

    def uow():
        return storage.WorkerTestingUnitOfWork(pg)

    def round_() -> dict:
        with pg.connection_context():
            exported = service.export_answers(uow(), answers(), clock())
            notified = service.notify_candidates(uow(), directory, clock(), log=log.warning)
        return {"exported": exported, "notices": notified}

    return round_


def workers(settings: Settings | None = None, *, directory: WorkerDirectory | None = None,
            interval_seconds: float = FOLLOW_UP_SECONDS) -> list[Worker]:
    settings = settings or Settings.from_env()
    declare_topology(settings.amqp_url, TOPOLOGY)
    pg = database(settings)
    return [
        service_relay(pg, settings.amqp_url, TOPOLOGY, SERVICE, settings.outbox_poll_seconds),
        db.periodic_job(pg, "worker-testing.follow-ups",
                        follow_ups(pg, answer_stores(settings), directory or worker_directory(settings)),
                        interval_seconds),
    ]
