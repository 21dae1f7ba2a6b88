"""order-report-service composition root: MongoDB (documents + GridFS), Pillow, order-service over HTTP.

Two processes: the HTTP app (``create_app``) and the workers (``workers``: the relay of the events embedded in
the check-in and report documents). No PostgreSQL: this service's only store is MongoDB.
"""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Callable

from flask import Flask

from mcf.kit import mongo
from mcf.kit.auth import ServiceCredentials
from mcf.kit.config import Settings
from mcf.kit.http import create_app as create_http_app
from mcf.kit.messaging import Publisher, declare_topology
from mcf.kit.mongo_outbox import MongoOutboxRelay
from mcf.kit.runtime import Worker
from mcf.kit.service_client import ServiceClient
from mcf.order_report.adapters import http, storage
from mcf.order_report.adapters.gateways import HttpOrderGateway
from mcf.order_report.adapters.images import ImageLimits, PillowImageInspector
from mcf.order_report.ports import OrderGateway, OrderServiceUnavailable
from mcf.topology import TOPOLOGY

SERVICE = "order-report"
# Ten photos resized on the phone fit easily; a request beyond this is refused (413) before it is read.
MAX_REQUEST_BYTES = 40 * 1024 * 1024


def database(settings: Settings):
    db = mongo.connect(settings, SERVICE)
    storage.ensure_indexes(db)
    return db


def order_gateway(settings: Settings, url: str | None = None, *, timeout: float | None = None) -> HttpOrderGateway:
    return HttpOrderGateway(ServiceClient("order", url or settings.service_url("order"),
                                          ServiceCredentials(settings, caller=SERVICE),
                                          timeout=timeout or settings.http_timeout,
                                          unavailable=OrderServiceUnavailable))


def _utcnow() -> datetime:
    return datetime.now(timezone.utc)


def create_app(settings: Settings | None = None, *, orders: OrderGateway | None = None,
               limits: ImageLimits | None = None, clock: Callable[[], datetime] = _utcnow) -> Flask:
    settings = settings or Settings.from_env()
    db = database(settings)
    app = create_http_app(
        SERVICE, settings,
        blueprints=http.blueprints(storage.MongoCheckIns(db), storage.MongoReports(db),
                                   orders or order_gateway(settings), PillowImageInspector(limits or ImageLimits()),
                                   storage.GridFsPhotoStore(db), clock),
        readiness={"mongo": lambda: mongo.ping(db)},
        description="Workers' check-ins and order reports with photos (MongoDB, GridFS); publishes "
                    "report.checked_in and report.filed.")
    app.config["MAX_CONTENT_LENGTH"] = MAX_REQUEST_BYTES
    app.extensions["mcf_order_report_db"] = db
    return app


def workers(settings: Settings | None = None) -> list[Worker]:
    settings = settings or Settings.from_env()
    declare_topology(settings.amqp_url, TOPOLOGY)  # order.inbox exists before the first event goes out
    db = database(settings)
    return [MongoOutboxRelay([db[storage.CHECK_INS], db[storage.REPORTS]], Publisher(settings.amqp_url, TOPOLOGY),
                             poll_seconds=settings.outbox_poll_seconds, name="order-report.outbox-relay")]
