"""mcf.kit.tracing without turning tracing on in this process: off costs nothing and changes nothing; the trace
file's format; the envelope's traceparent."""
import json

from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.trace import SpanKind

from mcf.kit import tracing
from mcf.kit.config import Settings
from mcf.kit.events import Event
from mcf.stack.up import trace_default

TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"


def test_off_by_default_every_helper_is_a_no_op():
    assert not tracing.enabled()
    assert tracing.current_traceparent() is None and tracing.ids() is None
    event = Event(type="thing.happened", source="/mcf/test", data={})
    assert tracing.stamped(event) is event and "traceparent" not in event.to_dict()
    with tracing.span("nothing") as span, tracing.consumer("nothing", parent=TRACEPARENT) as other:
        assert span is None and other is None


def test_off_installs_nothing_an_app_has_no_span_hooks_and_no_library_is_patched():
    from opentelemetry.instrumentation.pika import PikaInstrumentor

    from mcf.kit.http import create_app

    assert not tracing.configure("off-test", Settings())  # no exporter configured: stays off
    app = create_app("off-test", Settings())
    hooks = [f.__name__ for f in app.before_request_funcs[None] + app.teardown_request_funcs[None]]
    assert hooks == ["_begin", "_close"]
    answer = app.test_client().get("/health")
    assert answer.status_code == 200 and "traceresponse" not in answer.headers
    assert not PikaInstrumentor().is_instrumented_by_opentelemetry


def test_the_envelope_carries_the_cloudevents_traceparent_extension_both_ways():
    event = Event(type="thing.happened", source="/mcf/test", data={"n": 1}, traceparent=TRACEPARENT)
    assert json.loads(event.to_json())["traceparent"] == TRACEPARENT
    assert Event.from_json(event.to_json()).traceparent == TRACEPARENT
    assert Event.from_json(Event(type="a.b", source="/mcf/t", data={}).to_json()).traceparent is None


def test_the_trace_file_holds_one_json_line_a_span_that_read_trace_files_reads_back(tmp_path):
    provider = TracerProvider(resource=Resource.create({"service.name": "probe"}))
    provider.add_span_processor(SimpleSpanProcessor(tracing.JsonLinesSpanExporter(tmp_path / "probe-1.jsonl",
                                                                                  "probe")))
    tracer = provider.get_tracer("test")
    with tracer.start_as_current_span("outer", kind=SpanKind.SERVER):
        with tracer.start_as_current_span("inner", attributes={"db.system": "postgresql", "n": 3}):
            pass
    (tmp_path / "other.jsonl").write_text("not json\n")
    outer, = [s for s in tracing.read_trace_files(tmp_path) if s["name"] == "outer"]
    inner, = [s for s in tracing.read_trace_files(tmp_path) if s["name"] == "inner"]
    assert inner["trace_id"] == outer["trace_id"] and len(outer["trace_id"]) == 32
    assert inner["parent_span_id"] == outer["span_id"] and outer["parent_span_id"] is None
    assert (outer["service"], outer["kind"], inner["attributes"]) == ("probe", "SERVER",
                                                                      {"db.system": "postgresql", "n": 3})
    assert inner["end_ns"] >= inner["start_ns"]


def test_mcf_up_traces_to_var_traces_in_development_unless_told_otherwise(tmp_path):
    settings = Settings(var_dir=tmp_path)
    env = {}
    assert trace_default(settings, env) == str(tmp_path / "traces" / "{service}-{pid}.jsonl")
    assert env["MCF_TRACE_FILE"].endswith("{service}-{pid}.jsonl")
    assert trace_default(settings, {"MCF_TRACE_FILE": ""}) == ""  # turned off
    assert trace_default(settings, {"OTEL_EXPORTER_OTLP_ENDPOINT": "http://jaeger:4318"}) == ""
    assert trace_default(settings.with_(environment="production"), {}) == ""
    assert env["MCF_TRACE_SQL"] == "1"  # development traces show the statements (ADR 0161)
    assert trace_default(settings, quiet := {"MCF_TRACE_SQL": "0"}) and quiet["MCF_TRACE_SQL"] == "0"
    production = {}
    trace_default(settings.with_(environment="production"), production)
    assert "MCF_TRACE_SQL" not in production
    assert tracing.trace_file_path("/x/{service}-{pid}.jsonl", "order").name.startswith("order-")


def _probe(requests_made: int = 0, probe: str = "http_span_probe", **env) -> dict:
    """tests/unit/kit/<probe>.py in a process of its own (tracing, once on, stays on in a process)."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[3]
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("MCF_TRACE", "OTEL_"))}
    done = subprocess.run([sys.executable, "-m", f"tests.unit.kit.{probe}", str(requests_made)], cwd=root,
                          env={**environment, **env}, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_kits_server_span_is_named_by_route_continues_the_caller_and_tells_its_trace():
    found = _probe()
    spans, answers = found["spans"], found["answers"]
    assert [s["kind"] for s in spans] == ["SERVER"] * 3  # /health has none
    continued, failed, refused = spans
    assert continued["name"] == "GET /things/<thing_id>"
    assert (continued["trace_id"], continued["parent_span_id"]) == (TRACEPARENT.split("-")[1],
                                                                    TRACEPARENT.split("-")[2])
    assert continued["attributes"] == {"http.request.method": "GET", "url.path": "/things/7", "url.scheme": "http",
                                       "http.route": "/things/<thing_id>", "http.response.status_code": 200}
    # the span is current in the view, and the response tells it
    assert answers[0]["body"]["traceparent"].split("-")[2] == continued["span_id"]
    assert answers[0]["traceresponse"] == f"00-{continued['trace_id']}-{continued['span_id']}-01"
    assert (failed["status"], failed["attributes"]["http.response.status_code"]) == ("ERROR", 500)
    assert failed["events"] == ["exception"] and failed["parent_span_id"] is None
    # a request refused by a before_request hook (a NUL in the query) still has its span
    assert (refused["status"], refused["attributes"]["http.response.status_code"]) == ("UNSET", 422)
    assert answers[2]["traceresponse"] is None
    assert found["sql_instrumented"] is False  # statement spans are opt-in (MCF_TRACE_SQL=1)


def test_a_sample_ratio_records_that_share_of_the_roots_and_follows_a_callers_decision():
    found = _probe(200, MCF_TRACE_SAMPLE="0.25", MCF_TRACE_SQL="1")
    roots = [s for s in found["spans"] if s["parent_span_id"] is None]
    # the 200 plain requests (and the two of the fixed ones without a parent): about a quarter recorded
    assert 20 <= len(roots) <= 90, len(roots)
    assert any(s["parent_span_id"] == TRACEPARENT.split("-")[2] for s in found["spans"])  # the sampled parent's
    sampled = {int(a["traceresponse"][-2:], 16) & 1 for a in found["answers"][4:]}
    assert sampled == {0, 1}  # an unsampled request still tells its trace (W3C sampled flag clear)
    assert found["sql_instrumented"] is True
    nothing = _probe(20, MCF_TRACE_SAMPLE="0")
    assert [s["parent_span_id"] for s in nothing["spans"]] == [TRACEPARENT.split("-")[2]]


def test_a_library_imported_after_tracing_is_on_is_instrumented_when_imported_and_not_before():
    found = _probe(probe="import_hook_probe")
    assert found["imported_at_configure"] == {"pika": False, "pymongo": False, "clickhouse_driver": False}
    assert found["instrumented"] == {"pika": True, "pymongo": True, "clickhouse_driver": True}


def test_a_call_to_another_service_is_a_client_span_whose_context_the_other_service_receives():
    found = _probe(probe="client_span_probe")
    spans = {s["name"]: s for s in found["spans"] if s["kind"] != "CLIENT"}
    clients = [s for s in found["spans"] if s["kind"] == "CLIENT"]
    assert [c["attributes"]["http.response.status_code"] for c in clients] == [200, 503]
    assert [c["status"] for c in clients] == ["UNSET", "ERROR"]
    assert all(c["parent_span_id"] == spans["outer"]["span_id"] for c in clients)
    assert clients[0]["attributes"]["peer.service"] == "other"
    assert [h.rsplit("-", 1)[0] for h in found["received"][:2]] == [f"00-{c['trace_id']}-{c['span_id']}"
                                                                    for c in clients]
    flags = [int(h.rsplit("-", 1)[1], 16) & 1 for h in found["received"]]
    assert flags == [1, 1, 0]  # sampled; the call with no parent sends its context, not sampled
