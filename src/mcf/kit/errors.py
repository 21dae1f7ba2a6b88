"""Errors a service core raises; the HTTP adapter maps each kind to a status and an RFC 7807 problem type."""
from __future__ import annotations

from typing import TypeVar

T = TypeVar("T")


class DomainError(Exception):
    slug = "domain-error"

    def __init__(self, detail: str, **extensions):
        super().__init__(detail)
        self.detail = detail
        self.extensions = extensions


class NotFound(DomainError):
    slug = "not-found"


def found(thing: T | None, detail: str, *, viewer: tuple[str, str] | None = None) -> T:
    """``thing``, or NotFound(detail) when there is none or ``viewer`` (role, subject) may not see it
    (``thing.visible_to(role, subject)``): one who may not see a thing gets the answer one asking for nothing gets."""
    if thing is None or (viewer is not None and not thing.visible_to(*viewer)):
        raise NotFound(detail)
    return thing


class Conflict(DomainError):
    """The request is valid but the resource's state forbids it (an illegal transition, a lost race)."""

    slug = "conflict"


class ConcurrentUpdate(Conflict):
    """Someone else changed the aggregate between our read and our write (optimistic concurrency)."""

    slug = "concurrent-update"


class InvalidInput(DomainError):
    """Input that passed the schema but breaks a business rule."""

    slug = "invalid-input"


class Unauthorized(DomainError):
    """The caller could not be identified (bad credentials)."""

    slug = "unauthorized"


class Forbidden(DomainError):
    slug = "forbidden"


class DependencyRefused(DomainError):
    """Another service refused our own credentials (401/403): a misconfiguration (secret, audience, role) that no
    retry fixes, unlike Unavailable. 502, ``urn:mcf:problem:dependency-refused``."""

    slug = "dependency-refused"


class Unavailable(DomainError):
    """A dependency did not answer in time."""

    slug = "dependency-unavailable"


class TooManyRequests(DomainError):
    """The caller used up a rate limit: 429 with ``Retry-After`` (the ``retry_after_seconds`` extension)."""

    slug = "too-many-requests"

    def __init__(self, detail: str, retry_after_seconds: int):
        super().__init__(detail, retry_after_seconds=retry_after_seconds)
        self.retry_after_seconds = retry_after_seconds
