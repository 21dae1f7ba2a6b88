"""order-report's client of order-service against a stub server on a real socket."""
import threading
import time
import uuid

import pytest

from mcf.kit.correlation import correlation_scope
from mcf.order_report import app as report_app
from mcf.order_report.ports import OrderServiceUnavailable
from tests.support.stub_services import StubControls, order_stub, serve


@pytest.fixture
def stub(isolated_settings):
    controls = StubControls()
    app, orders = order_stub(isolated_settings.jwt_secret, controls)
    with serve(app) as url:
        yield url, controls, orders


def an_order(orders, **changes):
    order = {"id": str(uuid.uuid4()), "status": "confirmed", "client_id": str(uuid.uuid4()),
             "worker_id": str(uuid.uuid4()), "kit": {"ready": True, "pickup_point": {"name": "P"}, "fortune": None},
             **changes}
    orders[order["id"]] = order
    return order


def test_reads_status_worker_client_and_kit_with_a_service_token_and_the_correlation_id(stub, isolated_settings):
    url, controls, orders = stub
    order = an_order(orders)
    gateway = report_app.order_gateway(isolated_settings, url, timeout=1.0)
    with correlation_scope("corr-7"):
        view = gateway.get_order(order["id"])
    assert (view.order_id, view.status, view.worker_id, view.client_id, view.kit_ready) == (
        order["id"], "confirmed", order["worker_id"], order["client_id"], True)
    sent = controls.last()
    assert (sent.method, sent.path, sent.role, sent.subject) == ("GET", f"/orders/{order['id']}", "service",
                                                                 "order-report")
    assert sent.headers["X-Correlation-Id"] == "corr-7"


def test_an_unknown_order_is_none_and_an_unassigned_one_has_no_worker(stub, isolated_settings):
    url, _, orders = stub
    gateway = report_app.order_gateway(isolated_settings, url, timeout=1.0)
    assert gateway.get_order(str(uuid.uuid4())) is None
    order = an_order(orders, worker_id=None, kit={"ready": False, "pickup_point": None, "fortune": None})
    view = gateway.get_order(order["id"])
    assert view.worker_id is None and view.kit_ready is False


def test_errors_and_nonsense_are_unavailable(stub, isolated_settings):
    url, controls, orders = stub
    gateway = report_app.order_gateway(isolated_settings, url, timeout=1.0)
    order = an_order(orders, kit="yes")
    with pytest.raises(OrderServiceUnavailable, match="unusable"):
        gateway.get_order(order["id"])
    controls.fail_with = 500
    with pytest.raises(OrderServiceUnavailable, match="500"):
        gateway.get_order(order["id"])


def test_a_hanging_order_service_ends_within_the_timeout(stub, isolated_settings):
    url, controls, orders = stub
    order = an_order(orders)
    controls.hang = threading.Event()
    gateway = report_app.order_gateway(isolated_settings, url, timeout=0.3)
    started = time.monotonic()
    try:
        with pytest.raises(OrderServiceUnavailable, match="did not answer"):
            gateway.get_order(order["id"])
    finally:
        controls.hang.set()
    assert time.monotonic() - started < 2


def test_nothing_listening_is_unavailable(isolated_settings):
    gateway = report_app.order_gateway(isolated_settings, "http://127.0.0.1:1", timeout=0.3)
    with pytest.raises(OrderServiceUnavailable):
        gateway.get_order(str(uuid.uuid4()))
