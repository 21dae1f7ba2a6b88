"""Password hashing for the services where people log in (argon2id through argon2-cffi)."""
from __future__ import annotations

from argon2 import PasswordHasher as Argon2
from argon2.exceptions import InvalidHashError, VerificationError


class Argon2PasswordHasher:
    """argon2-cffi's defaults (RFC 9106 low-memory profile) unless told otherwise."""

    def __init__(self, hasher: Argon2 | None = None):
        self._argon2 = hasher or Argon2()
        # Verified against when the e-mail is unknown, so that answer costs what a wrong password costs.
        self._decoy = self._argon2.hash("decoy password, never anyone's")

    def hash(self, password: str) -> str:
        return self._argon2.hash(password)

    def verify(self, password_hash: str | None, password: str) -> bool:
        try:
            return self._argon2.verify(password_hash or self._decoy, password) and password_hash is not None
        except (VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, password_hash: str) -> bool:
        return self._argon2.check_needs_rehash(password_hash)
