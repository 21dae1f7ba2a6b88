"""Every example in the OpenAPI documents is a valid instance of its schema, and every operation that takes a JSON
body shows one, as does every JSON answer, success or problem (issue 17): the examples are written at the source
(``@blp.arguments(..., example=...)``, ``@blp.response(..., example=...)``, field-level ``metadata={"example": ...}``)
or composed from the schema by `mcf.kit.contract_examples` (docs/adr/0173), and `mcf openapi` carries them into
contracts/openapi. An example is checked
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


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: path.stem)
def test_every_json_answer_has_an_example(document):
    spec = yaml.safe_load(document.read_text())
    missing, answers = [], 0
    for name, operation in _operations(spec):
        for status, response in operation.get("responses", {}).items():
            if "$ref" in response:
                response = spec["components"]["responses"][response["$ref"].rsplit("/", 1)[-1]]
            for media, content in response.get("content", {}).items():
                if media in JSON_TYPES:
                    answers += 1
                    if not {"example", "examples"} & set(content):
                        missing.append(f"{name} {status} {media}")
    assert answers and not missing, f"JSON answers without an example: {missing}"


def test_a_composed_example_follows_the_rules_of_its_schema():
    from mcf.kit.contract_examples import NoExample, compose, example_of

    spec = {"components": {"schemas": {"Price": {"type": "object", "required": ["amount_minor"], "properties": {
        "amount_minor": {"type": "integer", "minimum": 100}, "currency": {"type": "string", "example": "RUB"}}}}}}
    nullable = {"anyOf": [{"$ref": "#/components/schemas/Price"}, {"type": "object", "nullable": True,
                                                                   "enum": [None]}]}
    assert example_of(nullable, spec) == {"amount_minor": 100, "currency": "RUB"}
    assert example_of({"type": "integer", "minimum": 15, "maximum": 480, "multipleOf": 15}, spec) == 15
    assert example_of({"type": "array", "items": {"type": "string", "format": "uuid"}, "minItems": 2}, spec) == [
        "00000000-0000-4000-8000-000000000001"] * 2
    assert example_of({"type": "string", "enum": [None, "house"], "nullable": True}, spec) == "house"
    with pytest.raises(NoExample):  # an own pattern needs a field-level example
        example_of({"type": "string", "pattern": "^[A-Z]{3}$"}, spec, "currency")
    document = {**spec, "paths": {"/p": {"get": {"responses": {
        "200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Price"}}}},
        "201": {"content": {"application/json": {"schema": {"type": "boolean"}, "example": False}}}}}}}}
    answers = compose(document)["paths"]["/p"]["get"]["responses"]
    assert answers["200"]["content"]["application/json"]["example"] == {"amount_minor": 100, "currency": "RUB"}
    assert answers["201"]["content"]["application/json"]["example"] is False  # its own example stays
    assert "example" not in document["paths"]["/p"]["get"]["responses"]["200"]["content"]["application/json"]


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
