"""The committed OpenAPI documents are exactly what the apps serve (regenerate with `mcf openapi`)."""
from pathlib import Path

import pytest
import yaml

from mcf.stack.contracts import openapi_yaml, web_services

FOLDER = Path(__file__).resolve().parents[2] / "contracts" / "openapi"


@pytest.mark.parametrize("service", web_services())
def test_the_committed_spec_matches_the_code(service, isolated_settings):
    committed = FOLDER / f"{service}.yaml"
    assert committed.exists(), f"{committed} is missing: run `mcf openapi`"
    assert yaml.safe_load(openapi_yaml(isolated_settings, service)) == yaml.safe_load(committed.read_text()), \
        f"{committed.name} differs from what {service}-service serves: run `mcf openapi` and commit the result"


@pytest.mark.parametrize("service", web_services())
def test_every_documented_error_is_problem_json(service):
    spec = yaml.safe_load((FOLDER / f"{service}.yaml").read_text())
    components = spec["components"]["responses"]
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            errors = {code: r for code, r in operation["responses"].items() if code[0] in "45" or code == "default"}
            assert errors, f"{method.upper()} {path} documents no error"
            for code, response in errors.items():
                if "$ref" in response:
                    response = components[response["$ref"].rsplit("/", 1)[1]]
                assert list(response["content"]) == ["application/problem+json"], f"{method} {path} {code}"
