"""The e-mail port (``EmailMessage``, ``Mailer``, ``DeliveryFailed``) and its SMTP adapter.

Standard library only, so a service's core can import the port without pulling in an adapter's dependencies.
"""
from __future__ import annotations

import email.message
import email.policy
import email.utils
import smtplib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from mcf.kit.config import Settings


@dataclass(frozen=True)
class EmailMessage:
    to: str
    subject: str
    text: str
    html: str | None = None
    # Stable per logical message (e.g. the notification id), so a re-sent copy can be recognised downstream.
    message_id: str | None = None
    headers: Mapping[str, str] = field(default_factory=dict)


class Mailer(Protocol):
    def send(self, message: EmailMessage) -> None:
        """Deliver the message or raise ``DeliveryFailed``."""


class DeliveryFailed(Exception):
    """The message may not have been delivered; trying again later may succeed."""


class SmtpMailer:
    """Sends through one SMTP connection per message: simple, and nothing is shared between threads."""

    def __init__(self, host: str, port: int, sender: str, timeout: float = 10.0) -> None:
        self.host = host
        self.port = port
        self.sender = sender
        self.timeout = timeout
        _, self._envelope_from = email.utils.parseaddr(sender)
        if "@" not in self._envelope_from:
            raise ValueError(f"sender needs an e-mail address: {sender!r}")
        self._domain = self._envelope_from.rsplit("@", 1)[1]

    @classmethod
    def from_settings(cls, settings: Settings) -> SmtpMailer:
        return cls(settings.smtp_host, settings.smtp_port, settings.smtp_sender, settings.smtp_timeout)

    def build(self, message: EmailMessage) -> email.message.EmailMessage:
        """The MIME message as it goes on the wire (ValueError for header injection or a bad address)."""
        mime = email.message.EmailMessage(policy=email.policy.SMTP)
        mime["From"] = self.sender
        mime["To"] = message.to
        mime["Subject"] = message.subject
        mime["Date"] = email.utils.formatdate(localtime=False, usegmt=True)
        mime["Message-ID"] = self._message_id(message.message_id)
        for name, value in message.headers.items():
            mime[name] = value
        mime.set_content(message.text)
        if message.html is not None:
            mime.add_alternative(message.html, subtype="html")
        return mime

    def send(self, message: EmailMessage) -> None:
        mime = self.build(message)
        try:
            with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
                smtp.send_message(mime, from_addr=self._envelope_from, to_addrs=[message.to])
        except (smtplib.SMTPException, OSError) as exc:  # OSError covers refused, reset and timed-out sockets
            raise DeliveryFailed(
                f"SMTP {self.host}:{self.port}: {type(exc).__name__}: {exc}") from exc

    def _message_id(self, message_id: str | None) -> str:
        if message_id is None:
            return email.utils.make_msgid(domain=self._domain)
        if message_id.startswith("<") and message_id.endswith(">"):
            return message_id
        return f"<{message_id}@{self._domain}>"
