"""What the notification core needs from the outside world."""
from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol

from mcf.kit.email import Mailer  # the kit's e-mail port is this core's Mailer
from mcf.notification.domain import Notification, RenderedMessage

__all__ = ["JobQueue", "Mailer", "NotificationLog", "NotificationStore", "Renderer", "UnitOfWork"]


class NotificationStore(Protocol):
    """Delivery state (PostgreSQL): the record that decides whether, and how often, an e-mail goes out."""

    def add_if_new(self, notification: Notification) -> bool:
        """Store a new notification; False (and nothing changed) when its id is already stored."""

    def get_for_update(self, notification_id: str) -> Notification | None:
        """The notification, locked until the unit of work ends (one sender at a time), or None."""

    def save(self, notification: Notification) -> None:
        """Write back a notification got from ``get_for_update``."""

    def stale(self, queued_before: datetime, limit: int) -> list[Notification]:
        """Locked, still-``received`` notifications queued before the moment, skipping rows others hold."""


class NotificationLog(Protocol):
    """The notification log (ClickHouse): every change appended as a version; readers see the newest one."""

    def append(self, notification: Notification) -> None:
        """Append the notification's current state as a new version; appending the same state again is harmless."""

    def list(self, recipient: str | None, limit: int) -> list[Notification]:
        """Newest first: a recipient's notifications (by recipient id or e-mail address), or everyone's."""

    def get(self, notification_id: str) -> Notification | None:
        """The newest version of one notification, or None."""


class Renderer(Protocol):
    def render(self, template: str, locale: str, data: dict[str, Any]) -> RenderedMessage:
        """Subject, plain text and HTML; raises UnknownTemplate or TemplateDataError."""


class JobQueue(Protocol):
    def enqueue_send(self, notification_id: str) -> None:
        """Ask a background worker to deliver the notification."""


class UnitOfWork(Protocol):
    notifications: NotificationStore

    def __enter__(self) -> "UnitOfWork": ...

    def __exit__(self, *exc) -> bool | None:
        """Commit when the block ends cleanly; roll back on an exception."""
