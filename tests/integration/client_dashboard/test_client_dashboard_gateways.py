"""The order- and payment-service HTTP clients against stub servers on real sockets."""
import socket
import time
import uuid
from datetime import datetime, timedelta, timezone

import pytest

from mcf.client_dashboard.adapters.gateways import HttpOrderGateway, HttpPaymentGateway, ServiceClient
from mcf.client_dashboard.ports import OrderRequest, PaymentRequest
from mcf.kit.auth import ServiceCredentials
from mcf.kit.correlation import correlation_scope
from mcf.kit.errors import Conflict, DependencyRefused, InvalidInput, NotFound, Unavailable


def credentials(settings):
    return ServiceCredentials(settings, caller="client-dashboard")


@pytest.fixture
def orders(order_service, isolated_settings):
    return HttpOrderGateway(ServiceClient("order", order_service[0], credentials(isolated_settings), timeout=0.5))


@pytest.fixture
def payments(payment_service, isolated_settings):
    return HttpPaymentGateway(ServiceClient("payment", payment_service[0], credentials(isolated_settings),
                                            timeout=0.5))


def order_request(client_id=None, **overrides):
    values = dict(client_id=client_id or str(uuid.uuid4()), cat_id=str(uuid.uuid4()), toy_category="mice",
                  slot_start=datetime.now(timezone.utc) + timedelta(days=1), duration_minutes=60,
                  address={"city": "Moscow", "district": "Arbat", "street": "Arbat st", "building": "1"})
    values.update(overrides)
    return OrderRequest(**values)


def test_place_posts_who_and_which_cat_only_with_a_service_token_acting_for_the_client(orders, order_controls):
    request = order_request()
    with correlation_scope("corr-42"):
        order = orders.place(request)
    sent = order_controls.last()
    assert (sent.method, sent.path, sent.role, sent.subject) == ("POST", "/orders", "service", "client-dashboard")
    assert sent.acting_for == ("client", request.client_id)
    assert sent.headers["X-Correlation-Id"] == "corr-42"
    assert sent.json["slot_start"].endswith("Z") and set(sent.json) == {
        "cat_id", "toy_category", "slot_start", "duration_minutes", "address"}
    assert orders.get(order["id"]) == order


def test_a_missing_order_is_none_and_listings_come_as_arrays_or_wrapped_keyed_by_id(orders, order_controls):
    assert orders.get(str(uuid.uuid4())) is None
    client_id = str(uuid.uuid4())
    placed = orders.place(order_request(client_id))
    (listed,) = orders.for_client(client_id)
    assert (listed["id"], listed["order_id"], listed["status"]) == (placed["id"], placed["id"], "placed")
    assert order_controls.last().args == {"client_id": client_id, "limit": "200"}
    order_controls.list_wrapper = "orders"
    assert [item["id"] for item in orders.for_client(client_id)] == [placed["id"]]


def test_cancel_is_sent_with_a_service_token_acting_for_that_client(orders, order_controls):
    client_id = str(uuid.uuid4())
    placed = orders.place(order_request(client_id))
    cancelled = orders.cancel(placed["id"], client_id)
    assert cancelled["status"] == "cancelled" and cancelled["cancellation"]["cancelled_by"] == "client"
    assert (order_controls.last().role, order_controls.last().acting_for) == ("service", ("client", client_id))


def test_404_409_and_422_pass_the_other_services_problem_through(orders):
    with pytest.raises(NotFound):
        orders.cancel(str(uuid.uuid4()), str(uuid.uuid4()))
    client_id = str(uuid.uuid4())
    placed = orders.place(order_request(client_id))
    orders.cancel(placed["id"], client_id)
    with pytest.raises(Conflict) as conflict:
        orders.cancel(placed["id"], client_id)
    assert conflict.value.slug == "illegal-transition" and conflict.value.extensions == {"order_status": "cancelled",
                                                                                 "requested": "cancelled"}
    with pytest.raises(InvalidInput) as invalid:
        orders.place(order_request(slot_start=datetime.now(timezone.utc)))
    assert invalid.value.slug == "invalid-input" and invalid.value.extensions == {"field": "slot_start"}


@pytest.mark.parametrize("status", [500, 502, 503])
def test_a_failing_dependency_is_unavailable(orders, order_controls, status):
    order_controls.fail_with = status
    with pytest.raises(Unavailable):
        orders.get(str(uuid.uuid4()))


@pytest.mark.parametrize("status", [401, 403])
def test_a_dependency_refusing_our_token_is_refused_not_unavailable(orders, order_controls, status):
    order_controls.fail_with = status
    with pytest.raises(DependencyRefused) as refused:
        orders.get(str(uuid.uuid4()))
    assert not isinstance(refused.value, Unavailable) and refused.value.slug == "dependency-refused"


def test_a_hanging_dependency_is_unavailable_after_the_timeout(orders, order_controls, hanging):
    order_controls.hang = hanging
    started = time.monotonic()
    with pytest.raises(Unavailable, match="in time"):
        orders.get(str(uuid.uuid4()))
    assert time.monotonic() - started < 2


def test_a_dependency_that_is_not_listening_is_unavailable(isolated_settings):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    gateway = HttpOrderGateway(ServiceClient("order", f"http://127.0.0.1:{port}", credentials(isolated_settings)))
    with pytest.raises(Unavailable, match="cannot be reached"):
        gateway.for_client(str(uuid.uuid4()))


def payment_request(order_id=None, card="4242424242424242"):
    return PaymentRequest(order_id=order_id or str(uuid.uuid4()), client_id=str(uuid.uuid4()),
                          amount_minor=99_900, currency="RUB", card_number=card)


def test_pay_sends_the_idempotency_key_and_a_seen_key_is_a_replay(payments, payment_controls):
    request = payment_request()
    first = payments.pay(request, "key-a")
    sent = payment_controls.last()
    assert sent.headers["Idempotency-Key"] == "key-a" and sent.role == "service"
    assert sent.acting_for == ("client", request.client_id)
    assert sent.json == {"order_id": request.order_id, "card_number": "4242424242424242",
                         "expected_price": {"amount_minor": 99_900, "currency": "RUB"}}
    assert not first.replayed and first.payment["status"] == "succeeded"
    second = payments.pay(request, "key-a")
    assert second.replayed and second.payment == first.payment
    assert payments.get(first.payment["id"]) == first.payment and payments.get(str(uuid.uuid4())) is None
    assert payments.for_order(request.order_id) == [first.payment]


def test_a_payment_service_outage_is_unavailable(payments, payment_controls):
    payment_controls.fail_with = 500
    with pytest.raises(Unavailable):
        payments.pay(payment_request(), "key-b")
