"""HTTP clients of order-history (the change feed), order-report (records and thumbnails) and worker-profile
(rating adjustments), each on the kit's ServiceClient: a service token for the called service, acting for the
manager where a manager decided or reads, a timeout on every call, problems mapped onto the kit's errors."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from mcf.kit.auth import Principal
from mcf.kit.errors import Unavailable
from mcf.kit.idempotency import REPLAYED
from mcf.kit.service_client import ServiceClient, items
from mcf.quality.domain import REVIEWED_STATUSES, QueuedOrder, RatingAdjustment, VisitFacts
from mcf.quality.ports import FeedPage, Picture


def _time(value: Any) -> datetime | None:
    if value in (None, ""):
        return None
    return datetime.fromisoformat(str(value).replace("Z", "+00:00"))


def queued_from(order: dict) -> QueuedOrder:
    """An entry of ``GET /archive/changes`` (contracts/openapi/order-history.yaml) as the queue holds it."""
    stages = order.get("stages") or {}
    cancellation = order.get("cancellation") or {}
    closed = stages.get("completed_at") if order["status"] == "completed" else stages.get("cancelled_at")
    return QueuedOrder(
        order_id=str(order["order_id"]), version=int(order["version"]), status=order["status"],
        worker_id=order.get("worker_id") or None, client_id=str(order["client_id"]),
        toy_category=order["toy_category"], district=order["district"], slot_start=_time(order["slot_start"]),
        checked_in_at=_time(stages.get("checked_in_at")),
        closed_at=_time(closed) or _time(order.get("archived_at")) or _time(order["slot_start"]),
        cancelled_by=cancellation.get("cancelled_by"), cancel_reason=cancellation.get("reason"))


class HttpArchiveFeed:
    def __init__(self, client: ServiceClient):
        self._client = client

    def changes(self, after: str | None, limit: int) -> FeedPage:
        params: dict = {"limit": limit, **({"after": after} if after else {})}
        body = self._client.json(self._client.call("GET", "/archive/changes", params=params))
        try:
            listed = items(body, "items")
            orders = [queued_from(o) for o in listed if o.get("status") in REVIEWED_STATUSES]
            return FeedPage(orders, body.get("next_cursor") or after, len(listed))
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise Unavailable(f"order-history answered a change feed quality cannot read: {exc!r}",
                              service="order-history") from exc


def _manager(manager_id: str) -> Principal:
    return Principal(subject=manager_id, role="manager")


class HttpReports:
    def __init__(self, client: ServiceClient):
        self._client = client

    def record(self, order_id: str, manager_id: str | None = None) -> dict | None:
        response = self._client.call("GET", f"/orders/{order_id}/report", missing_is_none=True,
                                     on_behalf_of=_manager(manager_id) if manager_id else None)
        return None if response is None else self._client.json(response)

    def visit(self, order_id: str) -> VisitFacts | None:
        record = self.record(order_id)
        if record is None:
            return None
        try:
            check_in, report = record.get("check_in") or {}, record.get("report")
            photos = len(check_in.get("photos") or []) + len((report or {}).get("photos") or [])
            reactions = tuple(int(t["reaction"]) for t in (report or {}).get("toys") or [])
            return VisitFacts(photos, reactions, report is not None)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise Unavailable(f"order-report answered a record quality cannot read: {exc!r}",
                              service="order-report") from exc

    def thumbnail(self, photo_id: str, manager_id: str) -> Picture | None:
        response = self._client.call("GET", f"/photos/{photo_id}/thumbnail", missing_is_none=True,
                                     on_behalf_of=_manager(manager_id), headers={"Accept": "image/*"})
        if response is None:
            return None
        return Picture(response.headers.get("Content-Type", "application/octet-stream"), response.content)


class HttpWorkerRatings:
    """``POST /workers/{worker_id}/rating-adjustments`` {review_id, delta, reason} (ADR 0111): 201 applied; the
    same review id and body again answers 200 with ``Idempotent-Replayed: true`` ("applied before"); another body
    under that review id is 409 ``rating-adjustment-mismatch``, raised as the kit's Conflict."""

    def __init__(self, client: ServiceClient):
        self._client = client

    def apply(self, adjustment: RatingAdjustment) -> bool:
        body = {"review_id": adjustment.review_id, "delta": adjustment.delta, "reason": adjustment.reason}
        response = self._client.call("POST", f"/workers/{adjustment.worker_id}/rating-adjustments", json=body,
                                     headers={"Idempotency-Key": adjustment.review_id},
                                     on_behalf_of=_manager(adjustment.manager_id))
        return not (response.status_code == 200 or response.headers.get(REPLAYED) == "true")
