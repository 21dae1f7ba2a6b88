import uuid
from datetime import timedelta

import pytest

from mcf.kit import clickhouse
from mcf.order import app as order_app
from mcf.order.service import OrderPolicy
from tests.support.order import FakeClients, FakeMatching
from tests.support.tokens import acting_for, user

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
def clients():
    """client-dashboard as an in-memory fake: the adapter itself is tested against the real client-dashboard."""
    return FakeClients()


@pytest.fixture(autouse=True)
def _clients_up(clients):
    clients.down, clients.foreign = False, set()


@pytest.fixture(scope="module")
def app(order_settings, matching, clients):
    return order_app.create_app(order_settings, matching=matching, clients=clients, policy=POLICY)


@pytest.fixture(scope="module")
def pg(app):
    return app.extensions["mcf_order_db"]


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def token(order_settings):
    """What an entry point sends: a service token for order-service acting for a person in ``role`` (``service``:
    acting for nobody)."""
    def make(role="client", subject=None):
        return acting_for(order_settings.jwt_secret, "order", role, subject)
    return make


@pytest.fixture
def user_token(order_settings):
    """The token a person holds (for the entry points), which order-service must refuse."""
    def make(role="client", subject=None):
        return user(order_settings.jwt_secret, role, subject)
    return make
