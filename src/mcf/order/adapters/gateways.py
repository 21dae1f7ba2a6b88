"""HTTP clients of other services implementing the order core's ports. Every call has a timeout."""
from __future__ import annotations

import threading
from datetime import timezone
from typing import Callable

import requests

from mcf.kit.auth import Principal, ServiceCredentials
from mcf.kit.correlation import HEADER as CORRELATION_HEADER
from mcf.kit.correlation import current_correlation_id
from mcf.kit.errors import DependencyRefused, DomainError
from mcf.kit.logging import get_logger
from mcf.kit.service_client import ServiceClient
from mcf.order.domain import Candidate, Price
from mcf.order.ports import ClientDirectoryUnavailable, ClientFacts, MatchingUnavailable, MatchRequest

log = get_logger(__name__)


class HttpMatchingGateway:
    """MatchingGateway over matching-service's ``POST /matches`` (docs/integration-contracts.md)."""

    def __init__(self, base_url: str, credentials: ServiceCredentials, *, timeout: float = 5.0,
                 session_factory: Callable[[], requests.Session] = requests.Session):
        self.base_url = base_url.rstrip("/")
        self.credentials = credentials
        # (connect, read): a matching that accepts the connection and never answers still ends the call.
        self.timeout = (min(timeout, 3.0), timeout)
        self._session_factory = session_factory
        self._local = threading.local()

    def _session(self) -> requests.Session:
        # One keep-alive session per thread: a Session is not safe to share between gunicorn threads, and a new
        # connection per call costs more than the match itself.
        session = getattr(self._local, "session", None)
        if session is None:
            session = self._local.session = self._session_factory()
        return session

    def find_candidates(self, request: MatchRequest) -> list[Candidate]:
        body = {
            "order_id": request.order_id, "client_id": request.client_id, "toy_category": request.toy_category,
            "slot_start": request.slot_start.astimezone(timezone.utc).isoformat().replace("+00:00", "Z"),
            "duration_minutes": request.duration_minutes, "city": request.city, "district": request.district,
            "exclude_worker_ids": list(request.exclude_worker_ids), "limit": request.limit,
        }
        headers = self.credentials.headers(audience="matching")
        if current_correlation_id():
            headers[CORRELATION_HEADER] = current_correlation_id()
        try:
            response = self._session().post(f"{self.base_url}/matches", json=body, headers=headers,
                                            timeout=self.timeout)
        except requests.RequestException as exc:
            self._local.session = None  # a broken connection is not reused
            raise MatchingUnavailable(f"matching-service did not answer: {type(exc).__name__}") from exc
        if response.status_code != 200:
            log.warning("matching-service refused", status=response.status_code, body=response.text[:500])
            raise MatchingUnavailable(f"matching-service answered {response.status_code}")
        try:
            return [_candidate(item) for item in response.json()["candidates"]]
        except (ValueError, KeyError, TypeError) as exc:
            raise MatchingUnavailable(f"matching-service answered something unusable: {exc!r}") from exc


def _candidate(item: dict) -> Candidate:
    price = item["price"]
    amount = price["amount_minor"]
    if not isinstance(amount, int) or isinstance(amount, bool) or amount < 0:
        raise ValueError(f"price.amount_minor must be a non-negative integer, got {amount!r}")
    if not isinstance(item["worker_id"], str) or not isinstance(price["currency"], str):
        raise ValueError("worker_id and price.currency must be strings")
    return Candidate(worker_id=item["worker_id"], score=float(item.get("score", 0.0)),
                     price=Price(amount, price["currency"], dict(price.get("breakdown") or {})))


class HttpClientDirectory:
    """ClientDirectory over client-dashboard's ``GET /internal/clients/{id}/cats/{cat_id}``, acting for the client."""

    def __init__(self, client: ServiceClient):
        self._client = client

    def client_cat(self, client_id: str, cat_id: str) -> ClientFacts | None:
        try:
            response = self._client.call("GET", f"/internal/clients/{client_id}/cats/{cat_id}", missing_is_none=True,
                                         on_behalf_of=Principal(subject=client_id, role="client"))
        except (ClientDirectoryUnavailable, DependencyRefused):
            raise
        except DomainError as exc:  # a 409/422 from the owner is not an answer we can place an order on
            raise ClientDirectoryUnavailable(f"client-dashboard refused: {exc.detail}") from exc
        if response is None:
            return None
        body = self._client.json(response)
        try:
            facts = ClientFacts(client_id=str(body["client_id"]), email=str(body["email"]),
                                locale=str(body["locale"]), cat_id=str(body["cat_id"]),
                                cat_name=str(body["cat_name"]))
        except (KeyError, TypeError) as exc:
            raise ClientDirectoryUnavailable(f"client-dashboard answered something unusable: {exc!r}") from exc
        return facts
