"""Bearer headers for tests, made the way the system makes them (docs/adr/0050-roles-audiences-and-service-tokens.md).

``acting_for``: what an entry point sends to an internal service for a person (a service token for ``audience``
carrying the person as ``on_behalf_of``); role ``service`` is a service acting for nobody.
``user``: the token a person really holds (a client's is for client-dashboard only).
"""
from __future__ import annotations

import uuid

from mcf.kit.auth import USER_AUDIENCES, Principal, issue_token


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def acting_for(secret: str, audience: str, role: str = "service", subject: str | None = None, *,
               caller: str = "test-caller") -> dict[str, str]:
    if role == "service":
        return bearer(issue_token(secret, subject or caller, "service", audience=audience, ttl_seconds=300))
    person = Principal(subject=subject or str(uuid.uuid4()), role=role)
    return bearer(issue_token(secret, caller, "service", audience=audience, ttl_seconds=300, on_behalf_of=person))


def user(secret: str, role: str, subject: str | None = None, *, audience=None) -> dict[str, str]:
    return bearer(issue_token(secret, subject or str(uuid.uuid4()), role,
                              audience=audience or list(USER_AUDIENCES[role])))
