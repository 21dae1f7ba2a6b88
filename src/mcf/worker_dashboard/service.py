"""worker-dashboard use cases: the worker's day, from the offers to the report, through the services behind it.

Nothing is stored here; each use case reads what it needs from the upstreams, checks the worker's side of the
rules (domain.py), and forwards. The upstreams check again: this layer's checks give quick, clear answers, the
owners' checks are the ones that hold.
"""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Mapping

from mcf.kit.errors import InvalidInput, Unavailable, found
from mcf.kit.values import FileContent
from mcf.worker_dashboard.domain import (
    MAX_NOTES,
    Photo,
    ToyReaction,
    assigned_for,
    check_idempotency_key,
    check_photos,
    check_toys,
    is_current,
    is_offer,
    is_past,
    submission_key,
    visible_order,
    worker_view,
)
from mcf.worker_dashboard.ports import (
    Caller,
    CheckIn,
    HistoryGateway,
    OrderGateway,
    ProfileGateway,
    Report,
    ReportGateway,
    Submitted,
)


def log_in(profiles: ProfileGateway, email: str, password: str) -> str:
    return profiles.log_in(email.strip(), password)


# ---------------------------------------------------------------- offers and orders


def my_offers(orders: OrderGateway, caller: Caller) -> list[dict]:
    """Open offers to this worker, the one expiring first on top."""
    rows = orders.for_worker(caller, current_only=True)
    offers = [worker_view(row, caller.worker_id) for row in rows if is_offer(row, caller.worker_id)]
    return sorted(offers, key=lambda o: str(o.get("offer_expires_at") or o.get("slot_start") or ""))


def accept_offer(orders: OrderGateway, caller: Caller, order_id: str, key: str | None = None) -> dict:
    visible_order(orders.get(caller, order_id), caller.worker_id, order_id)
    return worker_view(orders.accept(caller, order_id, key), caller.worker_id)


def decline_offer(orders: OrderGateway, caller: Caller, order_id: str, key: str | None = None) -> None:
    visible_order(orders.get(caller, order_id), caller.worker_id, order_id)
    orders.decline(caller, order_id, key)


def my_current_orders(orders: OrderGateway, caller: Caller) -> list[dict]:
    """The orders this worker took and has not finished, soonest first, each with its kit pick-up details.

    The listing (live-orders) may lag; each order is read current from order-service, so its kit is up to date.
    """
    rows = [row for row in orders.for_worker(caller, current_only=True) if is_current(row, caller.worker_id)]
    current = []
    for row in rows:
        order_id = str(row.get("order_id") or row.get("id"))
        order = orders.get(caller, order_id)
        if order is not None and is_current(order, caller.worker_id):
            current.append(worker_view(order, caller.worker_id))
    return sorted(current, key=_slot_start)


def my_order(orders: OrderGateway, caller: Caller, order_id: str) -> dict:
    return worker_view(visible_order(orders.get(caller, order_id), caller.worker_id, order_id), caller.worker_id)


def my_history(history: HistoryGateway, caller: Caller) -> list[dict]:
    """The worker's finished orders, latest first."""
    past = [worker_view(row, caller.worker_id) for row in history.for_worker(caller) if is_past(row, caller.worker_id)]
    return sorted(past, key=_slot_start, reverse=True)


# ---------------------------------------------------------------- check-in and report


def check_in(orders: OrderGateway, reports: ReportGateway, caller: Caller, order_id: str, photos: list[Photo],
             idempotency_key: str | None, latitude: float | None = None,
             longitude: float | None = None, checked_in_at: datetime | None = None) -> Submitted:
    """Check in on an order this worker took, with at least one photo. The same Idempotency-Key again (the PWA's
    retry of a queued check-in) reaches order-report with the same key, so it is recorded once."""
    key = submission_key(caller.worker_id, check_idempotency_key(idempotency_key))
    check_photos(photos, at_least=1)
    if latitude is None or longitude is None:  # a location is both; one alone is none (the contract says so)
        latitude = longitude = None
    assigned_for(orders.get(caller, order_id), caller.worker_id, order_id, "check in")
    result = reports.check_in(caller, CheckIn(order_id, photos, latitude, longitude, checked_in_at), key)
    return _for_order(result, order_id)


def file_report(orders: OrderGateway, reports: ReportGateway, caller: Caller, order_id: str,
                toys: list[ToyReaction], duration_minutes: int, notes: str, photos: list[Photo],
                idempotency_key: str | None) -> Submitted:
    key = submission_key(caller.worker_id, check_idempotency_key(idempotency_key))
    check_toys(toys)
    check_photos(photos, at_least=0)
    if len(notes) > MAX_NOTES:
        raise InvalidInput(f"notes must be at most {MAX_NOTES} characters", field="notes")
    if isinstance(duration_minutes, bool) or not 1 <= duration_minutes <= 24 * 60:
        raise InvalidInput("duration_minutes must be 1..1440", field="duration_minutes")
    assigned_for(orders.get(caller, order_id), caller.worker_id, order_id, "file a report")
    result = reports.file_report(caller, Report(order_id, toys, duration_minutes, notes, photos), key)
    return _for_order(result, order_id)


def report_of(orders: OrderGateway, reports: ReportGateway, caller: Caller, order_id: str) -> dict:
    assigned_for(orders.get(caller, order_id), caller.worker_id, order_id, "read its report")
    return found(reports.report_of(caller, order_id), f"order {order_id} has no check-in or report yet")


def my_photo(reports: ReportGateway, caller: Caller, photo_id: str, thumbnail: bool = False) -> FileContent:
    """A photo of one of the worker's own check-ins or reports: order-report decides (anyone else's: 404)."""
    return found(reports.photo(caller, photo_id, thumbnail), f"no photo {photo_id}")


def _for_order(result: Submitted, order_id: str) -> Submitted:
    if str(result.document.get("order_id", order_id)) != order_id:
        raise Unavailable("order-report answered with a submission of another order")
    return result


def _slot_start(order: Mapping) -> datetime:
    try:
        return datetime.fromisoformat(str(order.get("slot_start")).replace("Z", "+00:00"))
    except ValueError:
        return datetime.min.replace(tzinfo=timezone.utc)
