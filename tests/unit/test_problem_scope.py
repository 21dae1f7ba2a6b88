"""Each service's OpenAPI document lists the problem types it can answer, no others (docs/adr/0176): those it raises
and those it relays from the services it calls (mcf.kit.problem_scope). The calls it declares in mcf.services are
the services its package builds a ServiceClient for."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from mcf.kit import problem_scope, problem_types
from mcf.services import SERVICES

ROOT = Path(__file__).resolve().parents[2]
WEB = [entry for entry in SERVICES if "web" in entry.processes]
# A ServiceClient built with the called service's name as its first argument, directly or through the package's
# one-line factory (quality's ``_client(settings, "order-report", ...)``, worker-dashboard's ``client("order", ...)``).
CONSTRUCTION = re.compile(r'\b(?:ServiceClient|_client|client)\(\s*(?:settings,\s*)?"([a-z-]+)"')


def _documented_types(service: str) -> set[str]:
    spec = yaml.safe_load((ROOT / "contracts" / "openapi" / f"{service}.yaml").read_text())
    schemas = spec["components"]["schemas"]
    return {schemas[kind.schema_name]["properties"]["type"]["enum"][0]
            for kind in problem_types.CATALOGUE.values() if kind.schema_name in schemas}


@pytest.mark.parametrize("entry", SERVICES, ids=lambda entry: entry.name)
def test_declared_calls_are_the_service_clients_the_package_builds(entry):
    folder = ROOT / "src" / Path(*entry.package.split("."))
    built = {name for path in folder.rglob("*.py") for name in CONSTRUCTION.findall(path.read_text())}
    assert built == set(entry.calls)


@pytest.mark.parametrize("entry", WEB, ids=lambda entry: entry.name)
def test_a_document_lists_only_the_types_its_service_raises_or_relays(entry):
    documented = _documented_types(entry.name)
    assert documented, "the document lists no catalogued problem type"
    assert documented - problem_scope.answerable(entry.name) == set()


def test_a_service_that_calls_none_lists_none_of_another_services_types():
    # notification calls no other service and raises no order error: order's types are not in its contract.
    documented = _documented_types("notification")
    assert problem_types.PROBLEM_BASE + "unknown-order" not in documented
    assert problem_types.PROBLEM_BASE + "illegal-transition" not in documented
    assert problem_types.PROBLEM_BASE + "unknown-template" in documented


def test_relayed_types_are_those_of_the_statuses_service_client_passes_on():
    # order-report calls order: order's 409 slot-too-soon may reach its caller; order's 503s come back as
    # order-report's own dependency-unavailable, never as order's.
    relayed = problem_scope.answerable("order-report") - problem_scope.raised("order-report")
    assert problem_types.PROBLEM_BASE + "slot-too-soon" in relayed
    assert relayed and all(problem_types.CATALOGUE[urn].status in problem_scope.RELAYED_STATUSES for urn in relayed)


def test_a_service_whose_requests_turn_refusals_into_its_own_503_relays_nothing():
    # order asks matching and client-dashboard with refusal_is_unavailable=True: their 409s are order's 503.
    assert not problem_scope.relays("order")
    assert problem_scope.answerable("order") == problem_scope.raised("order")
    assert problem_scope.relays("client-dashboard")
