"""REST over the notification log: turns requests into use-case calls, nothing else."""
from __future__ import annotations

import marshmallow as ma
from flask_smorest import Blueprint

from mcf.kit.auth import current_principal, requires
from mcf.kit.http import problem_responses
from mcf.notification.domain import Status
from mcf.notification.ports import NotificationLog
from mcf.notification.service import MAX_LIST_LIMIT, get_notification, list_notifications

PERSONAL_ROLES = ("client", "worker")  # see only what was sent to them


class ListArgsSchema(ma.Schema):
    recipient = ma.fields.String(metadata={
        "description": "A recipient id or e-mail address. Clients and workers may give only their own id "
                       "(the default for them); without it, staff get everyone's newest notifications."})
    limit = ma.fields.Integer(load_default=50, validate=ma.validate.Range(min=1, max=MAX_LIST_LIMIT))


class RecipientSchema(ma.Schema):
    """The log keeps no address (ADR 0128): a recipient is their id and role."""

    id = ma.fields.String(required=True)
    role = ma.fields.String(required=True)


class NotificationSchema(ma.Schema):
    id = ma.fields.UUID(required=True)
    source = ma.fields.String(required=True, metadata={"example": "order"})
    kind = ma.fields.String(required=True, metadata={"example": "created"})
    template = ma.fields.String(required=True, metadata={"example": "order.created"})
    locale = ma.fields.String(required=True, metadata={"example": "en"})
    recipient = ma.fields.Nested(RecipientSchema, required=True)
    subject = ma.fields.String(required=True)
    status = ma.fields.Enum(Status, by_value=True, required=True)
    attempts = ma.fields.Integer(required=True)
    last_error = ma.fields.String(allow_none=True)
    created_at = ma.fields.AwareDateTime(required=True)
    updated_at = ma.fields.AwareDateTime(required=True)
    sent_at = ma.fields.AwareDateTime(allow_none=True)


def _viewer_id() -> str | None:
    principal = current_principal().actor
    return principal.subject if principal.is_(*PERSONAL_ROLES) else None


def notifications_blueprint(log: NotificationLog) -> Blueprint:
    blp = Blueprint("notifications", __name__, url_prefix="/notifications",
                    description="The log of notifications and their delivery")

    @blp.route("")
    @requires("service")
    @blp.arguments(ListArgsSchema, location="query", as_kwargs=True)
    @blp.response(200, NotificationSchema(many=True))
    @problem_responses(blp, 401, 403)
    @blp.doc(operationId="listNotifications")
    def list_(recipient=None, limit=50):
        """Notifications, newest first, each in its latest delivery state."""
        return list_notifications(log, recipient, limit=limit, viewer_id=_viewer_id())

    @blp.route("/<uuid:notification_id>")
    @requires("service")
    @blp.response(200, NotificationSchema)
    @problem_responses(blp, 401, 404)
    @blp.doc(operationId="getNotification")
    def get(notification_id):
        """One notification; clients and workers see only their own."""
        return get_notification(log, str(notification_id), viewer_id=_viewer_id())

    return blp
