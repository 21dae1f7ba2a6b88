"""Every extension member a service puts on a domain error is declared in the kit's ProblemSchema: ``problem()``
drops undeclared members, so an undeclared one would silently vanish from the answer (and from the contract)."""
from __future__ import annotations

import ast
import importlib
from pathlib import Path

from mcf.kit.errors import DomainError
from mcf.kit.http import EXTENSION_MEMBERS

SRC = Path(__file__).resolve().parents[2] / "src"


def _raised_members() -> dict[str, set[str]]:
    """member -> the modules raising a DomainError with it (``raise SomeError(..., member=...)``)."""
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
                for keyword in node.exc.keywords:
                    if keyword.arg:
                        found.setdefault(keyword.arg, set()).add(module_name)
    return found


def test_every_raised_extension_member_is_declared():
    raised = _raised_members()
    assert "field" in raised and "retry_at" in raised  # the scan sees the services' errors
    undeclared = {member: sorted(modules) for member, modules in raised.items()
                  if member not in EXTENSION_MEMBERS}
    assert undeclared == {}
