"""The correlation id of the request or message being handled, carried into logs and events."""
from __future__ import annotations

import uuid
from contextlib import contextmanager
from contextvars import ContextVar

_correlation_id: ContextVar[str | None] = ContextVar("mcf_correlation_id", default=None)

HEADER = "X-Correlation-ID"


def current_correlation_id() -> str | None:
    return _correlation_id.get()


def new_correlation_id() -> str:
    return str(uuid.uuid4())


@contextmanager
def correlation_scope(correlation_id: str | None):
    token = _correlation_id.set(correlation_id or new_correlation_id())
    try:
        yield _correlation_id.get()
    finally:
        _correlation_id.reset(token)


def set_correlation_id(correlation_id: str | None) -> str:
    """For frameworks whose hooks cannot wrap the handler in a ``with`` (Flask's before/teardown)."""
    value = correlation_id or new_correlation_id()
    _correlation_id.set(value)
    return value
