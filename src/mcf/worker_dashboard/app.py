"""worker-dashboard composition root: the one place that builds the gateways and hands them to the core."""
from __future__ import annotations

from flask import Flask

from mcf.kit.auth import ServiceCredentials
from mcf.kit.config import Settings
from mcf.kit.http import create_app as create_http_app
from mcf.services import SERVICES
from mcf.worker_dashboard.adapters import http, pwa
from mcf.worker_dashboard.adapters.history_gateway import HttpOrderHistoryGateway
from mcf.worker_dashboard.adapters.order_gateway import HttpOrderGateway, OrderListingHistory
from mcf.worker_dashboard.adapters.profile_gateway import HttpProfileGateway
from mcf.worker_dashboard.adapters.report_gateway import HttpReportGateway
from mcf.worker_dashboard.adapters.upstream import ServiceClient, UpstreamAuth

SERVICE = "worker-dashboard"


def create_app(settings: Settings | None = None, *, order_url: str | None = None, report_url: str | None = None,
               profile_url: str | None = None, history_url: str | None = None) -> Flask:
    """The workers' REST API under /api and the PWA at /. Upstream URLs default to ``settings.service_url``."""
    settings = settings or Settings.from_env()
    credentials = ServiceCredentials(settings, caller=SERVICE)

    def client(service: str, url: str | None) -> ServiceClient:
        return ServiceClient(service, url or settings.service_url(service), credentials,
                             timeout=settings.http_timeout)

    auth = UpstreamAuth()
    orders = client("order", order_url)
    # The history is order-history's archive where that service is part of the system (or a URL is given);
    # until it is, order-service's listings, which still hold finished orders.
    if history_url or any(entry.name == "order-history" for entry in SERVICES):
        history = HttpOrderHistoryGateway(client("order-history", history_url), auth)
    else:
        history = OrderListingHistory(orders, auth)
    deps = http.Dependencies(
        profiles=HttpProfileGateway(client("worker-profile", profile_url)),
        orders=HttpOrderGateway(orders, auth),
        reports=HttpReportGateway(client("order-report", report_url), auth),
        history=history,
    )
    # No store of its own: ready means the process answers; an upstream that is down degrades its routes (503).
    app = create_http_app(
        SERVICE, settings, blueprints=http.blueprints(deps),
        description="The workers' entry point: a back-end-for-front-end (REST under /api) and the PWA (at /). "
                    "A worker sees only its own offers, orders, check-ins and reports.")
    app.register_blueprint(pwa.blueprint())
    return app
