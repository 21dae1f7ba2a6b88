"""``mcf seed``: load each service's development fixtures (through the service's own handlers), idempotently."""
from __future__ import annotations

import importlib

from mcf.kit.config import Settings
from mcf.services import SERVICES


def seed_all(settings: Settings) -> dict[str, int]:
    """Every service with a ``<package>.fixtures.seed(settings)`` gets it called; returns what each loaded."""
    loaded = {}
    for entry in SERVICES:
        try:
            fixtures = importlib.import_module(f"{entry.package}.fixtures")
        except ModuleNotFoundError as exc:
            if exc.name != f"{entry.package}.fixtures":
                raise
            continue
        loaded[entry.name] = fixtures.seed(settings)
    return loaded
