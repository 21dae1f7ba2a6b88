"""An HTTP client of another MCF service, for gateways: timeouts, service tokens, correlation ids, problem mapping.

Every call has a (connect, read) timeout, a keep-alive session per thread, and carries a short-lived service token
for the called service (its name is the token's audience), acting for a person when the gateway passes
``on_behalf_of``. Answers map onto the kit's errors: 404 NotFound, 409 Conflict and 422 InvalidInput pass the other
service's problem through (its type, detail and extension members), and 401 Unauthorized too where the gateway says
so (a login forwarded); a 401/403 refusing our own token is DependencyRefused (a misconfiguration: not retried,
502); a timeout, a refused connection, a 5xx or any other surprise is Unavailable (503,
``urn:mcf:problem:dependency-unavailable``), or the ``unavailable`` subclass a gateway names. A 429 (a
login rate limit) passes through with its Retry-After. Moved here from
client-dashboard when worker-dashboard became the second service calling others over HTTP.
"""
from __future__ import annotations

import threading
from typing import Any, Callable, TypeVar

import requests

from mcf.kit import tracing
from mcf.kit.auth import Principal, ServiceCredentials
from mcf.kit.correlation import HEADER as CORRELATION_HEADER
from mcf.kit.correlation import current_correlation_id
from mcf.kit.errors import (
    Conflict,
    DependencyRefused,
    DomainError,
    InvalidInput,
    NotFound,
    TooManyRequests,
    Unauthorized,
    Unavailable,
)
from mcf.kit.logging import get_logger
from mcf.kit.values import FileContent

log = get_logger(__name__)
T = TypeVar("T")

PROBLEM_BASE = "urn:mcf:problem:"
_PROBLEM_MEMBERS = {"type", "title", "status", "detail", "instance", "correlation_id"}
_PASSED_THROUGH: dict[int, type[DomainError]] = {404: NotFound, 409: Conflict, 422: InvalidInput}
# Every status whose problem goes on with the other service's type: those above, a forwarded login's 401, a 429.
RELAYED_STATUSES = frozenset({*_PASSED_THROUGH, 401, 429})


class ServiceClient:
    """One other MCF service: its name (the audience of our tokens), base URL, timeouts; a Session per thread."""

    def __init__(self, service: str, base_url: str, credentials: ServiceCredentials, *, timeout: float = 5.0,
                 connect_timeout: float = 2.0, unavailable: type[Unavailable] = Unavailable):
        self.service, self.base_url = service, base_url.rstrip("/")
        self.credentials = credentials
        self._timeout = (min(connect_timeout, timeout), timeout)
        self._unavailable = unavailable
        self._local = threading.local()

    def _session(self) -> requests.Session:
        # A Session is not safe to share between threads; one per thread keeps connections alive.
        session = getattr(self._local, "session", None)
        if session is None:
            session = self._local.session = requests.Session()
        return session

    def call(self, method: str, path: str, *, json: Any = None, params: dict | None = None,
             headers: dict | None = None, on_behalf_of: Principal | None = None, data: Any = None,
             files: Any = None, missing_is_none: bool = False, unauthorized_passes: bool = False,
             refusal_is_unavailable: bool = False) -> requests.Response | None:
        """The 2xx response; with ``missing_is_none`` a 404 is None; anything else raises a kit error.

        ``data``/``files`` send a multipart form (as requests builds it). A 401 or 403 is DependencyRefused (our own
        token was refused: a misconfiguration), unless ``unauthorized_passes`` (a 401: the person's credentials
        were refused). ``refusal_is_unavailable``: a 404/409/422 is the client's ``unavailable`` error too, for a
        gateway whose caller can do nothing with the other service's refusal but give up (a lookup that must
        succeed); DependencyRefused stays what it is."""
        all_headers = {**self.credentials.headers(self.service, on_behalf_of), "Accept": "application/json",
                       **(headers or {})}
        if current_correlation_id():
            all_headers[CORRELATION_HEADER] = current_correlation_id()
        url = f"{self.base_url}{path}"
        try:
            with tracing.http_client(method, url, self.service, all_headers) as span:
                response = self._session().request(method, url, json=json, params=params, headers=all_headers,
                                                   data=data, files=files, timeout=self._timeout)
                tracing.http_status(span, response.status_code)
        except requests.Timeout as exc:
            self._local.session = None  # a broken connection is not reused
            raise self._unavailable(f"{self.service}-service did not answer in time", service=self.service) from exc
        except requests.RequestException as exc:
            self._local.session = None
            raise self._unavailable(f"{self.service}-service cannot be reached", service=self.service) from exc
        if response.ok:
            return response
        if response.status_code == 404 and missing_is_none:
            return None
        error = self._error(response, method, path, unauthorized_passes)
        if refusal_is_unavailable and not isinstance(error, (Unavailable, DependencyRefused)):
            raise self._unavailable(f"{self.service}-service refused: {error.detail}",
                                    service=self.service) from error
        raise error

    def find(self, path: str, *, on_behalf_of: Principal | None = None, params: dict | None = None,
             refusal_is_unavailable: bool = False) -> Any | None:
        """``GET path``'s JSON body; None when the other service says there is no such thing (404)."""
        response = self.call("GET", path, params=params, on_behalf_of=on_behalf_of, missing_is_none=True,
                             refusal_is_unavailable=refusal_is_unavailable)
        return None if response is None else self.json(response)

    def parse(self, convert: Callable[[Any], T], body: Any) -> T:
        """``convert(body)``; a body it cannot use (KeyError, TypeError, ValueError) is this client's
        ``unavailable`` error: the other service answered something we cannot act on."""
        try:
            return convert(body)
        except (KeyError, TypeError, ValueError) as exc:
            raise self._unavailable(f"{self.service}-service answered something unusable: {exc!r}",
                                    service=self.service) from exc

    def _error(self, response: requests.Response, method: str, path: str,
               unauthorized_passes: bool = False) -> DomainError:
        problem = _json_or_empty(response)
        if response.status_code == 429:  # a rate limit for the person (a login): passed on with its wait
            error = TooManyRequests(str(problem.get("detail") or "Too many requests."),
                                    _retry_after(problem, response))
            error.slug = str(problem.get("type") or "").removeprefix(PROBLEM_BASE) or error.slug
            error.relayed = True
            return error
        kind = Unauthorized if unauthorized_passes and response.status_code == 401 else \
            _PASSED_THROUGH.get(response.status_code)
        if kind is None and response.status_code in (401, 403):
            log.error("dependency refused our credentials", service=self.service, method=method, path=path,
                      status=response.status_code, problem=problem)
            return DependencyRefused(f"{self.service}-service refused this service's credentials "
                                     f"({response.status_code})", service=self.service)
        if kind is None:
            log.warning("dependency failed", service=self.service, method=method, path=path,
                        status=response.status_code, problem=problem)
            return self._unavailable(f"{self.service}-service failed ({response.status_code})", service=self.service)
        detail = str(problem.get("detail") or problem.get("title") or f"{self.service}-service said "
                     f"{response.status_code}")
        error = kind(detail, **{k: v for k, v in problem.items() if k not in _PROBLEM_MEMBERS})
        upstream_type = str(problem.get("type") or "")
        if upstream_type.startswith(PROBLEM_BASE):
            error.slug = upstream_type.removeprefix(PROBLEM_BASE)  # keep the other service's problem type
        error.relayed = True  # its members are the other service's: dropped, not refused, where undeclared
        return error

    def download(self, path: str, *, accept: tuple[str, ...], on_behalf_of: Principal | None = None,
                 max_bytes: int = 16 * 1024 * 1024) -> FileContent | None:
        """A file the other service serves (a photo), or None for a 404. An answer of a media type not in
        ``accept``, or larger than ``max_bytes``, is Unavailable: an entry point passes on only what it expects."""
        response = self.call("GET", path, headers={"Accept": ", ".join(accept)}, on_behalf_of=on_behalf_of,
                             missing_is_none=True)
        if response is None:
            return None
        content_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if content_type not in accept:
            raise self._unavailable(f"{self.service}-service answered {content_type or 'no media type'}, not one of "
                                    f"{', '.join(accept)}", service=self.service)
        if len(response.content) > max_bytes:
            raise self._unavailable(f"{self.service}-service answered a file larger than {max_bytes} bytes",
                                    service=self.service)
        return FileContent(content_type, response.content)

    def json(self, response: requests.Response) -> Any:
        try:
            return response.json()
        except ValueError as exc:
            raise self._unavailable(f"{self.service}-service answered something that is not JSON",
                                    service=self.service) from exc


def _retry_after(problem: dict, response: requests.Response) -> int:
    for value in (problem.get("retry_after_seconds"), response.headers.get("Retry-After")):
        try:
            return max(1, int(value))
        except (TypeError, ValueError):
            continue
    return 1


def _json_or_empty(response: requests.Response) -> dict:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def items(body: Any, *keys: str) -> list[dict]:
    """A listing: a JSON array, or an object holding one under one of ``keys`` (both shapes are in use)."""
    if isinstance(body, list):
        return body
    if isinstance(body, dict):
        for key in keys:
            if isinstance(body.get(key), list):
                return body[key]
    raise Unavailable("a listing came back in a shape that is neither an array nor an object of items")
