"""HTTP clients of other services implementing the order core's ports. Every call has a timeout."""
from __future__ import annotations

import threading
from datetime import timezone
from typing import Callable

import requests

from mcf.kit.auth import issue_token
from mcf.kit.correlation import HEADER as CORRELATION_HEADER
from mcf.kit.correlation import current_correlation_id
from mcf.kit.logging import get_logger
from mcf.order.domain import Candidate, Price
from mcf.order.ports import MatchingUnavailable, MatchRequest

log = get_logger(__name__)

TOKEN_SUBJECT = "order-service"
TOKEN_TTL_SECONDS = 300


class HttpMatchingGateway:
    """MatchingGateway over matching-service's ``POST /matches`` (docs/integration-contracts.md)."""

    def __init__(self, base_url: str, jwt_secret: str, *, timeout: float = 5.0,
                 session_factory: Callable[[], requests.Session] = requests.Session):
        self.base_url = base_url.rstrip("/")
        self.jwt_secret = jwt_secret
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
        token = issue_token(self.jwt_secret, TOKEN_SUBJECT, "service", ttl_seconds=TOKEN_TTL_SECONDS)
        headers = {"Authorization": f"Bearer {token}"}
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
