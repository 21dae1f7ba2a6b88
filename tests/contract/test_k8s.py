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

from mcf.kit.config import SERVICE_PORT_OFFSETS
from mcf.services import SERVICES
from mcf.stack import k8s
from mcf.stack.servers import PARTNER_PERMISSIONS

OVERLAYS = ("dev", "production")
KUBERNETES_VERSION = "1.32.0"
BUILT_IN_GROUPS = {"v1", "apps/v1", "batch/v1", "policy/v1", "autoscaling/v2"}


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
            if kind == "web":
                service = _find(docs, "Service", entry.name)
                assert service["spec"]["selector"] == labels and service["spec"]["ports"][0]["port"] == expected
                hpa = _find(docs, "HorizontalPodAutoscaler", name)
                assert hpa["spec"]["scaleTargetRef"]["name"] == name
            if overlay == "production":
                assert deployment["spec"]["replicas"] >= 2, "one replica is not safe to lose"
                assert "0.1.0" in container["image"]


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
    assert clickhouse["clusters"][0]["layout"]["replicasCount"] >= 2 and clickhouse["zookeeper"]["nodes"]
    assert _find(docs, "MongoDBCommunity", "mcf-mongo")["spec"]["members"] == 3
    assert all(d["metadata"].get("namespace") == "mcf" for d in docs if d["kind"] != "Namespace")


def _render(overlay: str) -> tuple[str, list[dict]]:
    out = subprocess.run([_kubectl(), "kustomize", str(Path(k8s.ROOT) / "overlays" / overlay)],
                         capture_output=True, text=True, timeout=120, check=True)
    return overlay, [d for d in yaml.safe_load_all(out.stdout) if d]
