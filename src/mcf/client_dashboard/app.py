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
from mcf.kit import db
from mcf.kit.auth import ServiceCredentials
from mcf.kit.config import Settings
from mcf.kit.http import create_app as create_http_app
from mcf.kit.login_throttle import LoginThrottle

SERVICE = "client-dashboard"


def database(settings: Settings):
    database = db.connect(settings, SERVICE)
    db.migrate(database, storage.MIGRATIONS)
    return database


def create_app(settings: Settings | None = None, *, order_url: str | None = None,
               payment_url: str | None = None, report_url: str | None = None) -> Flask:
    """The clients' HTTP API. ``order_url``/``payment_url``/``report_url`` default to ``settings.service_url``."""
    settings = settings or Settings.from_env()
    pg = database(settings)
    credentials = ServiceCredentials(settings, caller=SERVICE)
    deps = http.Dependencies(
        uow=lambda: storage.ClientDashboardUnitOfWork(pg),
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
    return app
