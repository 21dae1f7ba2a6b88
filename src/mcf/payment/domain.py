"""Payments, the ledger and the refund policy. Pure Python: no I/O, no framework.

Money is integer minor units with an ISO 4217 code. A payment is charged once under its idempotency key; every
movement of money for an order is a ledger entry (charges positive, refunds negative), so the balance an order
holds is the sum of its entries.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import Enum
from typing import ClassVar

from mcf.kit.errors import Conflict, InvalidInput

# Refund ids are derived from the order (one refund per order), so a retried refund reuses its provider reference.
REFUND_NAMESPACE = uuid.UUID("6d1b6f2e-3c59-4d57-9a8e-1f0c2b7a4e91")
FULL_REFUND_NOTICE = timedelta(hours=24)
LATE_REFUND_PERCENT = 50


class PaymentStatus(str, Enum):
    PENDING = "pending"      # recorded; the provider's answer is not known yet
    SUCCEEDED = "succeeded"
    FAILED = "failed"


class ChargeStatus(str, Enum):
    SUCCEEDED = "succeeded"
    DECLINED = "declined"


class EntryKind(str, Enum):
    CHARGE = "charge"
    REFUND = "refund"


class RefundPolicy(str, Enum):
    """Why a refund has the amount it has (docs/adr/0010-payment-refund-policy.md)."""

    PLATFORM_CANCELLED = "platform_cancelled_full"  # the platform cancelled: always the whole amount
    EARLY = "early_full"                            # more than 24 h before the slot: the whole amount
    LATE = "late_half"                              # 24 h or less before the slot: half
    CHECKED_IN = "checked_in_none"                  # the worker had checked in: nothing
    NOTHING_PAID = "nothing_paid"                   # nothing was paid: nothing to refund, no event


# The largest amount a payment may have: far above any real order (10 billion roubles), far below PostgreSQL's
# bigint, so an absurd number is a 422 at the schema, never a database error.
MAX_AMOUNT_MINOR = 999_999_999_999


class OrderNotPayable(Conflict):
    """The order exists and is the client's, but it is not ``placed`` with a price."""

    slug = "order-not-payable"


class PriceMismatch(Conflict):
    """The price the client was shown is not the order's price (it is the order's that would be charged)."""

    slug = "price-mismatch"


class IdempotencyKeyReused(InvalidInput):
    """The key was used for another request body: 422, as order's and client-dashboard's (docs/adr/0175)."""

    slug = "idempotency-key-reused"


class OrderAlreadyPaid(Conflict):
    slug = "order-already-paid"


class OrderCancelled(Conflict):
    slug = "order-cancelled"


@dataclass(frozen=True)
class Charge:
    """The provider's record of a charge, as a charge or a status check returns it."""

    reference: str
    status: ChargeStatus
    decline_reason: str | None = None


# -- domain events: one class each; each carries the aggregate as the change left it (a snapshot) ------------------

@dataclass(frozen=True)
class PaymentSucceeded:
    payment: "Payment"


@dataclass(frozen=True)
class PaymentFailed:
    """The provider declined the charge, or never received it (``failure_reason`` says which)."""

    payment: "Payment"


@dataclass(frozen=True)
class RefundDecided:
    """A paid order was cancelled and the policy decided what goes back (possibly nothing: a zero refund is a
    decision the client hears of too). ``payment`` is the payment refunded. An order never paid here raises none."""

    refund: "Refund"
    payment: "Payment"


DOMAIN_EVENTS = (PaymentSucceeded, PaymentFailed, RefundDecided)


@dataclass
class Payment:
    id: str
    idempotency_key: str
    request_fingerprint: str
    order_id: str
    client_id: str
    client_email: str
    locale: str
    amount_minor: int
    currency: str
    card_last4: str
    status: PaymentStatus
    created_at: datetime
    updated_at: datetime
    failure_reason: str | None = None
    version: int = 1
    events: list = field(default_factory=list, repr=False, compare=False)

    @classmethod
    def start(cls, *, idempotency_key: str, request_fingerprint: str, order_id: str, client_id: str,
              client_email: str, locale: str, amount_minor: int, currency: str, card_number: str,
              now: datetime) -> "Payment":
        if not 0 < amount_minor <= MAX_AMOUNT_MINOR:
            raise InvalidInput(f"amount_minor must be 1..{MAX_AMOUNT_MINOR}", field="amount_minor")
        if len(currency) != 3 or not (currency.isascii() and currency.isalpha() and currency.isupper()):
            raise InvalidInput("currency must be an ISO 4217 code such as RUB", field="currency")
        return cls(id=str(uuid.uuid4()), idempotency_key=idempotency_key, request_fingerprint=request_fingerprint,
                   order_id=order_id, client_id=client_id, client_email=client_email, locale=locale,
                   amount_minor=amount_minor, currency=currency, card_last4=card_number[-4:],
                   status=PaymentStatus.PENDING, created_at=now, updated_at=now)

    @property
    def provider_reference(self) -> str:
        # Our id is the provider's reference: after a timeout, a status check by it finds the charge.
        return self.id

    @property
    def is_final(self) -> bool:
        return self.status is not PaymentStatus.PENDING

    def require_same_request(self, fingerprint: str) -> None:
        if fingerprint != self.request_fingerprint:
            raise IdempotencyKeyReused(
                "this Idempotency-Key was already used with a different request body", payment_id=self.id)

    def settle(self, charge: Charge, now: datetime) -> None:
        """Record the provider's outcome: succeeded or failed, once (a new version and its domain event)."""
        if self.is_final:
            raise Conflict(f"payment {self.id} is already {self.status.value}")
        if charge.status is ChargeStatus.SUCCEEDED:
            self.status, self.failure_reason = PaymentStatus.SUCCEEDED, None
            event: type = PaymentSucceeded
        else:
            self.status, self.failure_reason = PaymentStatus.FAILED, charge.decline_reason or "declined"
            event = PaymentFailed
        self.updated_at = now
        self.version += 1
        self.events.append(event(self.snapshot()))

    def snapshot(self) -> "Payment":
        return replace(self, events=[])

    def visible_to(self, role: str, subject: str) -> bool:
        if role == "client":
            return self.client_id == subject
        return role in ("manager", "service")


@dataclass(frozen=True)
class LedgerEntry:
    id: str
    order_id: str
    payment_id: str
    kind: EntryKind
    amount_minor: int  # signed: what the platform holds for the order goes up with a charge, down with a refund
    currency: str
    created_at: datetime

    @classmethod
    def charge(cls, payment: Payment, now: datetime) -> "LedgerEntry":
        return cls(str(uuid.uuid4()), payment.order_id, payment.id, EntryKind.CHARGE, payment.amount_minor,
                   payment.currency, now)

    @classmethod
    def refund(cls, refund: "Refund", now: datetime) -> "LedgerEntry":
        if refund.payment_id is None or refund.amount_minor <= 0:
            raise ValueError("only a refund of money moves the ledger")
        return cls(str(uuid.uuid4()), refund.order_id, refund.payment_id, EntryKind.REFUND, -refund.amount_minor,
                   refund.currency, now)


def balance(entries: list[LedgerEntry]) -> dict[str, int]:
    """What the platform holds for an order, per currency: the sum of its entries."""
    totals: dict[str, int] = {}
    for entry in entries:
        totals[entry.currency] = totals.get(entry.currency, 0) + entry.amount_minor
    return totals


@dataclass(frozen=True)
class RefundDecision:
    policy: RefundPolicy
    percent: int

    def amount_of(self, paid_minor: int) -> int:
        # A fraction of a minor unit goes to the client (ceil), never to the platform.
        return -(-paid_minor * self.percent // 100)


def refund_policy(*, slot_start: datetime, cancelled_at: datetime, checked_in: bool, cancelled_by: str
                  ) -> RefundDecision:
    """How much of what was paid goes back when a paid order is cancelled (ADR 0010).

    The platform's own cancellations refund in full; otherwise, once the worker has checked in nothing is refunded,
    more than 24 hours before the slot everything is, and later half.
    """
    if slot_start.tzinfo is None or cancelled_at.tzinfo is None:
        raise ValueError("slot_start and cancelled_at must carry a timezone")
    if cancelled_by == "platform":
        return RefundDecision(RefundPolicy.PLATFORM_CANCELLED, 100)
    if checked_in:
        return RefundDecision(RefundPolicy.CHECKED_IN, 0)
    if slot_start - cancelled_at > FULL_REFUND_NOTICE:
        return RefundDecision(RefundPolicy.EARLY, 100)
    return RefundDecision(RefundPolicy.LATE, LATE_REFUND_PERCENT)


@dataclass(frozen=True)
class Refund:
    """The refund decided for a cancelled order: at most one per order, even a zero one (a policy decision).

    Decided once and never changed, so it stays at version 1; deciding it raises ``RefundDecided`` unless nothing
    was paid (nobody to tell)."""

    id: str
    order_id: str
    payment_id: str | None
    amount_minor: int
    paid_minor: int
    currency: str | None
    policy: RefundPolicy
    cancelled_by: str
    decided_at: datetime
    events: list = field(default_factory=list, repr=False, compare=False)

    version: ClassVar[int] = 1

    @staticmethod
    def id_for(order_id: str) -> str:
        return str(uuid.uuid5(REFUND_NAMESPACE, order_id))

    @classmethod
    def decide(cls, *, order_id: str, payment: Payment | None, paid_minor: int, slot_start: datetime,
               cancelled_at: datetime, checked_in: bool, cancelled_by: str, now: datetime) -> "Refund":
        if payment is None or paid_minor <= 0:
            return cls(cls.id_for(order_id), order_id, None, 0, 0, None, RefundPolicy.NOTHING_PAID, cancelled_by,
                       now)
        decision = refund_policy(slot_start=slot_start, cancelled_at=cancelled_at, checked_in=checked_in,
                                 cancelled_by=cancelled_by)
        refund = cls(cls.id_for(order_id), order_id, payment.id, decision.amount_of(paid_minor), paid_minor,
                     payment.currency, decision.policy, cancelled_by, now)
        refund.events.append(RefundDecided(replace(refund, events=[]), payment.snapshot()))
        return refund

    @property
    def moves_money(self) -> bool:
        return self.amount_minor > 0
