import threading
import uuid

import pytest

from mcf.client_dashboard import app as dashboard_app
from tests.support.stub_services import StubControls, order_stub, payment_stub, serve


@pytest.fixture(scope="module")
def order_controls():
    return StubControls()


@pytest.fixture(scope="module")
def payment_controls():
    return StubControls()


@pytest.fixture(scope="module")
def order_service(isolated_settings, order_controls):
    app, orders = order_stub(isolated_settings.jwt_secret, order_controls)
    with serve(app) as url:
        yield url, orders


@pytest.fixture(scope="module")
def payment_service(isolated_settings, payment_controls, order_service):
    # payment-service reads the order's status from order-service, as the stub does from order-stub's orders
    payment_controls.order_status = lambda order_id: (order_service[1].get(order_id) or {}).get("status")
    app, payments = payment_stub(isolated_settings.jwt_secret, payment_controls)
    with serve(app) as url:
        yield url, payments


@pytest.fixture(autouse=True)
def _healthy_stubs(order_controls, payment_controls):
    """Each test starts with stubs that answer; one told to fail or hang is released afterwards."""
    for controls in (order_controls, payment_controls):
        controls.fail_with, controls.list_wrapper = None, None
        controls.hang = None
    yield
    for controls in (order_controls, payment_controls):
        if controls.hang is not None:
            controls.hang.set()


@pytest.fixture
def hanging():
    return threading.Event()


@pytest.fixture(scope="module")
def app(isolated_settings, order_service, payment_service):
    settings = isolated_settings.with_(http_timeout=0.5)
    return dashboard_app.create_app(settings, order_url=order_service[0], payment_url=payment_service[0])


@pytest.fixture(scope="module")
def pg(app):
    return app.extensions["mcf_client_dashboard_db"]


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def email():
    return f"human-{uuid.uuid4().hex[:8]}@cats.example"
