"""worker-profile's contact card of a worker over HTTP (``GET /workers/{id}/contact``, a service on its own).

Through the kit's ServiceClient: a timeout, worker-testing's own service token for worker-profile, the correlation
id. 404 means "no card" (unknown or erased worker); a timeout, a refused connection, a 5xx or an answer of the
wrong shape is ``Unavailable``, so the caller retries later.
"""
from __future__ import annotations

from mcf.kit.errors import Conflict, InvalidInput, Unavailable
from mcf.kit.service_client import ServiceClient
from mcf.kit.values import is_uuid
from mcf.worker_testing.ports import Contact


class HttpWorkerDirectory:
    def __init__(self, client: ServiceClient):
        self._client = client

    def contact(self, worker_id: str) -> Contact | None:
        if not is_uuid(worker_id):
            return None
        try:
            response = self._client.call("GET", f"/workers/{worker_id}/contact", missing_is_none=True)
        except (Conflict, InvalidInput) as exc:  # no answer to use either: retried later, like a 5xx
            raise Unavailable(f"worker-profile refused the contact card: {exc}", service="worker-profile") from None
        if response is None:
            return None
        body = self._client.json(response)
        try:
            return Contact(email=str(body["email"]), full_name=str(body.get("full_name") or ""),
                           locale=str(body.get("locale") or "en"))
        except (KeyError, TypeError, AttributeError):
            raise Unavailable("worker-profile's contact card has the wrong shape", service="worker-profile") from None
