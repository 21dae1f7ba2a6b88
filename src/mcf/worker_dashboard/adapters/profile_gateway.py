"""worker-profile: the workers' login (``POST /login`` {email, password} -> {token})."""
from __future__ import annotations

from mcf.kit.errors import Unavailable
from mcf.worker_dashboard.adapters.upstream import ServiceClient


class HttpProfileGateway:
    def __init__(self, client: ServiceClient):
        self._client = client

    def log_in(self, email: str, password: str) -> str:
        # A public endpoint there; the service token only says who is asking. Wrong credentials: 401 passes.
        response = self._client.call("POST", "/login", json={"email": email, "password": password},
                                     unauthorized_passes=True)
        token = self._client.json(response).get("token") if response is not None else None
        if not isinstance(token, str) or not token:
            raise Unavailable("worker-profile answered a login without a token", service="worker-profile")
        return token
