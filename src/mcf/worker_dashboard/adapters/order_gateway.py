"""order-service as the worker sees it (contracts/openapi/order.yaml): listings, one order, accept, decline."""
from __future__ import annotations

from mcf.kit import idempotency
from mcf.kit.service_client import items
from mcf.worker_dashboard.adapters.upstream import ServiceClient, UpstreamAuth
from mcf.worker_dashboard.ports import Caller

LIST_LIMIT = 200  # order-service's maximum page


class HttpOrderGateway:
    def __init__(self, client: ServiceClient, auth: UpstreamAuth):
        self._client, self._auth = client, auth

    def _for(self, caller: Caller):
        return self._auth.on_behalf_of(caller)

    def for_worker(self, caller: Caller, *, current_only: bool) -> list[dict]:
        params = {"worker_id": caller.worker_id, "limit": LIST_LIMIT}
        if current_only:
            params["current"] = "true"
        response = self._client.call("GET", "/orders", params=params, on_behalf_of=self._for(caller))
        return items(self._client.json(response), "orders", "items")

    def get(self, caller: Caller, order_id: str) -> dict | None:
        response = self._client.call("GET", f"/orders/{order_id}", on_behalf_of=self._for(caller), missing_is_none=True)
        return None if response is None else self._client.json(response)

    def accept(self, caller: Caller, order_id: str, key: str | None = None) -> dict:
        return self._decide(caller, order_id, "accept", key)

    def decline(self, caller: Caller, order_id: str, key: str | None = None) -> dict:
        return self._decide(caller, order_id, "decline", key)

    def _decide(self, caller: Caller, order_id: str, decision: str, key: str | None) -> dict:
        response = self._client.call("POST", f"/orders/{order_id}/offer/{decision}", on_behalf_of=self._for(caller),
                                     headers={} if key is None else {idempotency.HEADER: key})
        return self._client.json(response)


class OrderListingHistory:
    """The worker's finished orders from order-service's listings: the history until order-history exists."""

    def __init__(self, client: ServiceClient, auth: UpstreamAuth):
        self._orders = HttpOrderGateway(client, auth)

    def for_worker(self, caller: Caller) -> list[dict]:
        return self._orders.for_worker(caller, current_only=False)
