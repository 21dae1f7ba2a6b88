"""payment's wire format: what a settled payment and a decided refund become on ``mcf.events`` and as notification
requests. Pure: the use cases in ``service.py`` put these in the outbox in the transaction of the change."""
from __future__ import annotations

from mcf.kit.events import Event, notification
from mcf.payment.domain import Payment, PaymentStatus, Refund

SOURCE = "/mcf/payment"


def _recipient(payment: Payment) -> dict:
    return {"id": payment.client_id, "role": "client", "email": payment.client_email}


def payment_events(payment: Payment) -> list[Event]:
    if payment.status is PaymentStatus.SUCCEEDED:
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
    if payment.status is PaymentStatus.FAILED:
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
    return []


def refund_events(refund: Refund, payment: Payment) -> list[Event]:
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
