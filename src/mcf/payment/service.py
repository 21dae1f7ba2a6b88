"""Payment use cases: pay once per idempotency key, read payments and ledgers, refund a cancelled order.

``pay`` runs two short transactions (docs/adr/0011-payment-idempotency-and-provider-timeouts.md): the first
claims the key with a pending payment (a unique key, so concurrent twins wait and then find it); the second locks
that payment row and the order, asks the provider, and records the outcome with its ledger entry. Only the holder
of the row lock ever calls the provider, so one key charges at most once; twins read the stored outcome.

No use case publishes: settling a payment or deciding a refund raises a domain event on the aggregate, and the unit
of work writes what ``events.py`` makes of it to the outbox when it commits (``mcf.kit.uow``).
"""
from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Callable

from mcf.kit.errors import NotFound, Unavailable, found
from mcf.kit.events import utcnow
from mcf.payment.domain import (
    MAX_AMOUNT_MINOR,
    Charge,
    ChargeStatus,
    LedgerEntry,
    OrderAlreadyPaid,
    OrderCancelled,
    OrderNotPayable,
    Payment,
    PaymentStatus,
    PriceMismatch,
    Refund,
    RefundPolicy,
    balance,
)
from mcf.payment.ports import (
    OrderDirectory,
    OrderFacts,
    PaymentProvider,
    ProviderTimeout,
    ProviderUnavailable,
    UnitOfWork,
)

Clock = Callable[[], datetime]


@dataclass(frozen=True)
class PayOrder:
    """A request to pay for an order. Who pays is the caller's verified claim; what is charged, in which currency,
    and where the notices go are the order's own, read from order-service: never from this request."""

    idempotency_key: str
    order_id: str
    client_id: str  # the token's on_behalf_of claim
    card_number: str
    expected_amount_minor: int | None = None  # the price the client was shown, if the caller says it
    expected_currency: str | None = None

    def fingerprint(self, secret: bytes) -> str:
        """What makes two requests "the same": every field the caller chose. Keyed, so no card number is
        guessable."""
        body = json.dumps([self.order_id, self.client_id, self.card_number, self.expected_amount_minor,
                           self.expected_currency], separators=(",", ":"))
        return hmac.new(secret, body.encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class PaymentOutcome:
    payment: Payment
    created: bool  # True for the request that created the payment; False for a replay of its key


def payable_order(orders: OrderDirectory, command: PayOrder) -> OrderFacts:
    """The order to charge, as its owner tells it: it exists, it is the paying client's, it is ``placed`` with a
    price, and that price is the one the caller expected. Anything else is refused before any charge."""
    order = orders.order_for_client(command.order_id, command.client_id)
    if order is None or order.client_id != command.client_id or order.order_id != command.order_id:
        raise NotFound(f"order {command.order_id} does not exist")
    if order.status != "placed":
        raise OrderNotPayable(f"an order that is {order.status} cannot be paid", order_status=order.status)
    if order.amount_minor is None or order.currency is None:
        raise OrderNotPayable("the order has no price yet", order_status=order.status)
    if not 0 < order.amount_minor <= MAX_AMOUNT_MINOR:
        raise Unavailable(f"order-service gave order {order.order_id} an impossible price")
    expected = (command.expected_amount_minor, command.expected_currency)
    if expected != (None, None) and expected != (order.amount_minor, order.currency):
        raise PriceMismatch(f"the order's price is {order.amount_minor} {order.currency}, not "
                            f"{command.expected_amount_minor} {command.expected_currency}")
    return order


def pay(uow: UnitOfWork, provider: PaymentProvider, orders: OrderDirectory, command: PayOrder, *,
        clock: Clock = utcnow, secret: bytes = b"") -> PaymentOutcome:
    """Charge the order's own price once per idempotency key: a replay (even a concurrent one) returns the stored
    result without asking order-service again."""
    fingerprint = command.fingerprint(secret)
    with uow:  # 0: a key seen before answers from what is stored
        existing = uow.payments.get_by_key(command.idempotency_key)
        if existing is not None:
            existing.require_same_request(fingerprint)
            if existing.is_final:
                return PaymentOutcome(existing, created=False)
    order = payable_order(orders, command) if existing is None else None  # outside any transaction: a network call
    with uow:  # 1: claim the key (or find it claimed)
        existing = uow.payments.get_by_key(command.idempotency_key)
        if existing is None:
            if order is None:  # the pending payment we saw was refused and removed by its twin meanwhile
                order = payable_order(orders, command)
            _refuse_if_settled(uow, command.order_id)
            candidate = Payment.start(
                idempotency_key=command.idempotency_key, request_fingerprint=fingerprint, order_id=order.order_id,
                client_id=order.client_id, client_email=order.client_email, locale=order.locale,
                amount_minor=order.amount_minor, currency=order.currency, card_number=command.card_number,
                now=clock())
            created = uow.payments.add_if_new(candidate)
        else:
            existing.require_same_request(fingerprint)
            if existing.is_final:
                return PaymentOutcome(existing, created=False)
            created = False

    refusal: Exception | None = None
    with uow:  # 2: whoever holds the row lock settles the payment; twins wait here and read the outcome
        payment = uow.payments.get_by_key(command.idempotency_key, for_update=True)
        if payment is None:  # a twin refused it and removed it: refuse again, for the same reason
            _refuse_if_settled(uow, command.order_id)
            raise OrderAlreadyPaid(f"order {command.order_id} cannot be paid")
        payment.require_same_request(fingerprint)
        if payment.is_final:
            return PaymentOutcome(payment, created)
        uow.lock_order(payment.order_id)
        try:
            _refuse_if_settled(uow, payment.order_id, ignore=payment.id)
        except (OrderAlreadyPaid, OrderCancelled) as exc:
            uow.payments.delete(payment.id)  # refused before any charge: the request leaves nothing behind
            refusal = exc
        else:
            charge = _charge_once(provider, payment, command.card_number, fresh=created)
            if charge is not None:  # else the provider could not tell: pending, and a replay of the key asks again
                _record(uow, payment, charge, clock())
    if refusal is not None:
        raise refusal
    return PaymentOutcome(payment, created)


def settle_stale_pending(uow: UnitOfWork, provider: PaymentProvider, *, now: datetime,
                         older_than: timedelta, limit: int = 100, log: Callable[..., None] | None = None
                         ) -> list[str]:
    """The sweeper: settle payments left ``pending`` because the provider could not tell (a timeout, an outage,
    a process that died between charging and recording). Each is asked about by its reference, under its row lock
    (skipping one a request holds now): a charge the provider knows is recorded as it stands (its ledger entry and
    events with it); one the provider never received failed without moving money; while the provider cannot be
    reached the payment stays pending for the next round. Never charges. Returns the ids settled."""
    settled: list[str] = []
    with uow:
        candidates = uow.payments.pending_before(now - older_than, limit)
    for candidate in candidates:
        with uow:
            payment = uow.payments.get_by_key(candidate.idempotency_key, for_update=True, skip_locked=True)
            if payment is None or payment.is_final:
                continue  # a request holds it (and settles it) or settled it meanwhile
            uow.lock_order(payment.order_id)
            try:
                charge = provider.get_charge_status(payment.provider_reference)
            except (ProviderTimeout, ProviderUnavailable):
                continue  # still unreachable: the next round asks again
            if charge is None:  # the provider never received it: no money moved
                charge = Charge(payment.provider_reference, ChargeStatus.DECLINED,
                                decline_reason="provider_unreachable")
            elif charge.status is ChargeStatus.SUCCEEDED:
                other = uow.payments.succeeded_for_order(payment.order_id)
                if other is not None and other.id != payment.id:
                    if log is not None:  # money moved twice for one order: a person must refund it
                        log("a pending payment was charged although another payment of its order succeeded",
                            payment_id=payment.id, other_payment_id=other.id, order_id=payment.order_id)
                    continue
            _record(uow, payment, charge, now)
            settled.append(payment.id)
    return settled


def _refuse_if_settled(uow: UnitOfWork, order_id: str, ignore: str | None = None) -> None:
    paid = uow.payments.succeeded_for_order(order_id)
    if paid is not None and paid.id != ignore:
        raise OrderAlreadyPaid(f"order {order_id} is already paid", payment_id=paid.id)
    if uow.refunds.for_order(order_id) is not None:
        raise OrderCancelled(f"order {order_id} was cancelled")


def _charge_once(provider: PaymentProvider, payment: Payment, card_number: str, *, fresh: bool) -> Charge | None:
    """The provider's outcome for this payment, charging only if the provider has never seen it.

    None: the provider could not tell (it stays pending). A payment someone else created may have been charged by
    a process that died or timed out: ask first. A charge that times out is resolved by a status check, never by
    charging again.
    """
    reference = payment.provider_reference
    try:
        if not fresh:
            known = provider.get_charge_status(reference)
            if known is not None:
                return known
        try:
            return provider.charge(reference, card_number, payment.amount_minor, payment.currency)
        except (ProviderTimeout, ProviderUnavailable):
            known = provider.get_charge_status(reference)
    except (ProviderTimeout, ProviderUnavailable):
        return None
    if known is None:  # the provider confirms it never received the charge: no money moved, the payment failed
        return Charge(reference, ChargeStatus.DECLINED, decline_reason="provider_timeout")
    return known


def _record(uow: UnitOfWork, payment: Payment, charge: Charge, now: datetime) -> None:
    payment.settle(charge, now)  # raises PaymentSucceeded or PaymentFailed: the unit of work publishes it
    uow.payments.save(payment)
    if payment.status is PaymentStatus.SUCCEEDED:
        uow.ledger.add(LedgerEntry.charge(payment, now))


def get_payment(uow: UnitOfWork, payment_id: str, viewer_role: str, viewer_id: str) -> Payment:
    """The payment; one the viewer may not see is NotFound, never the payment."""
    with uow:
        payment = uow.payments.get(payment_id)
    return found(payment, f"payment {payment_id} does not exist", viewer=(viewer_role, viewer_id))


def payments_for_order(uow: UnitOfWork, order_id: str, viewer_role: str, viewer_id: str) -> list[Payment]:
    """The order's payments the viewer may see (a client sees only its own: another's order lists nothing)."""
    with uow:
        payments = uow.payments.for_order(order_id)
    return [p for p in payments if p.visible_to(viewer_role, viewer_id)]


@dataclass(frozen=True)
class OrderLedger:
    order_id: str
    entries: list[LedgerEntry]
    balances: dict[str, int]


def order_ledger(uow: UnitOfWork, order_id: str, viewer_role: str, viewer_id: str) -> OrderLedger:
    """The order's ledger and the balance derived from it; a client sees only an order it paid for."""
    with uow:
        entries = uow.ledger.entries(order_id)
        payments = uow.payments.for_order(order_id) if viewer_role == "client" else []
    owner = any(p.visible_to(viewer_role, viewer_id) for p in payments)
    if viewer_role not in ("manager", "service") and not (viewer_role == "client" and owner):
        raise NotFound(f"no ledger for order {order_id}")
    return OrderLedger(order_id, entries, balance(entries))


@dataclass(frozen=True)
class OrderCancellation:
    """The facts of ``order.cancelled`` the refund needs."""

    order_id: str
    cancelled_by: str  # client | platform
    slot_start: datetime
    cancelled_at: datetime
    checked_in: bool
    paid: bool


def refund_cancelled_order(uow: UnitOfWork, provider: PaymentProvider, cancellation: OrderCancellation, *,
                           clock: Clock = utcnow) -> Refund | None:
    """Refund what the cancellation policy returns, once per order; None when the order was already decided.

    What was paid comes from our own ledger, not from the event's ``paid`` flag, so a payment that raced the
    cancellation is still refunded. A zero refund is a recorded decision with an event and no ledger movement;
    an order never paid here is recorded without one (``Refund.decide`` raises ``RefundDecided`` or nothing).
    """
    with uow:
        uow.lock_order(cancellation.order_id)
        if uow.refunds.for_order(cancellation.order_id) is not None:
            return None
        payment = uow.payments.succeeded_for_order(cancellation.order_id)
        held = balance(uow.ledger.entries(cancellation.order_id))
        paid_minor = held.get(payment.currency, 0) if payment is not None else 0
        refund = Refund.decide(
            order_id=cancellation.order_id, payment=payment, paid_minor=paid_minor,
            slot_start=cancellation.slot_start, cancelled_at=cancellation.cancelled_at,
            checked_in=cancellation.checked_in, cancelled_by=cancellation.cancelled_by, now=clock())
        uow.refunds.add(refund)
        if refund.policy is RefundPolicy.NOTHING_PAID:
            return refund  # the order was never paid (here): nothing to return, nobody to tell
        if refund.moves_money:
            # Inside the transaction: if the commit fails, the retry refunds under the same reference, once.
            provider.refund(payment.provider_reference, refund.id, refund.amount_minor, payment.currency)
            uow.ledger.add(LedgerEntry.refund(refund, refund.decided_at))
    return refund
