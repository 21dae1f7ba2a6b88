"""worker-profile's contact card of a worker over HTTP (``GET /workers/{id}/contact``, role ``service``).

Every call has a timeout; 404 means "no card" (unknown or erased worker); a timeout, a refused connection, a 5xx
or an answer of the wrong shape is ``Unavailable``, so the caller retries later.
"""
from __future__ import annotations

import threading

import requests

from mcf.kit.auth import issue_token
from mcf.kit.correlation import HEADER as CORRELATION_HEADER
from mcf.kit.correlation import current_correlation_id
from mcf.kit.errors import Unavailable
from mcf.kit.values import is_uuid
from mcf.worker_testing.ports import Contact

CALLER = "worker-testing"


class HttpWorkerDirectory:
    def __init__(self, base_url: str, jwt_secret: str, *, timeout: float = 5.0, connect_timeout: float = 2.0):
        self.base_url = base_url.rstrip("/")
        self._secret = jwt_secret
        self._timeout = (min(connect_timeout, timeout), timeout)
        self._local = threading.local()  # one keep-alive session per thread

    def _session(self) -> requests.Session:
        if getattr(self._local, "session", None) is None:
            self._local.session = requests.Session()
        return self._local.session

    def contact(self, worker_id: str) -> Contact | None:
        if not is_uuid(worker_id):
            return None
        headers = {"Authorization": f"Bearer {issue_token(self._secret, CALLER, 'service', ttl_seconds=60)}"}
        if current_correlation_id():
            headers[CORRELATION_HEADER] = current_correlation_id()
        try:
            response = self._session().get(f"{self.base_url}/workers/{worker_id}/contact", headers=headers,
                                           timeout=self._timeout)
        except requests.RequestException as exc:
            raise Unavailable(f"worker-profile did not answer: {type(exc).__name__}") from None
        if response.status_code == 404:
            return None
        if response.status_code != 200:
            raise Unavailable(f"worker-profile answered {response.status_code}")
        try:
            body = response.json()
            return Contact(email=str(body["email"]), full_name=str(body.get("full_name") or ""),
                           locale=str(body.get("locale") or "en"))
        except (ValueError, KeyError, TypeError):
            raise Unavailable("worker-profile's contact card has the wrong shape") from None
