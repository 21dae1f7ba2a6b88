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
def test_every_operation_documents_problem_json_errors(service):
    spec = yaml.safe_load((FOLDER / f"{service}.yaml").read_text())
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            errors = {code for code in operation["responses"] if code.startswith(("4", "5")) or code == "default"}
            assert errors, f"{method.upper()} {path} documents its errors"
