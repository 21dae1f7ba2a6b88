"""Helpers for notification-service's integration tests."""
from __future__ import annotations

import uuid
from datetime import datetime, timezone

import pika
import pika.exceptions

from mcf.kit.messaging import connection_parameters
from mcf.notification.adapters.storage import NotificationUnitOfWork
from mcf.notification.domain import Notification, NotificationRequest, Recipient
from tests.support.at_rest import NOTIFICATION as CIPHER  # what the test settings give the app too

ORDER_DATA = {"order_id": "5d0c9a8e-0000-4000-8000-000000000001", "cat_name": "Murka", "toy_category": "mice",
              "slot_start": "2030-05-01T14:30:00Z", "duration_minutes": 60, "district": "Arbat"}


def make_notification(recipient_id: str = "c-1", email: str = "cat@example.com", *, at: datetime | None = None,
                      **changes) -> Notification:
    at = at or datetime.now(timezone.utc)
    request = NotificationRequest(
        id=str(uuid.uuid4()), source="order", kind="created", template="order.created", locale="en",
        recipient=Recipient(recipient_id, "client", email), data=dict(ORDER_DATA), requested_at=at)
    notification = Notification.accept(request, "Murka's session is booked", at)
    for name, value in changes.items():
        setattr(notification, name, value)
    return notification


def stored(database, notification_id: str) -> Notification | None:
    with database.connection_context(), NotificationUnitOfWork(database, CIPHER) as uow:
        return uow.notifications.get_for_update(notification_id)


def purge(amqp_url: str, *queues: str) -> None:
    connection = pika.BlockingConnection(connection_parameters(amqp_url))
    try:
        channel = connection.channel()
        for queue in queues:
            try:
                channel.queue_purge(queue)
            except pika.exceptions.ChannelClosedByBroker:  # not declared yet: nothing to purge
                channel = connection.channel()
    finally:
        connection.close()


def mails_for(folder, notification_id: str) -> list:
    from mcf.kit.smtp_sink import read_mail

    return [m for m in read_mail(folder) if m["X-MCF-Notification-ID"] == notification_id]


def raw_row(database, notification_id: str) -> dict:
    """The row as PostgreSQL holds it (every column, bytes as they are), not through the repository."""
    with database.connection_context():
        cursor = database.execute_sql("SELECT * FROM notifications WHERE id = %s", (notification_id,))
        return dict(zip([c[0] for c in cursor.description], cursor.fetchone(), strict=True))


def raw_log(log, notification_id: str) -> str:
    """Every version of a notification in the ClickHouse log and its recipient index, as one text."""
    rows = log.client.execute("SELECT * FROM notifications WHERE id = toUUID(%(id)s)", {"id": notification_id})
    rows += log.client.execute("SELECT * FROM notification_recipients WHERE id = toUUID(%(id)s)",
                               {"id": notification_id})
    assert rows, "nothing logged"
    return repr(rows)
