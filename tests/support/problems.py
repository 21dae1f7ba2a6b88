"""Real problem answers checked against the contract (issue 17): every ``application/problem+json`` answer a test
receives from a service's app (Flask's test client) is validated, strictly (no member the schema does not
declare), against the response its committed OpenAPI document gives that operation and status, so a problem
extension member a service sends without declaring it, or with another type, fails the test that provoked it."""
from __future__ import annotations

import functools
import json
import re
from pathlib import Path

import jsonschema
import yaml

FOLDER = Path(__file__).resolve().parents[2] / "contracts" / "openapi"
PROBLEM_JSON = "application/problem+json"


@functools.cache
def _document(service: str) -> dict | None:
    path = FOLDER / f"{service}.yaml"
    return yaml.safe_load(path.read_text()) if path.is_file() else None


@functools.cache
def _routes(service: str) -> list[tuple[re.Pattern, str]]:
    """The document's paths as patterns, the most literal first (``/orders/mine`` before ``/orders/{id}``)."""
    paths = sorted(_document(service)["paths"], key=lambda p: (p.count("{"), -len(p)))
    return [(re.compile("^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(p)) + "$"), p) for p in paths]


def documented_schema(service: str, method: str, path: str, status: int) -> tuple[dict, dict] | None:
    """(document, JSON schema) of the problem answer the contract gives; None where it documents no such answer
    (an undocumented status is schemathesis's finding, tests/contract/test_fuzz_openapi.py)."""
    from tests.contract.test_client_dashboard_gateways import json_schema

    spec = _document(service)
    if spec is None:
        return None
    template = next((template for pattern, template in _routes(service) if pattern.match(path)), None)
    operation = spec["paths"].get(template, {}).get(method.lower()) if template else None
    response = (operation or {}).get("responses", {}).get(str(status)) or (operation or {}).get(
        "responses", {}).get("default")
    if response is None:
        return None
    if "$ref" in response:
        response = spec["components"]["responses"][response["$ref"].rsplit("/", 1)[-1]]
    content = response.get("content", {}).get(PROBLEM_JSON)
    if content is None:
        return None
    return spec, json_schema(content["schema"], spec)


def check(service: str, method: str, path: str, status: int, body: bytes) -> list[str]:
    """What is wrong with one problem answer by the contract: [] when it validates (or is not documented)."""
    found = documented_schema(service, method, path, status)
    if found is None:
        return []
    _, schema = found
    try:
        instance = json.loads(body)
    except ValueError:
        return [f"{method} {path} {status}: not JSON: {body[:200]!r}"]
    return [f"{method} {path} {status}: {'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}"
            for e in jsonschema.Draft7Validator(schema).iter_errors(instance)]
