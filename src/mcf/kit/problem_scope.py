"""Which problem types a service can answer (docs/adr/0176): the ones it raises and the ones it relays.

A service raises the types of the ``DomainError`` subclasses its package defines and of those the kit modules it
uses define (``mcf.kit.errors`` always; ``mcf.kit.login_throttle``'s ``too-many-attempts`` where a login uses it),
and the kit's own answers (``validation-error``, ``not-ready``). It relays, as they are, the problems of the
statuses ``ServiceClient`` passes through from each service it calls (``ServiceEntry.calls`` in mcf.services,
checked against the package's ``ServiceClient`` constructions by tests/unit/test_problem_scope.py), and those
services' own relayed ones: the closure over the call graph. A service whose every request turns a refusal into
its own 503 (``refusal_is_unavailable=True``) relays nothing. Its OpenAPI document lists these types only."""
from __future__ import annotations

import functools
import importlib
import inspect
import pkgutil
import re
import types

from mcf.kit import problem_types, service_client
from mcf.kit.errors import DomainError

# Answered by the kit's HTTP layer itself, not by a DomainError: the schema's 422 and readiness's 503.
KIT_ANSWERS = ("validation-error", "not-ready")
# The statuses ServiceClient passes on with the other service's type and members: 404, 409, 422 as they are, 401
# where a login is forwarded, 429 with its Retry-After.
RELAYED_STATUSES = service_client.RELAYED_STATUSES


def _modules(package: str) -> list[types.ModuleType]:
    root = importlib.import_module(package)
    found = [root]
    for info in pkgutil.walk_packages(getattr(root, "__path__", []), package + "."):
        found.append(importlib.import_module(info.name))
    return found


def _kit_modules_used(modules: list[types.ModuleType]) -> set[str]:
    """The mcf.kit modules these modules use (import a name from, or import), and those that they use in turn."""
    seen: set[str] = {"mcf.kit.errors"}
    todo = list(modules)
    while todo:
        module = todo.pop()
        for value in vars(module).values():
            name = value.__name__ if isinstance(value, types.ModuleType) else getattr(value, "__module__", None)
            if isinstance(name, str) and name.startswith("mcf.kit.") and name not in seen:
                seen.add(name)
                todo.append(importlib.import_module(name))
    return seen


def _slugs_defined(modules: set[str]) -> set[str]:
    slugs = set()
    for name in modules:
        for value in vars(importlib.import_module(name)).values():
            if isinstance(value, type) and issubclass(value, DomainError) and value.__module__ == name \
                    and value is not DomainError:
                slugs.add(value.slug)
    return slugs


@functools.cache
def raised(service: str) -> frozenset[str]:
    """The URNs of the problems ``service`` raises itself."""
    from mcf.services import service as entry

    modules = _modules(entry(service).package)
    names = {module.__name__ for module in modules} | _kit_modules_used(modules)
    slugs = _slugs_defined(names) | set(KIT_ANSWERS)
    return frozenset(problem_types.PROBLEM_BASE + slug for slug in slugs
                     if problem_types.PROBLEM_BASE + slug in problem_types.CATALOGUE)


# A request through a ServiceClient: ``.call(``, ``.find(``, ``.download(`` up to its closing parenthesis.
_REQUEST = re.compile(r"\.(?:call|find|download)\((?:[^()]|\([^()]*\))*\)")


def _source(module: types.ModuleType) -> str:
    try:
        return inspect.getsource(module)
    except OSError:  # an empty __init__
        return ""


@functools.cache
def relays(service: str) -> bool:
    """Whether ``service`` passes other services' problems on: some request of a module of its package that uses
    ServiceClient leaves them as they are (no ``refusal_is_unavailable=True``, which makes them its own 503).
    order and payment ask matching, client-dashboard and order only for what must succeed: they relay nothing."""
    from mcf.services import service as entry

    sources = [source for source in map(_source, _modules(entry(service).package))
               if "ServiceClient" in source or "service_client" in source]
    requests = [match.group(0) for source in sources for match in _REQUEST.finditer(source)]
    return any("refusal_is_unavailable=True" not in request for request in requests)


@functools.cache
def answerable(service: str) -> frozenset[str]:
    """The URNs of the problems ``service`` can answer: its own, and what it relays from the services it calls."""
    from mcf.services import service as entry

    found, todo, seen = set(raised(service)), list(entry(service).calls if relays(service) else ()), {service}
    while todo:
        callee = todo.pop()
        if callee in seen:
            continue
        seen.add(callee)
        found |= {urn for urn in raised(callee) if problem_types.CATALOGUE[urn].status in RELAYED_STATUSES}
        if relays(callee):
            todo.extend(entry(callee).calls)
    return frozenset(found)
