"""order-history: the worker's archived orders (``GET /workers/{worker_id}/orders`` -> {items, next_cursor},
newest slot first), as order-history's adapters/http.py has it on its own branch (history)."""
from __future__ import annotations

from mcf.kit.service_client import items
from mcf.worker_dashboard.adapters.upstream import ServiceClient, UpstreamAuth
from mcf.worker_dashboard.ports import Caller

PAGE = 200          # order-history's maximum page
MAX_PAGES = 5       # the PWA shows the latest 1,000 finished orders; older ones stay in the archive


class HttpOrderHistoryGateway:
    def __init__(self, client: ServiceClient, auth: UpstreamAuth):
        self._client, self._auth = client, auth

    def for_worker(self, caller: Caller) -> list[dict]:
        found, cursor = [], None
        for _ in range(MAX_PAGES):
            params = {"limit": PAGE, **({"cursor": cursor} if cursor else {})}
            response = self._client.call("GET", f"/workers/{caller.worker_id}/orders", params=params,
                                         on_behalf_of=self._auth.on_behalf_of(caller))
            body = self._client.json(response)
            found.extend(items(body, "items"))
            cursor = body.get("next_cursor") if isinstance(body, dict) else None
            if not cursor:
                break
        return found
