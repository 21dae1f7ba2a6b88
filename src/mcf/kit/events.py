"""Integration events in a CloudEvents 1.0 envelope (JSON, attribute names as the spec spells them).

Pure standard library, so a service core can build events; the adapters move them.
"""
from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Callable, Mapping

from mcf.kit.correlation import current_correlation_id
from mcf.kit.values import iso_utc

SPEC_VERSION = "1.0"
EVENTS_EXCHANGE = "mcf.events"
NOTIFICATIONS_EXCHANGE = "mcf.notifications"


class EnvelopeError(ValueError):
    """The bytes are not a valid MCF event envelope; such a message can never be handled."""


def utcnow() -> datetime:
    return datetime.now(timezone.utc)



@dataclass(frozen=True)
class Event:
    """One integration event. ``type`` is the routing key (``order.created``); ``source`` names the producer."""

    type: str
    source: str
    data: dict[str, Any]
    id: str = field(default_factory=lambda: str(uuid.uuid4()))
    time: datetime = field(default_factory=utcnow)
    subject: str | None = None
    correlationid: str | None = field(default_factory=current_correlation_id)
    exchange: str = EVENTS_EXCHANGE
    # The CloudEvents distributed-tracing extension (W3C trace context of the change that caused the event); the
    # kit's outbox fills it in (mcf.kit.tracing.stamped), a core never needs to (ADR 0160).
    traceparent: str | None = None

    @property
    def routing_key(self) -> str:
        return self.type

    def to_dict(self) -> dict[str, Any]:
        envelope = {
            "specversion": SPEC_VERSION,
            "id": self.id,
            "source": self.source,
            "type": self.type,
            "time": iso_utc(self.time),
            "datacontenttype": "application/json",
            "data": self.data,
        }
        if self.subject is not None:
            envelope["subject"] = self.subject
        if self.correlationid is not None:
            envelope["correlationid"] = self.correlationid
        if self.traceparent is not None:
            envelope["traceparent"] = self.traceparent
        return envelope

    def to_json(self) -> bytes:
        return json.dumps(self.to_dict(), separators=(",", ":"), ensure_ascii=False, default=str).encode()

    @classmethod
    def from_json(cls, body: bytes, exchange: str = EVENTS_EXCHANGE) -> "Event":
        try:
            raw = json.loads(body)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise EnvelopeError(f"body is not JSON: {exc}") from None
        if not isinstance(raw, dict):
            raise EnvelopeError("envelope must be a JSON object")
        if raw.get("specversion") != SPEC_VERSION:
            raise EnvelopeError(f"specversion must be {SPEC_VERSION!r}, got {raw.get('specversion')!r}")
        for name in ("id", "source", "type", "time"):
            if not isinstance(raw.get(name), str) or not raw[name]:
                raise EnvelopeError(f"attribute {name!r} is missing or not a non-empty string")
        if not isinstance(raw.get("data"), dict):
            raise EnvelopeError("attribute 'data' must be a JSON object")
        try:
            moment = datetime.fromisoformat(raw["time"].replace("Z", "+00:00"))
        except ValueError:
            raise EnvelopeError(f"attribute 'time' is not ISO 8601: {raw['time']!r}") from None
        if moment.tzinfo is None:
            raise EnvelopeError("attribute 'time' must carry a timezone")
        return cls(type=raw["type"], source=raw["source"], data=raw["data"], id=raw["id"], time=moment,
                   subject=raw.get("subject"), correlationid=raw.get("correlationid"), exchange=exchange,
                   traceparent=raw["traceparent"] if isinstance(raw.get("traceparent"), str) else None)


def notification(source: str, kind: str, recipient: dict[str, str], template: str, data: dict[str, Any],
                 locale: str = "en", subject: str | None = None) -> Event:
    """A notification request for notification-service: routing key ``notification.<source>.<kind>``."""
    return Event(
        type=f"notification.{source}.{kind}",
        source=f"/mcf/{source}",
        subject=subject,
        exchange=NOTIFICATIONS_EXCHANGE,
        data={"recipient": dict(recipient), "template": template, "locale": locale, "data": data},
    )


def mapped(mappings: Mapping[type, Callable[[Any], list[Event]]], domain_event: object, owner: str) -> list[Event]:
    """A service's ``integration_events``: what ``mappings`` makes of the domain event, by its type. Exhaustive: a
    domain event without a mapping is a TypeError, never silently no event."""
    mapping = mappings.get(type(domain_event))
    if mapping is None:
        raise TypeError(f"{owner}: no integration events for {type(domain_event).__name__}")
    return mapping(domain_event)
