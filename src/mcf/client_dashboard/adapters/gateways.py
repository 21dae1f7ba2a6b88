"""HTTP clients of order-service and payment-service (docs/integration-contracts.md), implementing the ports.

Every call goes through the kit's ServiceClient (mcf.kit.service_client): timeouts, bearer token, correlation id,
and the other service's answers mapped onto the core's errors.
"""
from __future__ import annotations

from mcf.client_dashboard.ports import OrderRequest, PaymentRequest, PaymentResult
from mcf.kit import service_client
from mcf.kit.service_client import items as _items
from mcf.kit.values import iso_utc

CALLER = "client-dashboard"
LIST_LIMIT = 200  # order-service's maximum page


class ServiceClient(service_client.ServiceClient):
    """The kit's client, minting its service tokens as client-dashboard."""

    caller = CALLER


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
