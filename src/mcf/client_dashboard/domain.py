"""Clients, their cats, and the few rules client-dashboard keeps about orders it shows. Pure Python."""
from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Mapping

from mcf.kit.errors import Conflict, InvalidInput, NotFound, Unauthorized
from mcf.kit.values import TOY_CATEGORIES, is_name, normalise_email  # noqa: F401 - one list, one e-mail rule

LOCALES = ("en", "ru")
MIN_PASSWORD_LENGTH, MAX_PASSWORD_LENGTH = 10, 1024
MAX_CAT_NAME, MAX_CAT_AGE, MAX_CAT_NOTES = 60, 30, 2000

# order-service's statuses, as the client's two lists group them
CURRENT_STATUSES = frozenset({"placed", "confirmed", "in_progress"})
PAST_STATUSES = frozenset({"completed", "cancelled", "expired"})
ORDER_STATES = {"current": CURRENT_STATUSES, "past": PAST_STATUSES}
PAYABLE_STATUS = "placed"


class EmailTaken(Conflict):
    slug = "email-taken"


class InvalidCredentials(Unauthorized):
    """Unknown e-mail or wrong password: deliberately one error, so the answer does not tell which."""

    slug = "invalid-credentials"


class NotPayable(Conflict):
    slug = "order-not-payable"


class IdempotencyKeyReused(InvalidInput):
    slug = "idempotency-key-reused"


@dataclass(frozen=True)
class Client:
    id: str
    email: str
    password_hash: str
    display_name: str
    locale: str
    created_at: datetime

    @classmethod
    def sign_up(cls, *, email: str, password_hash: str, display_name: str, locale: str,
                now: datetime) -> "Client":
        display_name = display_name.strip(" ")
        if not is_name(display_name):
            raise InvalidInput("display_name must not be blank", field="display_name")
        if locale not in LOCALES:
            raise InvalidInput(f"locale must be one of {', '.join(LOCALES)}", field="locale")
        return cls(id=str(uuid.uuid4()), email=email.strip(), password_hash=password_hash,
                   display_name=display_name, locale=locale, created_at=now)


def check_password_rules(password: str) -> None:
    if not MIN_PASSWORD_LENGTH <= len(password) <= MAX_PASSWORD_LENGTH:
        raise InvalidInput(f"password must be {MIN_PASSWORD_LENGTH}..{MAX_PASSWORD_LENGTH} characters",
                           field="password")


@dataclass(frozen=True)
class Cat:
    id: str
    client_id: str
    name: str
    age_years: int
    favourite_toys: tuple[str, ...]
    notes: str | None
    created_at: datetime
    updated_at: datetime

    @classmethod
    def add(cls, *, client_id: str, name: str, age_years: int, favourite_toys=(), notes: str | None = None,
            now: datetime) -> "Cat":
        return cls(id=str(uuid.uuid4()), client_id=client_id, name=_name(name), age_years=_age(age_years),
                   favourite_toys=_toys(favourite_toys), notes=_notes(notes), created_at=now, updated_at=now)

    def changed(self, changes: Mapping, now: datetime) -> "Cat":
        """A copy with ``changes`` (any of name, age_years, favourite_toys, notes) applied and checked."""
        checks = {"name": _name, "age_years": _age, "favourite_toys": _toys, "notes": _notes}
        unknown = set(changes) - set(checks)
        if unknown:
            raise InvalidInput(f"a cat has no field {sorted(unknown)[0]!r}", field=sorted(unknown)[0])
        return replace(self, **{key: checks[key](value) for key, value in changes.items()}, updated_at=now)


def _name(name: str) -> str:
    name = (name or "").strip(" ")
    if not is_name(name) or len(name) > MAX_CAT_NAME:
        raise InvalidInput(f"name must be 1..{MAX_CAT_NAME} characters", field="name")
    return name


def _age(age: int) -> int:
    if isinstance(age, bool) or not isinstance(age, int) or not 0 <= age <= MAX_CAT_AGE:
        raise InvalidInput(f"age_years must be a whole number 0..{MAX_CAT_AGE}", field="age_years")
    return age


def _toys(toys) -> tuple[str, ...]:
    unknown = [toy for toy in toys if toy not in TOY_CATEGORIES]
    if unknown:
        raise InvalidInput(f"unknown toy category {unknown[0]!r}; one of {', '.join(TOY_CATEGORIES)}",
                           field="favourite_toys")
    return tuple(dict.fromkeys(toys))  # duplicates dropped, the client's order kept


def _notes(notes: str | None) -> str | None:
    if notes is not None and len(notes) > MAX_CAT_NOTES:
        raise InvalidInput(f"notes must be at most {MAX_CAT_NOTES} characters", field="notes")
    return notes or None


def owned_cat(cat: Cat | None, client_id: str, cat_id: str) -> Cat:
    """The cat if it is this client's; another's cat is reported exactly like a missing one."""
    if cat is None or cat.client_id != client_id:
        raise NotFound(f"cat {cat_id} does not exist")
    return cat


def owned_order(order: Mapping | None, client_id: str, order_id: str) -> Mapping:
    """The order (order-service's JSON) if it is this client's; another's is reported like a missing one."""
    if order is None or str(order.get("client_id")) != client_id:
        raise NotFound(f"order {order_id} does not exist")
    return order


@dataclass(frozen=True)
class PaymentAttempt:
    """A client's idempotency key, remembered with the payment it produced, so a retry returns that payment."""

    client_id: str
    idempotency_key: str
    order_id: str
    payment_id: str
    created_at: datetime


def payment_key(client_id: str, idempotency_key: str) -> str:
    """The key sent to payment-service: the client's key in the client's own namespace.

    Payment-service's keys are global; two clients choosing the same key must never share a payment.
    Deterministic, so the client's retry maps to the same key there.
    """
    return str(uuid.uuid5(_PAYMENT_KEY_NAMESPACE, f"{client_id}:{idempotency_key}"))


_PAYMENT_KEY_NAMESPACE = uuid.UUID("5d0c7a0e-3a4b-4f4e-9a55-6d63c1f0a1b2")
