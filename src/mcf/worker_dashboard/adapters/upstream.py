"""How worker-dashboard reaches the services behind it, acting for a worker: the one place that decides which
credential an upstream call carries, and the one HTTP client every gateway uses.

Today: the worker's own bearer token is forwarded (order-service checks itself that a worker sees only its own
offers and orders; worker-profile issued the token). When the kit's service tokens acting on behalf of a
principal land (issue 15: ``ServiceCredentials(...).headers(audience=..., on_behalf_of=Principal(...))``), only
``UpstreamAuth.token_for`` changes.
"""
from __future__ import annotations

from mcf.kit import service_client
from mcf.worker_dashboard.ports import Caller

CALLER = "worker-dashboard"


class ServiceClient(service_client.ServiceClient):
    caller = CALLER


class UpstreamAuth:
    """The credential of an upstream call made for ``caller``."""

    def token_for(self, caller: Caller, audience: str) -> str:
        # Forwarding the worker's token: the upstream sees the worker itself and applies its own ownership rules.
        return caller.token
