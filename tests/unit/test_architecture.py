"""The hexagon rule (ARCHITECTURE.md §2), checked on every run: a service's core (domain, ports, service)
imports neither an adapter nor a framework."""
import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "mcf"
FRAMEWORKS = {"flask", "flask_smorest", "flask_admin", "marshmallow", "peewee", "playhouse", "psycopg2", "pika",
              "opentelemetry",
              "dramatiq", "pymongo", "gridfs", "bson", "clickhouse_driver", "requests", "httpx", "jwt", "werkzeug",
              "jinja2", "structlog", "aiosmtpd", "PIL"}
# kit modules a core may use: each imports only the standard library (checked below too)
PURE_KIT = {"mcf.kit.events", "mcf.kit.errors", "mcf.kit.correlation", "mcf.kit.email", "mcf.kit.config",
            "mcf.kit.values", "mcf.kit.uow"}
SERVICES = sorted(p for p in SRC.iterdir() if p.is_dir() and (p / "app.py").exists())


def imports(path: Path):
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module


@pytest.mark.parametrize("service", SERVICES, ids=lambda p: p.name)
def test_the_core_imports_no_adapter_and_no_framework(service):
    for name in ("domain.py", "ports.py", "service.py"):
        path = service / name
        if not path.exists():
            continue
        for module in imports(path):
            assert module.split(".")[0] not in FRAMEWORKS, f"{path.name} imports {module}"
            assert ".adapters" not in module and not module.endswith(".app"), f"{path.name} imports {module}"
            if module.startswith("mcf.kit"):
                assert module in PURE_KIT, f"{path.name} imports {module}, which is not framework-free"


@pytest.mark.parametrize("module", sorted(PURE_KIT))
def test_the_kit_modules_a_core_may_use_are_framework_free(module):
    path = SRC.parent / (module.replace(".", "/") + ".py")
    for imported in imports(path):
        top = imported.split(".")[0]
        assert top not in FRAMEWORKS, f"{module} imports {imported}"
        assert not imported.startswith("mcf.") or imported in PURE_KIT, f"{module} imports {imported}"


def test_there_are_services_to_check():
    assert {p.name for p in SERVICES} >= {"order", "notification"}


@pytest.mark.parametrize("service", SERVICES, ids=lambda p: p.name)
def test_no_use_case_writes_to_the_outbox_itself(service):
    """Events go out because aggregates raise them and the unit of work publishes them (ADR 0060, 0062)."""
    path = service / "service.py"
    if not path.exists():
        return
    tree = ast.parse(path.read_text(), str(path))
    touched = sorted({node.lineno for node in ast.walk(tree) if isinstance(node, ast.Attribute)
                      and node.attr == "outbox"})
    assert touched == [], f"{service.name}/service.py uses an outbox on lines {touched}"
