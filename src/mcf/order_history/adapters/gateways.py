"""order-service over HTTP (contracts/openapi/order.yaml): one order by id, and the finished orders for backfill.

A service token, a timeout and the correlation id on every call (the kit's ServiceClient); order-service's
404 is "no such order", anything unexpected is Unavailable.
"""
from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from mcf.kit.errors import Unavailable
from mcf.kit.service_client import ServiceClient
from mcf.order_history.domain import TERMINAL_STATUSES, ArchivedOrder, NotFinished

PAGE = 200  # order-service's largest listing page


def _time(value: Any) -> datetime | None:
    if value in (None, ""):
        return None
    return datetime.fromisoformat(str(value).replace("Z", "+00:00"))


def archived_from(order: dict) -> ArchivedOrder:
    """An order of order-service's ``GET /orders/{id}`` as the archive keeps it."""
    try:
        price = order.get("price") or {}
        cancellation = order.get("cancellation") or {}
        kit = order.get("kit") or {}
        refunds = order.get("refunds") or []
        return ArchivedOrder(
            order_id=str(order["id"]), version=int(order["version"]), status=order["status"],
            client_id=str(order["client_id"]), cat_id=str(order["cat_id"]),
            worker_id=str(order["worker_id"]) if order.get("worker_id") else None,
            toy_category=order["toy_category"], city=order["address"]["city"],
            district=order["address"]["district"], slot_start=_time(order["slot_start"]),
            slot_end=_time(order["slot_end"]), duration_minutes=int(order["duration_minutes"]),
            price_minor=price.get("amount_minor"), currency=price.get("currency"), paid=bool(order.get("paid")),
            payment_id=order.get("payment_id"),
            refunded_minor=sum(int(r.get("amount_minor") or 0) for r in refunds),
            placed_at=_time(order["created_at"]), paid_at=_time(order.get("paid_at")),
            kit_ready_at=_time(kit.get("ready_at")), checked_in_at=_time(order.get("started_at")),
            completed_at=_time(order.get("completed_at")), cancelled_at=_time(cancellation.get("cancelled_at")),
            expired_at=_time(order.get("expired_at")), cancelled_by=cancellation.get("cancelled_by"),
            cancel_reason=cancellation.get("reason"), cancelled_from=cancellation.get("previous_status"),
            report_id=order.get("report_id"))
    except (KeyError, TypeError, ValueError) as exc:
        raise Unavailable(f"order-service answered an order the archive cannot read: {exc!r}",
                          service="order") from exc


class HttpOrderSource:
    """The OrderSource port on order-service."""

    def __init__(self, client: ServiceClient):
        self._client = client

    def get(self, order_id: str) -> ArchivedOrder | None:
        body = self._client.find(f"/orders/{order_id}")
        if body is None:
            return None
        if body.get("status") not in TERMINAL_STATUSES:
            raise NotFinished(f"order {order_id} is {body.get('status')}, not finished")
        return archived_from(body)

    def finished_orders(self) -> Iterator[list[ArchivedOrder]]:
        for status in TERMINAL_STATUSES:
            after: dict = {}
            while True:
                response = self._client.call("GET", "/orders", params={"status": status, "limit": PAGE, **after})
                listed = self._client.json(response)
                if not isinstance(listed, list):
                    raise Unavailable("order-service's listing is not an array", service="order")
                page = []
                for item in listed:
                    try:
                        order = self.get(str(item["order_id"]))
                    except NotFinished:
                        continue  # the listing lags the order; the order is not finished after all
                    if order is not None:
                        page.append(order)
                yield page
                if len(listed) < PAGE:
                    break
                last = listed[-1]
                after = {"after_slot_start": last["slot_start"], "after_order_id": last["order_id"]}
