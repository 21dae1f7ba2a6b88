"""client-dashboard composition root: the one place that builds adapters and hands them to the core."""
from __future__ import annotations

from flask import Flask

from mcf.client_dashboard.adapters import http, storage
from mcf.client_dashboard.adapters.gateways import (
    HttpOrderGateway,
    HttpPaymentGateway,
    HttpReportGateway,
    ServiceClient,
)
from mcf.client_dashboard.adapters.security import Argon2PasswordHasher, JwtTokenIssuer
from mcf.kit import db, idempotency
from mcf.kit.auth import ServiceCredentials
from mcf.kit.config import Settings
from mcf.kit.crypto import FieldCipher, cipher_from
from mcf.kit.http import create_app as create_http_app
from mcf.kit.login_throttle import LoginThrottle
from mcf.kit.runtime import Worker

SERVICE = "client-dashboard"


def cipher(settings: Settings) -> FieldCipher:
    """client-dashboard's personal-data cipher (MCF_CLIENT_DASHBOARD_KEYS ...; refuses missing or development
    keys outside development mode)."""
    return cipher_from(settings, SERVICE)


def database(settings: Settings, field_cipher: FieldCipher | None = None):
    database = db.connect(settings, SERVICE)
    db.migrate(database, storage.MIGRATIONS)
    # Rows from before migration 0002 (or under a retired key) are encrypted now (ADR 0121); idempotent.
    storage.seal_plaintext(database, field_cipher or cipher(settings))
    return database


def create_app(settings: Settings | None = None, *, order_url: str | None = None,
               payment_url: str | None = None, report_url: str | None = None) -> Flask:
    """The clients' HTTP API. ``order_url``/``payment_url``/``report_url`` default to ``settings.service_url``."""
    settings = settings or Settings.from_env()
    field_cipher = cipher(settings)
    pg = database(settings, field_cipher)
    credentials = ServiceCredentials(settings, caller=SERVICE)
    deps = http.Dependencies(
        uow=lambda: storage.ClientDashboardUnitOfWork(pg, field_cipher),
        hasher=Argon2PasswordHasher(),
        tokens=JwtTokenIssuer(settings.jwt_secret, settings.jwt_ttl_seconds),
        orders=HttpOrderGateway(ServiceClient("order", order_url or settings.service_url("order"), credentials,
                                              timeout=settings.http_timeout)),
        payments=HttpPaymentGateway(ServiceClient("payment", payment_url or settings.service_url("payment"),
                                                  credentials, timeout=settings.http_timeout)),
        reports=HttpReportGateway(ServiceClient("order-report", report_url or settings.service_url("order-report"),
                                                credentials, timeout=settings.http_timeout)),
        throttle=LoginThrottle.from_settings(pg, SERVICE, settings),
    )
    # Readiness is PostgreSQL only: order-, payment- or order-report-service being down degrades some routes
    # (503), not all.
    app = create_http_app(
        SERVICE, settings, database=pg, blueprints=http.blueprints(deps),
        readiness={"postgres": lambda: db.ping(pg)},
        description="The clients' entry point: accounts, cats, orders and payments. A client sees only its own.")
    app.extensions["mcf_client_dashboard_db"] = pg  # for tests and tools that read the database
    app.extensions["mcf_client_dashboard_cipher"] = field_cipher
    return app


def workers(settings: Settings | None = None) -> list[Worker]:
    """The workers process: only the sweep of payment attempts past the idempotency retention (ADR 0181). A retry
    after it is asked of payment-service again, whose ledger keeps every key: the same payment, never a second."""
    settings = settings or Settings.from_env()
    pg = db.connect(settings, SERVICE)  # no cipher here: sealing personal data is the web process's (ADR 0121)
    db.migrate(pg, storage.MIGRATIONS)
    return [idempotency.sweeper(pg, SERVICE, storage.PaymentAttemptRow._meta.table_name,
                                settings.idempotency_key_retention_seconds, settings.idempotency_sweep_seconds)]
