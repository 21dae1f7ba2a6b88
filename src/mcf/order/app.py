"""order-service composition root: the one place that builds adapters and hands them to the core.

Two kinds of process run this service: the HTTP app (``create_app``) and the workers (``workers``: the outbox
relay, the consumer of other services' events, the live-orders projector, and the offer and expiry jobs).
"""
from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta, timezone
from typing import Callable

import peewee
from flask import Flask

from mcf.kit import clickhouse, db, idempotency, metrics
from mcf.kit.auth import ServiceCredentials
from mcf.kit.config import Settings
from mcf.kit.crypto import FieldCipher, cipher_from
from mcf.kit.http import create_app as create_http_app
from mcf.kit.messaging import Consumer, ConsumerOptions, declare_topology
from mcf.kit.outbox import service_relay
from mcf.kit.runtime import Worker
from mcf.kit.service_client import ServiceClient
from mcf.order import service
from mcf.order.adapters import amqp, http, storage
from mcf.order.adapters.gateways import HttpClientDirectory, HttpMatchingGateway
from mcf.order.ports import ClientDirectory, ClientDirectoryUnavailable, MatchingGateway, MatchingUnavailable
from mcf.topology import ORDER_INBOX, ORDER_LIVE_ORDERS, TOPOLOGY

SERVICE = "order"


def policy_from(settings: Settings) -> service.OrderPolicy:
    """``MCF_ORDER_OFFER_SECONDS`` (default 600) and ``MCF_ORDER_PAYMENT_DEADLINE_SECONDS`` (default 1800)."""
    return service.OrderPolicy(offer_ttl=timedelta(seconds=settings.order_offer_seconds),
                               payment_deadline=timedelta(seconds=settings.order_payment_deadline_seconds))


def cipher(settings: Settings) -> FieldCipher:
    """order-service's cipher for the client's contact data (MCF_ORDER_KEYS ...; refuses missing or development
    keys outside development mode; ADR 0123)."""
    return cipher_from(settings, SERVICE)


def database(settings: Settings, field_cipher: FieldCipher | None = None) -> peewee.Database:
    database = db.connect(settings, SERVICE)
    db.migrate(database, storage.MIGRATIONS)
    # Rows from before migration 0005 (or under a retired key) are encrypted now (ADR 0123); idempotent.
    storage.seal_plaintext(database, field_cipher or cipher(settings))
    return database


def live_orders(settings: Settings) -> storage.ClickhouseLiveOrders:
    client = clickhouse.connect(settings, SERVICE)
    clickhouse.migrate(client, storage.CLICKHOUSE_MIGRATIONS, cluster=settings.clickhouse_cluster)
    return storage.ClickhouseLiveOrders(client)


def matching_gateway(settings: Settings) -> HttpMatchingGateway:
    # A longer connect timeout than the kit's default: the match is on the path of placing an order.
    return HttpMatchingGateway(ServiceClient(
        "matching", settings.service_url("matching"), ServiceCredentials(settings, caller=SERVICE),
        timeout=settings.http_timeout, connect_timeout=3.0, unavailable=MatchingUnavailable))


def client_directory(settings: Settings) -> HttpClientDirectory:
    return HttpClientDirectory(ServiceClient(
        "client-dashboard", settings.service_url("client-dashboard"), ServiceCredentials(settings, caller=SERVICE),
        timeout=settings.http_timeout, unavailable=ClientDirectoryUnavailable))


def _utcnow() -> datetime:
    return datetime.now(timezone.utc)


def create_app(settings: Settings | None = None, *, matching: MatchingGateway | None = None,
               clients: ClientDirectory | None = None, policy: service.OrderPolicy | None = None,
               clock: Callable[[], datetime] = _utcnow) -> Flask:
    settings = settings or Settings.from_env()
    field_cipher = cipher(settings)
    pg = database(settings, field_cipher)
    live = live_orders(settings)
    app = create_http_app(
        SERVICE, settings, database=pg,
        blueprints=[http.blueprint(lambda: storage.OrderUnitOfWork(pg, field_cipher),
                                   matching or matching_gateway(settings), live,
                                   clients or client_directory(settings), policy or policy_from(settings), clock)],
        readiness={"postgres": lambda: db.ping(pg), "clickhouse": live.ping},
        description="Orders for toy-testing sessions: placing, offers to matched workers, the lifecycle from "
                    "placed to completed, and live listings.")
    app.extensions["mcf_order_db"] = pg  # for tests and tools that read the order database
    return app


def workers(settings: Settings | None = None, *, matching: MatchingGateway | None = None,
            policy: service.OrderPolicy | None = None, job_interval_seconds: float | None = None,
            clock: Callable[[], datetime] = _utcnow) -> list[Worker]:
    """Every long-lived worker of the service; each owns its connections."""
    settings = settings or Settings.from_env()
    declare_topology(settings.amqp_url, TOPOLOGY)  # our queues keep events even before the consumers first run
    field_cipher = cipher(settings)
    pg = database(settings, field_cipher)
    policy = policy or policy_from(settings)
    matching = matching or matching_gateway(settings)
    interval = job_interval_seconds or settings.order_job_poll_seconds
    options = ConsumerOptions.from_settings(settings)

    def uow() -> storage.OrderUnitOfWork:
        return storage.OrderUnitOfWork(pg, field_cipher)

    def offers() -> list[str]:
        with pg.connection_context():
            return service.process_due_offers(uow(), matching, clock(), policy)

    def expiry() -> list[str]:
        with pg.connection_context():
            return service.expire_unpaid(uow(), clock(), policy)

    return [
        service_relay(pg, settings.amqp_url, TOPOLOGY, SERVICE, settings.outbox_poll_seconds),
        Consumer(settings.amqp_url, ORDER_INBOX, amqp.inbox_handler(uow, policy, clock=clock), pg,
                 name=ORDER_INBOX.name, options=options),
        Consumer(settings.amqp_url, ORDER_LIVE_ORDERS, amqp.live_orders_handler(live_orders(settings)), pg,
                 name=ORDER_LIVE_ORDERS.name,  # ClickHouse down requeues (an outage), never dead-letters
                 options=dataclasses.replace(options, requeue_on=clickhouse.UNREACHABLE)),
        db.periodic_job(pg, "order.offer-timeouts", offers, interval),
        idempotency.sweeper(pg, SERVICE, storage.IdempotencyKeyRow._meta.table_name,
                            settings.idempotency_key_retention_seconds, settings.idempotency_sweep_seconds),
        metrics.with_gauges(db.periodic_job(pg, "order.payment-expiry", expiry, interval),
                            lambda: overdue_gauges(pg, clock(), policy, grace=max(60.0, 3 * interval))),
    ]


def overdue_gauges(pg: peewee.Database, now: datetime, policy: service.OrderPolicy, *, grace: float):
    """``mcf_orders_overdue{state}``: orders still in a state past its deadline by more than ``grace`` seconds
    (an offer nobody answered, a placed order unpaid), which the jobs above should have moved on: the alert
    OrdersStuckPastDeadline fires on them."""
    from prometheus_client.core import GaugeMetricFamily

    late = now - timedelta(seconds=grace)
    with pg.connection_context():
        offered, unpaid = pg.execute_sql(
            "SELECT count(*) FILTER (WHERE worker_id IS NULL AND status IN ('placed', 'confirmed') "
            "AND offer_worker_id IS NOT NULL AND offer_expires_at < %s), "
            "count(*) FILTER (WHERE status = 'placed' AND created_at < %s) FROM orders",
            (late, late - policy.payment_deadline)).fetchone()
    gauge = GaugeMetricFamily("mcf_orders_overdue", "Orders in a state past its deadline (jobs behind)",
                              labels=["state"])
    gauge.add_metric(["offered"], offered)
    gauge.add_metric(["unpaid"], unpaid)
    yield gauge
