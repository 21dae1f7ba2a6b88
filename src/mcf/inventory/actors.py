"""The kit actors: ``dramatiq mcf.inventory.actors`` runs them on queue ``inventory.kits``.

- ``prepare_kit`` reserves the toys (or records the shortage) and schedules ``complete_kit`` at the cookie
  deadline as a delayed message, so no worker thread waits for the partner;
- ``attach_fortune`` keeps the partner's cookie and completes the kit if it awaits it;
- ``complete_kit`` completes a kit still awaiting at its deadline, with a house fortune.

Importing opens no connection; the database is built on the first job in each process (dramatiq forks after
import). Every step is idempotent (row lock + status), so a redelivered or retried job is harmless.
"""
from __future__ import annotations

import os
import threading

import dramatiq
from dramatiq.brokers.rabbitmq import RabbitmqBroker

from mcf.inventory import app
from mcf.inventory.adapters.jobs import ATTACH_ACTOR, COMPLETE_ACTOR, KITS_QUEUE, PREPARE_ACTOR
from mcf.inventory.domain import FortuneIssued
from mcf.kit.config import Settings
from mcf.kit.jobs import install, make_broker
from mcf.kit.logging import configure as configure_logging

MAX_RETRIES = 8
TIME_LIMIT_MS = 60_000

_settings: Settings | None = None
_fortune_timeout: float | None = None
_work: tuple[int, app.KitWork] | None = None  # (pid, work): rebuilt in a forked child
_lock = threading.Lock()

configure_logging(app.SERVICE, Settings.from_env().log_level)
broker = install(make_broker(Settings.from_env(), max_retries=MAX_RETRIES, time_limit_ms=TIME_LIMIT_MS))


def _current() -> app.KitWork:
    global _work
    with _lock:
        if _work is None or _work[0] != os.getpid():
            _work = (os.getpid(), app.kit_work(_settings, broker, fortune_timeout=_fortune_timeout))
        return _work[1]


@dramatiq.actor(actor_name=PREPARE_ACTOR, queue_name=KITS_QUEUE, broker=broker, max_retries=MAX_RETRIES)
def prepare_kit(order_id: str) -> None:
    _current().prepare(order_id)


@dramatiq.actor(actor_name=ATTACH_ACTOR, queue_name=KITS_QUEUE, broker=broker, max_retries=MAX_RETRIES)
def attach_fortune(order_id: str, fortune_id: str, text: str, locale: str) -> None:
    _current().attach(FortuneIssued(order_id, fortune_id, text, locale))


@dramatiq.actor(actor_name=COMPLETE_ACTOR, queue_name=KITS_QUEUE, broker=broker, max_retries=MAX_RETRIES)
def complete_kit(order_id: str) -> None:
    _current().complete(order_id)


ACTORS = (prepare_kit, attach_fortune, complete_kit)


def configure(settings: Settings, *, fortune_timeout: float | None = None,
              min_backoff_ms: int = 1_000, max_backoff_ms: int = 300_000) -> RabbitmqBroker:
    """Run the actors on ``settings`` instead of the environment's (tests, the benchmark); returns the broker."""
    global broker, _settings, _fortune_timeout, _work
    with _lock:
        broker = install(make_broker(settings, max_retries=MAX_RETRIES, min_backoff_ms=min_backoff_ms,
                                     max_backoff_ms=max_backoff_ms, time_limit_ms=TIME_LIMIT_MS))
        for actor in ACTORS:
            actor.broker = broker
            actor.options.update(min_backoff=min_backoff_ms, max_backoff=max_backoff_ms)
            broker.declare_actor(actor)
        _settings, _fortune_timeout = settings, fortune_timeout
        old, _work = _work, None
    if old is not None and old[0] == os.getpid():
        old[1].close()
    return broker
