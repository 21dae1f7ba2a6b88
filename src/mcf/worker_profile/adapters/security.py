"""Worker tokens (the kit's JWT, role ``worker``, for the workers' entry points) behind the core's port."""
from __future__ import annotations

from mcf.kit.auth import WORKER_AUDIENCE, issue_token


class JwtWorkerTokens:
    def __init__(self, secret: str, ttl_seconds: int):
        self._secret, self._ttl = secret, ttl_seconds

    def issue(self, worker_id: str) -> str:
        # worker-dashboard, worker-profile and worker-testing only (docs/adr/0050).
        return issue_token(self._secret, worker_id, "worker", audience=list(WORKER_AUDIENCE), ttl_seconds=self._ttl)
