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


def test_under_two_replicas_every_workers_and_jobs_replica_is_scraped_on_a_port_of_its_own(tmp_path):
    """ADR 0143: `mcf up --replicas 2` runs one Prometheus whose configuration lists every replica's port."""
    settings = Settings(port_base=30400, var_dir=tmp_path)
    _ok("check", "config", str(observability.local_config(settings, replicas=2)))
    config = yaml.safe_load(observability.local_config(settings, replicas=2).read_text())
    statics = [static for job in config["scrape_configs"] for static in job["static_configs"]]
    scraped = {(s["labels"]["service"], s["labels"]["process"], s["labels"].get("replica")) for s in statics}
    expected = {(entry.name, process, None if process == "web" else str(n))
                for entry in SERVICES for process in entry.processes for n in (1, 2)}
    assert scraped == expected
    addresses = [address for s in statics for address in s["targets"]]
    assert len(set(addresses)) == len(addresses) == len(statics)
    assert all(30400 < int(a.rsplit(":", 1)[1]) < 30500 for a in addresses)


def test_status_asks_every_replica(tmp_path):
    from mcf.stack import status

    settings = Settings(port_base=30400, var_dir=tmp_path, amqp_url="amqp://guest:guest@127.0.0.1:1/%2F")
    processes = {(service, process) for service, process, _, _ in status.snapshot(settings, replicas=2).processes}
    assert ("order", "workers.1") in processes and ("order", "workers.2") in processes
    assert ("notification", "jobs.2") in processes and ("order", "web") in processes


def test_mcf_up_with_two_replicas_runs_two_of_every_process_and_one_prometheus(tmp_path):
    import io

    from mcf.stack import up
    from mcf.stack.supervisor import Supervisor

    settings = Settings(port_base=30400, var_dir=tmp_path)
    once = up._prometheus(settings, 2)
    assert set(once) == {"prometheus"}
    runner = Supervisor(procfile_processes(), 2, {}, io.StringIO(), once=once)
    names = [r.name for r in runner.replicas]
    assert names.count("prometheus.1") == 1 and not any(n.startswith("prometheus.") and n != "prometheus.1"
                                                        for n in names)
    assert {n for n in names if n != "prometheus.1"} == {f"{p}.{i}" for p in procfile_processes() for i in (1, 2)}
    config = once["prometheus"].split("--config.file=", 1)[1].split()[0]
    assert f"127.0.0.1:{30400 + 13 + 2}" in open(config).read()  # order-workers.2's port
