"""``mcf status``: the system at a glance — which processes answer, the queues' depths and consumers, the outboxes'
lag and the dead letters. The first command to run when something looks wrong (docs/operations.md).

Processes are asked their ``/ready`` (web on its port, workers and jobs on their metrics port: ``mcf.kit.metrics``);
the queues by passive declares on the broker (no management plugin needed); the outboxes' lag from the workers'
``/metrics`` (``mcf_outbox_*``), so status reads what Prometheus reads.
"""
from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field

import requests
from prometheus_client.parser import text_string_to_metric_families

from mcf.kit.config import Settings
from mcf.kit.metrics import consumer_queues, job_queues, queue_depths
from mcf.services import SERVICES
from mcf.stack.observability import scrape_targets
from mcf.topology import TOPOLOGY

TIMEOUT = 2.0


@dataclass
class Snapshot:
    processes: list[tuple[str, str, str, str]] = field(default_factory=list)  # service, process, address, state
    queues: list[tuple[str, int, int, int, int]] = field(default_factory=list)  # queue, ready, consumers, retry, dead
    outboxes: list[tuple[str, str, int, float]] = field(default_factory=list)  # service, relay, backlog, age
    broker: str = "ok"

    @property
    def dead_letters(self) -> int:
        return sum(q[4] for q in self.queues)


def _ready(address: str) -> tuple[str, str | None]:
    try:
        response = requests.get(f"http://{address}/ready", timeout=TIMEOUT)
    except requests.RequestException:
        return "down", None
    return ("up" if response.status_code == 200 else f"not ready ({response.status_code})"), address


def _outboxes(service: str, address: str) -> list[tuple[str, str, int, float]]:
    try:
        text = requests.get(f"http://{address}/metrics", timeout=TIMEOUT).text
    except requests.RequestException:
        return []
    backlog, age = {}, {}
    try:
        families = list(text_string_to_metric_families(text))
    except ValueError:  # something else answers on that port: status reports, it does not crash
        return []
    for family in families:
        for sample in family.samples:
            if sample.name == "mcf_outbox_backlog":
                backlog[sample.labels["relay"]] = int(sample.value)
            elif sample.name == "mcf_outbox_oldest_unsent_age_seconds":
                age[sample.labels["relay"]] = float(sample.value)
    return [(service, relay, count, age.get(relay, 0.0)) for relay, count in sorted(backlog.items())]


def all_queues() -> dict[str, tuple[str, str]]:
    queues: dict[str, tuple[str, str]] = {}
    for queue in TOPOLOGY.queues:
        queues.update(consumer_queues(queue))
    queues.update(job_queues(q for entry in SERVICES for q in entry.job_queues))
    return queues


def snapshot(settings: Settings, replicas: int | None = None) -> Snapshot:
    """``replicas``: of every process (every workers and jobs replica has its own port, ADR 0143); by default
    what the `mcf up` running on this port block says it runs."""
    if replicas is None:
        from mcf.stack.up import running_replicas

        replicas = running_replicas(settings)
    snap = Snapshot()
    for target in scrape_targets(settings, replicas=replicas):
        state, _ = _ready(target.address)
        process = target.process if target.replica is None else f"{target.process}.{target.replica}"
        snap.processes.append((target.service, process, target.address, state))
        if target.process == "workers" and state != "down":  # each replica's relays, claimed apart
            snap.outboxes += _outboxes(target.service, target.address)
    names = all_queues()
    try:
        depths = queue_depths(settings.amqp_url, names)
    except Exception as exc:  # noqa: BLE001 - status reports the broker down rather than failing
        snap.broker = f"down ({type(exc).__name__}: {exc})"
        return snap
    by_queue: dict[str, dict[str, tuple[int, int]]] = {}
    for name, (queue, role) in names.items():
        if name in depths:
            by_queue.setdefault(queue, {})[role] = depths[name]
    for queue, roles in sorted(by_queue.items()):
        ready, consumers = roles.get("main", (0, 0))
        retry = roles.get("retry", roles.get("delay", (0, 0)))[0]
        snap.queues.append((queue, ready, consumers, retry, roles.get("dead", (0, 0))[0]))
    return snap


def render(snap: Snapshot) -> str:
    lines = [f"mcf status  {time.strftime('%Y-%m-%d %H:%M:%S')}", "", "PROCESSES"]
    up = sum(1 for p in snap.processes if p[3] == "up")
    for service, process, address, state in snap.processes:
        lines.append(f"  {service:18} {process:9} {address:22} {state}")
    lines.append(f"  {up} of {len(snap.processes)} up")
    lines += ["", f"QUEUES (broker: {snap.broker})",
              f"  {'queue':28} {'ready':>7} {'consumers':>9} {'retrying':>8} {'dead':>6}"]
    for queue, ready, consumers, retry, dead in snap.queues:
        flag = "  <- dead letters" if dead else ("  <- no consumer" if not consumers else "")
        lines.append(f"  {queue:28} {ready:>7} {consumers:>9} {retry:>8} {dead:>6}{flag}")
    lines += ["", "OUTBOXES", f"  {'service':18} {'relay':28} {'unsent':>7} {'oldest (s)':>10}"]
    for service, relay, count, age in snap.outboxes:
        lines.append(f"  {service:18} {relay:28} {count:>7} {age:>10.1f}{'  <- lagging' if age > 60 else ''}")
    if not snap.outboxes:
        lines.append("  (no workers process answered)")
    lines += ["", f"DEAD LETTERS: {snap.dead_letters}"]
    return "\n".join(lines) + "\n"


def run(settings: Settings, *, watch: float | None = None, out=sys.stdout, rounds: int | None = None,
        replicas: int | None = None) -> int:
    """Print the status once, or every ``watch`` seconds until Ctrl-C (``rounds`` bounds it, for tests).
    Exit code 0 when every process is up and no dead letter waits, else 1."""
    done, snap = 0, None
    try:
        while True:
            snap = snapshot(settings, replicas)
            if watch:
                out.write("\x1b[2J\x1b[H")  # clear the terminal between refreshes
            out.write(render(snap))
            out.flush()
            done += 1
            if not watch or (rounds is not None and done >= rounds):
                break
            time.sleep(watch)
    except KeyboardInterrupt:
        if snap is None:
            return 130
    healthy = all(p[3] == "up" for p in snap.processes) and not snap.dead_letters and snap.broker == "ok"
    return 0 if healthy else 1
