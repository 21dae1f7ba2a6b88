"""HTTP clients of other services implementing the order core's ports. Every call has a timeout."""
from __future__ import annotations

from datetime import timezone

from mcf.kit.auth import Principal
from mcf.kit.service_client import ServiceClient
from mcf.order.domain import Candidate, Price
from mcf.order.ports import ClientFacts, MatchRequest


class HttpMatchingGateway:
    """MatchingGateway over matching-service's ``POST /matches`` (docs/integration-contracts.md). The client is
    built with ``unavailable=MatchingUnavailable``; any refusal is one too: no answer to offer an order on."""

    def __init__(self, client: ServiceClient):
        self._client = client

    def find_candidates(self, request: MatchRequest) -> list[Candidate]:
        body = {
            "order_id": request.order_id, "client_id": request.client_id, "toy_category": request.toy_category,
            "slot_start": request.slot_start.astimezone(timezone.utc).isoformat().replace("+00:00", "Z"),
            "duration_minutes": request.duration_minutes, "city": request.city, "district": request.district,
            "exclude_worker_ids": list(request.exclude_worker_ids), "limit": request.limit,
        }
        # A 404/409/422 from matching is no list of candidates either.
        response = self._client.call("POST", "/matches", json=body, refusal_is_unavailable=True)
        return self._client.parse(lambda answer: [_candidate(item) for item in answer["candidates"]],
                                  self._client.json(response))


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
        # A 409/422 from the owner is not an answer we can place an order on.
        body = self._client.find(f"/internal/clients/{client_id}/cats/{cat_id}", refusal_is_unavailable=True,
                                 on_behalf_of=Principal(subject=client_id, role="client"))
        return None if body is None else self._client.parse(_client_facts, body)


def _client_facts(body: dict) -> ClientFacts:
    return ClientFacts(client_id=str(body["client_id"]), email=str(body["email"]), locale=str(body["locale"]),
                       cat_id=str(body["cat_id"]), cat_name=str(body["cat_name"]))
