"""order-history-service composition root: the one place that builds adapters and hands them to the core.

Processes: the HTTP app (``create_app``), the workers (``workers``: the consumer of terminal order events), and
the backfill command (``backfill``, run by ``mcf history backfill``). ClickHouse is the only store (ADR 0090).
"""
from __future__ import annotations

from flask import Flask

from mcf.kit import clickhouse
from mcf.kit.auth import ServiceCredentials
from mcf.kit.config import Settings
from mcf.kit.http import create_app as create_http_app
from mcf.kit.messaging import Consumer, ConsumerOptions, declare_topology
from mcf.kit.runtime import Worker
from mcf.kit.service_client import ServiceClient
from mcf.order_history import service
from mcf.order_history.adapters import amqp, http
from mcf.order_history.adapters.gateways import HttpOrderSource
from mcf.order_history.adapters.storage import CLICKHOUSE_MIGRATIONS, ClickhouseArchive
from mcf.order_history.ports import OrderSource
from mcf.topology import ORDER_HISTORY_INBOX, TOPOLOGY

SERVICE = "order-history"


def archive(settings: Settings) -> ClickhouseArchive:
    client = clickhouse.connect(settings, SERVICE)
    clickhouse.migrate(client, CLICKHOUSE_MIGRATIONS, cluster=settings.clickhouse_cluster)
    return ClickhouseArchive(client)


def order_source(settings: Settings, order_url: str | None = None) -> HttpOrderSource:
    return HttpOrderSource(ServiceClient("order", order_url or settings.service_url("order"),
                                         ServiceCredentials(settings, caller=SERVICE), timeout=settings.http_timeout))


def create_app(settings: Settings | None = None) -> Flask:
    settings = settings or Settings.from_env()
    store = archive(settings)
    return create_http_app(
        SERVICE, settings, blueprints=[http.blueprint(store)], readiness={"clickhouse": store.ping},
        description="The archive of finished orders (ClickHouse): search by client, worker, status and period; "
                    "clients' and workers' past orders; per-worker statistics for managers.")


def workers(settings: Settings | None = None, *, orders: OrderSource | None = None) -> list[Worker]:
    settings = settings or Settings.from_env()
    declare_topology(settings.amqp_url, TOPOLOGY)  # the queue keeps events even before the consumer first runs
    options = ConsumerOptions(max_attempts=settings.consumer_max_attempts,
                              retry_base_ms=settings.consumer_retry_base_ms,
                              retry_max_ms=settings.consumer_retry_max_ms, requeue_on=amqp.REQUEUE_ON)
    handler = amqp.archive_handler(orders or order_source(settings), archive(settings))
    # No database: archiving is idempotent by its key (order id, version), so no inbox is needed (ADR 0090).
    return [Consumer(settings.amqp_url, ORDER_HISTORY_INBOX, handler, None, name=ORDER_HISTORY_INBOX.name,
                     options=options)]


def backfill(settings: Settings | None = None, *, orders: OrderSource | None = None) -> int:
    """Rebuild the archive from order-service; safe to rerun. Returns how many orders were (re)archived."""
    settings = settings or Settings.from_env()
    store = archive(settings)
    try:
        return service.backfill(orders or order_source(settings), store)
    finally:
        store.client.disconnect()
