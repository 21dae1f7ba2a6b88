"""End to end: one order is one trace, across HTTP, the outboxes, the broker, dramatiq and the partner (ADR 0160).

`mcf up` writes every process's spans to ``var/traces/<service>-<pid>.jsonl`` (mcf.kit.tracing's file exporter);
this test reads them. The client places the order without any trace of its own: client-dashboard starts the trace
and tells it in the W3C ``traceresponse`` header; the client's next requests about the order (its payment, and the
worker's acceptance in the PWA) continue it with a ``traceparent``, as a browser instrumented with OpenTelemetry
does.
"""
import time
import uuid

import pytest

from mcf.kit.auth import issue_token
from mcf.kit.tracing import read_trace_files
from tests.e2e.test_client_journey import (
    ADDRESS,
    GOOD_CARD,
    SETTLE,
    add_cat,
    call,
    dashboard,
    offered_worker,
    order_becomes,
    sign_up,
    slot,
)
from tests.support.amqp import wait_for

pytestmark = pytest.mark.e2e

# Every service one order passes through, up to a worker taking it: the synchronous chain, the consumers of
# order.created (inventory, the partner, matching, notification), the payment, and worker-dashboard.
EXPECTED = {"client-dashboard", "order", "matching", "inventory", "fur-tune", "notification", "payment",
            "worker-dashboard"}


def spans_of(stack, trace_id: str, since: float) -> list[dict]:
    return [s for s in read_trace_files(stack.settings.var_dir / "traces", since) if s["trace_id"] == trace_id]


def test_one_order_placed_through_client_dashboard_is_one_trace_across_every_service(stack):
    since = time.time() - 5
    token, client = sign_up(stack, "Tracy")
    cat = add_cat(stack, token, "Tracer")
    placed = dashboard(stack, "POST", "/orders", token, json={
        "cat_id": cat["id"], "toy_category": "catnip", "slot_start": slot(9), "duration_minutes": 60,
        "address": ADDRESS})
    assert placed.status_code == 201, placed.text
    order = placed.json()
    version, trace_id, root_span, flags = placed.headers["traceresponse"].split("-")
    assert len(trace_id) == 32 and int(trace_id, 16) != 0
    continued = {"traceparent": f"00-{trace_id}-{root_span}-{flags}"}

    order_becomes(stack, token, order["id"], lambda o: (o.get("kit") or {}).get("ready"))
    paid = dashboard(stack, "POST", f"/orders/{order['id']}/pay", token, json={"card_number": GOOD_CARD},
                     headers={"Idempotency-Key": str(uuid.uuid4()), **continued})
    assert paid.status_code == 201, paid.text
    assert paid.headers["traceresponse"].split("-")[1] == trace_id
    order_becomes(stack, token, order["id"], lambda o: o["status"] == "confirmed")
    worker_id = offered_worker(stack, token, order["id"])["offer"]["worker_id"]
    worker = issue_token(stack.settings.jwt_secret, worker_id, "worker", audience=["worker-dashboard"])
    accepted = call(stack, "worker-dashboard", "POST", f"/api/offers/{order['id']}/accept", worker,
                    headers={"Idempotency-Key": str(uuid.uuid4()), **continued})
    assert accepted.status_code == 200, accepted.text

    def whole():
        spans = spans_of(stack, trace_id, since)
        ids = {s["span_id"] for s in spans}
        services = {s["service"] for s in spans}
        orphans = [s for s in spans if s["parent_span_id"] is not None and s["parent_span_id"] not in ids]
        return spans if EXPECTED <= services and not orphans else None

    spans = wait_for(whole, SETTLE, step=1.0)
    found = spans_of(stack, trace_id, since)
    known = {s["span_id"] for s in found}
    orphans = [(s["service"], s["name"]) for s in found if s["parent_span_id"] and s["parent_span_id"] not in known]
    assert spans, (f"trace {trace_id} is incomplete: services {sorted({s['service'] for s in found})}, "
                   f"missing {sorted(EXPECTED - {s['service'] for s in found})}, orphans {orphans}")
    roots = [s for s in spans if s["parent_span_id"] is None]
    assert [(r["service"], r["kind"]) for r in roots] == [("client-dashboard", "SERVER")], roots
    names = [(s["service"], s["name"]) for s in spans]
    kinds = {s["kind"] for s in spans}
    assert {"SERVER", "CLIENT", "PRODUCER", "CONSUMER"} <= kinds
    # the kit's own spans: the relay's publish of the row the request wrote, a consumer's inbox step, an actor,
    # a ClickHouse call; and the instrumentations': PostgreSQL statements
    assert ("order", "outbox publish order.created") in names, names
    assert any(n.startswith("inventory.order-events handle order.created") for s, n in names if s == "inventory")
    assert any(s == "fur-tune" and n.startswith("fur-tune answer fortune.issued") for s, n in names)
    assert any(n.endswith(" process") for s, n in names if s in ("inventory", "notification"))
    assert any(n.startswith("clickhouse ") for _, n in names)
    assert any(s_["attributes"].get("db.system") in ("postgresql", "postgres") for s_ in spans)
