"""The OpenAPI contracts: dumped from each app with flask-smorest's ``flask openapi write``."""
from __future__ import annotations

import importlib
from pathlib import Path

from mcf.kit.config import Settings
from mcf.services import SERVICES


def web_services() -> list[str]:
    return [entry.name for entry in SERVICES if "web" in entry.processes]


def openapi_yaml(settings: Settings, service: str) -> str:
    """The spec of one service's app, as ``flask openapi print --format=yaml`` prints it."""
    app = importlib.import_module(f"mcf.{service.replace('-', '_')}.app").create_app(settings)
    result = app.test_cli_runner().invoke(args=["openapi", "print", "--format=yaml"])
    if result.exit_code != 0:
        raise RuntimeError(f"openapi print failed for {service}: {result.output}") from result.exception
    return result.output


def write_openapi(settings: Settings, folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for service in web_services():
        path = folder / f"{service}.yaml"
        path.write_text(openapi_yaml(settings, service))
        written.append(path)
    return written
