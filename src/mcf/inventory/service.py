"""Inventory use cases: accept an order's kit, reserve its toys, attach its cookie, complete it exactly once.

No use case publishes: the unit of work writes the saved kits' events (``events.py``) to the outbox on commit.

Each use case owns its transaction; the kit row lock (``get_for_update``) decides races: whichever of the cookie
and the deadline comes first completes the kit, the other finds it no longer awaiting and does nothing.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Callable

from mcf.inventory.domain import (
    FortuneIssued,
    Kit,
    KitStatus,
    PickupPoint,
    StockLevel,
    Toy,
    deadline_after,
    house_fortune,
)
from mcf.inventory.ports import KitJobs, UnitOfWork
from mcf.kit.errors import InvalidInput, NotFound, found

MAX_RESTOCK = 100_000

Log = Callable[..., None]


def _quiet(_message: str, **_fields) -> None:
    pass


@dataclass(frozen=True)
class OrderPlaced:
    """What inventory needs of ``order.created``."""

    order_id: str
    client_id: str
    toy_category: str
    city: str
    district: str
    locale: str = "en"


def accept_order(uow: UnitOfWork, order: OrderPlaced, now: datetime) -> str | None:
    """Open a pending kit for a new order; returns the order id to prepare, or None if already known."""
    kit = Kit.for_order(order_id=order.order_id, client_id=order.client_id, toy_category=order.toy_category,
                        city=order.city, district=order.district, locale=order.locale, now=now)
    with uow:
        return order.order_id if uow.kits.add_if_new(kit) else None


def prepare_kit(uow: UnitOfWork, order_id: str, now: datetime, fortune_timeout_seconds: float) -> Kit | None:
    """Reserve the kit's toys atomically (or record the shortage); if the cookie came first, complete the kit.

    Returns the kit (its ``fortune_deadline`` is when to run ``complete_kit`` if it still awaits a cookie), or
    None when there was nothing to do (unknown order, or the kit is past ``pending``).
    """
    with uow:
        kit = uow.kits.get_for_update(order_id)
        if kit is None or kit.status is not KitStatus.PENDING:
            return None
        point = uow.catalogue.pickup_point_for(kit.city or "", kit.district or "")
        recipe = uow.catalogue.recipe(kit.toy_category or "")
        if point is None or not recipe:
            kit.short(point, (), now)
        else:
            missing = uow.stock.reserve(point.id, recipe)
            if missing:
                kit.short(point, missing, now)
            else:
                kit.reserved(point, recipe, deadline_after(now, fortune_timeout_seconds), now)
                early = uow.fortunes.get(order_id)
                if early is not None:
                    kit.complete(early.as_fortune(), now)
        uow.kits.save(kit)
    return kit


def attach_fortune(uow: UnitOfWork, fortune: FortuneIssued, now: datetime, log: Log = _quiet) -> Kit | None:
    """Keep the partner's cookie (the first one per order) and complete the kit if it awaits it.

    A cookie for a cancelled order, or one arriving after the kit was completed, is ignored (and logged).
    Returns the kit if this call completed it.
    """
    with uow:
        kit = uow.kits.get_for_update(fortune.order_id)
        if kit is not None and kit.status in (KitStatus.CANCELLED, KitStatus.SHORTAGE, KitStatus.READY):
            log("fortune ignored: the kit is already " + kit.status.value, order_id=fortune.order_id,
                fortune_id=fortune.fortune_id)
            return None
        if not uow.fortunes.add_if_new(fortune, now):
            log("duplicate fortune ignored", order_id=fortune.order_id, fortune_id=fortune.fortune_id)
            return None
        if kit is None or kit.status is KitStatus.PENDING:
            return None  # kept: the reservation step picks it up
        kit.complete(fortune.as_fortune(), now)
        uow.kits.save(kit)
    return kit


def complete_kit(uow: UnitOfWork, order_id: str, now: datetime, log: Log = _quiet) -> Kit | None:
    """The deadline step: complete a kit still awaiting its cookie, with the partner's if it is in by now,
    else (the deadline having passed) with a house cookie. Returns the kit if this call completed it."""
    with uow:
        kit = uow.kits.get_for_update(order_id)
        if kit is None or kit.status is not KitStatus.AWAITING_FORTUNE:
            return None
        arrived = uow.fortunes.get(order_id)
        if arrived is not None:
            kit.complete(arrived.as_fortune(), now)
        elif kit.fortune_overdue(now):
            kit.complete(house_fortune(order_id, kit.locale), now)
            log("no fortune from the partner in time; kit completed with a house fortune", order_id=order_id,
                deadline=kit.fortune_deadline.isoformat())
        else:
            return None
        uow.kits.save(kit)
    return kit


def cancel_order(uow: UnitOfWork, order_id: str, client_id: str | None, now: datetime) -> Kit:
    """Release the order's reserved toys, exactly once; a cancellation seen before the order leaves a tombstone."""
    with uow:
        kit = uow.kits.get_for_update(order_id)
        if kit is None:
            kit = Kit.cancelled_before_seen(order_id, client_id, now)
            if not uow.kits.add_if_new(kit):  # the order's kit appeared meanwhile: cancel that one
                kit = uow.kits.get_for_update(order_id)
            else:
                return kit
        to_release = kit.cancel(now)
        if to_release:
            uow.stock.release(kit.pickup_point.id, to_release)
        uow.kits.save(kit)
    return kit


def complete_overdue(uow_factory: Callable[[], UnitOfWork], now: datetime, *, grace: timedelta = timedelta(0),
                     limit: int = 100, log: Log = _quiet) -> list[str]:
    """The sweep behind the scheduled deadline messages (one lost, or a crash before it was sent): completes kits
    overdue by more than ``grace``, one transaction each."""
    with uow_factory() as uow:
        due = uow.kits.overdue(now - grace, limit)
    done = []
    for order_id in due:
        if complete_kit(uow_factory(), order_id, now, log) is not None:
            done.append(order_id)
    return done


def stale_pending(uow: UnitOfWork, now: datetime, older_than: timedelta, limit: int = 100) -> list[str]:
    """Kits still pending well after their order came in (a prepare job lost): to prepare again."""
    with uow:
        return uow.kits.stale_pending(now - older_than, limit)


# -- reads and stock administration ----------------------------------------------------------------------------

def get_kit(uow: UnitOfWork, order_id: str, viewer_role: str, viewer_id: str) -> Kit:
    with uow:
        kit = uow.kits.get(order_id)
    return found(kit, f"no kit for order {order_id}", viewer=(viewer_role, viewer_id))


def list_pickup_points(uow: UnitOfWork) -> list[PickupPoint]:
    with uow:
        return uow.catalogue.pickup_points()


def list_toys(uow: UnitOfWork, category: str | None) -> list[Toy]:
    with uow:
        return uow.catalogue.toys(category)


def stock_levels(uow: UnitOfWork, pickup_point_id: str | None) -> list[StockLevel]:
    with uow:
        if pickup_point_id is not None and uow.catalogue.pickup_point(pickup_point_id) is None:
            raise NotFound(f"no pick-up point {pickup_point_id}")
        return uow.stock.levels(pickup_point_id)


def restock(uow: UnitOfWork, pickup_point_id: str, toy_id: str, quantity: int) -> StockLevel:
    if not 1 <= quantity <= MAX_RESTOCK:
        raise InvalidInput(f"quantity must be 1 to {MAX_RESTOCK}", field="quantity")
    with uow:
        if uow.catalogue.pickup_point(pickup_point_id) is None:
            raise NotFound(f"no pick-up point {pickup_point_id}", field="pickup_point_id")
        if uow.catalogue.toy(toy_id) is None:
            raise NotFound(f"no toy {toy_id}", field="toy_id")
        return uow.stock.restock(pickup_point_id, toy_id, quantity)


# -- the kit jobs: what the dramatiq actors run, and what follows each step -------------------------------------

def prepare_and_schedule(uow: UnitOfWork, jobs: KitJobs, order_id: str, now: datetime,
                         fortune_timeout_seconds: float, log: Log = _quiet) -> Kit | None:
    """``prepare_kit``, then, if the kit now awaits its cookie, the completion step at the cookie deadline."""
    kit = prepare_kit(uow, order_id, now, fortune_timeout_seconds)
    if kit is None:
        return None
    log("kit prepared", order_id=order_id, status=kit.status.value)
    if kit.status is KitStatus.AWAITING_FORTUNE:
        jobs.complete_at(order_id, kit.fortune_deadline)
    return kit


def attach_and_note(uow: UnitOfWork, fortune: FortuneIssued, now: datetime, log: Log = _quiet) -> Kit | None:
    kit = attach_fortune(uow, fortune, now, log=log)
    if kit is not None:
        log("fortune attached; kit ready", order_id=kit.order_id, fortune_id=fortune.fortune_id)
    return kit


def complete_and_note(uow: UnitOfWork, order_id: str, now: datetime, log: Log = _quiet) -> Kit | None:
    return complete_kit(uow, order_id, now, log=log)
