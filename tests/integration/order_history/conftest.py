"""order-history on the real ClickHouse server and RabbitMQ, with a real HTTP stand-in for order-service."""
from __future__ import annotations

import uuid

import pytest

from mcf.kit import clickhouse
from mcf.order_history import app as history_app
from tests.support.order_history import order_service_stand_in
from tests.support.stub_services import serve


@pytest.fixture
def history_settings(servers):
    """Settings whose ClickHouse database is this test's own; dropped afterwards."""
    settings = servers.with_(db_prefix=f"mcf_test_{uuid.uuid4().hex[:8]}_")
    yield settings
    client = clickhouse.connect(settings, history_app.SERVICE)
    try:
        clickhouse.drop_database(client, settings.database_name(history_app.SERVICE))
    finally:
        client.disconnect()


@pytest.fixture
def archive(history_settings):
    store = history_app.archive(history_settings)
    yield store
    store.client.disconnect()


@pytest.fixture
def order_service(history_settings):
    """(base URL, the orders it serves by id, the requests it saw)."""
    orders, seen = {}, []
    with serve(order_service_stand_in(history_settings.jwt_secret, orders, seen)) as url:
        yield url, orders, seen
