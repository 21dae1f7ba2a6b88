"""The consumer side of exchange ``mcf.notifications``: a request event becomes an ``accept_notification`` call.

The kit's Consumer runs the handler inside its transaction with the inbox record, dead-letters what raises
Rejected, and runs the returned callable after commit: that is when the delivery job is enqueued.
"""
from __future__ import annotations

import uuid
from typing import Callable

import marshmallow as ma
import pika
import pika.exceptions

from mcf.kit.errors import InvalidInput
from mcf.kit.events import Event, utcnow
from mcf.kit.messaging import Handler, Rejected, connection_parameters
from mcf.kit.payloads import first_error
from mcf.notification.domain import (
    DEFAULT_LOCALE,
    LOCALE_PATTERN,
    RECIPIENT_ROLES,
    TEMPLATE_NAME_PATTERN,
    NotificationRequest,
    Recipient,
)
from mcf.notification.ports import JobQueue, NotificationLog, Renderer, UnitOfWork
from mcf.notification.service import accept_notification

ROUTING_PREFIX = "notification."


class RecipientSchema(ma.Schema):
    class Meta:
        unknown = ma.EXCLUDE  # tolerant reader: producers may add fields

    id = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=200))
    role = ma.fields.String(required=True, validate=ma.validate.OneOf(RECIPIENT_ROLES))
    email = ma.fields.Email(required=True)


class NotificationRequestSchema(ma.Schema):
    """The ``data`` of a ``notification.<source>.<kind>`` event."""

    class Meta:
        unknown = ma.EXCLUDE

    recipient = ma.fields.Nested(RecipientSchema, required=True)
    template = ma.fields.String(required=True, validate=ma.validate.Regexp(TEMPLATE_NAME_PATTERN))
    locale = ma.fields.String(load_default=DEFAULT_LOCALE, validate=ma.validate.Regexp(LOCALE_PATTERN))
    data = ma.fields.Dict(keys=ma.fields.String(), load_default=dict)


def parse_request(event: Event) -> NotificationRequest:
    """The request an event carries; raises Rejected naming the field when it can never be handled."""
    parts = event.type.split(".")
    if not event.type.startswith(ROUTING_PREFIX) or len(parts) < 3 or not all(parts):
        raise Rejected(f"type: expected notification.<source>.<kind>, got {event.type!r}")
    try:
        uuid.UUID(event.id)
    except ValueError:
        raise Rejected(f"id: the event id must be a UUID, got {event.id!r}") from None
    try:
        payload = NotificationRequestSchema().load(event.data)
    except ma.ValidationError as exc:
        raise Rejected(first_error(exc.messages)) from None
    recipient = payload["recipient"]
    return NotificationRequest(
        id=event.id, source=parts[1], kind=".".join(parts[2:]), template=payload["template"],
        locale=payload["locale"], recipient=Recipient(recipient["id"], recipient["role"], recipient["email"]),
        data=payload["data"], requested_at=event.time)


def request_handler(uow_factory: Callable[[], UnitOfWork], log: NotificationLog, renderer: Renderer,
                    jobs: JobQueue, *, clock=utcnow) -> Handler:
    """The Consumer handler for queue ``notification.requests``."""

    def handle(event: Event):
        request = parse_request(event)
        try:
            notification_id = accept_notification(uow_factory(), log, renderer, request, clock=clock)
        except InvalidInput as exc:  # unknown template, data the template cannot use
            field = exc.extensions.get("field")
            raise Rejected(f"{field}: {exc.detail}" if field else exc.detail) from None
        if notification_id is None:
            return None
        return lambda: jobs.enqueue_send(notification_id)

    return handle


def broker_answers(url: str) -> bool:
    """Readiness: a connection to the broker opens (and is closed again)."""
    try:
        connection = pika.BlockingConnection(connection_parameters(url))
    except (pika.exceptions.AMQPError, OSError):
        return False
    connection.close()
    return True
