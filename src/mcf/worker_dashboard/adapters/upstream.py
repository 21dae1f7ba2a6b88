"""How worker-dashboard reaches the services behind it, acting for a worker: the one place that decides which
credential an upstream call carries, and the one HTTP client every gateway uses (the kit's).

Every upstream call carries a short-lived service token of worker-dashboard for the called service, with the worker
as its verified ``on_behalf_of`` claim (docs/adr/0050-roles-audiences-and-service-tokens.md): the worker's own
token is for the entry points only, and the upstream decides what the worker may see or do from the claim.
"""
from __future__ import annotations

from mcf.kit.auth import Principal
from mcf.kit.service_client import ServiceClient
from mcf.worker_dashboard.ports import Caller

__all__ = ["CALLER", "ServiceClient", "UpstreamAuth"]

CALLER = "worker-dashboard"


class UpstreamAuth:
    """The person an upstream call made for ``caller`` acts for."""

    def on_behalf_of(self, caller: Caller) -> Principal:
        return Principal(subject=caller.worker_id, role="worker")
