"""Reading an event's ``data`` with a marshmallow schema: one way for every consumer, one reason format.

A payload that fails its schema can never be handled, so it becomes ``Rejected`` (dead-lettered) with the first
error as the reason: ``order.created: data.slot_start: Not a valid datetime.``.
"""
from __future__ import annotations

from typing import Any

import marshmallow as ma

from mcf.kit.events import Event
from mcf.kit.messaging import Rejected


class Tolerant(ma.Schema):
    """Base of an event schema: a tolerant reader (producers may add fields)."""

    class Meta:
        unknown = ma.EXCLUDE


def first_error(messages: Any, path: str = "") -> str:
    """``{"recipient": {"email": ["Not a valid email address."]}}`` -> ``recipient.email: Not a valid ...``."""
    if isinstance(messages, dict) and messages:
        key = sorted(messages, key=str)[0]
        return first_error(messages[key], f"{path}.{key}" if path else str(key))
    if isinstance(messages, list) and messages:
        return first_error(messages[0], path)
    return f"{path}: {messages}"


def load(schema: ma.Schema | type[ma.Schema], event: Event, *, part: str = "data") -> dict:
    """``event.data`` (or one object in it, ``part="data.order"``) loaded by ``schema``; Rejected if it fails."""
    payload: Any = event.data
    for key in part.split(".")[1:]:
        payload = payload.get(key) if isinstance(payload, dict) else None
        if not isinstance(payload, dict):
            raise Rejected(f"{event.type}: {part}: missing or not an object")
    instance = schema() if isinstance(schema, type) else schema
    try:
        return instance.load(payload)
    except ma.ValidationError as exc:
        raise Rejected(f"{event.type}: {part}.{first_error(exc.messages)}") from None
