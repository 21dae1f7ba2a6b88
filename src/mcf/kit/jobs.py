"""dramatiq on RabbitMQ for background jobs inside one service (never across services: ARCHITECTURE.md §4)."""
from __future__ import annotations

import os
import threading
from typing import Callable, Generic, TypeVar

import dramatiq
from dramatiq.brokers.rabbitmq import RabbitmqBroker
from dramatiq.middleware import AgeLimit, Callbacks, Pipelines, Retries, ShutdownNotifications, TimeLimit

from mcf.kit import metrics
from mcf.kit.config import Settings
from mcf.kit.messaging import connection_parameters

T = TypeVar("T")
F = TypeVar("F", bound=Callable)


def make_broker(settings: Settings, *, max_retries: int = 8, min_backoff_ms: int = 1_000,
                max_backoff_ms: int = 300_000, time_limit_ms: int = 60_000) -> RabbitmqBroker:
    """A broker with publisher confirms on (dramatiq's default is off) and bounded retries with backoff.

    TimeLimit cannot interrupt blocking I/O, so every outbound call inside an actor carries its own timeout.
    """
    broker = RabbitmqBroker(url=settings.amqp_url, confirm_delivery=True, middleware=[
        AgeLimit(), TimeLimit(time_limit=time_limit_ms), ShutdownNotifications(), Callbacks(), Pipelines(),
        Retries(max_retries=max_retries, min_backoff=min_backoff_ms, max_backoff=max_backoff_ms),
        metrics.job_middleware(),
    ])
    # pika's defaults wait forever on a broker that blocks publishers: use the kit's heartbeat and timeouts.
    broker.parameters = connection_parameters(settings.amqp_url)
    return broker


def install(broker: RabbitmqBroker) -> RabbitmqBroker:
    dramatiq.set_broker(broker)
    return broker


class ActorHost(Generic[T]):
    """The dramatiq start-up of a service's ``actors`` module, so that importing it builds nothing.

    The module declares its actors as plain functions with ``@host.actor(...)`` (callable directly, as a test
    does), and the dramatiq CLI runs ``dramatiq mcf.<service>.actors:start``: ``start`` reads the settings, sets up
    logging, builds the broker and declares the actors on it. What the actors work with (``context()``: databases,
    gateways) is built by ``build(settings)`` on the first job in each process (dramatiq forks after start) and
    rebuilt after another ``start``.
    """

    def __init__(self, service: str, build: Callable[..., T], *, max_retries: int = 8,
                 time_limit_ms: int = 60_000, min_backoff_ms: int = 1_000, max_backoff_ms: int = 300_000):
        self.service = service
        self.build = build
        self.defaults = dict(max_retries=max_retries, time_limit_ms=time_limit_ms, min_backoff_ms=min_backoff_ms,
                             max_backoff_ms=max_backoff_ms)
        self.broker: RabbitmqBroker | None = None
        self.actors: dict[str, dramatiq.Actor] = {}
        self._declared: list[tuple[Callable, str, str]] = []
        self._settings: Settings | None = None
        self._build_options: dict = {}
        self._context: tuple[int, T] | None = None  # (pid, context): rebuilt in a forked child
        self._lock = threading.Lock()
        self._probes = None
        self._metrics = None

    def actor(self, *, actor_name: str, queue_name: str) -> Callable[[F], F]:
        def declare(fn: F) -> F:
            self._declared.append((fn, actor_name, queue_name))
            return fn
        return declare

    def start(self, settings: Settings | None = None, *, configure_logging: bool = True,
              build_options: dict | None = None, **broker_options) -> RabbitmqBroker:
        """Install a broker for ``settings`` (the environment's by default) and declare the actors on it."""
        from mcf.kit.logging import configure

        settings = settings or Settings.from_env()
        if configure_logging:
            configure(self.service, settings.log_level)
        options = {**self.defaults, **broker_options}
        broker = install(make_broker(settings, **options))
        actors = {}
        for fn, actor_name, queue_name in self._declared:
            actors[actor_name] = dramatiq.actor(fn, actor_name=actor_name, queue_name=queue_name, broker=broker,
                                                max_retries=options["max_retries"],
                                                min_backoff=options["min_backoff_ms"],
                                                max_backoff=options["max_backoff_ms"])
        with self._lock:
            self.broker, self.actors = broker, actors
            self._settings, self._build_options = settings, dict(build_options or {})
            old, self._context = self._context, None
        if old is not None and old[0] == os.getpid() and hasattr(old[1], "close"):
            old[1].close()
        if settings.probe_port and self._probes is None and settings.probe_port != metrics.port_from_env():
            from mcf.kit.probes import serve_probes

            # The worker process answers while it runs; dramatiq restarts a worker process that dies.
            self._probes = serve_probes(settings.probe_port, alive=lambda: True, ready=lambda: True)
        if metrics.port_from_env() and self._metrics is None:
            # /metrics of this worker process (``mcf serve … jobs`` sets MCF_METRICS_PORT): its jobs, and the depth
            # of its queues with their delay and dead-letter queues.
            metrics.extra_collector(metrics.QueueDepths(
                settings.amqp_url, metrics.job_queues(sorted({q for _, _, q in self._declared}))).collect)
            self._metrics = metrics.serve_process(metrics.port_from_env(), alive=lambda: True, ready=lambda: True)
        return broker

    def context(self) -> T:
        with self._lock:
            if self._context is None or self._context[0] != os.getpid():
                self._context = (os.getpid(), self.build(self._settings or Settings.from_env(),
                                                         **self._build_options))
            return self._context[1]
