"""deploy/k8s: both overlays render with `kubectl kustomize`, every built-in kind validates against the Kubernetes
schemas (offline, kubernetes-validate), and every service and process kind of mcf.services has its Deployment with
probes, limits, a disruption budget and graceful termination (web: a Service and an autoscaler too)."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import kubernetes_validate
import pytest
import yaml

from mcf.kit import crypto
from mcf.kit.auth import DEVELOPMENT_SECRET, InsecureSecret, check_secret
from mcf.kit.config import SERVICE_PORT_OFFSETS, Settings
from mcf.services import SERVICES, service
from mcf.stack import k8s
from mcf.stack.servers import PARTNER_PERMISSIONS
from mcf.worker_profile.adapters.crypto import (
    DEVELOPMENT_INDEX_KEY,
    DEVELOPMENT_KEYS,
    InsecureKeys,
    cipher_from,
    parse_keys,
)

OVERLAYS = ("dev", "production")
KUBERNETES_VERSION = "1.32.0"
BUILT_IN_GROUPS = {"v1", "apps/v1", "batch/v1", "policy/v1", "autoscaling/v2", "networking.k8s.io/v1"}


def _kubectl() -> str:
    found = shutil.which("kubectl")
    assert found, "kubectl is missing: tooling/bootstrap installs the Debian package"
    return found


@pytest.fixture(scope="module", params=OVERLAYS)
def rendered(request) -> tuple[str, list[dict]]:
    out = subprocess.run([_kubectl(), "kustomize", str(k8s.ROOT / "overlays" / request.param)],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    return request.param, [d for d in yaml.safe_load_all(out.stdout) if d]


def _find(docs, kind, name):
    found = [d for d in docs if d["kind"] == kind and d["metadata"]["name"] == name]
    assert found, f"no {kind} {name}"
    return found[0]


def test_the_committed_tree_is_what_mcf_k8s_renders():
    on_disk = {str(p.relative_to(k8s.ROOT)): p.read_text() for p in k8s.ROOT.rglob("*.yaml")}
    assert on_disk == k8s.render(), "deploy/k8s is stale: run `mcf k8s`"


def test_every_built_in_kind_validates_against_the_kubernetes_schemas(rendered):
    overlay, docs = rendered
    built_in = [d for d in docs if d["apiVersion"] in BUILT_IN_GROUPS]
    assert len(built_in) > 50
    for doc in built_in:
        try:
            kubernetes_validate.validate(doc, KUBERNETES_VERSION, strict=True)
        except kubernetes_validate.ValidationError as exc:
            pytest.fail(f"{overlay}: {doc['kind']}/{doc['metadata']['name']}: {exc.message} at {list(exc.path)}")
    others = {d["apiVersion"] for d in docs} - BUILT_IN_GROUPS
    if overlay == "dev":
        assert others == set(), "dev runs on plain Kubernetes, no operator needed"


def test_every_service_and_process_kind_has_its_deployment_probes_limits_and_budget(rendered):
    overlay, docs = rendered
    for entry in SERVICES:
        for kind in entry.processes:
            name = f"{entry.name}-{kind}"
            deployment = _find(docs, "Deployment", name)
            pod = deployment["spec"]["template"]["spec"]
            [container] = pod["containers"]
            assert container["command"] == ["mcf", "serve", entry.name, kind]
            assert container["readinessProbe"]["httpGet"]["path"] == "/ready", name
            assert container["livenessProbe"]["httpGet"]["path"] == "/health", name
            [port] = container["ports"]
            expected = 8100 + SERVICE_PORT_OFFSETS[entry.name] if kind == "web" else k8s.PROBE_PORT
            assert port["containerPort"] == expected and container["readinessProbe"]["httpGet"]["port"] == port["name"]
            for bound in ("requests", "limits"):
                assert set(container["resources"][bound]) == {"cpu", "memory"}, name
            assert pod["terminationGracePeriodSeconds"] >= 30
            labels = deployment["spec"]["selector"]["matchLabels"]
            budget = _find(docs, "PodDisruptionBudget", name)
            assert budget["spec"]["selector"]["matchLabels"] == labels
            policy = _find(docs, "NetworkPolicy", name)["spec"]
            assert policy["podSelector"]["matchLabels"] == labels and policy["policyTypes"] == ["Ingress"]
            if kind == "web":
                assert pod["terminationGracePeriodSeconds"] > \
                    container["lifecycle"]["preStop"]["sleep"]["seconds"] + 10  # + gunicorn's graceful timeout
                service = _find(docs, "Service", entry.name)
                assert service["spec"]["selector"] == labels and service["spec"]["ports"][0]["port"] == expected
                hpa = _find(docs, "HorizontalPodAutoscaler", name)
                assert hpa["spec"]["scaleTargetRef"]["name"] == name
            if overlay == "production":
                assert deployment["spec"]["replicas"] >= 2, "one replica is not safe to lose"
                assert "0.1.0" in container["image"]


def test_requests_and_limits_come_from_a_measured_rss_of_every_process_kind():
    for entry in SERVICES:
        for kind in entry.processes:
            measured = k8s.MEASURED_RSS_MIB.get((entry.name, kind))
            assert measured, f"{entry.name} {kind}: no measured RSS in k8s.MEASURED_RSS_MIB (measure it)"
            resources = k8s.resources(entry, kind)
            request = int(resources["requests"]["memory"].removesuffix("Mi"))
            limit = int(resources["limits"]["memory"].removesuffix("Mi"))
            assert measured * 1.25 <= request < measured * 1.25 + 32 and limit >= 2 * measured * 1.25


def _policy_peers(docs, name):
    [rule] = _find(docs, "NetworkPolicy", name)["spec"]["ingress"]
    peers = [p.get("namespaceSelector", {}).get("matchLabels", {}).get("kubernetes.io/metadata.name")
             or p["podSelector"]["matchLabels"]["app.kubernetes.io/part-of"] for p in rule["from"]]
    return sorted(peers), [p["port"] for p in rule["ports"]]


def test_network_policies_let_only_prometheus_reach_metrics_of_workers_and_the_ingress_only_entry_points(rendered):
    _, docs = rendered
    for entry in SERVICES:
        for kind in entry.processes:
            peers, ports = _policy_peers(docs, f"{entry.name}-{kind}")
            if kind != "web":  # /metrics and the probes' port: Prometheus only (the kubelet's probes always pass)
                assert (peers, ports) == ([k8s.MONITORING_NAMESPACE], [k8s.PROBE_PORT])
                continue
            expected = sorted(["mcf", k8s.MONITORING_NAMESPACE]
                              + ([k8s.INGRESS_NAMESPACE] if entry.name in k8s.ENTRY_POINTS else []))
            assert (peers, ports) == (expected, [k8s.port(entry)]), entry.name
    assert set(k8s.ENTRY_POINTS) <= {e.name for e in SERVICES}


def test_secrets_come_from_kubernetes_secrets_and_production_carries_none(rendered):
    overlay, docs = rendered
    for doc in docs:
        if doc["kind"] in ("Deployment", "Job") and doc["metadata"]["labels"].get("app.kubernetes.io/part-of") == "mcf":
            [container] = doc["spec"]["template"]["spec"]["containers"]
            assert not any("SECRET" in e["name"] or "PASSWORD" in e["name"] for e in container.get("env", []))
            assert {"secretRef": {"name": "fur-tune-secrets" if "fur-tune" in doc["metadata"]["name"]
                                  else "mcf-secrets"}} in container["envFrom"]
    config = _find(docs, "ConfigMap", "mcf-config")["data"]
    assert not any("SECRET" in key or "PASSWORD" in key for key in config)
    if overlay == "production":
        assert [d for d in docs if d["kind"] == "Secret"] == [], "production's secrets are never in the manifests"
        assert config["MCF_ENV"] == "production"


def test_worker_profiles_keys_and_the_jwt_secret_come_from_a_secret_and_production_refuses_defaults(rendered):
    overlay, docs = rendered
    secret_keys = ("MCF_JWT_SECRET", "MCF_WORKER_PROFILE_KEYS", "MCF_WORKER_PROFILE_INDEX_KEY")
    config = _find(docs, "ConfigMap", "mcf-config")["data"]
    assert not set(secret_keys) & set(config), "keys belong in mcf-secrets, never in the ConfigMap"
    for kind in service("worker-profile").processes:
        [container] = _find(docs, "Deployment", f"worker-profile-{kind}")["spec"]["template"]["spec"]["containers"]
        assert {"secretRef": {"name": "mcf-secrets"}} in container["envFrom"]
    if overlay == "dev":
        held = {line.partition("=")[0]: line.partition("=")[2] for line in
                _dev_secret_literals("mcf-secrets")}
        assert set(secret_keys) <= set(held)
        assert held["MCF_JWT_SECRET"] != DEVELOPMENT_SECRET
        assert DEVELOPMENT_INDEX_KEY != held["MCF_WORKER_PROFILE_INDEX_KEY"]
        assert not set(DEVELOPMENT_KEYS.values()) & set(parse_keys(held["MCF_WORKER_PROFILE_KEYS"]).values())
    # What a pod of this overlay would start with if its Secret lacked a value: the built-in defaults. Outside
    # development both the JWT secret and worker-profile's keys are refused before anything starts.
    settings = Settings(environment=config.get("MCF_ENV", "production"))
    if settings.environment != "development":
        with pytest.raises(InsecureSecret):
            check_secret(settings.jwt_secret, settings.environment)
        with pytest.raises(InsecureKeys):
            cipher_from(settings)
        with pytest.raises(InsecureKeys):
            cipher_from(settings.with_(worker_profile_keys=f"dev-1={DEVELOPMENT_KEYS['dev-1']}",
                                       worker_profile_index_key=DEVELOPMENT_INDEX_KEY))
        with pytest.raises(InsecureKeys):
            crypto.cipher_from(settings, "client-dashboard")
        dev_keys, dev_index = crypto.development_keys("client-dashboard")
        with pytest.raises(InsecureKeys):
            crypto.cipher_from(settings.with_(client_dashboard_keys=f"dev-1={dev_keys['dev-1']}",
                                              client_dashboard_index_key=dev_index), "client-dashboard")


@pytest.mark.parametrize("owner", ["client-dashboard", "order", "payment", "notification"])
def test_clients_data_keys_come_from_the_secret_the_dev_cluster_has_its_own_and_production_refuses_defaults(
        rendered, owner):
    """client-dashboard's, order's and payment's keys for the client's personal data (ADR 0121, 0123), and
    notification's for its requests' recipient and payload (ADR 0127)."""
    overlay, docs = rendered
    variable = f"MCF_{owner.replace('-', '_').upper()}"
    secret_keys = (f"{variable}_KEYS", f"{variable}_INDEX_KEY")
    assert not set(secret_keys) & set(_find(docs, "ConfigMap", "mcf-config")["data"])
    for kind in service(owner).processes:
        [container] = _find(docs, "Deployment", f"{owner}-{kind}")["spec"]["template"]["spec"]["containers"]
        assert {"secretRef": {"name": "mcf-secrets"}} in container["envFrom"]
    prefix = owner.replace("-", "_")
    dev_keys, dev_index = crypto.development_keys(owner)
    if overlay == "dev":
        held = {line.partition("=")[0]: line.partition("=")[2] for line in _dev_secret_literals("mcf-secrets")}
        assert held[f"{variable}_INDEX_KEY"] != dev_index
        cipher = crypto.cipher_from(Settings(environment="staging").with_(**{
            f"{prefix}_keys": held[f"{variable}_KEYS"], f"{prefix}_active_key": held[f"{variable}_ACTIVE_KEY"],
            f"{prefix}_index_key": held[f"{variable}_INDEX_KEY"]}), owner)
        assert cipher.active == "dev-cluster-1"  # accepted outside development: not the built-in keys
    settings = Settings(environment=_find(docs, "ConfigMap", "mcf-config")["data"].get("MCF_ENV", "production"))
    if settings.environment != "development":
        with pytest.raises(InsecureKeys):
            crypto.cipher_from(settings, owner)
        with pytest.raises(InsecureKeys):
            crypto.cipher_from(settings.with_(**{f"{prefix}_keys": f"dev-1={dev_keys['dev-1']}",
                                                 f"{prefix}_index_key": dev_index}), owner)


def _dev_secret_literals(name: str) -> list[str]:
    [generator] = [g for g in k8s.dev_kustomization()["secretGenerator"] if g["name"] == name]
    return generator["literals"]


def test_mcf_serve_refuses_every_process_outside_development_with_the_default_secret(monkeypatch):
    from mcf.cli import main

    def started(*_args):
        raise AssertionError("a process started with the default secret")

    monkeypatch.setenv("MCF_ENV", "production")
    monkeypatch.delenv("MCF_JWT_SECRET", raising=False)
    monkeypatch.setattr("os.execvp", started)
    monkeypatch.setattr("mcf.kit.runtime.run_workers", started)
    for entry in SERVICES:
        for kind in entry.processes:
            with pytest.raises(InsecureSecret):  # before anything is exec'd or connected
                main(["serve", entry.name, kind])


def test_production_clickhouse_tables_are_replicated_on_the_installations_cluster():
    _, docs = _render("production")
    [cluster] = _find(docs, "ClickHouseInstallation", "mcf")["spec"]["configuration"]["clusters"]
    assert _find(docs, "ConfigMap", "mcf-config")["data"]["MCF_CLICKHOUSE_CLUSTER"] == cluster["name"]
    assert "MCF_CLICKHOUSE_CLUSTER" not in _find(_render("dev")[1], "ConfigMap", "mcf-config")["data"]


def test_migrations_run_as_a_job_of_their_own():
    _, docs = _render("production")
    job = _find(docs, "Job", "mcf-migrate")
    assert job["spec"]["template"]["spec"]["containers"][0]["command"] == ["mcf", "migrate"]


def test_production_declares_the_servers_through_their_operators():
    _, docs = _render("production")
    rabbit = _find(docs, "RabbitmqCluster", "mcf-rabbitmq")
    assert rabbit["spec"]["replicas"] == 3 and "default_queue_type = quorum" in \
        rabbit["spec"]["rabbitmq"]["additionalConfig"]
    assert _find(docs, "Vhost", "mcf")["spec"]["defaultQueueType"] == "quorum"
    partner = _find(docs, "Permission", "fur-tune")["spec"]["permissions"]
    assert (partner["configure"], partner["write"], partner["read"]) == PARTNER_PERMISSIONS
    assert _find(docs, "User", "fur-tune")["spec"]["importCredentialsSecret"]["name"]
    assert _find(docs, "Cluster", "mcf-postgres")["spec"]["instances"] == 3
    clickhouse = _find(docs, "ClickHouseInstallation", "mcf")["spec"]["configuration"]
    assert clickhouse["clusters"][0]["layout"]["replicasCount"] >= 2
    keeper = [d for d in docs if d["kind"] == "ClickHouseKeeperInstallation"]
    assert len(keeper) == 1 and keeper[0]["spec"]["configuration"]["clusters"][0]["layout"]["replicasCount"] == 3
    # the operator names the Keeper's Service keeper-<installation>; the replicas must point at it and its port
    assert clickhouse["zookeeper"]["nodes"] == [{
        "host": f"keeper-{keeper[0]['metadata']['name']}",
        "port": int(keeper[0]["spec"]["configuration"]["settings"]["keeper_server/tcp_port"])}]
    assert _find(docs, "MongoDBCommunity", "mcf-mongo")["spec"]["members"] == 3
    assert all(d["metadata"].get("namespace") == "mcf" for d in docs if d["kind"] != "Namespace")


def _render(overlay: str) -> tuple[str, list[dict]]:
    out = subprocess.run([_kubectl(), "kustomize", str(Path(k8s.ROOT) / "overlays" / overlay)],
                         capture_output=True, text=True, timeout=120, check=True)
    return overlay, [d for d in yaml.safe_load_all(out.stdout) if d]
