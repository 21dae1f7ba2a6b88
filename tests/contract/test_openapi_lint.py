"""The OpenAPI documents are lint-clean and say what a generated client relies on (issue 17, docs/adr/0170):
Redocly's recommended rules and Spectral's spectral:oas find nothing, every operation has a unique operationId,
a public route says ``security: []``, and no nullable reference hides its type behind a catch-all object."""
from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
FOLDER = ROOT / "contracts" / "openapi"
TOOLS = ROOT / "tooling" / "contracts"
DOCUMENTS = sorted(FOLDER.glob("*.yaml"))
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
QUIET = {**os.environ, "REDOCLY_TELEMETRY": "off", "REDOCLY_SUPPRESS_UPDATE_NOTICE": "true", "NO_COLOR": "1"}


def _tool(name: str) -> Path:
    path = TOOLS / "node_modules" / ".bin" / name
    if not path.exists():
        pytest.fail(f"{path.relative_to(ROOT)} is missing: run tooling/bootstrap (npm ci in tooling/contracts)")
    return path


def _operations(document: dict):
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield f"{method.upper()} {path}", operation


def test_redocly_recommended_finds_nothing():
    result = subprocess.run([_tool("redocly"), "lint", "--config", TOOLS / "redocly.yaml", "--format=json",
                             *DOCUMENTS], capture_output=True, text=True, env=QUIET, timeout=300)
    decoder, text, at, problems = json.JSONDecoder(), result.stdout, 0, []
    while text[at:].strip():
        at += len(text[at:]) - len(text[at:].lstrip())
        report, at = decoder.raw_decode(text, at)
        problems += [f"{p['severity']} {p['ruleId']}: {p['message']} at "
                     f"{[loc.get('pointer') for loc in p.get('location', [])]}" for p in report["problems"]]
    assert result.returncode == 0 and not problems, "\n".join(problems) or result.stderr


def test_spectral_oas_finds_nothing():
    result = subprocess.run([_tool("spectral"), "lint", "--ruleset", TOOLS / ".spectral.yaml", "--format=text",
                             "--fail-severity=hint", *DOCUMENTS], capture_output=True, text=True, env=QUIET,
                            timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: path.stem)
def test_every_operation_has_a_unique_operation_id(document):
    spec = yaml.safe_load(document.read_text())
    seen: dict[str, str] = {}
    for name, operation in _operations(spec):
        operation_id = operation.get("operationId")
        assert operation_id, f"{name} has no operationId"
        assert operation_id not in seen, f"{name} and {seen[operation_id]} are both {operation_id}"
        seen[operation_id] = name


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: path.stem)
def test_public_routes_say_so_and_the_others_name_the_bearer_scheme(document):
    spec = yaml.safe_load(document.read_text())
    assert spec.get("servers"), "no servers"
    for name, operation in _operations(spec):
        assert "security" in operation, f"{name} says nothing about security"
        if "x-mcf-access" in operation:
            assert operation["security"] == [{"bearerAuth": []}], name
        else:
            assert operation["security"] == [], name
        assert operation.get("description"), f"{name} has no description"


def _nodes(node):
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _nodes(value)
    elif isinstance(node, list):
        for value in node:
            yield from _nodes(value)


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: path.stem)
def test_nullable_references_keep_their_type(document):
    spec = yaml.safe_load(document.read_text())
    for node in _nodes(spec.get("components", {}).get("schemas", {})):
        for alternative in node.get("anyOf", []) + node.get("oneOf", []):
            # The null alternative of a nullable reference is an object that may only be null (docs/adr/0173).
            assert alternative.get("type") != "object" or alternative.get("properties") or (
                alternative.get("enum") == [None] and alternative.get("nullable")), \
                f"a catch-all object among the alternatives of {node}"
        if node.get("nullable"):
            assert "type" in node, f"nullable without a type (ajv cannot compile it, docs/adr/0173): {node}"
        if node.get("type") == "object" and not ({"properties", "additionalProperties", "allOf"} & set(node)) \
                and node.get("enum") != [None]:
            pytest.fail(f"an untyped object: {node}")
