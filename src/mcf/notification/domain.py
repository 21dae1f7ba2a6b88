"""A notification: one request to tell a person something by e-mail, and its delivery state. Pure Python."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum
from typing import Any

from mcf.kit.errors import Conflict, InvalidInput

RECIPIENT_ROLES = ("client", "worker", "manager")
DEFAULT_LOCALE = "en"
TEMPLATE_NAME_PATTERN = r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$"  # e.g. order.created
LOCALE_PATTERN = r"^[a-z]{2,3}(-[A-Za-z]{2,4})?$"                  # e.g. en, ru, pt-BR
TICK = timedelta(microseconds=1)


class Status(str, Enum):
    RECEIVED = "received"  # accepted and queued; a delivery attempt may have failed and will be retried
    SENT = "sent"
    FAILED = "failed"      # the last attempt failed: no more tries


class UnknownTemplate(InvalidInput):
    slug = "unknown-template"


class TemplateDataError(InvalidInput):
    """The template exists but cannot be rendered with the data given (a variable is missing)."""

    slug = "template-data"


class AlreadyFinal(Conflict):
    slug = "notification-final"


@dataclass(frozen=True)
class Recipient:
    id: str
    role: str
    email: str | None  # None once the notification is final: its address is not kept after (ADR 0127)

    def __post_init__(self):
        if self.role not in RECIPIENT_ROLES:
            raise InvalidInput(f"recipient.role must be one of {', '.join(RECIPIENT_ROLES)}",
                               field="recipient.role")


@dataclass(frozen=True)
class RenderedMessage:
    subject: str
    text: str
    html: str | None = None


@dataclass(frozen=True)
class NotificationRequest:
    """What a producer asks for; ``id`` is the request event's id, so a redelivery is recognised."""

    id: str
    source: str
    kind: str
    template: str
    locale: str
    recipient: Recipient
    data: dict[str, Any]
    requested_at: datetime


@dataclass
class Notification:
    id: str
    source: str
    kind: str
    template: str
    locale: str
    recipient: Recipient
    data: dict[str, Any]
    subject: str
    created_at: datetime
    updated_at: datetime
    queued_at: datetime
    status: Status = Status.RECEIVED
    attempts: int = 0
    last_error: str | None = None
    sent_at: datetime | None = None

    @classmethod
    def accept(cls, request: NotificationRequest, subject: str, now: datetime) -> "Notification":
        return cls(id=request.id, source=request.source, kind=request.kind, template=request.template,
                   locale=request.locale, recipient=request.recipient, data=dict(request.data), subject=subject,
                   created_at=now, updated_at=now, queued_at=now)

    @property
    def is_final(self) -> bool:
        return self.status in (Status.SENT, Status.FAILED)

    def _touch(self, now: datetime) -> None:
        # Strictly increasing, so every change makes a newer version in the log even within one clock tick.
        self.updated_at = max(now, self.updated_at + TICK)

    def _require_open(self) -> None:
        if self.is_final:
            raise AlreadyFinal(f"notification {self.id} is already {self.status.value}",
                               notification_status=self.status.value)

    def mark_sent(self, now: datetime) -> None:
        self._require_open()
        self.attempts += 1
        self.status, self.sent_at, self.last_error = Status.SENT, now, None
        self._touch(now)

    def record_failed_attempt(self, error: str, now: datetime, max_attempts: int) -> None:
        """Count a failed delivery; the attempt that reaches ``max_attempts`` makes the notification failed."""
        self._require_open()
        self.attempts += 1
        self.last_error = error[:1000]
        if self.attempts >= max_attempts:
            self.status = Status.FAILED
        else:
            self.queued_at = now  # dramatiq holds the retry; the sweeper leaves it alone meanwhile
        self._touch(now)

    def mark_failed(self, error: str, now: datetime) -> None:
        """Give up at once: an error no retry can cure (the template disappeared)."""
        self._require_open()
        self.attempts += 1
        self.status, self.last_error = Status.FAILED, error[:1000]
        self._touch(now)

    def requeued(self, now: datetime) -> None:
        self._require_open()
        self.queued_at = now

    def visible_to(self, person_id: str) -> bool:
        return self.recipient.id == person_id
