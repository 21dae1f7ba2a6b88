"""compose/docker-compose.yml publishes no MCF service's port (each serves /metrics on it: metrics reach Prometheus
only, ADR 0145): the entry points are published by the `edge` proxy, which marks requests forwarded and refuses
/metrics (ADR 0182); the development tools' UIs on 127.0.0.1 only. CI also runs `docker-compose config -q`."""
import re
from pathlib import Path

import yaml

from mcf.kit.config import SERVICE_PORT_OFFSETS
from mcf.services import SERVICES
from mcf.stack.k8s import ENTRY_POINTS

COMPOSE = Path(__file__).resolve().parents[2] / "compose"
FILE = yaml.safe_load((COMPOSE / "docker-compose.yml").read_text())
SERVICES_OF_FILE = FILE["services"]
EDGE_CONF = (COMPOSE / "edge" / "nginx.conf").read_text()
BASE = 8100  # compose runs every service on the default port base


def _mcf_containers() -> dict[str, dict]:
    return {name: spec for name, spec in SERVICES_OF_FILE.items() if spec.get("command", [])[:2] == ["mcf", "serve"]}


def test_every_process_of_the_catalogue_has_its_container():
    assert set(_mcf_containers()) == {f"{e.name}-{p}" for e in SERVICES for p in e.processes}


def test_no_mcf_process_publishes_a_port():
    published = {name: spec["ports"] for name, spec in _mcf_containers().items() if spec.get("ports")}
    assert published == {}


def test_the_edge_publishes_exactly_the_entry_points_and_forwards_each_marked():
    ports = {name: BASE + SERVICE_PORT_OFFSETS[name] for name in ENTRY_POINTS}
    assert sorted(SERVICES_OF_FILE["edge"]["ports"]) == sorted(f"{p}:{p}" for p in ports.values())
    servers = re.findall(r"server \{ listen (\d+); (.*?) \}\n", EDGE_CONF)
    assert sorted(int(port) for port, _ in servers) == sorted(ports.values())
    for name, port in ports.items():
        [body] = [body for listen, body in servers if int(listen) == port]
        assert "location = /metrics { return 404; }" in body, name
        assert f"set $up {name}-web:{port}; proxy_pass http://$up;" in body, name
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in EDGE_CONF  # the kit's 404 (ADR 0145)


def test_every_other_published_port_is_on_the_loopback_only():
    others = {name: spec["ports"] for name, spec in SERVICES_OF_FILE.items() if spec.get("ports") and name != "edge"}
    assert others, "the development tools' UIs are published"
    assert {name: [p for p in ports if not str(p).startswith("127.0.0.1:")] for name, ports in others.items()} == \
        {name: [] for name in others}
