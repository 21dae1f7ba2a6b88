"""payment-service on real PostgreSQL: the app, its database, and the simulated provider's own database."""
from __future__ import annotations

import threading
import uuid

import pytest

from mcf.payment import app as payment_app
from mcf.payment.adapters.provider import SimulatedProvider
from mcf.payment.ports import OrderFacts
from tests.support.payment import FakeOrders
from tests.support.tokens import acting_for, user

# order-service as an in-memory fake (the adapter itself is tested against the real order-service in
# tests/integration/test_trust_boundaries.py): payment_body() places the order it pays for here.
ORDERS = FakeOrders()


class CountingProvider:
    """The real simulated provider (PostgreSQL store), counting the calls made to it."""

    def __init__(self, inner: SimulatedProvider):
        self.inner = inner
        self.calls: list[tuple[str, str]] = []
        self._lock = threading.Lock()

    def _count(self, name, reference):
        with self._lock:
            self.calls.append((name, reference))

    def charge(self, reference, card_number, amount_minor, currency):
        self._count("charge", reference)
        return self.inner.charge(reference, card_number, amount_minor, currency)

    def get_charge_status(self, reference):
        self._count("status", reference)
        return self.inner.get_charge_status(reference)

    def refund(self, charge_reference, refund_reference, amount_minor, currency):
        self._count("refund", charge_reference)
        return self.inner.refund(charge_reference, refund_reference, amount_minor, currency)

    def count(self, name, reference=None):
        with self._lock:
            return sum(1 for n, r in self.calls if n == name and reference in (None, r))


@pytest.fixture(scope="module")
def provider(isolated_settings):
    return CountingProvider(payment_app.simulated_provider(isolated_settings))


@pytest.fixture(scope="module")
def app(isolated_settings, provider):
    return payment_app.create_app(isolated_settings, provider=provider, orders=ORDERS)


@pytest.fixture(scope="module")
def pg(app, isolated_settings):
    database = payment_app.database(isolated_settings)
    yield database
    database.close_all()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def auth(isolated_settings):
    """What client-dashboard sends: a service token for payment-service acting for a person in ``role``."""
    def make(role="client", subject=None):
        return acting_for(isolated_settings.jwt_secret, "payment", role, subject)
    return make


@pytest.fixture
def user_token(isolated_settings):
    def make(role="client", subject=None):
        return user(isolated_settings.jwt_secret, role, subject)
    return make


def place_order(client_id, order_id=None, amount=150000, status="placed", currency="RUB") -> str:
    """An order of ``client_id`` as order-service would tell it."""
    order_id = order_id or str(uuid.uuid4())
    ORDERS.orders[order_id] = OrderFacts(order_id=order_id, client_id=client_id, client_email="murka@cats.example",
                                         locale="en", status=status, amount_minor=amount, currency=currency)
    return order_id


def payment_body(client_id, order_id=None, card="4242424242424242", amount=150000, **extra):
    """Pay for an order of ``client_id`` (placed here unless ``order_id`` names one already)."""
    if order_id is None or order_id not in ORDERS.orders:
        order_id = place_order(client_id, order_id, amount)
    return {"order_id": order_id, "card_number": card, **extra}


def rows(pg, sql, *params):
    with pg.connection_context():
        return pg.execute_sql(sql, params).fetchall()
