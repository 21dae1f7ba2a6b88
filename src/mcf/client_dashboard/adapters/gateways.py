"""HTTP clients of order-, payment- and order-report-service (docs/integration-contracts.md), implementing the ports.

Through the kit's ServiceClient: every call has a timeout and a service token for the called service, acting for
the client (its verified ``on_behalf_of`` claim), so order- and payment-service decide what the client may do from
the token, never from a body. Their 404/409/422 problems pass through; anything else is Unavailable (503).
"""
from __future__ import annotations

from mcf.client_dashboard.ports import OrderRequest, PaymentRequest, PaymentResult
from mcf.kit.auth import Principal
from mcf.kit.service_client import ServiceClient
from mcf.kit.service_client import items as _items
from mcf.kit.values import PHOTO_MEDIA_TYPES, FileContent, iso_utc

__all__ = ["HttpOrderGateway", "HttpPaymentGateway", "HttpReportGateway", "ServiceClient"]

CALLER = "client-dashboard"
CLIENT_FACTS = "client-facts"  # the assertion order-service takes instead of calling us back (ADR 0184)
CLIENT_ASSERTION_HEADER = "MCF-Client-Assertion"
LIST_LIMIT = 200  # order-service's maximum page


def _client(client_id: str) -> Principal:
    return Principal(subject=client_id, role="client")


def _key(idempotency_key: str | None) -> dict[str, str]:
    return {} if idempotency_key is None else {"Idempotency-Key": idempotency_key}


class HttpOrderGateway:
    def __init__(self, client: ServiceClient):
        self._client = client

    def place(self, request: OrderRequest) -> dict:
        # Who and which cat in the body; the e-mail, locale and cat name we own go signed for order-service,
        # bound to this request, so it need not call us back while this thread waits (ADR 0184).
        body = {"cat_id": request.cat_id, "toy_category": request.toy_category,
                "slot_start": iso_utc(request.slot_start), "duration_minutes": request.duration_minutes,
                "address": dict(request.address)}
        assertion = self._client.credentials.assertion(self._client.service, CLIENT_FACTS, {
            "client_id": request.client_id, "cat_id": request.cat_id, "email": request.client_email,
            "locale": request.locale, "cat_name": request.cat_name, "idempotency_key": request.idempotency_key})
        headers = {**_key(request.idempotency_key), CLIENT_ASSERTION_HEADER: assertion}
        return self._client.json(self._client.call("POST", "/orders", json=body, headers=headers,
                                                   on_behalf_of=_client(request.client_id)))

    def get(self, order_id: str) -> dict | None:
        # As the service itself: the core checks that the order is the client's (owned_order).
        response = self._client.call("GET", f"/orders/{order_id}", missing_is_none=True)
        return None if response is None else self._client.json(response)

    def for_client(self, client_id: str) -> list[dict]:
        # order-service lists from its live-orders table: summaries keyed ``order_id``; the core reads ``id``.
        response = self._client.call("GET", "/orders", params={"client_id": client_id, "limit": LIST_LIMIT},
                                     on_behalf_of=_client(client_id))
        return [{**item, "id": item.get("id") or item.get("order_id")}
                for item in _items(self._client.json(response), "orders", "items")]

    def cancel(self, order_id: str, client_id: str, idempotency_key: str | None = None) -> dict:
        # Acting for the client, so order-service records the client as the canceller and checks ownership.
        response = self._client.call("POST", f"/orders/{order_id}/cancel", json={"reason": "cancelled by the client"},
                                     headers=_key(idempotency_key), on_behalf_of=_client(client_id))
        return self._client.json(response)


class HttpPaymentGateway:
    def __init__(self, client: ServiceClient):
        self._client = client

    def pay(self, request: PaymentRequest, idempotency_key: str) -> PaymentResult:
        # The amount is what the client was shown: payment-service charges the order's own price and refuses
        # (409) when they differ; the client, the e-mail and the price are never taken from this body.
        body = {"order_id": request.order_id, "card_number": request.card_number,
                "expected_price": {"amount_minor": request.amount_minor, "currency": request.currency}}
        response = self._client.call("POST", "/payments", json=body, headers={"Idempotency-Key": idempotency_key},
                                     on_behalf_of=_client(request.client_id))
        return PaymentResult(self._client.json(response), replayed=response.status_code == 200)

    def get(self, payment_id: str) -> dict | None:
        response = self._client.call("GET", f"/payments/{payment_id}", missing_is_none=True)
        return None if response is None else self._client.json(response)

    def for_order(self, order_id: str) -> list[dict]:
        response = self._client.call("GET", "/payments", params={"order_id": order_id})
        return _items(self._client.json(response), "payments", "items")


class HttpReportGateway:
    """order-report, always acting for the client: order-report's readers rule (the worker who wrote it, the
    order's client, managers) decides from that verified claim; anything else is a 404, so None here."""

    def __init__(self, client: ServiceClient):
        self._client = client

    def record_of(self, client_id: str, order_id: str) -> dict | None:
        response = self._client.call("GET", f"/orders/{order_id}/report", on_behalf_of=_client(client_id),
                                     missing_is_none=True)
        return None if response is None else self._client.json(response)

    def photo(self, client_id: str, photo_id: str, thumbnail: bool = False) -> FileContent | None:
        path = f"/photos/{photo_id}" + ("/thumbnail" if thumbnail else "")
        return self._client.download(path, accept=PHOTO_MEDIA_TYPES, on_behalf_of=_client(client_id))
