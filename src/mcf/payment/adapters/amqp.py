"""The consumer side of ``mcf.events`` for payment-service: ``order.cancelled`` becomes a refund decision.

The kit's Consumer runs the handler inside its transaction with the inbox record (a redelivered event is skipped);
the refund itself is once per order (a unique order id), so a second ``order.cancelled`` event for the same order
changes nothing either. A payload that fails the schema is Rejected (dead-lettered with the reason).
"""
from __future__ import annotations

from typing import Callable

import marshmallow as ma

from mcf.kit.events import Event, utcnow
from mcf.kit.logging import get_logger
from mcf.kit.messaging import Handler, Rejected
from mcf.kit.payloads import first_error
from mcf.payment import service
from mcf.payment.ports import PaymentProvider, UnitOfWork

log = get_logger(__name__)

ORDER_CANCELLED = "order.cancelled"


class OrderCancelledSchema(ma.Schema):
    """The ``data`` of ``order.cancelled`` (docs/integration-contracts.md); only what a refund needs is read."""

    class Meta:
        unknown = ma.EXCLUDE  # tolerant reader

    order_id = ma.fields.UUID(required=True)
    cancelled_by = ma.fields.String(required=True, validate=ma.validate.OneOf(("client", "platform")))
    slot_start = ma.fields.AwareDateTime(required=True)
    cancelled_at = ma.fields.AwareDateTime(required=True)
    checked_in = ma.fields.Boolean(required=True)
    paid = ma.fields.Boolean(required=True)


def parse_cancellation(event: Event) -> service.OrderCancellation:
    if event.type != ORDER_CANCELLED:
        raise Rejected(f"type: expected {ORDER_CANCELLED}, got {event.type!r}")
    try:
        data = OrderCancelledSchema().load(event.data)
    except ma.ValidationError as exc:
        raise Rejected(first_error(exc.messages)) from None
    return service.OrderCancellation(
        order_id=str(data["order_id"]), cancelled_by=data["cancelled_by"], slot_start=data["slot_start"],
        cancelled_at=data["cancelled_at"], checked_in=data["checked_in"], paid=data["paid"])


def order_events_handler(uow_factory: Callable[[], UnitOfWork], provider: PaymentProvider, *,
                         clock=utcnow) -> Handler:
    """The Consumer handler for queue ``payment.order-events``."""

    def handle(event: Event):
        cancellation = parse_cancellation(event)
        refund = service.refund_cancelled_order(uow_factory(), provider, cancellation, clock=clock)
        if refund is None:
            log.info("order already decided; nothing to refund", order_id=cancellation.order_id, event_id=event.id)
        else:
            log.info("refund decided", order_id=refund.order_id, policy=refund.policy.value,
                     amount_minor=refund.amount_minor)
        return None

    return handle
