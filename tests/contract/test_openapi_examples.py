"""Every example in the OpenAPI documents is a valid instance of its schema, and every operation that takes a JSON
body shows one (issue 17): the examples are written at the source (``@blp.arguments(..., example=...)``,
``@blp.response(..., example=...)``) and `mcf openapi` carries them into contracts/openapi. An example is checked
strictly (unknown members refused where the schema says so), OpenAPI 3.0's ``nullable`` read as "or null"."""
from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest
import yaml

from tests.contract.test_client_dashboard_gateways import json_schema

FOLDER = Path(__file__).resolve().parents[2] / "contracts" / "openapi"
DOCUMENTS = sorted(FOLDER.glob("*.yaml"))
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
JSON_TYPES = ("application/json", "application/problem+json")


def _operations(spec: dict):
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield f"{method.upper()} {path}", operation


def _examples(spec: dict):
    """(where, schema, example) of every example of a JSON body, request or response, in one document."""
    for name, operation in _operations(spec):
        bodies = [("request", operation.get("requestBody", {}))]
        bodies += [(status, response) for status, response in operation.get("responses", {}).items()]
        for where, body in bodies:
            if "$ref" in body:
                body = spec["components"]["responses"][body["$ref"].rsplit("/", 1)[-1]]
            for media, content in body.get("content", {}).items():
                if media not in JSON_TYPES or "schema" not in content:
                    continue
                if "example" in content:
                    yield f"{name} {where} {media}", content["schema"], content["example"]
                for key, example in content.get("examples", {}).items():
                    yield f"{name} {where} {media} ({key})", content["schema"], example["value"]


def _check(spec: dict, schema: dict, example) -> list[str]:
    validator = jsonschema.Draft7Validator(json_schema(schema, spec), format_checker=jsonschema.FormatChecker())
    return [f"{'/'.join(map(str, error.absolute_path)) or '(root)'}: {error.message}"
            for error in validator.iter_errors(example)]


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: path.stem)
def test_every_json_request_body_has_an_example(document):
    spec = yaml.safe_load(document.read_text())
    missing = [name for name, operation in _operations(spec)
               if "application/json" in operation.get("requestBody", {}).get("content", {})
               and not {"example", "examples"} & set(operation["requestBody"]["content"]["application/json"])]
    assert not missing, f"JSON bodies without an example (add example= to @blp.arguments): {missing}"


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: path.stem)
def test_every_example_is_valid_for_its_schema(document):
    spec = yaml.safe_load(document.read_text())
    examples = list(_examples(spec))
    assert examples, "no example at all"
    wrong = {where: errors for where, schema, example in examples if (errors := _check(spec, schema, example))}
    assert not wrong, yaml.safe_dump(wrong, sort_keys=False)


def test_the_check_refuses_an_example_that_breaks_its_schema():
    spec = yaml.safe_load((FOLDER / "client-dashboard.yaml").read_text())
    schema = {"$ref": "#/components/schemas/PlaceOrder"}
    good = next(example for where, _, example in _examples(spec) if where == "POST /orders request application/json")
    assert _check(spec, schema, good) == []
    assert _check(spec, schema, {**good, "duration_minutes": 50})  # not a multiple of 15
    assert _check(spec, schema, {**good, "colour": "ginger"})  # a member the schema does not have
    assert _check(spec, schema, {**good, "address": {**good["address"], "apartment": None}}) == []  # nullable
