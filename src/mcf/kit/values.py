"""Small value conversions every service needs the same way. Pure standard library, so a core may use them."""
from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone

from mcf.kit.errors import InvalidInput

# The toy categories the whole marketplace speaks of (orders, kits, matching, cats' favourites).
TOY_CATEGORIES = ("balls", "catnip", "feathers", "laser", "mice", "puzzles", "tunnels")

# A session's length in minutes, the same wherever one is taken (order, matching, client-dashboard).
MIN_DURATION, MAX_DURATION, DURATION_STEP = 30, 480, 15


def check_slot(start: datetime, duration_minutes: int) -> None:
    """A session slot as the marketplace takes it: a start that carries a timezone, MIN_DURATION..MAX_DURATION
    minutes in steps of DURATION_STEP; otherwise InvalidInput naming ``slot_start`` or ``duration_minutes``."""
    if start.tzinfo is None:
        raise InvalidInput("slot_start must carry a timezone", field="slot_start")
    if not MIN_DURATION <= duration_minutes <= MAX_DURATION or duration_minutes % DURATION_STEP:
        raise InvalidInput(f"duration_minutes must be {MIN_DURATION}..{MAX_DURATION} in steps of "
                           f"{DURATION_STEP}", field="duration_minutes")


# A name people type (a cat's, a person's): one line, no control characters, at least one visible character. The
# same pattern is the schema's (OpenAPI ``pattern``, ECMA and Python read it alike) and the core's check.
NAME_PATTERN = r"^[^\x00-\x1f\x7f]*[^\x00-\x20\x7f][^\x00-\x1f\x7f]*$"
# An Idempotency-Key header: printable ASCII (what a header carries intact), not starting or ending with a space.
HEADER_KEY_PATTERN = r"^[\x21-\x7e]([\x20-\x7e]*[\x21-\x7e])?$"


def is_name(value) -> bool:
    return isinstance(value, str) and re.fullmatch(NAME_PATTERN, value) is not None


def iso_utc(moment: datetime) -> str:
    """ISO 8601 in UTC with ``Z``, as MCF puts times on the wire."""
    if moment.tzinfo is None:
        raise ValueError("a time on the wire must be timezone-aware")
    return moment.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")


def is_uuid(value) -> bool:
    try:
        uuid.UUID(str(value))
    except (ValueError, TypeError, AttributeError):
        return False
    return True

# The photos MCF keeps (order-report checks each by its bytes; thumbnails are JPEG).
PHOTO_MEDIA_TYPES = ("image/jpeg", "image/png", "image/webp")


@dataclass(frozen=True)
class FileContent:
    """A file another service keeps (a check-in's photo, say), as an entry point passes it on: its media type and
    its bytes."""

    content_type: str
    data: bytes


def normalise_email(email: str | None) -> str:
    """The form an e-mail address is compared and indexed in: accounts are unique case-insensitively."""
    return (email or "").strip().lower()
