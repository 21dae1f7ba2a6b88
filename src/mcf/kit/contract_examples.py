"""Examples composed from the schemas (issue 17, docs/adr/0173): every JSON answer of an OpenAPI document that shows
no example of its own gets one, built from the field-level ``example``s (``metadata={"example": ...}`` on a
marshmallow field) and, where a field has none, from what its schema says (format, enum, range, multiple, length).
A schema gives its example once and every answer that holds it reuses it, so the examples compose; a field whose
rule the composer cannot satisfy (an own ``pattern``) must carry an example, or the document is not built.
The linters (Redocly, Spectral) and tests/contract/test_openapi_examples.py check every example against its
schema."""
from __future__ import annotations

import copy

JSON_MEDIA = ("application/json", "application/problem+json")
NO_NUL = "^[^\\x00]*$"
_FORMATS = {"uuid": "00000000-0000-4000-8000-000000000001", "date-time": "2030-01-01T09:00:00+00:00",
            "date": "2030-01-01", "time": "09:00:00", "email": "murka@cats.example",
            "uri": "https://mcf.example/", "url": "https://mcf.example/", "ipv4": "192.0.2.1"}


class NoExample(ValueError):
    """A schema the composer cannot give a valid example for: the field needs ``metadata={"example": ...}``."""


def is_null_only(schema: dict) -> bool:
    """The null alternative of a nullable reference (``{type: object, nullable: true, enum: [null]}``)."""
    return schema.get("enum") == [None]


def example_of(schema: dict, spec: dict, name: str = "", _seen: tuple[str, ...] = ()):
    """A valid instance of ``schema`` (an OpenAPI 3.0 schema of ``spec``)."""
    if "$ref" in schema:
        ref = schema["$ref"]
        if ref in _seen:
            raise NoExample(f"{ref} holds itself: give it an example")
        target = spec["components"]["schemas"][ref.rsplit("/", 1)[-1]]
        return example_of(target, spec, name, (*_seen, ref))
    if "example" in schema:
        return copy.deepcopy(schema["example"])
    if "enum" in schema:
        return next(value for value in schema["enum"] if value is not None)
    for key in ("anyOf", "oneOf"):
        if key in schema:
            return example_of(next(s for s in schema[key] if not is_null_only(s)), spec, name, _seen)
    if "allOf" in schema:
        parts = [example_of(part, spec, name, _seen) for part in schema["allOf"]]
        if all(isinstance(part, dict) for part in parts):
            return {k: v for part in parts for k, v in part.items()}
        return parts[0]
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        body = {key: example_of(value, spec, key, _seen) for key, value in schema.get("properties", {}).items()}
        extra = schema.get("additionalProperties")
        if not body and isinstance(extra, dict):
            body = {"key": example_of(extra, spec, "key", _seen) if extra else "value"}
        return body
    if kind == "array":
        item = example_of(schema.get("items", {}), spec, name, _seen)
        return [item] * max(1, schema.get("minItems", 1))
    if kind == "boolean":
        return True
    if kind in ("integer", "number"):
        return _number(schema, name)
    if kind == "string":
        return _string(schema, name)
    if not schema:
        return "any"
    raise NoExample(f"no example for {name or 'a schema'}: {schema}")


def _number(schema: dict, name: str):
    """The smallest value of at least one (a count or an amount of one reads better than zero) the schema allows."""
    step = schema.get("multipleOf", 1)
    low = max(schema.get("minimum", 1), 1) if schema.get("maximum", 1) >= 1 else schema.get("minimum", 0)
    value = -(-low // step) * step
    if schema.get("exclusiveMinimum") and value == schema.get("minimum"):
        value += step
    high = schema.get("maximum")
    if high is not None and (value > high or schema.get("exclusiveMaximum") and value == high):
        raise NoExample(f"no example for {name}: {schema}")
    return int(value) if schema.get("type") == "integer" else float(value)


def _string(schema: dict, name: str) -> str:
    if schema.get("format") in _FORMATS:
        return _FORMATS[schema["format"]]
    if schema.get("pattern", NO_NUL) != NO_NUL:
        raise NoExample(f"{name or 'a string'} has its own pattern {schema['pattern']!r}: give it an example")
    text = name.replace("_", " ") or "text"
    text = (text * (1 + schema.get("minLength", 0) // len(text)))[:max(len(text), schema.get("minLength", 0))]
    return text[:schema["maxLength"]] if "maxLength" in schema else text


def compose(spec: dict) -> dict:
    """``spec`` with an example on every JSON body of every response (and shared response) that has none."""
    spec = copy.deepcopy(spec)
    responses = [response for item in spec.get("paths", {}).values() for method, operation in item.items()
                 if isinstance(operation, dict) for response in operation.get("responses", {}).values()]
    responses += list(spec.get("components", {}).get("responses", {}).values())
    failures = set()
    for response in responses:
        for media, content in response.get("content", {}).items():
            if media in JSON_MEDIA and "schema" in content and not {"example", "examples"} & set(content):
                try:
                    content["example"] = example_of(content["schema"], spec)
                except NoExample as error:
                    failures.add(str(error))
    if failures:
        raise NoExample("; ".join(sorted(failures)))
    return spec
