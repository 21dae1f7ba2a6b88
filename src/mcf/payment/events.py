"""payment's wire format: what each domain event of a payment or a refund becomes on ``mcf.events`` and as
notification requests.

Pure and exhaustive: every class in ``domain.DOMAIN_EVENTS`` has a mapping (a unit test checks it), and one
without a mapping is a TypeError at commit. The unit of work (``mcf.kit.uow``) writes what this returns to the
outbox in the transaction of the change; the use cases in ``service.py`` publish nothing themselves.
"""
from __future__ import annotations

from typing import Callable

from mcf.kit.events import Event, mapped, notification
from mcf.payment.domain import Payment, PaymentFailed, PaymentSucceeded, RefundDecided

SOURCE = "/mcf/payment"


def integration_events(domain_event) -> list[Event]:
    """What one domain event of payment-service becomes on the wire."""
    return mapped(_MAPPINGS, domain_event, "payment")


def _succeeded(e: PaymentSucceeded) -> list[Event]:
    payment = e.payment
    return [
        Event(type="payment.succeeded", source=SOURCE, subject=payment.order_id, data={
            "payment_id": payment.id, "order_id": payment.order_id, "client_id": payment.client_id,
            "amount_minor": payment.amount_minor, "currency": payment.currency}),
        notification("payment", "succeeded", recipient=_recipient(payment), template="payment.succeeded",
                     locale=payment.locale, subject=payment.order_id, data={
                         "payment_id": payment.id, "order_id": payment.order_id,
                         "amount_minor": payment.amount_minor, "currency": payment.currency,
                         "card_last4": payment.card_last4}),
    ]


def _failed(e: PaymentFailed) -> list[Event]:
    payment = e.payment
    return [
        Event(type="payment.failed", source=SOURCE, subject=payment.order_id, data={
            "payment_id": payment.id, "order_id": payment.order_id, "client_id": payment.client_id,
            "reason": payment.failure_reason}),
        notification("payment", "failed", recipient=_recipient(payment), template="payment.failed",
                     locale=payment.locale, subject=payment.order_id, data={
                         "payment_id": payment.id, "order_id": payment.order_id,
                         "amount_minor": payment.amount_minor, "currency": payment.currency,
                         "card_last4": payment.card_last4, "reason": payment.failure_reason}),
    ]


def _refund_decided(e: RefundDecided) -> list[Event]:
    refund, payment = e.refund, e.payment
    return [
        Event(type="payment.refunded", source=SOURCE, subject=refund.order_id, data={
            "refund_id": refund.id, "payment_id": payment.id, "order_id": refund.order_id,
            "amount_minor": refund.amount_minor, "currency": payment.currency, "policy": refund.policy.value}),
        notification("payment", "refunded", recipient=_recipient(payment), template="payment.refunded",
                     locale=payment.locale, subject=refund.order_id, data={
                         "refund_id": refund.id, "payment_id": payment.id, "order_id": refund.order_id,
                         "amount_minor": refund.amount_minor, "paid_minor": refund.paid_minor,
                         "currency": payment.currency, "policy": refund.policy.value}),
    ]


_MAPPINGS: dict[type, Callable[..., list[Event]]] = {
    PaymentSucceeded: _succeeded, PaymentFailed: _failed, RefundDecided: _refund_decided,
}


def _recipient(payment: Payment) -> dict:
    return {"id": payment.client_id, "role": "client", "email": payment.client_email}
