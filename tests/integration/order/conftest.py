import uuid
from datetime import timedelta

import pytest

from mcf.kit import clickhouse
from mcf.kit.auth import issue_token
from mcf.order import app as order_app
from mcf.order.service import OrderPolicy
from tests.support.order import FakeMatching

W1, W2, W3 = (str(uuid.UUID(int=i, version=4)) for i in (1, 2, 3))
POLICY = OrderPolicy(offer_ttl=timedelta(minutes=10), payment_deadline=timedelta(minutes=30))


@pytest.fixture(scope="module")
def order_settings(isolated_settings):
    yield isolated_settings
    client = clickhouse.connect(isolated_settings, "order")
    try:
        clickhouse.drop_database(client, isolated_settings.database_name("order"))
    finally:
        client.disconnect()


@pytest.fixture(scope="module")
def matching():
    """matching-service as an in-memory fake: the adapter itself is tested against a real HTTP stub."""
    return FakeMatching(W1, W2, W3)


@pytest.fixture(autouse=True)
def _matching_up(matching):
    matching.down = False
    matching.ranked = FakeMatching(W1, W2, W3).ranked


@pytest.fixture(scope="module")
def app(order_settings, matching):
    return order_app.create_app(order_settings, matching=matching, policy=POLICY)


@pytest.fixture(scope="module")
def pg(app):
    return app.extensions["mcf_order_db"]


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def token(order_settings):
    def make(role="client", subject=None):
        return {"Authorization": f"Bearer {issue_token(order_settings.jwt_secret, subject or str(uuid.uuid4()), role)}"}
    return make
