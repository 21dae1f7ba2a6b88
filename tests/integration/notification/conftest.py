"""Fixtures for notification-service's adapters: databases of its own per test module, a dramatiq worker."""
from __future__ import annotations

import uuid

import dramatiq
import pytest

from mcf.kit import clickhouse, db
from mcf.notification import app as notification_app
from mcf.notification.adapters.jobs import SEND_QUEUE

from .support import purge


@pytest.fixture(scope="module")
def service_settings(servers):
    """Settings whose PostgreSQL and ClickHouse databases belong to this test module alone; dropped after it."""
    settings = servers.with_(db_prefix=f"mcf_test_{uuid.uuid4().hex[:8]}_")
    yield settings
    name = settings.database_name(notification_app.SERVICE)
    db.drop_database(settings, name)
    client = clickhouse.connect(settings, notification_app.SERVICE)
    try:
        clickhouse.drop_database(client, name)
    finally:
        client.disconnect()


@pytest.fixture(scope="module")
def database(service_settings):
    database = notification_app.postgres(service_settings)
    yield database
    database.close_all()


@pytest.fixture(scope="module")
def log(service_settings):
    log = notification_app.notification_log(service_settings)
    yield log
    log.client.disconnect()


@pytest.fixture
def send_worker():
    """``start(settings, ...)``: a real dramatiq Worker running the send actor on those settings (test vhost)."""
    from mcf.notification import actors

    running: list[dramatiq.Worker] = []

    def start(settings, *, max_attempts=3, min_backoff_ms=20, max_backoff_ms=100):
        broker = actors.start(settings, max_attempts=max_attempts, min_backoff_ms=min_backoff_ms,
                                  max_backoff_ms=max_backoff_ms)
        purge(settings.amqp_url, SEND_QUEUE, f"{SEND_QUEUE}.DQ")  # leftovers of an interrupted run
        worker = dramatiq.Worker(broker, worker_threads=2, worker_timeout=100)
        worker.start()
        running.append(worker)
        return broker

    yield start
    for worker in running:
        worker.stop(timeout=5000)
        worker.broker.close()
