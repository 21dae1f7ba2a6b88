"""order-report's HTTP client of order-service: ``GET /orders/{id}`` with a service token and a timeout."""
from __future__ import annotations

import threading
from typing import Callable

import requests

from mcf.kit.auth import issue_token
from mcf.kit.correlation import HEADER as CORRELATION_HEADER
from mcf.kit.correlation import current_correlation_id
from mcf.kit.logging import get_logger
from mcf.order_report.domain import OrderView
from mcf.order_report.ports import OrderServiceUnavailable

log = get_logger(__name__)

TOKEN_SUBJECT = "order-report-service"
TOKEN_TTL_SECONDS = 300


class HttpOrderGateway:
    """OrderGateway over order-service (contracts/openapi/order.yaml, ``Order``)."""

    def __init__(self, base_url: str, jwt_secret: str, *, timeout: float = 5.0,
                 session_factory: Callable[[], requests.Session] = requests.Session):
        self.base_url = base_url.rstrip("/")
        self.jwt_secret = jwt_secret
        self.timeout = (min(timeout, 3.0), timeout)  # (connect, read): a hanging order-service still ends the call
        self._session_factory = session_factory
        self._local = threading.local()

    def _session(self) -> requests.Session:
        session = getattr(self._local, "session", None)  # one keep-alive session per thread (not thread-safe)
        if session is None:
            session = self._local.session = self._session_factory()
        return session

    def _headers(self) -> dict:
        # The one place the token is made: when the kit's audience-bound service tokens land, this is the edit.
        token = issue_token(self.jwt_secret, TOKEN_SUBJECT, "service", ttl_seconds=TOKEN_TTL_SECONDS)
        headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
        if current_correlation_id():
            headers[CORRELATION_HEADER] = current_correlation_id()
        return headers

    def get_order(self, order_id: str) -> OrderView | None:
        try:
            response = self._session().get(f"{self.base_url}/orders/{order_id}", headers=self._headers(),
                                           timeout=self.timeout)
        except requests.RequestException as exc:
            self._local.session = None  # a broken connection is not reused
            raise OrderServiceUnavailable(f"order-service did not answer: {type(exc).__name__}") from exc
        if response.status_code == 404:
            return None
        if response.status_code != 200:
            log.warning("order-service refused", status=response.status_code, body=response.text[:500])
            raise OrderServiceUnavailable(f"order-service answered {response.status_code}")
        try:
            body = response.json()
            return _order_view(body)
        except (ValueError, KeyError, TypeError) as exc:
            raise OrderServiceUnavailable(f"order-service answered something unusable: {exc!r}") from exc


def _order_view(body: dict) -> OrderView:
    status, client_id, worker_id = body["status"], body["client_id"], body.get("worker_id")
    kit_ready = body["kit"]["ready"]
    if not isinstance(status, str) or not isinstance(client_id, str) or not isinstance(kit_ready, bool):
        raise TypeError("status, client_id and kit.ready must be a string, a string and a boolean")
    if worker_id is not None and not isinstance(worker_id, str):
        raise TypeError("worker_id must be a string or null")
    return OrderView(order_id=str(body["id"]), status=status, client_id=client_id, worker_id=worker_id,
                     kit_ready=kit_ready)
