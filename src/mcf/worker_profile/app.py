"""worker-profile composition root: the one place that builds adapters and hands them to the core.

Two kinds of process: the HTTP app (``create_app``) and the workers (``workers``: the outbox relay and the
consumer of ``worker.test_completed``). ``rotate_keys`` is what ``mcf worker-profile rotate-keys`` runs.
"""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Callable

import peewee
from flask import Flask

from mcf.kit import db
from mcf.kit.config import Settings
from mcf.kit.http import create_app as create_http_app
from mcf.kit.login_throttle import LoginThrottle
from mcf.kit.messaging import Consumer, ConsumerOptions, declare_topology
from mcf.kit.outbox import service_relay
from mcf.kit.passwords import Argon2PasswordHasher
from mcf.kit.runtime import Worker
from mcf.topology import TOPOLOGY, WORKER_PROFILE_INBOX
from mcf.worker_profile import service
from mcf.worker_profile.adapters import amqp, http, storage
from mcf.worker_profile.adapters.crypto import FieldCipher, cipher_from
from mcf.worker_profile.adapters.security import JwtWorkerTokens
from mcf.worker_profile.ports import PasswordHasher

SERVICE = "worker-profile"


def _utcnow() -> datetime:
    return datetime.now(timezone.utc)


def database(settings: Settings) -> peewee.Database:
    pg = db.connect(settings, SERVICE)
    db.migrate(pg, storage.MIGRATIONS)
    return pg


def unit_of_work(pg: peewee.Database, cipher: FieldCipher) -> Callable[[], storage.WorkerProfileUnitOfWork]:
    return lambda: storage.WorkerProfileUnitOfWork(pg, cipher)


def rating_policy(settings: Settings) -> service.RatingPolicy:
    """``MCF_WORKER_PROFILE_DEACTIVATION_THRESHOLD`` (default 2.0 of 5)."""
    return service.RatingPolicy(deactivation_threshold=settings.worker_profile_deactivation_threshold)


def create_app(settings: Settings | None = None, *, clock: Callable[[], datetime] = _utcnow,
               hasher: PasswordHasher | None = None) -> Flask:
    settings = settings or Settings.from_env()
    cipher = cipher_from(settings)  # refuses missing or development keys outside development mode
    pg = database(settings)
    deps = http.Dependencies(uow=unit_of_work(pg, cipher), hasher=hasher or Argon2PasswordHasher(),
                             tokens=JwtWorkerTokens(settings.jwt_secret, settings.jwt_ttl_seconds),
                             rating=rating_policy(settings), clock=clock,
                             throttle=LoginThrottle.from_settings(pg, SERVICE, settings))
    app = create_http_app(
        SERVICE, settings, database=pg, blueprints=http.blueprints(deps),
        readiness={"postgres": lambda: db.ping(pg)},
        description="Workers' profiles, the one home of their personal data (encrypted at rest): registration "
                    "and login, the worker's own profile, managers' logged reads, a projection without personal "
                    "data for services, ratings, status and erasure.")
    app.extensions["mcf_worker_profile_db"] = pg
    return app


def workers(settings: Settings | None = None, *, clock: Callable[[], datetime] = _utcnow) -> list[Worker]:
    settings = settings or Settings.from_env()
    declare_topology(settings.amqp_url, TOPOLOGY)
    cipher = cipher_from(settings)
    pg = database(settings)
    return [
        service_relay(pg, settings.amqp_url, TOPOLOGY, SERVICE, settings.outbox_poll_seconds),
        Consumer(settings.amqp_url, WORKER_PROFILE_INBOX, amqp.inbox_handler(unit_of_work(pg, cipher), clock=clock),
                 pg, name=WORKER_PROFILE_INBOX.name, options=ConsumerOptions.from_settings(settings)),
    ]


def rotate_keys(settings: Settings | None = None) -> dict[str, int]:
    """Re-encrypt every worker's personal data with the active key (and re-index with the index key)."""
    settings = settings or Settings.from_env()
    pg = database(settings)
    try:
        return storage.rotate_keys(pg, cipher_from(settings))
    finally:
        pg.close_all()
