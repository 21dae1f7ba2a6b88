"""Distributed tracing with OpenTelemetry: one trace per request, continued across HTTP, the outbox and the broker.

Off, and free, unless configured (``configure`` does nothing and every helper here is a no-op):

- ``OTEL_EXPORTER_OTLP_ENDPOINT`` (or ``OTEL_EXPORTER_OTLP_TRACES_ENDPOINT``, or ``MCF_OTLP_ENDPOINT``): spans go
  over OTLP/HTTP (Jaeger's collector at ``http://jaeger:4318`` under compose);
- ``MCF_TRACE_FILE``: spans go to that file, one JSON object a line (``{service}`` and ``{pid}`` in the path are
  replaced, so every process writes its own file; ``mcf up`` sets ``var/traces/{service}-{pid}.jsonl``).

When on, the instrumentations made for our libraries are installed (pika, pymongo, each once the process imports
it; psycopg2 with ``MCF_TRACE_SQL=1``) and the kit adds its own spans where none exists or where the made one costs
too much: the HTTP server span (``instrument_app``, ADR 0161), the client span of a call to another service
(``http_client``, ADR 0162), ClickHouse calls, dramatiq actors, the outbox relays' publishes,
the consumer's inbox step. ``MCF_TRACE_SAMPLE`` (0..1, default 1) records that share of the traces. Context
crosses HTTP as W3C ``traceparent`` headers, the broker as AMQP ``traceparent`` headers and as the CloudEvents
distributed-tracing extension (the envelope's ``traceparent``), which the outbox row stores, so the relay's
publish continues the trace of the request that wrote the row (ADR 0160).

Only adapters and the kit import this module; a service core never does (the architecture test says so).
"""
from __future__ import annotations

import json
import os
import threading
from contextlib import contextmanager, nullcontext
from dataclasses import replace
from pathlib import Path
from typing import Any, Iterator, Mapping, Sequence

import wrapt
from opentelemetry import context as otel_context
from opentelemetry import propagate, trace
from opentelemetry.trace import SpanKind, Status, StatusCode

from mcf.kit.events import Event

TRACEPARENT = "traceparent"
_TRACER_NAME = "mcf.kit"

_lock = threading.Lock()
_state: dict[str, Any] = {"enabled": False, "service": None, "provider": None}


def enabled() -> bool:
    return _state["enabled"]


def endpoint_from_env() -> str:
    return (os.environ.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") or os.environ.get("OTEL_EXPORTER_OTLP_ENDPOINT")
            or os.environ.get("MCF_OTLP_ENDPOINT") or "")


def trace_file_path(template: str, service: str) -> Path:
    return Path(template.replace("{service}", service).replace("{pid}", str(os.getpid())))


def configure(service: str, settings=None, *, exporter=None) -> bool:
    """Turn tracing on for this process if the environment (or ``exporter``, a test's) asks for it; True if on.

    Called by the kit's three process kinds (the app factory, ``mcf serve … workers``, a dramatiq ``start``); the
    first call in a process wins (a process is one service), later ones only instrument what is new.
    """
    trace_file = getattr(settings, "trace_file", None) or os.environ.get("MCF_TRACE_FILE", "")
    otlp = getattr(settings, "otlp_endpoint", None) or endpoint_from_env()
    if os.environ.get("OTEL_SDK_DISABLED", "").lower() == "true" and exporter is None:
        return False
    if not (trace_file or otlp or exporter is not None):
        return _state["enabled"]
    with _lock:
        if _state["enabled"]:
            if exporter is not None:
                _add_exporter(_state["provider"], exporter, simple=True)
            return True
        from opentelemetry.sdk.resources import Resource
        from opentelemetry.sdk.trace import TracerProvider

        provider = TracerProvider(sampler=_sampler(), resource=Resource.create({
            "service.name": service, "service.namespace": "mcf", "process.pid": os.getpid()}))
        if exporter is not None:
            _add_exporter(provider, exporter, simple=True)
        if trace_file:
            _add_exporter(provider, JsonLinesSpanExporter(trace_file_path(trace_file, service), service))
        if otlp:
            from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

            # The SDK reads OTEL_EXPORTER_OTLP_* itself; MCF_OTLP_ENDPOINT is a base URL like the standard one.
            explicit = not (os.environ.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")
                            or os.environ.get("OTEL_EXPORTER_OTLP_ENDPOINT"))
            _add_exporter(provider, OTLPSpanExporter(
                endpoint=otlp.rstrip("/") + "/v1/traces") if explicit else OTLPSpanExporter())
        trace.set_tracer_provider(provider)
        _state.update(enabled=True, service=service, provider=provider)
        _instrument_libraries()
    return True


# Transaction control says nothing a trace needs (the statements between are the spans): not recorded.
_QUIET_STATEMENTS = frozenset({"BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE", "NOTIFY"})


def _sampler():
    """Every trace that starts at a request, a message or a job is kept (a ratio of them, ``MCF_TRACE_SAMPLE``, by
    trace id); a client span with no parent (a relay's or a sweeper's poll of its database, every second) starts
    none, so the traces are the system's work, not its idling; transaction-control statements are not recorded.
    A child follows its parent's decision (W3C sampled flag), so a trace is recorded whole or not at all."""
    from opentelemetry.sdk.trace.sampling import (
        ALWAYS_ON,
        Decision,
        ParentBased,
        Sampler,
        SamplingResult,
        TraceIdRatioBased,
    )

    ratio = sample_ratio()
    roots = ALWAYS_ON if ratio >= 1.0 else TraceIdRatioBased(ratio)

    class NoClientRoots(Sampler):
        def should_sample(self, parent_context, trace_id, name, kind=None, attributes=None, links=None,
                          trace_state=None):
            if kind == SpanKind.CLIENT:
                return SamplingResult(Decision.DROP)
            return roots.should_sample(parent_context, trace_id, name, kind, attributes, links, trace_state)

        def get_description(self) -> str:
            return f"NoClientRoots({roots.get_description()})"

    class McfSampler(Sampler):
        def __init__(self):
            self.parent_based = ParentBased(root=NoClientRoots())

        def should_sample(self, parent_context, trace_id, name, kind=None, attributes=None, links=None,
                          trace_state=None):
            if kind == SpanKind.CLIENT and name in _QUIET_STATEMENTS:
                return SamplingResult(Decision.DROP)
            return self.parent_based.should_sample(parent_context, trace_id, name, kind, attributes, links,
                                                   trace_state)

        def get_description(self) -> str:
            return f"McfSampler(ParentBased({NoClientRoots().get_description()}), quiet transaction control)"

    return McfSampler()


def _add_exporter(provider, exporter, *, simple: bool = False) -> None:
    from opentelemetry.sdk.trace.export import BatchSpanProcessor, SimpleSpanProcessor

    if simple:
        provider.add_span_processor(SimpleSpanProcessor(exporter))
    else:
        # A short delay so a trace is readable a moment after the request (OTEL_BSP_SCHEDULE_DELAY overrides it).
        delay = int(os.environ.get("OTEL_BSP_SCHEDULE_DELAY", "500"))
        provider.add_span_processor(BatchSpanProcessor(exporter, schedule_delay_millis=delay))


def _flag(name: str, default: bool) -> bool:
    value = os.environ.get(name, "").strip().lower()
    return default if not value else value not in ("0", "false", "no", "off")


def sample_ratio() -> float:
    """``MCF_TRACE_SAMPLE``: the share of the traces started here that are recorded (0..1, default 1)."""
    try:
        return min(1.0, max(0.0, float(os.environ.get("MCF_TRACE_SAMPLE", "") or 1.0)))
    except ValueError:
        return 1.0


def sql_spans() -> bool:
    """``MCF_TRACE_SQL=1``: a span for every PostgreSQL statement (psycopg2). Off by default: a statement span is
    the largest part of tracing's cost (ADR 0161); ``mcf up`` turns it on in development."""
    return _flag("MCF_TRACE_SQL", False)


def _instrument_libraries() -> None:
    """pika, pymongo and clickhouse-driver when the process imports them (now, if it has): a process that never
    uses a library does not pay its import and instrumentation (some 0.1 s of CPU and 15 to 30 MiB each, ADR 0162).
    Calls to other services get the kit's client span (``http_client``, from ``ServiceClient.call``)."""
    for module, instrument in (("pika", _instrument_pika), ("pymongo", _instrument_pymongo),
                               ("clickhouse_driver", _instrument_clickhouse)):
        # wrapt (OpenTelemetry's own dependency) runs the hook now if the module is imported, else once it is.
        wrapt.register_post_import_hook(lambda _module, instrument=instrument: instrument(), module)
    if sql_spans():
        from opentelemetry.instrumentation.psycopg2 import Psycopg2Instrumentor

        psycopg2 = Psycopg2Instrumentor()
        if not psycopg2.is_instrumented_by_opentelemetry:
            # psycopg2-binary is psycopg2 under another distribution name, which the dependency check does not know.
            psycopg2.instrument(skip_dep_check=True)


def _instrument_pika() -> None:
    from opentelemetry.instrumentation.pika import PikaInstrumentor

    if not PikaInstrumentor().is_instrumented_by_opentelemetry:
        PikaInstrumentor().instrument()


def _instrument_pymongo() -> None:
    from opentelemetry.instrumentation.pymongo import PymongoInstrumentor

    if not PymongoInstrumentor().is_instrumented_by_opentelemetry:
        PymongoInstrumentor().instrument()


# The probes and the scrapes are not the system's work: no span.
_UNTRACED_PATHS = frozenset({"/health", "/ready", "/metrics"})
_SERVER_SPAN = "_mcf_server_span"


def instrument_app(app) -> None:
    """A SERVER span for every request of a Flask app (probes excluded); nothing when tracing is off.

    The kit's own, in place of opentelemetry-instrumentation-flask (ADR 0161): named ``<METHOD> <route template>``,
    continuing the caller's W3C ``traceparent``, with the HTTP attributes a trace is read by (method, route, path,
    status), the exception of a 5xx recorded (``record_error``, from the kit's error handler), and the trace told
    in the response's W3C ``traceresponse`` header. The span is current from the first ``before_request`` to the
    last ``teardown_request`` (after a streamed body), so every log line and outgoing call of the request is in it.
    """
    if not enabled():
        return
    from flask import g, request

    tracer = trace.get_tracer(_TRACER_NAME)

    def _start():
        if request.path in _UNTRACED_PATHS:
            return None
        header = request.headers.get(TRACEPARENT)
        rule = request.url_rule
        route = rule.rule if rule is not None else None
        method = request.method
        current = tracer.start_span(f"{method} {route}" if route else method, context=_parent_context(header),
                                    kind=SpanKind.SERVER)
        if current.is_recording():
            current.set_attributes({"http.request.method": method, "url.path": request.path,
                                    "url.scheme": request.scheme, **({"http.route": route} if route else {})})
        setattr(g, _SERVER_SPAN, (current, otel_context.attach(trace.set_span_in_context(current))))
        return None

    def _respond(response):
        started = g.get(_SERVER_SPAN)
        if started is not None:
            current = started[0]
            status = response.status_code
            if current.is_recording():
                current.set_attribute("http.response.status_code", status)
                if status >= 500:
                    current.set_status(Status(StatusCode.ERROR))
            context = current.get_span_context()
            response.headers["traceresponse"] = (f"00-{_hex(context.trace_id, 32)}-{_hex(context.span_id, 16)}-"
                                                 f"{int(context.trace_flags):02x}")
            response.headers["Access-Control-Expose-Headers"] = "traceresponse"
        return response

    def _end(exc):
        started = g.pop(_SERVER_SPAN, None)
        if started is None:
            return
        current, token = started
        if exc is not None and current.is_recording():
            current.record_exception(exc)
            current.set_status(Status(StatusCode.ERROR, str(exc)[:200]))
        otel_context.detach(token)
        current.end()

    # First of the before_request hooks (one that answers, e.g. a refused query, ends the chain) and last of the
    # teardown ones (they run in reverse order); after_request hooks run in reverse too: this one first.
    app.before_request_funcs.setdefault(None, []).insert(0, _start)
    app.after_request(_respond)
    app.teardown_request_funcs.setdefault(None, []).insert(0, _end)


def shutdown() -> None:
    """Flush and stop (tests; a process's exit does it by itself)."""
    provider = _state["provider"]
    if provider is not None:
        provider.force_flush()


# -- context in and out -----------------------------------------------------------------------------------------
def current_traceparent() -> str | None:
    """The W3C ``traceparent`` of the current span, or None (no trace, or tracing off)."""
    if not enabled():
        return None
    carrier: dict[str, str] = {}
    propagate.inject(carrier)
    return carrier.get(TRACEPARENT)


def ids() -> tuple[str, str] | None:
    """The current trace id and span id in hex (for log lines), or None."""
    if not enabled():
        return None
    context = trace.get_current_span().get_span_context()
    if not context.is_valid:
        return None
    return format(context.trace_id, "032x"), format(context.span_id, "016x")


def stamped(event: Event) -> Event:
    """``event`` carrying the current trace in its envelope (the CloudEvents ``traceparent`` extension), as the
    outbox stores it; an event that carries one already keeps it."""
    if event.traceparent is not None or not enabled():
        return event
    traceparent = current_traceparent()
    return event if traceparent is None else replace(event, traceparent=traceparent)


def _parent_context(traceparent: str | None):
    if not traceparent:
        return None
    extracted = propagate.extract({TRACEPARENT: traceparent})
    return extracted if trace.get_current_span(extracted).get_span_context().is_valid else None


@contextmanager
def _span(name: str, kind: SpanKind, attributes: Mapping[str, Any] | None, parent: str | None) -> Iterator[Any]:
    tracer = trace.get_tracer(_TRACER_NAME)
    with tracer.start_as_current_span(name, context=_parent_context(parent), kind=kind,
                                      attributes=dict(attributes or {})) as current:
        yield current


def span(name: str, *, kind: SpanKind = SpanKind.INTERNAL, attributes: Mapping[str, Any] | None = None,
         parent: str | None = None):
    """A span as the current one (a child of ``parent``, a traceparent, when it is given and valid; else of the
    current span); a do-nothing context when tracing is off."""
    if not enabled():
        return nullcontext()
    return _span(name, kind, attributes, parent)


def producer(name: str, parent: str | None = None, **attributes: Any):
    return span(name, kind=SpanKind.PRODUCER, attributes=attributes, parent=parent)


def consumer(name: str, parent: str | None = None, **attributes: Any):
    return span(name, kind=SpanKind.CONSUMER, attributes=attributes, parent=parent)


@contextmanager
def _http_client(method: str, url: str, peer: str, headers: dict) -> Iterator[Any]:
    tracer = trace.get_tracer(_TRACER_NAME)
    with tracer.start_as_current_span(method, kind=SpanKind.CLIENT) as current:
        if current.is_recording():
            current.set_attributes({"http.request.method": method, "url.full": url, "peer.service": peer})
        propagate.inject(headers)
        yield current


def http_client(method: str, url: str, peer: str, headers: dict):
    """A CLIENT span around one call to another service (``peer``), its context written into ``headers`` as the
    W3C ``traceparent``; a do-nothing context when tracing is off. The kit's own in place of
    opentelemetry-instrumentation-requests, whose wrapper (semantic-convention attributes, suppression contexts)
    was the largest part of tracing's CPU in a placed order (ADR 0162). A client span with no parent (a periodic
    job's call) starts no trace (the sampler)."""
    if not enabled():
        return nullcontext()
    return _http_client(method, url, peer, headers)


def http_status(current, status: int) -> None:
    """The answer's status on a span from ``http_client`` (None when tracing is off); a 5xx is an error."""
    if current is not None and current.is_recording():
        current.set_attribute("http.response.status_code", status)
        if status >= 500:
            current.set_status(Status(StatusCode.ERROR))


def record_error(exc: BaseException) -> None:
    if enabled():
        current = trace.get_current_span()
        current.record_exception(exc)
        current.set_status(Status(StatusCode.ERROR, str(exc)[:200]))


def clickhouse_span(query: str):
    """A client span around one ClickHouse call."""
    if not enabled():
        return nullcontext()
    words = query.split(None, 1)
    return _span(f"clickhouse {words[0].upper() if words else 'query'}", SpanKind.CLIENT,
                 {"db.system": "clickhouse", "db.statement": query[:500]}, None)


def _instrument_clickhouse() -> None:
    """clickhouse-driver has no instrumentation: every ``Client.execute`` (ClickhouseStore's and the adapters' own)
    gets a client span here."""
    from clickhouse_driver import Client

    if getattr(Client.execute, "_mcf_traced", False):
        return
    original = Client.execute

    def execute(self, query, *args, **kwargs):
        with clickhouse_span(str(query)):
            return original(self, query, *args, **kwargs)

    execute._mcf_traced = True
    execute.__wrapped__ = original
    Client.execute = execute


# -- dramatiq ---------------------------------------------------------------------------------------------------
def dramatiq_middleware():
    """A dramatiq middleware: an enqueued message carries the trace in its options; the actor runs in a span that
    continues it. Cheap when tracing is off (it checks and returns)."""
    import dramatiq

    class TracingMiddleware(dramatiq.Middleware):
        _local = threading.local()

        def before_enqueue(self, broker, message, delay):
            traceparent = current_traceparent()
            if traceparent is not None:
                message.options[TRACEPARENT] = traceparent

        def before_process_message(self, broker, message):
            if not enabled():
                return
            tracer = trace.get_tracer(_TRACER_NAME)
            started = tracer.start_span(f"{message.actor_name} process", kind=SpanKind.CONSUMER,
                                        context=_parent_context(message.options.get(TRACEPARENT)),
                                        attributes={"messaging.system": "dramatiq",
                                                    "messaging.destination.name": message.queue_name,
                                                    "messaging.message.id": message.message_id})
            token = otel_context.attach(trace.set_span_in_context(started))
            stack = getattr(self._local, "stack", None)
            if stack is None:
                stack = self._local.stack = []
            stack.append((message.message_id, started, token))

        def _end(self, message, exception=None):
            stack = getattr(self._local, "stack", None)
            if not stack or stack[-1][0] != message.message_id:
                return
            _, started, token = stack.pop()
            if exception is not None:
                started.record_exception(exception)
                started.set_status(Status(StatusCode.ERROR, str(exception)[:200]))
            otel_context.detach(token)
            started.end()

        def after_process_message(self, broker, message, *, result=None, exception=None):
            self._end(message, exception)

        def after_skip_message(self, broker, message):
            self._end(message)

    return TracingMiddleware()


# -- the JSON-lines file --------------------------------------------------------------------------------------
def _hex(value: int, width: int) -> str:
    return format(value, f"0{width}x")


def span_record(span_data, service: str) -> dict:
    """One finished span as a line of the trace file: ids in hex as in ``traceparent``, times in nanoseconds."""
    context = span_data.context
    parent = span_data.parent
    return {
        "trace_id": _hex(context.trace_id, 32), "span_id": _hex(context.span_id, 16),
        "parent_span_id": _hex(parent.span_id, 16) if parent is not None else None,
        "name": span_data.name, "kind": span_data.kind.name,
        "service": span_data.resource.attributes.get("service.name", service),
        "start_ns": span_data.start_time, "end_ns": span_data.end_time,
        "status": span_data.status.status_code.name,
        "attributes": {k: (v if isinstance(v, (str, int, float, bool)) else list(v))
                       for k, v in (span_data.attributes or {}).items()},
    }


class JsonLinesSpanExporter:
    """Appends each finished span to a file as one JSON line (the local stand-in for an OTLP collector)."""

    def __init__(self, path: Path, service: str):
        from opentelemetry.sdk.trace.export import SpanExportResult

        self.path, self.service, self._result = Path(path), service, SpanExportResult
        self._lock = threading.Lock()

    def export(self, spans: Sequence) -> Any:
        lines = "".join(json.dumps(span_record(s, self.service), separators=(",", ":"), default=str) + "\n"
                        for s in spans)
        try:
            with self._lock:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                with self.path.open("a", encoding="utf-8") as out:
                    out.write(lines)
        except OSError:
            return self._result.FAILURE
        return self._result.SUCCESS

    def shutdown(self) -> None:
        pass

    def force_flush(self, timeout_millis: int = 30000) -> bool:
        return True


def read_trace_files(directory: Path, since: float = 0.0) -> list[dict]:
    """Every span line of the ``*.jsonl`` files in ``directory`` changed after ``since`` (tests, tools)."""
    records = []
    for path in sorted(Path(directory).glob("*.jsonl")):
        try:
            if path.stat().st_mtime < since:
                continue
            text = path.read_text(encoding="utf-8")
        except OSError:
            continue
        for line in text.splitlines():
            try:
                records.append(json.loads(line))
            except ValueError:
                continue  # a line being written
    return records
