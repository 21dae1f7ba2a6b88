"""Prometheus metrics of every MCF process: what is counted, where it is exposed, which port each process uses.

Every process exposes ``/metrics`` (docs/adr/0165-metrics-per-process-exposition.md):

- ``web`` (gunicorn, several worker processes): the Flask app's own ``/metrics``, in prometheus-client's
  multiprocess mode: ``mcf serve … web`` points ``PROMETHEUS_MULTIPROC_DIR`` at an empty directory of its own before
  gunicorn starts, each gunicorn worker writes its samples there, and whichever worker answers a scrape adds them
  all up (``mcf.kit.gunicorn_conf`` marks a worker dead when it exits).
- ``workers`` and ``jobs`` (one process each): a small HTTP server beside the threads (the kit's probe server,
  ``/metrics`` with ``/health`` and ``/ready``) on ``metrics_port(settings, service, process)``.

The names: ``mcf_http_*`` per route; ``mcf_consumer_*`` per queue; ``mcf_outbox_*`` per relay; ``mcf_queue_*`` the
broker's depth of the queues a process consumes (passive declares at scrape time); ``mcf_jobs_*`` dramatiq; and
the business counters ``mcf_orders_total``, ``mcf_payments_total``, ``mcf_refunds_total``, ``mcf_emails_total``.
Which service and process a sample comes from is the scrape target's labels (``service``, ``process``), given by
the generated scrape configuration (``mcf.stack.observability``), not by each sample.
"""
from __future__ import annotations

import os
import shutil
import threading
import time
from pathlib import Path
from typing import Callable, Iterable

from prometheus_client import REGISTRY, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.exposition import CONTENT_TYPE_LATEST

from mcf.kit.config import SERVICE_PORT_OFFSETS, Settings
from mcf.kit.logging import get_logger
from mcf.kit.runtime import pid_alive

log = get_logger(__name__)

# Ports of the processes without HTTP of their own: ``port_base`` + this + the service's offset (Settings), so a
# whole stack still moves with ``MCF_PORT_BASE`` and stays inside its block of 100 ports; Prometheus itself at +80.
# Under ``mcf up --replicas N`` each replica has its own (ADR 0143): replica 2 in the block's free +14 … +39
# (workers +13, jobs +26, plus the service's offset); replica n > 2 in the next blocks (+100 × (n - 2), replica 1's
# offsets), so N > 2 needs the MCF_PORT_BASE blocks above this one free. Web replicas share their port
# (gunicorn --reuse-port) and one multiprocess directory, so whichever answers a scrape reports them all.
METRICS_PORT_OFFSETS = {"workers": 40, "jobs": 60}
SECOND_REPLICA_OFFSETS = {"workers": 13, "jobs": 26}
PROMETHEUS_PORT_OFFSET = 80
MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


def metrics_port(settings: Settings, service: str, process: str, replica: int = 1) -> int:
    """Where ``/metrics`` of one process (``replica`` 1, 2, …) of a service answers: the service's own port for
    ``web`` (every replica's)."""
    if process == "web":
        return settings.port(service)
    if replica == 2:
        offset = SECOND_REPLICA_OFFSETS[process]
    else:
        offset = METRICS_PORT_OFFSETS[process] + 100 * max(0, replica - 2)
    return settings.port_base + offset + SERVICE_PORT_OFFSETS[service]


def replica_from_env() -> int:
    """This process's replica number, from ``MCF_PROCESS=<name>.<n>`` (set by `mcf up`'s runner); 1 otherwise (a
    Kubernetes pod's name, or nothing)."""
    suffix = os.environ.get("MCF_PROCESS", "").rpartition(".")[2]
    return int(suffix) if suffix.isdigit() and int(suffix) > 0 else 1


def prometheus_port(settings: Settings) -> int:
    return settings.port_base + PROMETHEUS_PORT_OFFSET


# -------------------------------------------------------------------------------------------------- the metrics

HTTP_REQUESTS = Counter("mcf_http_requests", "HTTP requests answered, by route template, method and status",
                        ["route", "method", "status"])
HTTP_LATENCY = Histogram("mcf_http_request_duration_seconds", "Time to answer an HTTP request",
                         ["route", "method"], buckets=LATENCY_BUCKETS)
CONSUMED = Counter("mcf_consumer_messages", "Messages a consumer finished with, by outcome: handled, retried, "
                   "dead_lettered, requeued (a dependency was down), duplicate (the inbox had it)",
                   ["queue", "outcome"])
HANDLER_FAILURES = Counter("mcf_consumer_handler_failures", "Handler runs that raised (each is retried or "
                           "dead-lettered)", ["queue"])
PUBLISHED = Counter("mcf_outbox_published", "Events an outbox relay published (confirmed)", ["relay", "type"])
ORDERS = Counter("mcf_orders", "Orders by lifecycle event: placed, confirmed, completed, cancelled, expired",
                 ["event"])
PAYMENTS = Counter("mcf_payments", "Payments settled, by outcome: succeeded, failed", ["outcome"])
REFUNDS = Counter("mcf_refunds", "Refunds made")
EMAILS = Counter("mcf_emails", "E-mails of notifications, by outcome: sent, failed", ["outcome"])
JOBS = Counter("mcf_jobs", "dramatiq jobs processed, by outcome: done, failed (a failed one may be retried)",
               ["queue", "actor", "outcome"])

# The business funnel, read off the events the relays publish: each is published once its change has committed
# (a relay crash between confirm and mark can repeat one, rarely). The cores stay free of counters.
BUSINESS_EVENTS: dict[str, Callable[[], None]] = {
    "order.created": lambda: ORDERS.labels("placed").inc(),
    "order.confirmed": lambda: ORDERS.labels("confirmed").inc(),
    "order.completed": lambda: ORDERS.labels("completed").inc(),
    "order.cancelled": lambda: ORDERS.labels("cancelled").inc(),
    "order.expired": lambda: ORDERS.labels("expired").inc(),
    "payment.succeeded": lambda: PAYMENTS.labels("succeeded").inc(),
    "payment.failed": lambda: PAYMENTS.labels("failed").inc(),
    "payment.refunded": lambda: REFUNDS.inc(),
}


def enabled() -> bool:
    """Metrics are on unless ``MCF_METRICS=0`` (or false/no/off): off, no request is counted or timed, no
    ``/metrics`` route is served by the HTTP apps and the counters below are not kept (the bench's baseline)."""
    return os.environ.get("MCF_METRICS", "").strip().lower() not in ("0", "false", "no", "off")


def consumed(queue: str, outcome: str) -> None:
    if enabled():
        CONSUMED.labels(queue, outcome).inc()


def handler_failed(queue: str) -> None:
    if enabled():
        HANDLER_FAILURES.labels(queue).inc()


def published(relay: str, event_type: str) -> None:
    if not enabled():
        return
    PUBLISHED.labels(relay, event_type).inc()
    count = BUSINESS_EVENTS.get(event_type)
    if count is not None:
        count()


def email(outcome: str) -> None:
    if enabled():
        EMAILS.labels(outcome).inc()


# ------------------------------------------------------------------------------------------------------ HTTP


# Headers a reverse proxy (an ingress controller, a load balancer) adds to what it forwards.
FORWARDED_HEADERS = ("Forwarded", "X-Forwarded-For", "X-Real-IP")


def instrument(app) -> None:
    """Count and time every request of a Flask app by its route template, and serve ``/metrics`` (outside the
    OpenAPI document: it is for Prometheus, not for callers) to direct requests only: one a proxy forwarded
    (``FORWARDED_HEADERS``) is answered 404. Nothing with ``MCF_METRICS=0``."""
    from flask import Response, abort, g, request

    if not enabled():
        return

    @app.after_request
    def _observe(response):
        rule = request.url_rule.rule if request.url_rule is not None else "unmatched"
        started = g.get("started")
        HTTP_REQUESTS.labels(rule, request.method, str(response.status_code)).inc()
        if started is not None:
            HTTP_LATENCY.labels(rule, request.method).observe(time.perf_counter() - started)
        return response

    def _metrics():
        # Prometheus scrapes each pod directly; a request a proxy forwarded came from outside (an entry point
        # behind the ingress): not found, as if there were no such route (ADR 0145).
        if any(request.headers.get(h) for h in FORWARDED_HEADERS):
            abort(404)
        return Response(exposition(), mimetype=CONTENT_TYPE_LATEST)

    app.add_url_rule("/metrics", "metrics", _metrics, methods=["GET"])


def exposition() -> bytes:
    """The text exposition of this process, or of every gunicorn worker sharing the multiprocess directory."""
    if os.environ.get(MULTIPROC_ENV):
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry)
    return generate_latest(REGISTRY)


def prepare_multiprocess(directory: Path) -> Path:
    """The multiprocess directory for a gunicorn about to start, without the files of processes that are gone
    (samples of a previous run must not add up into this one); the files of live processes stay: the web replicas
    of one service share the directory (``mcf up --replicas N``), so a scrape of their shared port, whichever
    replica answers it, reports them all. The caller puts it in ``PROMETHEUS_MULTIPROC_DIR`` before gunicorn
    imports anything."""
    directory.mkdir(parents=True, exist_ok=True)
    for path in directory.iterdir():
        pid = path.stem.rpartition("_")[2]  # prometheus-client names them <kind>_<pid>.db
        if not (pid.isdigit() and pid_alive(int(pid))):
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
    return directory


def multiprocess_dir(settings: Settings, service: str, process: str = "web") -> Path:
    """One directory per service's web process, shared by its replicas (and one per stack: by port base)."""
    return settings.var_dir / "metrics" / f"{settings.port_base}-{service}-{process}"


# ------------------------------------------------------------------------------- the broker and the outboxes


class QueueDepths:
    """``mcf_queue_messages`` and ``mcf_queue_consumers`` of named queues, by passive declares at scrape time
    (at most every ``cache_seconds``): ``queues`` maps a queue's name to (the queue it belongs to, its role)."""

    def __init__(self, url: str, queues: dict[str, tuple[str, str]], cache_seconds: float = 5.0):
        self.url = url
        self.queues = dict(queues)
        self.cache_seconds = cache_seconds
        self._cached: tuple[float, dict[str, tuple[int, int]]] = (0.0, {})
        self._lock = threading.Lock()

    def describe(self):
        return []  # collected at scrape time only (never at registration)

    def depths(self) -> dict[str, tuple[int, int]]:
        with self._lock:
            at, found = self._cached
            if time.monotonic() - at < self.cache_seconds:
                return found
            found = queue_depths(self.url, self.queues)
            self._cached = (time.monotonic(), found)
            return found

    def collect(self):
        messages = GaugeMetricFamily("mcf_queue_messages", "Messages ready in a queue (broker's count)",
                                     labels=["queue", "role", "name"])
        consumers = GaugeMetricFamily("mcf_queue_consumers", "Consumers of a queue (broker's count)",
                                      labels=["queue", "role", "name"])
        try:
            depths = self.depths()
        except Exception as exc:  # noqa: BLE001 - a scrape without the broker leaves the depths out, not the rest
            log.warning("queue depths unavailable", error=str(exc))
            depths = {}
        for name, (count, consumer_count) in sorted(depths.items()):
            queue, role = self.queues[name]
            messages.add_metric([queue, role, name], count)
            consumers.add_metric([queue, role, name], consumer_count)
        yield messages
        yield consumers


def queue_depths(url: str, names: Iterable[str]) -> dict[str, tuple[int, int]]:
    """(messages ready, consumers) of each queue that exists, by passive declares on one connection."""
    import pika
    import pika.exceptions

    from mcf.kit.messaging import connection_parameters

    found: dict[str, tuple[int, int]] = {}
    connection = pika.BlockingConnection(connection_parameters(url))
    try:
        channel = connection.channel()
        for name in names:
            try:
                frame = channel.queue_declare(name, passive=True)
            except pika.exceptions.ChannelClosedByBroker:  # no such queue (yet): the channel is closed, open one
                channel = connection.channel()
                continue
            found[name] = (frame.method.message_count, frame.method.consumer_count)
    finally:
        if connection.is_open:
            connection.close()
    return found


def consumer_queues(queue) -> dict[str, tuple[str, str]]:
    """A kit consumer's queue with its retry and dead-letter queues, for QueueDepths."""
    return {queue.name: (queue.name, "main"), queue.retry_queue: (queue.name, "retry"),
            queue.dead_letter_queue: (queue.name, "dead")}


def job_queues(names: Iterable[str]) -> dict[str, tuple[str, str]]:
    """dramatiq's queues (``q``, its delay queue ``q.DQ`` and dead letters ``q.XQ``), for QueueDepths."""
    out: dict[str, tuple[str, str]] = {}
    for name in names:
        out.update({name: (name, "main"), f"{name}.DQ": (name, "delay"), f"{name}.XQ": (name, "dead")})
    return out


class Outboxes:
    """``mcf_outbox_backlog`` and ``mcf_outbox_oldest_unsent_age_seconds`` of relays, asked at scrape time:
    each relay's ``backlog()`` gives (unsent rows, age in seconds of the oldest of them, 0 when none)."""

    def __init__(self, relays):
        self.relays = list(relays)

    def describe(self):
        return []

    def collect(self):
        backlog = GaugeMetricFamily("mcf_outbox_backlog", "Outbox rows not published yet", labels=["relay"])
        age = GaugeMetricFamily("mcf_outbox_oldest_unsent_age_seconds",
                                "Age of the oldest outbox row not published yet (0: none)", labels=["relay"])
        for relay in self.relays:
            try:
                count, oldest = relay.backlog()
            except Exception as exc:  # noqa: BLE001 - a database hiccup leaves this relay out of one scrape
                log.warning("outbox backlog unavailable", relay=relay.name, error=str(exc))
                continue
            backlog.add_metric([relay.name], count)
            age.add_metric([relay.name], oldest)
        yield backlog
        yield age


def watch_workers(workers, *, registry=REGISTRY) -> list:
    """Register the collectors a workers process needs: the depths of its consumers' queues (and their dead
    letters) and its relays' backlog. Returns what was registered (a test unregisters it)."""
    by_url: dict[str, dict[str, tuple[str, str]]] = {}
    relays = []
    for worker in workers:
        queue, url = getattr(worker, "queue", None), getattr(worker, "url", None)
        if url and hasattr(queue, "dead_letter_queue"):
            by_url.setdefault(url, {}).update(consumer_queues(queue))
        if callable(getattr(worker, "backlog", None)):
            relays.append(worker)
    collectors = [QueueDepths(url, queues) for url, queues in by_url.items()]
    if relays:
        collectors.append(Outboxes(relays))
    for collector in collectors:
        registry.register(collector)
    collectors += [extra_collector(w.metrics_collect, registry=registry) for w in workers
                   if callable(getattr(w, "metrics_collect", None))]
    return collectors


def with_gauges(worker, collect: Callable[[], Iterable]):
    """Give a worker gauges of its own (``collect`` yields metric families at scrape time), exposed when its
    process runs with a metrics port (``watch_workers``)."""
    worker.metrics_collect = collect
    return worker


def extra_collector(collect: Callable[[], Iterable], *, registry=REGISTRY):
    """Register a service's own gauges (e.g. order's orders past their deadline): ``collect`` yields metric
    families at scrape time."""
    class _Collector:
        def describe(self):
            return []

        def collect(self):
            try:
                yield from collect()
            except Exception as exc:  # noqa: BLE001 - the service's gauges are left out of one scrape
                log.warning("collector failed", error=str(exc))

    collector = _Collector()
    registry.register(collector)
    return collector


# ---------------------------------------------------------------------------------------------------- dramatiq


def job_middleware():
    """A dramatiq middleware counting each processed message by queue, actor and outcome (``mcf_jobs_total``)."""
    from dramatiq.middleware import Middleware

    class JobMetrics(Middleware):
        def after_process_message(self, broker, message, *, result=None, exception=None):
            if enabled():
                JOBS.labels(message.queue_name, message.actor_name, "done" if exception is None else "failed").inc()

        def after_skip_message(self, broker, message):
            if enabled():
                JOBS.labels(message.queue_name, message.actor_name, "skipped").inc()

    return JobMetrics()


def serve_process(port: int, *, alive: Callable[[], bool], ready: Callable[[], bool]):
    """``/metrics`` beside ``/health`` and ``/ready`` on ``port`` for a process without HTTP (None when 0)."""
    from mcf.kit.probes import serve_probes

    return serve_probes(port, alive=alive, ready=ready,
                        routes={"/metrics": lambda: (200, CONTENT_TYPE_LATEST, exposition())})


def port_from_env() -> int:
    """``MCF_METRICS_PORT``: set by ``mcf serve`` for the process it runs (0 or unset: no exposition server)."""
    try:
        return int(os.environ.get("MCF_METRICS_PORT", "0"))
    except ValueError:
        return 0
