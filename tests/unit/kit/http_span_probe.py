"""Run by test_tracing.py in a process of its own (tracing, once on, stays on in a process): requests to a kit
Flask app with tracing on and an in-memory exporter; prints a JSON object: the finished spans, the responses'
``traceresponse`` headers and which libraries are instrumented. Environment: MCF_TRACE_SAMPLE, MCF_TRACE_SQL."""
from __future__ import annotations

import json
import sys

from flask_smorest import Blueprint
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from mcf.kit import tracing
from mcf.kit.config import Settings
from mcf.kit.http import create_app

PARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"


def main(requests_made: int) -> int:
    exporter = InMemorySpanExporter()
    assert tracing.configure("probe", exporter=exporter)
    blueprint = Blueprint("things", __name__)

    @blueprint.route("/things/<thing_id>")
    def thing(thing_id):
        if thing_id == "boom":
            raise RuntimeError("the thing broke")
        return {"id": thing_id, "traceparent": tracing.current_traceparent()}

    app = create_app("probe", Settings(), blueprints=[blueprint])
    client = app.test_client()
    answers = [client.get("/things/7", headers={"traceparent": PARENT}), client.get("/things/boom"),
               client.get("/health"), client.get("/things/1?q=%00")]
    answers += [client.get(f"/things/{n}") for n in range(requests_made)]
    from opentelemetry.instrumentation.psycopg2 import Psycopg2Instrumentor

    print(json.dumps({
        "spans": [dict(tracing.span_record(s, "probe"), events=[e.name for e in s.events])
                  for s in exporter.get_finished_spans()],
        "answers": [{"status": a.status_code, "traceresponse": a.headers.get("traceresponse"),
                     "body": a.get_json(silent=True)} for a in answers],
        "sql_instrumented": Psycopg2Instrumentor().is_instrumented_by_opentelemetry,
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 0))
