"""HTTP clients of order-service and payment-service (docs/integration-contracts.md), implementing the ports.

Every call has a timeout, carries a bearer token and the correlation id. Their answers map onto the core's
errors: 404 NotFound, 409 Conflict and 422 InvalidInput pass the other service's problem through (its type,
detail and extension members); a timeout, a refused connection, a 5xx or any other surprise is Unavailable
(503, ``urn:mcf:problem:dependency-unavailable``).
"""
from __future__ import annotations

import threading
from typing import Any

import requests

from mcf.client_dashboard.ports import OrderRequest, PaymentRequest, PaymentResult
from mcf.kit.auth import issue_token
from mcf.kit.correlation import HEADER as CORRELATION_HEADER
from mcf.kit.correlation import current_correlation_id
from mcf.kit.errors import Conflict, DomainError, InvalidInput, NotFound, Unavailable
from mcf.kit.logging import get_logger
from mcf.kit.values import iso_utc

log = get_logger(__name__)

CALLER = "client-dashboard"
PROBLEM_BASE = "urn:mcf:problem:"
_PROBLEM_MEMBERS = {"type", "title", "status", "detail", "instance", "correlation_id"}
LIST_LIMIT = 200  # order-service's maximum page
_PASSED_THROUGH: dict[int, type[DomainError]] = {404: NotFound, 409: Conflict, 422: InvalidInput}


class ServiceClient:
    """One other MCF service: base URL, shared JWT secret, timeouts; one requests.Session per thread."""

    def __init__(self, service: str, base_url: str, jwt_secret: str, *, timeout: float = 5.0,
                 connect_timeout: float = 2.0):
        self.service, self.base_url = service, base_url.rstrip("/")
        self._secret, self._timeout = jwt_secret, (min(connect_timeout, timeout), timeout)
        self._local = threading.local()

    def _session(self) -> requests.Session:
        session = getattr(self._local, "session", None)
        if session is None:
            session = self._local.session = requests.Session()
        return session

    def token(self, subject: str = CALLER, role: str = "service") -> str:
        return issue_token(self._secret, subject, role, ttl_seconds=300)

    def call(self, method: str, path: str, *, json: Any = None, params: dict | None = None,
             headers: dict | None = None, token: str | None = None,
             missing_is_none: bool = False) -> requests.Response | None:
        """The 2xx response; with ``missing_is_none`` a 404 is None; anything else raises a core error."""
        all_headers = {"Authorization": f"Bearer {token or self.token()}", "Accept": "application/json",
                       **(headers or {})}
        if current_correlation_id():
            all_headers[CORRELATION_HEADER] = current_correlation_id()
        url = f"{self.base_url}{path}"
        try:
            response = self._session().request(method, url, json=json, params=params, headers=all_headers,
                                               timeout=self._timeout)
        except requests.Timeout as exc:
            raise Unavailable(f"{self.service}-service did not answer in time", service=self.service) from exc
        except requests.RequestException as exc:
            raise Unavailable(f"{self.service}-service cannot be reached", service=self.service) from exc
        if response.ok:
            return response
        if response.status_code == 404 and missing_is_none:
            return None
        raise self._error(response, method, path)

    def _error(self, response: requests.Response, method: str, path: str) -> DomainError:
        problem = _json_or_empty(response)
        kind = _PASSED_THROUGH.get(response.status_code)
        if kind is None:
            log.warning("dependency failed", service=self.service, method=method, path=path,
                        status=response.status_code, problem=problem)
            return Unavailable(f"{self.service}-service failed ({response.status_code})", service=self.service)
        detail = str(problem.get("detail") or problem.get("title") or f"{self.service}-service said "
                     f"{response.status_code}")
        error = kind(detail, **{k: v for k, v in problem.items() if k not in _PROBLEM_MEMBERS})
        upstream_type = str(problem.get("type") or "")
        if upstream_type.startswith(PROBLEM_BASE):
            error.slug = upstream_type.removeprefix(PROBLEM_BASE)  # keep the other service's problem type
        return error

    def json(self, response: requests.Response) -> Any:
        try:
            return response.json()
        except ValueError as exc:
            raise Unavailable(f"{self.service}-service answered something that is not JSON",
                              service=self.service) from exc


def _json_or_empty(response: requests.Response) -> dict:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def _items(body: Any, *keys: str) -> list[dict]:
    """A listing: a JSON array, or an object holding one under one of ``keys`` (both shapes are in use)."""
    if isinstance(body, list):
        return body
    if isinstance(body, dict):
        for key in keys:
            if isinstance(body.get(key), list):
                return body[key]
    raise Unavailable("a listing came back in a shape that is neither an array nor an object of items")



class HttpOrderGateway:
    def __init__(self, client: ServiceClient):
        self._client = client

    def place(self, request: OrderRequest) -> dict:
        body = {"client_id": request.client_id, "client_email": request.client_email, "cat_id": request.cat_id,
                "cat_name": request.cat_name, "toy_category": request.toy_category,
                "slot_start": iso_utc(request.slot_start), "duration_minutes": request.duration_minutes,
                "address": dict(request.address), "locale": request.locale}
        return self._client.json(self._client.call("POST", "/orders", json=body))

    def get(self, order_id: str) -> dict | None:
        response = self._client.call("GET", f"/orders/{order_id}", missing_is_none=True)
        return None if response is None else self._client.json(response)

    def for_client(self, client_id: str) -> list[dict]:
        # order-service lists from its live-orders table: summaries keyed ``order_id``; the core reads ``id``.
        response = self._client.call("GET", "/orders", params={"client_id": client_id, "limit": LIST_LIMIT})
        return [{**item, "id": item.get("id") or item.get("order_id")}
                for item in _items(self._client.json(response), "orders", "items")]

    def cancel(self, order_id: str, client_id: str) -> dict:
        # On the client's behalf: a client token for it, so order-service records the client as the canceller
        # (a service token would read as the platform cancelling) and checks ownership itself too.
        response = self._client.call("POST", f"/orders/{order_id}/cancel", json={"reason": "cancelled by the client"},
                                     token=self._client.token(client_id, "client"))
        return self._client.json(response)


class HttpPaymentGateway:
    def __init__(self, client: ServiceClient):
        self._client = client

    def pay(self, request: PaymentRequest, idempotency_key: str) -> PaymentResult:
        body = {"order_id": request.order_id, "client_id": request.client_id, "client_email": request.client_email,
                "amount_minor": request.amount_minor, "currency": request.currency,
                "card_number": request.card_number, "locale": request.locale}
        response = self._client.call("POST", "/payments", json=body, headers={"Idempotency-Key": idempotency_key})
        return PaymentResult(self._client.json(response), replayed=response.status_code == 200)

    def get(self, payment_id: str) -> dict | None:
        response = self._client.call("GET", f"/payments/{payment_id}", missing_is_none=True)
        return None if response is None else self._client.json(response)

    def for_order(self, order_id: str) -> list[dict]:
        response = self._client.call("GET", "/payments", params={"order_id": order_id})
        return _items(self._client.json(response), "payments", "items")
