"""What worker-dashboard decides itself about the orders it shows a worker. Pure Python.

worker-dashboard owns no data: orders are order-service's JSON documents, check-ins and reports order-report's.
The rules here are the worker's view of them: which orders are offers, which are the worker's current work,
what of an order a worker may see before and after taking it, and what a submission must carry.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Mapping

from mcf.kit.errors import Conflict, InvalidInput, NotFound

# order-service's statuses, as the worker's lists group them
OPEN_STATUSES = frozenset({"placed", "confirmed"})               # an offer can be open on these
CURRENT_STATUSES = frozenset({"placed", "confirmed", "in_progress"})
PAST_STATUSES = frozenset({"completed", "cancelled", "expired"})

MAX_PHOTOS = 6
MAX_PHOTO_BYTES = 8 * 1024 * 1024   # after the PWA resized it a photo is well under 1 MiB; order-report checks bytes
PHOTO_TYPES = frozenset({"image/jpeg", "image/png", "image/webp"})
MAX_KEY_LENGTH = 200
REACTIONS = (1, 2, 3, 4, 5)        # the cat's reaction to a toy: 1 ignored it … 5 loved it
MAX_NOTES = 4000
MAX_TOYS = 20

# A worker who has only been offered an order sees where roughly and when; the street, the client's e-mail
# and the cat's name are for the worker who took it (and the e-mail not even then: the BFF never shows it).
OFFER_ADDRESS_FIELDS = ("city", "district")
NEVER_SHOWN = frozenset({"client_email"})


class NotAssigned(Conflict):
    slug = "order-not-assigned"


@dataclass(frozen=True)
class Photo:
    filename: str
    content_type: str
    data: bytes


def offered_to(order: Mapping, worker_id: str) -> bool:
    """Whether the order has an open offer to this worker (a full order or a live-orders row)."""
    offer = order.get("offer") or {}
    offered = str(offer.get("worker_id") or order.get("offered_worker_id") or "")
    return offered == worker_id and not order.get("worker_id") and order.get("status") in OPEN_STATUSES


def assigned_to(order: Mapping, worker_id: str) -> bool:
    return str(order.get("worker_id") or "") == worker_id


def is_offer(order: Mapping, worker_id: str) -> bool:
    return offered_to(order, worker_id)


def is_current(order: Mapping, worker_id: str) -> bool:
    return assigned_to(order, worker_id) and order.get("status") in CURRENT_STATUSES


def is_past(order: Mapping, worker_id: str) -> bool:
    return assigned_to(order, worker_id) and order.get("status") in PAST_STATUSES


def visible_order(order: Mapping | None, worker_id: str, order_id: str) -> Mapping:
    """The order if it is offered or assigned to this worker; anyone else's is reported like a missing one."""
    if order is None or not (offered_to(order, worker_id) or assigned_to(order, worker_id)):
        raise NotFound(f"order {order_id} does not exist")
    return order


def worker_view(order: Mapping, worker_id: str) -> dict:
    """The order as this worker may see it: id under ``id``; the address and the kit only once it is theirs."""
    view = {key: value for key, value in order.items() if key not in NEVER_SHOWN}
    view["id"] = str(order.get("id") or order.get("order_id"))
    view.pop("order_id", None)
    mine = assigned_to(order, worker_id)
    if not mine:
        address = order.get("address") or {}
        if address:
            view["address"] = {key: address.get(key) for key in OFFER_ADDRESS_FIELDS}
        view.pop("kit", None)
        view.pop("cat_name", None)
    view["role"] = "assigned" if mine else "offered"
    return view


def assigned_for(order: Mapping | None, worker_id: str, order_id: str, action: str) -> Mapping:
    """The order if this worker took it. Which states take a check-in or a report is order-report's rule (it
    owns them, and a replayed submission must reach it even after the order moved on), so none is checked here."""
    order = visible_order(order, worker_id, order_id)
    if not assigned_to(order, worker_id):
        raise NotAssigned(f"accept the offer before you {action}", order_status=order.get("status"))
    return order


def check_idempotency_key(key: str | None) -> str:
    key = (key or "").strip()
    if not key or len(key) > MAX_KEY_LENGTH or not key.isprintable():
        raise InvalidInput(f"an Idempotency-Key header of 1..{MAX_KEY_LENGTH} printable characters is required",
                           field="Idempotency-Key")
    return key


def submission_key(worker_id: str, idempotency_key: str) -> str:
    """The key sent to order-report: the worker's key in the worker's own namespace, so two workers who chose
    the same key never share a submission; deterministic, so a retry of the PWA maps to the same key there."""
    return str(uuid.uuid5(_SUBMISSION_NAMESPACE, f"{worker_id}:{idempotency_key}"))


_SUBMISSION_NAMESPACE = uuid.UUID("1f0e7c56-8a1b-4f0a-9d55-3e2f6c7b9a10")


def check_photos(photos: list[Photo], *, at_least: int) -> list[Photo]:
    if len(photos) < at_least:
        raise InvalidInput(f"at least {at_least} photo is needed", field="photos")
    if len(photos) > MAX_PHOTOS:
        raise InvalidInput(f"at most {MAX_PHOTOS} photos", field="photos")
    for photo in photos:
        if photo.content_type not in PHOTO_TYPES:
            raise InvalidInput(f"a photo must be one of {', '.join(sorted(PHOTO_TYPES))}", field="photos")
        if not photo.data:
            raise InvalidInput("a photo is empty", field="photos")
        if len(photo.data) > MAX_PHOTO_BYTES:
            raise InvalidInput(f"a photo must be at most {MAX_PHOTO_BYTES // (1024 * 1024)} MiB", field="photos")
    return photos


@dataclass(frozen=True)
class ToyReaction:
    toy: str
    reaction: int


def check_toys(toys: list[ToyReaction]) -> list[ToyReaction]:
    if not 1 <= len(toys) <= MAX_TOYS:
        raise InvalidInput(f"name 1..{MAX_TOYS} toys tested", field="toys")
    for toy in toys:
        if not toy.toy.strip() or len(toy.toy) > 100:
            raise InvalidInput("a toy needs a name of 1..100 characters", field="toys")
        if isinstance(toy.reaction, bool) or toy.reaction not in REACTIONS:
            raise InvalidInput(f"a reaction is one of {REACTIONS}", field="toys")
    return toys
