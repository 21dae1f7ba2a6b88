"""End to end: every process of the running system exposes /metrics, Prometheus (started by `mcf up`) scrapes them
all, an order shows up in the business counters, and `mcf status` sees every process, queue and outbox."""
import time
import uuid

import pytest
import requests
from prometheus_client.parser import text_string_to_metric_families

from mcf.kit.metrics import metrics_port, prometheus_port
from mcf.services import SERVICES
from mcf.stack import status
from tests.e2e.test_order_to_email import mails_to, place_order

pytestmark = pytest.mark.e2e

PROCESSES = [(entry.name, process) for entry in SERVICES for process in entry.processes]


def sample(stack, service, process, metric, **labels) -> float | None:
    text = requests.get(f"http://{stack.settings.host}:{metrics_port(stack.settings, service, process)}/metrics",
                        timeout=10).text
    for family in text_string_to_metric_families(text):
        for s in family.samples:
            if s.name == metric and all(s.labels.get(k) == v for k, v in labels.items()):
                return s.value
    return None


def eventually(check, timeout=180.0, pause=1.0):
    """What ``check`` returns once it is truthy (bounded wait; the machine may be slow, no timing is asserted)."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(pause)


def test_an_order_is_counted_and_every_process_is_seen(stack):
    email = f"metrics-{uuid.uuid4().hex[:8]}@example.com"
    placed, _ = place_order(stack, email)
    assert placed.status_code == 201, placed.text

    # the request, by its route template, in client-dashboard's web process (gunicorn's workers added up)
    assert sample(stack, "client-dashboard", "web", "mcf_http_requests_total", route="/orders", method="POST",
                  status="201") >= 1
    # the business counters, read off the events the relays publish, and the e-mail the order caused
    assert eventually(lambda: (sample(stack, "order", "workers", "mcf_orders_total", event="placed") or 0) >= 1)
    assert eventually(lambda: mails_to(stack, email))
    assert eventually(lambda: (sample(stack, "notification", "jobs", "mcf_emails_total", outcome="sent") or 0) >= 1)
    assert sample(stack, "order", "workers", "mcf_outbox_backlog", relay="order.outbox-relay") is not None
    assert eventually(lambda: sample(stack, "order", "workers", "mcf_consumer_messages_total",
                                     queue="order.live-orders", outcome="handled"))
    assert sample(stack, "order", "workers", "mcf_queue_consumers", name="order.inbox") >= 1
    assert sample(stack, "inventory", "jobs", "mcf_queue_messages", name="inventory.kits.XQ") is not None

    # mcf status: every process up, every topology queue consumed, the outboxes listed
    snap = eventually(lambda: (lambda s: s if all(p[3] == "up" for p in s.processes) else None)(
        status.snapshot(stack.settings)))
    assert snap, status.render(status.snapshot(stack.settings))
    assert {(p[0], p[1]) for p in snap.processes} == set(PROCESSES)
    queues = {q[0]: q for q in snap.queues}
    assert queues["order.inbox"][2] >= 1 and queues["notification.send"][2] >= 1
    assert "order.outbox-relay" in {o[1] for o in snap.outboxes}
    assert "DEAD LETTERS" in status.render(snap)

    # Prometheus, as `mcf up` started it, scrapes every process
    api = f"http://{stack.settings.host}:{prometheus_port(stack.settings)}/api/v1"

    def all_up():
        targets = requests.get(f"{api}/targets", timeout=10).json()["data"]["activeTargets"]
        up = {(t["labels"]["service"], t["labels"]["process"]) for t in targets if t["health"] == "up"}
        return up if up == set(PROCESSES) else None

    assert eventually(all_up), requests.get(f"{api}/targets", timeout=10).text[:3000]
    rules = requests.get(f"{api}/rules", timeout=10).json()["data"]["groups"]
    assert {r["name"] for g in rules for r in g["rules"]} >= {"DeadLettersWaiting", "OutboxLagging",
                                                             "HighErrorRate", "OrdersStuckPastDeadline"}
