"""Calls through the generated typed client (clients/python, docs/adr/0171), as a person's program makes them:
``mcf demo`` and the e2e client journey use it for client-dashboard, so the contract they exercise is the one
users' programs rely on. ``answer`` also checks that the model kept every member typed (issue 17)."""
from __future__ import annotations

import json
from typing import TypeVar

import attrs
import httpx

from mcf.kit.config import Settings

T = TypeVar("T")
TIMEOUT = httpx.Timeout(15.0)


class UnexpectedAnswer(Exception):
    """A typed call answered another status than expected, or a body its documented model does not read."""


def client_dashboard(settings: Settings, token: str | None = None):
    """A client of client-dashboard (anonymous, or with a client's token)."""
    from mcf_client.client_dashboard import AuthenticatedClient, Client

    url = settings.service_url("client-dashboard")
    if token is None:
        return Client(base_url=url, timeout=TIMEOUT, raise_on_unexpected_status=True)
    return AuthenticatedClient(base_url=url, token=token, timeout=TIMEOUT, raise_on_unexpected_status=True)


def untyped(value, where: str = "") -> list[str]:
    """Where a parsed model holds members its schema did not type (``additional_properties``), recursively."""
    found = []
    if attrs.has(type(value)):
        extra = getattr(value, "additional_properties", None)
        if extra:
            found.append(f"{where or type(value).__name__}: {sorted(extra)}")
        for field in attrs.fields(type(value)):
            if field.name != "additional_properties":
                found += untyped(getattr(value, field.name), f"{where or type(value).__name__}.{field.name}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += untyped(item, f"{where}[{index}]")
    elif isinstance(value, dict):
        found.append(f"{where}: an untyped object")
    return found


def dropped(raw, typed, where: str = "") -> list[str]:
    """Members of the JSON body that the parsed model's ``to_dict()`` lost, recursively: a schema closed by
    ``additionalProperties: false`` gives a model without ``additional_properties``, whose ``from_dict`` drops an
    unknown member silently (openapi-python-client 0.29), so ``untyped`` alone cannot see it."""
    found = []
    if isinstance(raw, dict) and isinstance(typed, dict):
        lost = sorted(set(raw) - set(typed))
        if lost:
            found.append(f"{where or '(body)'}: {lost}")
        for key in set(raw) & set(typed):
            found += dropped(raw[key], typed[key], f"{where}.{key}" if where else key)
    elif isinstance(raw, list) and isinstance(typed, list):
        for index, (item, parsed) in enumerate(zip(raw, typed, strict=False)):  # equal lengths: from_dict
            found += dropped(item, parsed, f"{where}[{index}]")
    return found


def _as_dicts(value):
    if attrs.has(type(value)) and hasattr(value, "to_dict"):
        return value.to_dict()
    if isinstance(value, list):
        return [_as_dicts(item) for item in value]
    return value


def answer(response, expect: tuple[int, ...], model: type[T], what: str) -> T:
    """The parsed body of a typed call's ``Response``: of ``model``, with a status in ``expect``, all typed."""
    status = int(response.status_code)
    if status not in expect:
        raise UnexpectedAnswer(f"{what} answered {status}: {response.content[:500]!r}")
    if not isinstance(response.parsed, model):
        raise UnexpectedAnswer(f"{what}: {type(response.parsed).__name__} where {model.__name__} was documented")
    loose = untyped(response.parsed)
    try:
        body = json.loads(response.content) if response.content else None
    except ValueError:
        body = None
    loose += dropped(body, _as_dicts(response.parsed))
    if loose:
        raise UnexpectedAnswer(f"{what}: members the contract does not type: {loose}")
    return response.parsed
