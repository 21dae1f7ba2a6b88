"""Tracing on, against the real PostgreSQL and RabbitMQ: the relay's publish continues the trace of the request
that wrote the outbox row, and the consumer's inbox step continues it from the AMQP headers; log lines carry the
trace id. Runs ``tracing_probe.py`` in a process of its own, so this test process stays untraced."""
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _trace_of(spans, name):
    return next(s["trace_id"] for s in spans if s["name"] == name)


def test_one_trace_from_the_request_through_the_outbox_relay_and_the_broker_to_the_consumer(servers):
    name = f"tr{uuid.uuid4().hex[:8]}"
    # with the statement spans, which are opt-in (ADR 0161)
    done = subprocess.run([sys.executable, "-m", "tests.integration.tracing_probe", servers.amqp_url,
                           servers.db_prefix, name], cwd=ROOT, capture_output=True, text=True, timeout=180,
                          env={**os.environ, "MCF_TRACE_SQL": "1"})
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    spans = [json.loads(line[5:]) for line in done.stdout.splitlines() if line.startswith("SPAN ")]
    by_name = {s["name"]: s for s in spans if s["trace_id"] != _trace_of(spans, "probe mongo request")}
    request = by_name["probe request"]
    trace_id = request["trace_id"]
    publish = by_name["outbox publish thing.happened"]
    handle = next(s for n, s in by_name.items() if n.endswith("handle thing.happened"))
    assert publish["trace_id"] == trace_id and publish["parent_span_id"] == request["span_id"]
    assert publish["kind"] == "PRODUCER" and handle["kind"] == "CONSUMER"
    assert handle["trace_id"] == trace_id
    # pika's instrumentation: send spans under the relay's (it wraps the blocking channel and the one beneath it),
    # a receive span, from the AMQP headers, that the inbox step runs in
    sends = {s["span_id"]: s for s in spans if s["name"].endswith(" send") and s["trace_id"] == trace_id}
    assert any(s["parent_span_id"] == publish["span_id"] for s in sends.values())
    receive = next(s for s in spans if s["name"].endswith(" receive") and s["trace_id"] == trace_id)
    assert receive["parent_span_id"] in sends and handle["parent_span_id"] == receive["span_id"]
    # a poll of the database outside any request or message starts no trace
    assert not [s for s in spans if s["kind"] == "CLIENT" and s["parent_span_id"] is None]
    # psycopg2's instrumentation: the outbox INSERT is a span of the request, the inbox claim one of the handler
    statements = [s for s in spans if s["attributes"].get("db.system") == "postgresql" and s["trace_id"] == trace_id]
    assert any(s["parent_span_id"] == request["span_id"] for s in statements)
    assert any(s["parent_span_id"] == handle["span_id"] for s in statements)
    # the handler's log line names the trace and its span beside the correlation id
    first = next(text for text in done.stderr.splitlines() if '"probe handled"' in text)
    line = json.loads(first)
    assert line["trace_id"] == trace_id and line["span_id"] == handle["span_id"] and line["correlation_id"]

    # the MongoDB outbox: the document's insert is a span of the request (pymongo's instrumentation), and the
    # relay's publish and the consumer's step continue the request's trace from the entry embedded in the document
    mongo_trace = _trace_of(spans, "probe mongo request")
    in_mongo = [s for s in spans if s["trace_id"] == mongo_trace]
    mongo_request = next(s for s in in_mongo if s["name"] == "probe mongo request")
    assert any(s["attributes"].get("db.system") == "mongodb" and s["parent_span_id"] == mongo_request["span_id"]
               for s in in_mongo)
    assert any(s["name"] == "outbox publish thing.happened" and s["parent_span_id"] == mongo_request["span_id"]
               for s in in_mongo)
    assert any(s["name"].endswith("handle thing.happened") for s in in_mongo)
