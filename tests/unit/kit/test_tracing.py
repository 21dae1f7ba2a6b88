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
    assert tracing.trace_file_path("/x/{service}-{pid}.jsonl", "order").name.startswith("order-")
