"""Every extension member a service puts on a domain error is declared by its problem type in the kit's catalogue
(mcf.kit.problem_types, docs/adr/0174): ``problem()`` drops undeclared members (and refuses them where
MCF_STRICT_PROBLEMS=1, as in the tests), so an undeclared one would silently vanish from the answer and the
contract. Each DomainError subclass's slug is a catalogued type of the status its kind maps to."""
from __future__ import annotations

import ast
import importlib
import pkgutil
from pathlib import Path

import mcf
from mcf.kit import problem_types
from mcf.kit.errors import DomainError
from mcf.kit.http import DOMAIN_STATUS

SRC = Path(__file__).resolve().parents[2] / "src"


def _raised_members() -> dict[str, set[str]]:
    """problem type URN -> the members its raise sites attach (``raise SomeError(..., member=...)``)."""
    found: dict[str, set[str]] = {}
    for path in (SRC / "mcf").rglob("*.py"):
        module_name = ".".join(path.relative_to(SRC).with_suffix("").parts)
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call)
                    and isinstance(node.exc.func, ast.Name)):
                continue
            error = getattr(importlib.import_module(module_name), node.exc.func.id, None)
            if isinstance(error, type) and issubclass(error, DomainError):
                members = found.setdefault(problem_types.PROBLEM_BASE + error.slug, set())
                members.update(keyword.arg for keyword in node.exc.keywords if keyword.arg)
    return found


def _subclasses(kind: type) -> set[type]:
    return {sub for direct in kind.__subclasses__() for sub in {direct, *_subclasses(direct)}}


def test_every_raised_extension_member_is_declared_by_its_type():
    raised = _raised_members()
    assert "field" in raised[problem_types.PROBLEM_BASE + "invalid-input"]  # the scan sees the services' errors
    undeclared = {urn: sorted(members - problem_types.members_of(urn)) for urn, members in raised.items()
                  if members - problem_types.members_of(urn)}
    assert undeclared == {}


def test_every_domain_error_is_a_catalogued_type_of_its_status():
    for module in pkgutil.walk_packages(mcf.__path__, "mcf."):
        if not module.name.startswith(("mcf.stack", "mcf.cli")):
            importlib.import_module(module.name)
    wrong = {}
    for error in _subclasses(DomainError):
        status = next((code for kind, code in DOMAIN_STATUS.items() if issubclass(error, kind)), None)
        kind = problem_types.CATALOGUE.get(problem_types.PROBLEM_BASE + error.slug)
        if kind is None or kind.status != status:
            wrong[f"{error.__module__}.{error.__name__}"] = (error.slug, status, kind and kind.status)
    assert wrong == {}
    assert len(problem_types.CATALOGUE) >= 45
