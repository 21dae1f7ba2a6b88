"""payment-service composition root: the one place that builds adapters and hands them to the core.

Two kinds of process run this service: the HTTP app (``create_app``) and the workers (``workers``: the outbox
relay and the consumer of ``payment.order-events``, which refunds cancelled orders).
"""
from __future__ import annotations

import hashlib
from datetime import timedelta

import peewee
from flask import Flask

from mcf.kit import db
from mcf.kit.auth import ServiceCredentials
from mcf.kit.config import Settings
from mcf.kit.crypto import FieldCipher, cipher_from
from mcf.kit.events import utcnow
from mcf.kit.http import create_app as create_http_app
from mcf.kit.logging import get_logger
from mcf.kit.messaging import Consumer, ConsumerOptions, declare_topology
from mcf.kit.outbox import service_relay
from mcf.kit.runtime import PeriodicJob
from mcf.kit.service_client import ServiceClient
from mcf.payment import service
from mcf.payment.adapters import http, storage
from mcf.payment.adapters.amqp import order_events_handler
from mcf.payment.adapters.gateways import HttpOrderDirectory
from mcf.payment.adapters.provider import PostgresChargeStore, SimulatedProvider
from mcf.payment.ports import OrderDirectory, OrderServiceUnavailable, PaymentProvider
from mcf.topology import PAYMENT_ORDER_EVENTS, TOPOLOGY

SERVICE = "payment"
# The simulated provider keeps its "remote" state in a database of its own, apart from the service's.
PROVIDER_DATABASE = "payment-provider"


def cipher(settings: Settings) -> FieldCipher:
    """payment-service's cipher for the client's e-mail (MCF_PAYMENT_KEYS ...; refuses missing or development
    keys outside development mode; ADR 0123)."""
    return cipher_from(settings, SERVICE)


def database(settings: Settings, field_cipher: FieldCipher | None = None) -> peewee.Database:
    database = db.connect(settings, SERVICE)
    db.migrate(database, storage.MIGRATIONS)
    # Rows from before migration 0004 (or under a retired key) are encrypted now (ADR 0123); idempotent.
    storage.seal_plaintext(database, field_cipher or cipher(settings))
    return database


def simulated_provider(settings: Settings) -> SimulatedProvider:
    store = PostgresChargeStore(db.connect(settings, PROVIDER_DATABASE, max_connections=10),
                                timeout_seconds=settings.http_timeout)
    return SimulatedProvider(store, timeout_seconds=settings.http_timeout)


def fingerprint_secret(settings: Settings) -> bytes:
    # Request fingerprints are keyed, so a stored one cannot be brute-forced back into a card number.
    return hashlib.sha256(b"mcf-payment-fingerprint:" + settings.jwt_secret.encode()).digest()


def order_directory(settings: Settings) -> HttpOrderDirectory:
    return HttpOrderDirectory(ServiceClient("order", settings.service_url("order"),
                                            ServiceCredentials(settings, caller=SERVICE),
                                            timeout=settings.http_timeout, unavailable=OrderServiceUnavailable))


def create_app(settings: Settings | None = None, *, provider: PaymentProvider | None = None,
               orders: OrderDirectory | None = None) -> Flask:
    settings = settings or Settings.from_env()
    field_cipher = cipher(settings)
    pg = database(settings, field_cipher)
    provider = provider or simulated_provider(settings)
    return create_http_app(
        SERVICE, settings, database=pg,
        blueprints=[http.blueprint(lambda: storage.PaymentUnitOfWork(pg, field_cipher), provider,
                                   orders or order_directory(settings), secret=fingerprint_secret(settings))],
        readiness={"postgres": lambda: db.ping(pg)},
        description="Card payments of an order's own price (read from order-service) with idempotency keys through "
                    "a provider port (a simulated provider by default), a ledger per order, and refunds of cancelled "
                    "orders by the cancellation policy.")


def workers(settings: Settings | None = None, *, provider: PaymentProvider | None = None) -> list:
    settings = settings or Settings.from_env()
    declare_topology(settings.amqp_url, TOPOLOGY)  # the queue keeps cancellations even before the consumer runs
    field_cipher = cipher(settings)
    pg = database(settings, field_cipher)
    provider = provider or simulated_provider(settings)
    consumer = Consumer(
        settings.amqp_url, PAYMENT_ORDER_EVENTS,
        order_events_handler(lambda: storage.PaymentUnitOfWork(pg, field_cipher), provider), pg,
        name=PAYMENT_ORDER_EVENTS.name,
        options=ConsumerOptions.from_settings(settings))
    relay = service_relay(pg, settings.amqp_url, TOPOLOGY, SERVICE, settings.outbox_poll_seconds)
    return [relay, consumer, pending_sweeper(settings, pg, provider, field_cipher)]


def pending_sweeper(settings: Settings, pg: peewee.Database, provider: PaymentProvider,
                    field_cipher: FieldCipher) -> PeriodicJob:
    """Settles payments left pending when the provider could not tell; one round per tick across replicas."""
    log = get_logger("mcf.payment.sweeper")
    grace = timedelta(seconds=settings.payment_pending_grace_seconds)
    interval = settings.payment_sweep_seconds

    def sweep() -> list[str]:
        with pg.connection_context():
            return service.settle_stale_pending(storage.PaymentUnitOfWork(pg, field_cipher), provider,
                                                now=utcnow(), older_than=grace, log=log.error)

    return db.periodic_job(pg, "payment.pending-sweeper", sweep, interval)
