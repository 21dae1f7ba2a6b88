"""Login rate limiting in a shared store: failed logins counted per account name in the service's own PostgreSQL
database, so every replica of the service sees the same count (docs/adr/0120-login-rate-limit-in-postgresql.md).

After ``limit`` failed logins for one name within ``window_seconds`` (from the first failure of the window), every
login for that name is refused with 429 ``urn:mcf:problem:too-many-attempts`` and ``Retry-After`` until the window
ends, the right password included (else the limit would only slow a guesser down, not stop one). A successful
login clears the count. The name is stored as a SHA-256 digest (scope and normalised name), never in clear.
The clock is the database's (``now()``), one for every replica.
"""
from __future__ import annotations

import hashlib
import math
from typing import Callable, TypeVar

import peewee

from mcf.kit.db import Migration
from mcf.kit.errors import TooManyRequests, Unauthorized

T = TypeVar("T")

THROTTLE_MIGRATION = Migration("kit-login-throttle:0001_login_failures", """
    CREATE TABLE login_failures (
        key text PRIMARY KEY,
        window_started_at timestamptz NOT NULL,
        failures integer NOT NULL
    );
""")


class TooManyAttempts(TooManyRequests):
    """Too many failed logins for this name: 429 with ``Retry-After`` (``retry_after_seconds``)."""

    slug = "too-many-attempts"

    def __init__(self, retry_after_seconds: int):
        super().__init__("Too many failed logins for this account; try again later.", retry_after_seconds)


class LoginThrottle:
    """Failed logins per (scope, name) in the ``login_failures`` table of ``database``."""

    def __init__(self, database: peewee.Database, scope: str, *, limit: int = 5, window_seconds: int = 900):
        if limit < 1 or window_seconds < 1:
            raise ValueError("limit and window_seconds must be positive")
        self.database, self.scope, self.limit, self.window = database, scope, limit, window_seconds

    @classmethod
    def from_settings(cls, database: peewee.Database, scope: str, settings) -> "LoginThrottle":
        return cls(database, scope, limit=settings.login_failure_limit,
                   window_seconds=settings.login_failure_window_seconds)

    def key(self, name: str) -> str:
        return hashlib.sha256(f"{self.scope}\x00{name.strip().lower()}".encode()).hexdigest()

    def check(self, name: str) -> None:
        """Raise TooManyAttempts while ``name`` has used up its failures in the current window."""
        with self.database.connection_context():
            row = self.database.execute_sql(
                "SELECT failures, EXTRACT(EPOCH FROM window_started_at + make_interval(secs => %s) - now()) "
                "FROM login_failures WHERE key = %s", (self.window, self.key(name))).fetchone()
        if row is not None and row[0] >= self.limit and row[1] > 0:
            raise TooManyAttempts(max(1, math.ceil(row[1])))

    def failed(self, name: str) -> int:
        """Count one failure (a new window when the last one is over); the failures of the window so far."""
        with self.database.connection_context():
            return self.database.execute_sql("""
                INSERT INTO login_failures AS f (key, window_started_at, failures) VALUES (%s, now(), 1)
                ON CONFLICT (key) DO UPDATE SET
                    failures = CASE WHEN f.window_started_at + make_interval(secs => %s) <= now()
                                    THEN 1 ELSE f.failures + 1 END,
                    window_started_at = CASE WHEN f.window_started_at + make_interval(secs => %s) <= now()
                                             THEN now() ELSE f.window_started_at END
                RETURNING failures""", (self.key(name), self.window, self.window)).fetchone()[0]

    def succeeded(self, name: str) -> None:
        with self.database.connection_context():
            self.database.execute_sql("DELETE FROM login_failures WHERE key = %s", (self.key(name),))

    def attempt(self, name: str, log_in: Callable[[], T]) -> T:
        """``log_in()`` unless ``name`` is locked out; an Unauthorized from it counts as a failure."""
        self.check(name)
        try:
            result = log_in()
        except Unauthorized:
            self.failed(name)
            raise
        self.succeeded(name)
        return result


def documents_rate_limit(blp):
    """The 429 a throttled login route answers, in its contract: a problem with ``Retry-After``."""
    from mcf.kit.http import PROBLEM_JSON, problem_schema

    return blp.alt_response(429, schema=problem_schema(429), content_type=PROBLEM_JSON,
                            description="Too many failed logins for this account (ADR 0120); retry after the "
                                        "seconds in Retry-After",
                            headers={"Retry-After": {"description": "Seconds until a login is allowed again",
                                                     "required": True, "schema": {"type": "integer", "minimum": 1}}})
