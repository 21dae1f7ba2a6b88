"""JWT bearer authentication: roles, an audience per service, services acting on someone's behalf.

The trust rule (docs/architecture.md, "Trust boundaries"): who is calling comes from the verified token, never from
a request body. A token names its audience (the services it may be shown to): a service refuses every token not
meant for it, so a client's token, made for client-dashboard, opens no internal service. A service that calls
another for a person mints a short-lived service token carrying that person as ``on_behalf_of`` (a verified
claim), and the receiver decides what the person may see from that claim.
"""
from __future__ import annotations

import functools
import time
import uuid
from dataclasses import dataclass
from typing import Iterable

import jwt
from flask import current_app, g, request
from flask_smorest import abort

ROLES = ("client", "worker", "manager", "service")
ALGORITHM = "HS256"
ISSUER = "mcf"
ON_BEHALF_OF_CLAIM = "on_behalf_of"
SERVICE_TOKEN_TTL_SECONDS = 300
ASSERTION_TTL_SECONDS = 60  # an assertion travels with one request: a minute covers clock skew, not reuse
ASSERTION_KIND_CLAIM = "mcf_assertion"

# Who user tokens are for (docs/adr/0050-roles-audiences-and-service-tokens.md): the entry points only.
CLIENT_AUDIENCE = ("client-dashboard",)
WORKER_AUDIENCE = ("worker-dashboard", "worker-profile", "worker-testing")
MANAGER_AUDIENCE = ("quality", "worker-testing")
USER_AUDIENCES = {"client": CLIENT_AUDIENCE, "worker": WORKER_AUDIENCE, "manager": MANAGER_AUDIENCE}

# The secret a development checkout runs with; no service starts with it outside development mode.
DEVELOPMENT_SECRET = "mcf-development-secret-change-me-in-production"
MIN_SECRET_LENGTH = 32


@dataclass(frozen=True)
class Principal:
    """Who a request is from: the token's subject and role, and the person a service acts for, if any."""

    subject: str
    role: str
    on_behalf_of: "Principal | None" = None

    def is_(self, *roles: str) -> bool:
        return self.role in roles

    @property
    def actor(self) -> "Principal":
        """The person the request is for: ``on_behalf_of`` when a service acts for someone, else the caller."""
        return self.on_behalf_of or self


class InsecureSecret(RuntimeError):
    """A service was about to start outside development mode with the development (or a too short) secret."""


def check_secret(secret: str, environment: str) -> None:
    """Refuse the development secret, or a short one, anywhere but in development mode."""
    if environment == "development":
        return
    if secret == DEVELOPMENT_SECRET or len(secret) < MIN_SECRET_LENGTH:
        raise InsecureSecret(f"MCF_JWT_SECRET must be set to a secret of at least {MIN_SECRET_LENGTH} characters "
                             f"(not the development one) when MCF_ENV is {environment!r}")


def _audience_list(audience: str | Iterable[str]) -> list[str]:
    names = [audience] if isinstance(audience, str) else list(audience)
    if not names or not all(isinstance(name, str) and name for name in names):
        raise ValueError("audience must name at least one service")
    return names


def issue_token(secret: str, subject: str, role: str, *, audience: str | Iterable[str], ttl_seconds: int = 3600,
                on_behalf_of: Principal | None = None, **claims) -> str:
    """A signed token for ``subject`` in ``role``, shown only to the services in ``audience``.

    ``on_behalf_of`` (service tokens only) names the person the calling service acts for.
    """
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}; one of {', '.join(ROLES)}")
    if on_behalf_of is not None:
        if role != "service":
            raise ValueError("only a service token can act on someone's behalf")
        if on_behalf_of.role not in ROLES or on_behalf_of.role == "service" or on_behalf_of.on_behalf_of:
            raise ValueError("on_behalf_of names a person (client, worker or manager), not a service")
    now = int(time.time())
    payload = {**claims, "sub": subject, "role": role, "iss": ISSUER, "aud": _audience_list(audience), "iat": now,
               "exp": now + ttl_seconds, "jti": str(uuid.uuid4())}
    if on_behalf_of is not None:
        payload[ON_BEHALF_OF_CLAIM] = {"sub": on_behalf_of.subject, "role": on_behalf_of.role}
    return jwt.encode(payload, secret, algorithm=ALGORITHM)


def decode_token(secret: str, token: str, *, audience: str) -> Principal:
    """The principal of a token signed with ``secret``, issued by MCF, unexpired, and meant for ``audience``."""
    claims = jwt.decode(token, secret, algorithms=[ALGORITHM], issuer=ISSUER, audience=audience,
                        options={"require": ["sub", "role", "exp", "iss", "aud"]})
    if claims["role"] not in ROLES:
        raise jwt.InvalidTokenError(f"unknown role {claims['role']!r}")
    on_behalf_of = None
    acting = claims.get(ON_BEHALF_OF_CLAIM)
    if acting is not None:
        if claims["role"] != "service":
            raise jwt.InvalidTokenError("only a service token may act on someone's behalf")
        if (not isinstance(acting, dict) or not isinstance(acting.get("sub"), str) or not acting["sub"]
                or acting.get("role") not in ("client", "worker", "manager")):
            raise jwt.InvalidTokenError("on_behalf_of must name a person's sub and role")
        on_behalf_of = Principal(subject=acting["sub"], role=acting["role"])
    if not isinstance(claims["sub"], str) or not claims["sub"]:
        raise jwt.InvalidTokenError("sub must be a non-empty string")
    return Principal(subject=claims["sub"], role=claims["role"], on_behalf_of=on_behalf_of)


def issue_assertion(secret: str, issuer: str, kind: str, *, audience: str, facts: dict,
                    ttl_seconds: int = ASSERTION_TTL_SECONDS) -> str:
    """Facts the issuing service owns, signed for one receiving service (ADR 0184): a JWT of ``kind`` whose
    subject is the issuer. It has no role, so it is never a bearer token, and a token is never an assertion."""
    if not kind or not issuer:
        raise ValueError("an assertion names its kind and issuer")
    now = int(time.time())
    payload = {**facts, ASSERTION_KIND_CLAIM: kind, "sub": issuer, "iss": ISSUER, "aud": _audience_list(audience),
               "iat": now, "exp": now + ttl_seconds, "jti": str(uuid.uuid4())}
    return jwt.encode(payload, secret, algorithm=ALGORITHM)


def decode_assertion(secret: str, token: str, kind: str, *, audience: str) -> tuple[str, dict]:
    """The issuer and claims of an assertion of ``kind`` signed with ``secret``, unexpired and meant for
    ``audience``; anything else raises jwt.InvalidTokenError."""
    claims = jwt.decode(token, secret, algorithms=[ALGORITHM], issuer=ISSUER, audience=audience,
                        options={"require": ["sub", "exp", "iat", "iss", "aud", ASSERTION_KIND_CLAIM]})
    if claims[ASSERTION_KIND_CLAIM] != kind or "role" in claims:
        raise jwt.InvalidTokenError(f"not a {kind} assertion")
    if not isinstance(claims["sub"], str) or not claims["sub"]:
        raise jwt.InvalidTokenError("sub must name the issuing service")
    return claims["sub"], claims


def current_principal() -> Principal:
    return g.principal


class ServiceCredentials:
    """Short-lived service tokens a gateway sends: ``caller`` is the calling service, the subject of its tokens."""

    def __init__(self, settings, caller: str, *, ttl_seconds: int = SERVICE_TOKEN_TTL_SECONDS):
        self._secret, self.caller, self._ttl = settings.jwt_secret, caller, ttl_seconds

    def token(self, audience: str | Iterable[str], on_behalf_of: Principal | None = None) -> str:
        return issue_token(self._secret, self.caller, "service", audience=audience, ttl_seconds=self._ttl,
                           on_behalf_of=on_behalf_of)

    def headers(self, audience: str | Iterable[str], on_behalf_of: Principal | None = None) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token(audience, on_behalf_of)}"}

    def assertion(self, audience: str, kind: str, facts: dict) -> str:
        """Facts this service owns, signed for ``audience`` (``issue_assertion``), with ``caller`` as issuer."""
        return issue_assertion(self._secret, self.caller, kind, audience=audience, facts=facts)


def requires(*roles: str, on_behalf_of: Iterable[str | None] | None = None):
    """Allow the view only to a bearer token meant for this service (``aud``) with one of ``roles``.

    ``on_behalf_of``: the token must also carry a person in one of these roles (a service acting for a client,
    say); ``None`` among them also allows a service acting for nobody, so ``("manager", None)`` is "staff" and
    ``()`` is "services on their own only"; omitted, the claim may or may not be there. Sets ``g.principal``;
    documents the security scheme and the roles (``x-mcf-access``).
    """
    unknown = set(roles) - set(ROLES)
    if unknown:
        raise ValueError(f"unknown roles {sorted(unknown)}")
    acting_roles = None if on_behalf_of is None else (tuple(on_behalf_of) or (None,))  # (): acting for nobody
    if acting_roles is not None and (set(acting_roles) - {*ROLES, None} or "service" in acting_roles):
        raise ValueError(f"on_behalf_of must be person roles (or None), got {acting_roles}")

    def decorator(view):
        @functools.wraps(view)
        def guarded(*args, **kwargs):
            header = request.headers.get("Authorization", "")
            scheme, _, token = header.partition(" ")
            if scheme.lower() != "bearer" or not token.strip():
                abort(401, message="A bearer token is required.")
            try:
                principal = decode_token(current_app.config["MCF_SETTINGS"].jwt_secret, token.strip(),
                                         audience=current_app.config["MCF_SERVICE"])
            except jwt.PyJWTError as exc:
                abort(401, message=f"The bearer token is not valid: {exc}.")
            if principal.role not in roles:
                abort(403, message=f"This needs one of the roles: {', '.join(roles)}.")
            if acting_roles is not None:
                acting = principal.on_behalf_of
                if (None if acting is None else acting.role) not in acting_roles:
                    people = [role for role in acting_roles if role is not None]
                    wanted = " or ".join([f"acting for a {role}" for role in people]
                                         + (["acting for nobody"] if None in acting_roles else []))
                    abort(403, message=f"This needs a service token {wanted}.")
            g.principal = principal
            return view(*args, **kwargs)

        apidoc = dict(getattr(view, "_apidoc", {}))
        manual = dict(apidoc.get("manual_doc", {}))
        manual["security"] = [{"bearerAuth": []}]
        # Who may call, in the contract (OpenAPI cannot say roles of a bearer token): the fuzz tests pick their
        # tokens from it, and a reader sees which caller an operation is for.
        access = {"roles": list(roles)}
        if acting_roles is not None:
            access["on_behalf_of"] = [role or "nobody" for role in acting_roles]
        manual["x-mcf-access"] = access
        apidoc["manual_doc"] = manual
        guarded._apidoc = apidoc
        return guarded

    return decorator
