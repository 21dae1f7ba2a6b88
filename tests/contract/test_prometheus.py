"""The Prometheus configuration and the alert rules, checked by Debian's promtool (tooling/bootstrap installs it):
the scrape configurations (compose's committed one and `mcf up`'s) are valid and scrape every process of every
service, the rules are valid and pass their unit tests (compose/prometheus/alerts_test.yml), and the committed
generated files are what `mcf observability` writes."""
import shutil

import yaml

from mcf.kit.config import Settings
from mcf.services import SERVICES
from mcf.stack import observability
from mcf.stack.up import procfile_processes


def _ok(*args):
    assert shutil.which("promtool"), "promtool is missing: tooling/bootstrap installs Debian's prometheus"
    result = observability.promtool(*args)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_alert_rules_are_valid_and_pass_their_unit_tests():
    _ok("check", "rules", str(observability.RULES))
    _ok("test", "rules", str(observability.RULES_TEST))


def test_the_compose_configuration_is_valid_and_committed_as_generated():
    _ok("check", "config", str(observability.COMPOSE_CONFIG))
    assert observability.COMPOSE_CONFIG.read_text() == observability.compose_config(), "run `mcf observability`"
    assert observability.DASHBOARD.read_text() == observability.dashboard_json(), "run `mcf observability`"


def test_the_local_configuration_is_valid(tmp_path):
    _ok("check", "config", str(observability.local_config(Settings(var_dir=tmp_path))))


def _scraped(config: dict) -> set[tuple[str, str]]:
    return {(static["labels"]["service"], static["labels"]["process"])
            for job in config["scrape_configs"] for static in job["static_configs"]}


def test_every_process_of_every_service_is_scraped_once_on_a_port_of_its_own():
    settings = Settings(port_base=30400)
    config = yaml.safe_load(observability.dump(observability.prometheus_config(
        observability.scrape_targets(settings), ["alerts.yml"])))
    expected = {(entry.name, process) for entry in SERVICES for process in entry.processes}
    assert _scraped(config) == expected
    # ... which are the Procfile's processes, each on a port inside the stack's block of ports
    assert {f"{s}-{p}" for s, p in expected} == set(procfile_processes())
    addresses = [t.address for t in observability.scrape_targets(settings)]
    assert len(set(addresses)) == len(addresses)
    assert all(30400 < int(a.rsplit(":", 1)[1]) < 30500 for a in addresses)
    compose = yaml.safe_load(observability.compose_config())
    assert _scraped(compose) == expected


def test_the_dashboard_has_the_funnel_the_broker_and_a_row_per_service():
    rows = [p["title"] for p in observability.dashboard()["panels"] if p["type"] == "row"]
    assert rows == ["Order funnel", "Broker", *(entry.name for entry in SERVICES)]
