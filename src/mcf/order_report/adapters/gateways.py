"""order-report's HTTP client of order-service: ``GET /orders/{id}`` through the kit's ServiceClient (a service
token of order-report's own, a timeout, the correlation id)."""
from __future__ import annotations

from mcf.kit.service_client import ServiceClient
from mcf.order_report.domain import OrderView


class HttpOrderGateway:
    """OrderGateway over order-service (contracts/openapi/order.yaml, ``Order``). The client is built with
    ``unavailable=OrderServiceUnavailable``, so a timeout, a refusal or a 5xx is that error."""

    def __init__(self, client: ServiceClient):
        self._client = client

    def get_order(self, order_id: str) -> OrderView | None:
        # As order-report itself: it checks on its own that the order is the acting worker's.
        body = self._client.find(f"/orders/{order_id}")
        return None if body is None else self._client.parse(_order_view, body)


def _order_view(body: dict) -> OrderView:
    status, client_id, worker_id = body["status"], body["client_id"], body.get("worker_id")
    kit_ready = body["kit"]["ready"]
    if not isinstance(status, str) or not isinstance(client_id, str) or not isinstance(kit_ready, bool):
        raise TypeError("status, client_id and kit.ready must be a string, a string and a boolean")
    if worker_id is not None and not isinstance(worker_id, str):
        raise TypeError("worker_id must be a string or null")
    return OrderView(order_id=str(body["id"]), status=status, client_id=client_id, worker_id=worker_id,
                     kit_ready=kit_ready)
