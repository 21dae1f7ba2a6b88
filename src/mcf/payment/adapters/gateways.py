"""order-service as payment-service reads it: the order's own price, client and e-mail (the trust rule)."""
from __future__ import annotations

import re

from mcf.kit.auth import Principal
from mcf.kit.errors import DependencyRefused, DomainError
from mcf.kit.service_client import ServiceClient
from mcf.payment.domain import MAX_AMOUNT_MINOR
from mcf.payment.ports import OrderFacts, OrderServiceUnavailable

_CURRENCY = re.compile(r"^[A-Z]{3}$")


class HttpOrderDirectory:
    """OrderDirectory over order-service's ``GET /orders/{id}``, acting for the paying client, so order-service
    itself answers 404 for an order that is not the client's."""

    def __init__(self, client: ServiceClient):
        self._client = client

    def order_for_client(self, order_id: str, client_id: str) -> OrderFacts | None:
        try:
            response = self._client.call("GET", f"/orders/{order_id}", missing_is_none=True,
                                         on_behalf_of=Principal(subject=client_id, role="client"))
        except (OrderServiceUnavailable, DependencyRefused):
            raise
        except DomainError as exc:  # 409/422 from a GET: not an answer to charge on
            raise OrderServiceUnavailable(f"order-service refused: {exc.detail}") from exc
        if response is None:
            return None
        return _facts(self._client.json(response))


def _facts(body) -> OrderFacts:
    try:
        price = body.get("price")
        amount = currency = None
        if price is not None:
            amount, currency = price["amount_minor"], price["currency"]
            if (not isinstance(amount, int) or isinstance(amount, bool) or not 0 < amount <= MAX_AMOUNT_MINOR
                    or not isinstance(currency, str) or not _CURRENCY.match(currency)):
                raise ValueError(f"unusable price {price!r}")
        return OrderFacts(order_id=str(body["id"]), client_id=str(body["client_id"]),
                          client_email=str(body["client_email"]), locale=str(body.get("locale") or "en"),
                          status=str(body["status"]), amount_minor=amount, currency=currency)
    except (AttributeError, KeyError, TypeError, ValueError) as exc:
        raise OrderServiceUnavailable(f"order-service answered an order payment cannot use: {exc!r}") from exc
