"""``mcf k8s``: write the Kustomize tree under ``deploy/k8s`` from ``mcf.services`` (the one source of truth).

``base/`` has, for every service in ``mcf.services``, one Deployment per process kind (web, workers, jobs) with
readiness and liveness probes, requests and limits, a PodDisruptionBudget and graceful termination; a Service and a
HorizontalPodAutoscaler for each web Deployment; the migration Job; the ConfigMap of addresses. ``overlays/dev`` runs
the whole system on one node with single servers from their official images; ``overlays/production`` uses the
servers' operators (RabbitMQ Cluster Operator and its messaging topology operator, CloudNativePG, the Altinity
ClickHouse operator, the MongoDB community operator) through their custom resources. Secrets come from Kubernetes
Secrets (``mcf-secrets``, ``fur-tune-secrets``), never from the manifests of production.

Edit this file, not the YAML: ``tests/contract/test_k8s.py`` fails when ``deploy/k8s`` differs from what it renders.
See docs/deploy.md and docs/adr/0141-kubernetes-manifests-rendered-from-the-service-catalogue.md.
"""
from __future__ import annotations

from pathlib import Path

import yaml

from mcf.kit.clickhouse import REPLICA_NAME, REPLICA_PATH
from mcf.kit.config import SERVICE_PORT_OFFSETS, Settings
from mcf.services import SERVICES, ServiceEntry
from mcf.stack.servers import PARTNER_PERMISSIONS

ROOT = Path(__file__).resolve().parents[3] / "deploy" / "k8s"
PORT_BASE = Settings.port_base
PROBE_PORT = 8080
IMAGE = "mcf"
HEADER = "# Written by `mcf k8s` from src/mcf/stack/k8s.py (and mcf.services): edit that, not this file.\n"

# Resident memory measured with ps on `mcf up --replicas 2` after the demo (2026-12-03, this branch), in MiB, per
# pod: a web pod is gunicorn's master (~25) plus two workers; a workers pod one process; a jobs pod dramatiq's master
# (~26) plus one worker process. Requests are the measured value with headroom, limits twice the request
# (docs/deploy.md). A service not measured yet gets the largest figure of its kind.
MEASURED_RSS_MIB = {
    ("client-dashboard", "web"): 168, ("order", "web"): 212, ("notification", "web"): 202,
    ("inventory", "web"): 156, ("payment", "web"): 164, ("matching", "web"): 156,
    ("order-history", "web"): 208, ("order-report", "web"): 182, ("worker-testing", "web"): 219,
    ("worker-dashboard", "web"): 156,
    ("order", "workers"): 95, ("notification", "workers"): 92, ("inventory", "workers"): 68,
    ("fur-tune", "workers"): 65, ("payment", "workers"): 71, ("matching", "workers"): 67,
    ("order-history", "workers"): 93, ("order-report", "workers"): 79, ("worker-testing", "workers"): 100,
    ("notification", "jobs"): 114, ("inventory", "jobs"): 90,
    # Peak RSS (VmHWM, tests/bench/memory.py, summed over the pod's processes) of `mcf serve <svc> <kind>` on its
    # own after 20 /ready and a /metrics (2026-12-07, branch cluster): worker-profile's web workers hold argon2 and
    # the personal-data cipher, twice the others' (130 MiB each).
    ("quality", "web"): 166, ("quality", "workers"): 73,
    ("worker-profile", "web"): 285, ("worker-profile", "workers"): 68,
    # The same way (2026-12-08, branch hygiene): client-dashboard's workers run only the payment attempts' sweep.
    ("client-dashboard", "workers"): 70,
}
CPU = {"web": ("100m", "1"), "workers": ("50m", "500m"), "jobs": ("50m", "500m")}
# SIGTERM to the end: gunicorn finishes requests (--graceful-timeout 10), workers finish the message in hand
# (each thread joined for up to 10 s), dramatiq finishes its jobs (actor time limit 60 s).
GRACE_SECONDS = {"web": 30, "workers": 60, "jobs": 90}
REPLICAS = 2
HPA_MAX = 6
# web: after SIGTERM the pod stays in the Service's endpoints until every node has seen it leave; gunicorn keeps
# serving this long before it stops accepting, so no connection lands on a closed port during a rollout.
PRESTOP_SECONDS = 5
# Who may reach the pods (NetworkPolicy, ADR 0145): the other MCF pods (service to service), Prometheus from its
# namespace (every port: /metrics), and for the entry points the ingress controller's namespace. Patch these in an
# overlay for a cluster whose Prometheus or ingress controller live elsewhere.
MONITORING_NAMESPACE = "monitoring"
INGRESS_NAMESPACE = "ingress-nginx"
# Reached by people (through the ingress): the ports compose publishes (docs/architecture.md).
ENTRY_POINTS = ("client-dashboard", "worker-dashboard", "worker-profile", "worker-testing", "quality")
# The ClickHouseInstallation's cluster: one shard, two replicas; the services' tables are replicated on it.
CLICKHOUSE_CLUSTER = "mcf"
KEEPER, KEEPER_PORT = "clickhouse-keeper", 2181  # the ClickHouseKeeperInstallation (3 nodes) the replicas use
SERVERS = {"postgres": "mcf-postgres-rw", "rabbitmq": "mcf-rabbitmq", "clickhouse": "clickhouse-mcf",
           "mongo": "mcf-mongo-svc", "smtp": "smtp-relay"}


def _mib(value: float) -> str:
    return f"{int(-(-value // 32) * 32)}Mi"


def resources(entry: ServiceEntry, kind: str) -> dict:
    measured = MEASURED_RSS_MIB.get((entry.name, kind)) or max(
        v for (_, k), v in MEASURED_RSS_MIB.items() if k == kind)
    request = measured * 1.25
    cpu_request, cpu_limit = CPU[kind]
    return {"requests": {"cpu": cpu_request, "memory": _mib(request)},
            "limits": {"cpu": cpu_limit, "memory": _mib(request * 2)}}


def port(entry: ServiceEntry) -> int:
    return PORT_BASE + SERVICE_PORT_OFFSETS[entry.name]


def _labels(entry: ServiceEntry, kind: str) -> dict:
    return {"app.kubernetes.io/name": entry.name, "app.kubernetes.io/component": kind,
            "app.kubernetes.io/part-of": "mcf"}


def _env_from(entry: ServiceEntry) -> list[dict]:
    if entry.name == "fur-tune":
        # The reference partner holds only its own broker user (topology operator's User), not the services' secrets.
        return [{"configMapRef": {"name": "mcf-config"}}, {"secretRef": {"name": "fur-tune-secrets"}}]
    return [{"configMapRef": {"name": "mcf-config"}}, {"secretRef": {"name": "mcf-secrets"}}]


def deployment(entry: ServiceEntry, kind: str) -> dict:
    name = f"{entry.name}-{kind}"
    labels = _labels(entry, kind)
    container_port = port(entry) if kind == "web" else PROBE_PORT
    probe = {"httpGet": {"path": "/ready", "port": "http" if kind == "web" else "probes"},
             "periodSeconds": 5, "timeoutSeconds": 3, "failureThreshold": 3}
    liveness = {"httpGet": {"path": "/health", "port": "http" if kind == "web" else "probes"},
                "periodSeconds": 10, "timeoutSeconds": 3, "failureThreshold": 3}
    startup = {"httpGet": {"path": "/health", "port": "http" if kind == "web" else "probes"},
               "periodSeconds": 2, "failureThreshold": 60}
    container = {
        "name": kind, "image": IMAGE, "imagePullPolicy": "IfNotPresent",
        "command": ["mcf", "serve", entry.name, kind],
        "ports": [{"name": "http" if kind == "web" else "probes", "containerPort": container_port}],
        "envFrom": _env_from(entry),
        "env": [{"name": "MCF_PROCESS", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}}],
        "readinessProbe": probe, "livenessProbe": liveness, "startupProbe": startup,
        **({"lifecycle": {"preStop": {"sleep": {"seconds": PRESTOP_SECONDS}}}} if kind == "web" else {}),
        "resources": resources(entry, kind),
        "securityContext": {"allowPrivilegeEscalation": False, "readOnlyRootFilesystem": True,
                            "capabilities": {"drop": ["ALL"]}},
        "volumeMounts": [{"name": "tmp", "mountPath": "/tmp"}],
    }
    return {
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": {"name": name, "labels": labels},
        "spec": {
            "replicas": REPLICAS,
            "selector": {"matchLabels": labels},
            "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 0, "maxSurge": 1}},
            "template": {
                # Prometheus scrapes every pod's /metrics (docs/adr/0165): web on its port, the others on the probes'.
                "metadata": {"labels": labels, "annotations": {
                    "prometheus.io/scrape": "true", "prometheus.io/path": "/metrics",
                    "prometheus.io/port": str(container_port)}},
                "spec": {
                    "terminationGracePeriodSeconds": GRACE_SECONDS[kind],
                    "securityContext": {"runAsNonRoot": True, "runAsUser": 65534, "runAsGroup": 65534,
                                        "seccompProfile": {"type": "RuntimeDefault"}},
                    "containers": [container],
                    "volumes": [{"name": "tmp", "emptyDir": {}}],
                    "topologySpreadConstraints": [{"maxSkew": 1, "topologyKey": "kubernetes.io/hostname",
                                                   "whenUnsatisfiable": "ScheduleAnyway",
                                                   "labelSelector": {"matchLabels": labels}}],
                },
            },
        },
    }


def _namespace_peer(name: str) -> dict:
    return {"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": name}}}


def network_policy(entry: ServiceEntry, kind: str) -> dict:
    """Who may open a connection to the pods of one Deployment (ADR 0145). Kubelet's probes are always allowed
    (they come from the node). Web: the other MCF pods and Prometheus; an entry point also the ingress controller.
    Workers and jobs answer nobody but Prometheus (their /metrics) and the kubelet (probes)."""
    labels = _labels(entry, kind)
    if kind == "web":
        peers = [{"podSelector": {"matchLabels": {"app.kubernetes.io/part-of": "mcf"}}},
                 _namespace_peer(MONITORING_NAMESPACE)]
        if entry.name in ENTRY_POINTS:
            peers.append(_namespace_peer(INGRESS_NAMESPACE))
        ports = [{"protocol": "TCP", "port": port(entry)}]
    else:
        peers, ports = [_namespace_peer(MONITORING_NAMESPACE)], [{"protocol": "TCP", "port": PROBE_PORT}]
    return {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy",
            "metadata": {"name": f"{entry.name}-{kind}", "labels": labels},
            "spec": {"podSelector": {"matchLabels": labels}, "policyTypes": ["Ingress"],
                     "ingress": [{"from": peers, "ports": ports}]}}


def service_documents(entry: ServiceEntry) -> list[dict]:
    docs = []
    for kind in entry.processes:
        labels = _labels(entry, kind)
        name = f"{entry.name}-{kind}"
        docs.append(deployment(entry, kind))
        docs.append({"apiVersion": "policy/v1", "kind": "PodDisruptionBudget",
                     "metadata": {"name": name, "labels": labels},
                     "spec": {"maxUnavailable": 1, "selector": {"matchLabels": labels}}})
        docs.append(network_policy(entry, kind))
        if kind == "web":
            docs.append({"apiVersion": "v1", "kind": "Service", "metadata": {"name": entry.name, "labels": labels},
                         "spec": {"selector": labels,
                                  "ports": [{"name": "http", "port": port(entry), "targetPort": "http"}]}})
            docs.append({"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler",
                         "metadata": {"name": name, "labels": labels},
                         "spec": {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": name},
                                  "minReplicas": REPLICAS, "maxReplicas": HPA_MAX,
                                  "metrics": [{"type": "Resource", "resource": {
                                      "name": "cpu", "target": {"type": "Utilization", "averageUtilization": 70}}}]}})
    return docs


def config_map() -> dict:
    data = {
        "MCF_ENV": "production", "MCF_HOST": "0.0.0.0", "MCF_PORT_BASE": str(PORT_BASE),
        "MCF_PROBE_PORT": str(PROBE_PORT), "MCF_METRICS_PORT": str(PROBE_PORT), "MCF_VAR_DIR": "/tmp/mcf",
        "MCF_LOG_LEVEL": "INFO",
        "MCF_PG_HOST": SERVERS["postgres"], "MCF_PG_PORT": "5432", "MCF_PG_USER": "mcf",
        "MCF_CLICKHOUSE_HOST": SERVERS["clickhouse"], "MCF_CLICKHOUSE_PORT": "9000",
        "MCF_SMTP_HOST": SERVERS["smtp"], "MCF_SMTP_PORT": "25",
    }
    for entry in SERVICES:
        if "web" in entry.processes:
            data[f"MCF_{entry.name.upper().replace('-', '_')}_URL"] = f"http://{entry.name}:{port(entry)}"
    return {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "mcf-config"}, "data": data}


def migrate_job() -> dict:
    """Every service's schema steps, run by `mcf migrate`: safe when two start at once (PostgreSQL steps take an
    advisory lock; ClickHouse and MongoDB steps are idempotent), so an overlapping rollout cannot break it."""
    return {
        "apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "mcf-migrate",
                                                              "labels": {"app.kubernetes.io/part-of": "mcf",
                                                                         "app.kubernetes.io/component": "migrate"}},
        "spec": {"backoffLimit": 10, "ttlSecondsAfterFinished": 3600, "template": {
            "metadata": {"labels": {"app.kubernetes.io/part-of": "mcf", "app.kubernetes.io/component": "migrate"}},
            "spec": {"restartPolicy": "OnFailure",
                     "securityContext": {"runAsNonRoot": True, "runAsUser": 65534, "runAsGroup": 65534,
                                         "seccompProfile": {"type": "RuntimeDefault"}},
                     "containers": [{"name": "migrate", "image": IMAGE, "command": ["mcf", "migrate"],
                                     "envFrom": _env_from(SERVICES[0]),
                                     "resources": {"requests": {"cpu": "100m", "memory": "256Mi"},
                                                   "limits": {"cpu": "1", "memory": "512Mi"}},
                                     "securityContext": {"allowPrivilegeEscalation": False,
                                                         "readOnlyRootFilesystem": True,
                                                         "capabilities": {"drop": ["ALL"]}},
                                     "volumeMounts": [{"name": "tmp", "mountPath": "/tmp"}]}],
                     "volumes": [{"name": "tmp", "emptyDir": {}}]}}}}


# -- production: the servers as their operators' custom resources --------------------------------------------------
def production_servers() -> list[dict]:
    configure, write, read = PARTNER_PERMISSIONS
    return [
        {"apiVersion": "rabbitmq.com/v1beta1", "kind": "RabbitmqCluster", "metadata": {"name": "mcf-rabbitmq"},
         "spec": {"replicas": 3,
                  "resources": {"requests": {"cpu": "1", "memory": "2Gi"}, "limits": {"cpu": "2", "memory": "2Gi"}},
                  "persistence": {"storage": "20Gi"},
                  # Queues MCF declares without x-queue-type become quorum queues (replicated on the 3 nodes).
                  "rabbitmq": {"additionalConfig": "default_queue_type = quorum\n"
                                                   "cluster_partition_handling = pause_minority\n"}}},
        {"apiVersion": "rabbitmq.com/v1beta1", "kind": "Vhost", "metadata": {"name": "mcf"},
         "spec": {"name": "mcf", "defaultQueueType": "quorum", "rabbitmqClusterReference": {"name": "mcf-rabbitmq"}}},
        {"apiVersion": "rabbitmq.com/v1beta1", "kind": "User", "metadata": {"name": "mcf-services"},
         "spec": {"rabbitmqClusterReference": {"name": "mcf-rabbitmq"},
                  "importCredentialsSecret": {"name": "mcf-broker-credentials"}}},
        {"apiVersion": "rabbitmq.com/v1beta1", "kind": "Permission", "metadata": {"name": "mcf-services"},
         "spec": {"vhost": "mcf", "userReference": {"name": "mcf-services"},
                  "permissions": {"configure": ".*", "write": ".*", "read": ".*"},
                  "rabbitmqClusterReference": {"name": "mcf-rabbitmq"}}},
        # The partner's own user: it may read only its queue and write only its exchange (as `mcf up` sets locally).
        {"apiVersion": "rabbitmq.com/v1beta1", "kind": "User", "metadata": {"name": "fur-tune"},
         "spec": {"rabbitmqClusterReference": {"name": "mcf-rabbitmq"},
                  "importCredentialsSecret": {"name": "fur-tune-broker-credentials"}}},
        {"apiVersion": "rabbitmq.com/v1beta1", "kind": "Permission", "metadata": {"name": "fur-tune"},
         "spec": {"vhost": "mcf", "userReference": {"name": "fur-tune"},
                  "permissions": {"configure": configure, "write": write, "read": read},
                  "rabbitmqClusterReference": {"name": "mcf-rabbitmq"}}},
        {"apiVersion": "postgresql.cnpg.io/v1", "kind": "Cluster", "metadata": {"name": "mcf-postgres"},
         "spec": {"instances": 3, "imageName": "ghcr.io/cloudnative-pg/postgresql:16",
                  "storage": {"size": "50Gi"},
                  "postgresql": {"parameters": {"max_connections": "400"}},
                  # The services create their databases (<prefix><service>) themselves, so the role may.
                  "bootstrap": {"initdb": {"database": "mcf", "owner": "mcf",
                                           "secret": {"name": "mcf-postgres-credentials"},
                                           "postInitApplicationSQL": ["ALTER ROLE mcf CREATEDB"]}},
                  "monitoring": {"enablePodMonitor": False}}},
        {"apiVersion": "clickhouse.altinity.com/v1", "kind": "ClickHouseInstallation", "metadata": {"name": "mcf"},
         "spec": {"configuration": {
             # The Keeper installation's Service is the operator's `keeper-<name>`; its port is set below.
             "zookeeper": {"nodes": [{"host": f"keeper-{KEEPER}", "port": KEEPER_PORT}]},
             "clusters": [{"name": CLICKHOUSE_CLUSTER, "layout": {"shardsCount": 1, "replicasCount": 2}}],
             "users": {"mcf/password_sha256_hex": {"valueFrom": {"secretKeyRef": {
                 "name": "mcf-clickhouse-credentials", "key": "password_sha256_hex"}}},
                 "mcf/networks/ip": ["0.0.0.0/0"]},
             # The archive and the logs: ReplicatedReplacingMergeTree on this cluster, created ON CLUSTER by the
             # migrations (MCF_CLICKHOUSE_CLUSTER, mcf.kit.clickhouse.on_cluster; docs/deploy.md).
             "settings": {"default_replica_path": REPLICA_PATH, "default_replica_name": REPLICA_NAME}},
             "defaults": {"templates": {"dataVolumeClaimTemplate": "data"}},
             "templates": {"volumeClaimTemplates": [{"name": "data", "spec": {
                 "accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "50Gi"}}}}]}}},
        {"apiVersion": "clickhouse-keeper.altinity.com/v1", "kind": "ClickHouseKeeperInstallation",
         "metadata": {"name": KEEPER},
         "spec": {"configuration": {"clusters": [{"name": "keeper", "layout": {"replicasCount": 3}}],
                                    "settings": {"keeper_server/tcp_port": str(KEEPER_PORT)}}}},
        {"apiVersion": "mongodbcommunity.mongodb.com/v1", "kind": "MongoDBCommunity", "metadata": {"name": "mcf-mongo"},
         "spec": {"members": 3, "type": "ReplicaSet", "version": "7.0.14",
                  "security": {"authentication": {"modes": ["SCRAM"]}},
                  "users": [{"name": "mcf", "db": "admin",
                             "passwordSecretRef": {"name": "mcf-mongo-password"},
                             # Each service creates its own database (<prefix><service>) on first start.
                             "roles": [{"name": "readWriteAnyDatabase", "db": "admin"}],
                             "scramCredentialsSecretName": "mcf-mongo-scram"}]}},
    ]


def production_kustomization() -> dict:
    return {"apiVersion": "kustomize.config.k8s.io/v1beta1", "kind": "Kustomization", "namespace": "mcf",
            "resources": ["../../base", "namespace.yaml", "servers.yaml"],
            "images": [{"name": IMAGE, "newName": "registry.example.org/mcf/mcf", "newTag": "0.1.0"}],
            "patches": [{"path": "config.yaml"}]}


def production_config() -> dict:
    return {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "mcf-config"},
            "data": {"MCF_ENV": "production", "MCF_PG_HOST": "mcf-postgres-rw",
                     "MCF_CLICKHOUSE_HOST": "clickhouse-mcf", "MCF_CLICKHOUSE_CLUSTER": CLICKHOUSE_CLUSTER}}


# -- dev: one node, single servers from their official images ------------------------------------------------------
DEV_SERVERS = {
    "postgres": ("postgres:16", 5432, {"POSTGRES_USER": "mcf", "POSTGRES_PASSWORD": "mcf"}),
    "rabbitmq": ("rabbitmq:3.13-management", 5672, {}),
    "clickhouse": ("clickhouse/clickhouse-server:24.8", 9000, {"CLICKHOUSE_SKIP_USER_SETUP": "1"}),
    "mongo": ("mongo:7", 27017, {}),
    "mailpit": ("axllent/mailpit:v1.21", 1025, {}),
}


def dev_servers() -> list[dict]:
    docs = []
    for name, (image, server_port, env) in DEV_SERVERS.items():
        labels = {"app.kubernetes.io/name": name, "app.kubernetes.io/part-of": "mcf-dev-servers"}
        docs.append({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": name, "labels": labels},
                     "spec": {"replicas": 1, "selector": {"matchLabels": labels}, "strategy": {"type": "Recreate"},
                              "template": {"metadata": {"labels": labels}, "spec": {"containers": [{
                                  "name": name, "image": image, "ports": [{"containerPort": server_port}],
                                  "env": [{"name": k, "value": v} for k, v in env.items()],
                                  "readinessProbe": {"tcpSocket": {"port": server_port}, "periodSeconds": 5},
                                  "resources": {"requests": {"cpu": "100m", "memory": "256Mi"},
                                                "limits": {"cpu": "1", "memory": "1Gi"}}}]}}}})
        docs.append({"apiVersion": "v1", "kind": "Service", "metadata": {"name": name, "labels": labels},
                     "spec": {"selector": labels, "ports": [{"port": server_port, "targetPort": server_port}]}})
    return docs


def dev_kustomization() -> dict:
    replicas = [{"name": f"{e.name}-{k}", "count": 1} for e in SERVICES for k in e.processes]
    return {"apiVersion": "kustomize.config.k8s.io/v1beta1", "kind": "Kustomization", "namespace": "mcf-dev",
            "resources": ["../../base", "namespace.yaml", "servers.yaml"],
            "replicas": replicas,
            "patches": [{"path": "config.yaml"},
                        {"target": {"kind": "HorizontalPodAutoscaler"},
                         "patch": "- op: replace\n  path: /spec/minReplicas\n  value: 1\n"
                                  "- op: replace\n  path: /spec/maxReplicas\n  value: 2\n"}],
            # Development values only; production's Secrets are created by its operators and its secret store.
            "secretGenerator": [
                {"name": "mcf-secrets", "literals": [
                    "MCF_JWT_SECRET=mcf-dev-cluster-secret-at-least-32-characters",
                    "MCF_PG_PASSWORD=mcf", "MCF_AMQP_URL=amqp://guest:guest@rabbitmq:5672/%2F",
                    "MCF_MONGO_URL=mongodb://mongo:27017",
                    # worker-profile's personal-data keys: the dev cluster's own, not the built-in development ones.
                    "MCF_WORKER_PROFILE_KEYS=dev-cluster-1=bWNmLWRldi1jbHVzdGVyLXdvcmtlci1rZXktMS0zMmI=",
                    "MCF_WORKER_PROFILE_ACTIVE_KEY=dev-cluster-1",
                    "MCF_WORKER_PROFILE_INDEX_KEY=bWNmLWRldi1jbHVzdGVyLWJsaW5kLWluZGV4LTMyYnk=",
                    # client-dashboard's personal-data keys (ADR 0121), the dev cluster's own as well.
                    "MCF_CLIENT_DASHBOARD_KEYS=dev-cluster-1=bWNmLWRldi1jbHVzdGVyLWNsaWVudC1rZXktMS0zMmI=",
                    "MCF_CLIENT_DASHBOARD_ACTIVE_KEY=dev-cluster-1",
                    "MCF_CLIENT_DASHBOARD_INDEX_KEY=bWNmLWRldi1jbHVzdGVyLWNsaWVudC1pbmRleC0zMmI=",
                    # order's and payment's keys for the client's contact data (ADR 0123), each its own.
                    "MCF_ORDER_KEYS=dev-cluster-1=bWNmLWRldi1jbHVzdGVyLW9yZGVyLWtleS0xLTMyYnk=",
                    "MCF_ORDER_ACTIVE_KEY=dev-cluster-1",
                    "MCF_ORDER_INDEX_KEY=bWNmLWRldi1jbHVzdGVyLW9yZGVyLWluZGV4LTMyYnk=",
                    "MCF_PAYMENT_KEYS=dev-cluster-1=bWNmLWRldi1jbHVzdGVyLXBheW1lbnQta2V5LTEtMzI=",
                    "MCF_PAYMENT_ACTIVE_KEY=dev-cluster-1",
                    "MCF_PAYMENT_INDEX_KEY=bWNmLWRldi1jbHVzdGVyLXBheW1lbnQtaW5kZXgtMzI=",
                    # notification's keys for its requests' recipient and payload (ADR 0127), its own too.
                    "MCF_NOTIFICATION_KEYS=dev-cluster-1=bWNmLWRldi1jbHVzdGVyLW5vdGlmeS1rZXktMS0zMmI=",
                    "MCF_NOTIFICATION_ACTIVE_KEY=dev-cluster-1",
                    "MCF_NOTIFICATION_INDEX_KEY=bWNmLWRldi1jbHVzdGVyLW5vdGlmeS1pbmRleC0zMmI="]},
                {"name": "fur-tune-secrets", "literals": [
                    "MCF_PARTNER_AMQP_URL=amqp://guest:guest@rabbitmq:5672/%2F",
                    "MCF_JWT_SECRET=fur-tune-holds-no-mcf-secret-only-its-own"]}],
            "generatorOptions": {"disableNameSuffixHash": True}}


def dev_config() -> dict:
    return {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "mcf-config"},
            "data": {"MCF_ENV": "development", "MCF_PG_HOST": "postgres", "MCF_CLICKHOUSE_HOST": "clickhouse",
                     "MCF_SMTP_HOST": "mailpit", "MCF_SMTP_PORT": "1025"}}


def _namespace(name: str) -> dict:
    return {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name}}


def _dump(docs: list[dict] | dict) -> str:
    docs = docs if isinstance(docs, list) else [docs]
    return HEADER + "---\n".join(yaml.safe_dump(d, sort_keys=False, width=120) for d in docs)


def render() -> dict[str, str]:
    """Every file of ``deploy/k8s``, by its path under it."""
    files = {f"base/{entry.name}.yaml": _dump(service_documents(entry)) for entry in SERVICES}
    files["base/config.yaml"] = _dump(config_map())
    files["base/migrate.yaml"] = _dump(migrate_job())
    files["base/kustomization.yaml"] = _dump({
        "apiVersion": "kustomize.config.k8s.io/v1beta1", "kind": "Kustomization",
        "labels": [{"pairs": {"app.kubernetes.io/managed-by": "kustomize"}}],
        "images": [{"name": IMAGE, "newTag": "latest"}],
        "resources": ["config.yaml", "migrate.yaml", *(f"{e.name}.yaml" for e in SERVICES)]})
    files["overlays/dev/kustomization.yaml"] = _dump(dev_kustomization())
    files["overlays/dev/namespace.yaml"] = _dump(_namespace("mcf-dev"))
    files["overlays/dev/servers.yaml"] = _dump(dev_servers())
    files["overlays/dev/config.yaml"] = _dump(dev_config())
    files["overlays/production/kustomization.yaml"] = _dump(production_kustomization())
    files["overlays/production/namespace.yaml"] = _dump(_namespace("mcf"))
    files["overlays/production/servers.yaml"] = _dump(production_servers())
    files["overlays/production/config.yaml"] = _dump(production_config())
    return files


def write(root: Path = ROOT) -> list[Path]:
    written = []
    for relative, text in render().items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_text() != text:
            path.write_text(text)
            written.append(path)
    return written


if __name__ == "__main__":
    for path in write():
        print("wrote", path)
