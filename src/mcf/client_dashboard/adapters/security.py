"""Password hashing (argon2id through argon2-cffi) and client tokens (the kit's JWT) behind the core's ports."""
from __future__ import annotations

from mcf.kit.auth import CLIENT_AUDIENCE, issue_token
from mcf.kit.passwords import Argon2PasswordHasher

__all__ = ["Argon2PasswordHasher", "JwtTokenIssuer"]


class JwtTokenIssuer:
    def __init__(self, secret: str, ttl_seconds: int):
        self._secret, self._ttl = secret, ttl_seconds

    def issue(self, client_id: str) -> str:
        # Meant for client-dashboard only: no internal service accepts it (docs/adr/0050).
        return issue_token(self._secret, client_id, "client", audience=CLIENT_AUDIENCE, ttl_seconds=self._ttl)
