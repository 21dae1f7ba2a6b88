"""JWT bearer authentication with roles, and the ``requires`` guard for views."""
from __future__ import annotations

import functools
import time
import uuid
from dataclasses import dataclass

import jwt
from flask import current_app, g, request
from flask_smorest import abort

ROLES = ("client", "worker", "manager", "service")
ALGORITHM = "HS256"
ISSUER = "mcf"


@dataclass(frozen=True)
class Principal:
    subject: str
    role: str

    def is_(self, *roles: str) -> bool:
        return self.role in roles


def issue_token(secret: str, subject: str, role: str, ttl_seconds: int = 3600, **claims) -> str:
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}; one of {', '.join(ROLES)}")
    now = int(time.time())
    payload = {"sub": subject, "role": role, "iss": ISSUER, "iat": now, "exp": now + ttl_seconds,
               "jti": str(uuid.uuid4()), **claims}
    return jwt.encode(payload, secret, algorithm=ALGORITHM)


def decode_token(secret: str, token: str) -> Principal:
    claims = jwt.decode(token, secret, algorithms=[ALGORITHM], issuer=ISSUER,
                        options={"require": ["sub", "role", "exp", "iss"]})
    if claims["role"] not in ROLES:
        raise jwt.InvalidTokenError(f"unknown role {claims['role']!r}")
    return Principal(subject=claims["sub"], role=claims["role"])


def current_principal() -> Principal:
    return g.principal


def requires(*roles: str):
    """Allow the view only to a bearer token with one of ``roles``; sets ``g.principal``; documents security."""
    unknown = set(roles) - set(ROLES)
    if unknown:
        raise ValueError(f"unknown roles {sorted(unknown)}")

    def decorator(view):
        @functools.wraps(view)
        def guarded(*args, **kwargs):
            header = request.headers.get("Authorization", "")
            scheme, _, token = header.partition(" ")
            if scheme.lower() != "bearer" or not token:
                abort(401, message="A bearer token is required.")
            try:
                principal = decode_token(current_app.config["MCF_SETTINGS"].jwt_secret, token.strip())
            except jwt.PyJWTError as exc:
                abort(401, message=f"The bearer token is not valid: {exc}.")
            if principal.role not in roles:
                abort(403, message=f"This needs one of the roles: {', '.join(roles)}.")
            g.principal = principal
            return view(*args, **kwargs)

        apidoc = dict(getattr(view, "_apidoc", {}))
        manual = dict(apidoc.get("manual_doc", {}))
        manual["security"] = [{"bearerAuth": []}]
        apidoc["manual_doc"] = manual
        guarded._apidoc = apidoc
        return guarded

    return decorator
