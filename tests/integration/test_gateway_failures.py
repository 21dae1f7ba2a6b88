"""Every HTTP client of another service against a misbehaving real HTTP server on a local socket: a hang (timeout),
a 5xx, a refused connection and an answer that is not JSON are Unavailable (503, retry later); a 401/403 refusing
our own token is DependencyRefused (a misconfiguration, not retried), never Unavailable.

Gateways: client-dashboard's order and payment gateways, order's client directory (client-dashboard), payment's
order directory (order-service)."""
from __future__ import annotations

import socket
import threading
import time
import uuid

import pytest
from flask import Flask, Response

from mcf.client_dashboard.adapters.gateways import HttpOrderGateway, HttpPaymentGateway
from mcf.kit.auth import ServiceCredentials
from mcf.kit.config import Settings
from mcf.kit.errors import DependencyRefused, Unavailable
from mcf.kit.service_client import ServiceClient
from mcf.order.adapters.gateways import HttpClientDirectory
from mcf.order.ports import ClientDirectoryUnavailable
from mcf.payment.adapters.gateways import HttpOrderDirectory
from mcf.payment.ports import OrderServiceUnavailable
from tests.support.stub_services import serve

SETTINGS = Settings(jwt_secret="gateway-failure-test-secret-long-enough")
TIMEOUT = 0.5


class Misbehaving:
    """One upstream that answers every request as told: ``hang``, a status code, or ``not-json``."""

    def __init__(self):
        self.mode: str | int = 500
        self.release = threading.Event()
        self.app = Flask("misbehaving")

        @self.app.route("/", defaults={"path": ""}, methods=["GET", "POST"])
        @self.app.route("/<path:path>", methods=["GET", "POST"])
        def answer(path):
            if self.mode == "hang":
                self.release.wait(5)
                return Response("{}", mimetype="application/json")
            if self.mode == "not-json":
                return Response("<html>proxy error page</html>", status=200, mimetype="text/html")
            return Response('{"type": "about:blank", "title": "told", "status": %d}' % self.mode,
                            status=self.mode, mimetype="application/problem+json")


@pytest.fixture(scope="module")
def upstream():
    stub = Misbehaving()
    with serve(stub.app) as url:
        yield stub, url
    stub.release.set()


def _closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}"


def _calls(url: str) -> dict:
    """Each gateway's call, built on ``url``, with the Unavailable kind it raises."""
    def client(service, caller, unavailable=Unavailable):
        return ServiceClient(service, url, ServiceCredentials(SETTINGS, caller=caller), timeout=TIMEOUT,
                             unavailable=unavailable)

    some = str(uuid.uuid4())
    return {
        "client-dashboard -> order": (
            lambda: HttpOrderGateway(client("order", "client-dashboard")).get(some), Unavailable),
        "client-dashboard -> payment": (
            lambda: HttpPaymentGateway(client("payment", "client-dashboard")).for_order(some), Unavailable),
        "order -> client-dashboard": (
            lambda: HttpClientDirectory(client("client-dashboard", "order", ClientDirectoryUnavailable))
            .client_cat(some, some), ClientDirectoryUnavailable),
        "payment -> order": (
            lambda: HttpOrderDirectory(client("order", "payment", OrderServiceUnavailable))
            .order_for_client(some, some), OrderServiceUnavailable),
    }


GATEWAYS = list(_calls("http://unused"))


@pytest.mark.parametrize("gateway", GATEWAYS)
@pytest.mark.parametrize("mode", [500, 502, 503, "not-json"])
def test_a_failing_upstream_or_an_unreadable_answer_is_unavailable(upstream, gateway, mode):
    stub, url = upstream
    stub.mode = mode
    call, unavailable = _calls(url)[gateway]
    with pytest.raises(unavailable):
        call()


@pytest.mark.parametrize("gateway", GATEWAYS)
def test_a_hanging_upstream_is_unavailable_within_the_timeout(upstream, gateway):
    stub, url = upstream
    stub.mode = "hang"
    call, unavailable = _calls(url)[gateway]
    started = time.monotonic()
    with pytest.raises(unavailable, match="in time"):
        call()
    assert time.monotonic() - started < TIMEOUT + 1.5


@pytest.mark.parametrize("gateway", GATEWAYS)
def test_an_upstream_that_is_not_listening_is_unavailable(gateway):
    call, unavailable = _calls(_closed_port_url())[gateway]
    with pytest.raises(unavailable, match="cannot be reached"):
        call()


@pytest.mark.parametrize("gateway", GATEWAYS)
@pytest.mark.parametrize("status", [401, 403])
def test_an_upstream_refusing_our_token_is_dependency_refused_not_unavailable(upstream, gateway, status):
    stub, url = upstream
    stub.mode = status
    call, _ = _calls(url)[gateway]
    with pytest.raises(DependencyRefused) as refused:
        call()
    assert not isinstance(refused.value, Unavailable)
    assert refused.value.extensions == {"service": refused.value.extensions["service"]}
