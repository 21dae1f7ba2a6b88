"""The kit actors, on queue ``inventory.kits``: ``dramatiq mcf.inventory.actors:start`` runs them.

- ``prepare_kit`` reserves the toys (or records the shortage) and schedules ``complete_kit`` at the cookie
  deadline as a delayed message, so no worker thread waits for the partner;
- ``attach_fortune`` keeps the partner's cookie and completes the kit if it awaits it;
- ``complete_kit`` completes a kit still awaiting at its deadline, with a house fortune.

Importing builds nothing: ``start`` (the kit's ActorHost) reads the settings, sets up logging and the broker, and
the database is built on the first job in each process. Every step is idempotent (row lock + status), so a
redelivered or retried job is harmless.
"""
from __future__ import annotations

from mcf.inventory import app
from mcf.inventory.adapters.jobs import ATTACH_ACTOR, COMPLETE_ACTOR, KITS_QUEUE, PREPARE_ACTOR
from mcf.inventory.domain import FortuneIssued
from mcf.kit.jobs import ActorHost

MAX_RETRIES = 8
TIME_LIMIT_MS = 60_000


def _work(settings, *, fortune_timeout: float | None = None) -> app.KitWork:
    return app.kit_work(settings, host.broker, fortune_timeout=fortune_timeout)


host = ActorHost(app.SERVICE, _work, max_retries=MAX_RETRIES, time_limit_ms=TIME_LIMIT_MS)


@host.actor(actor_name=PREPARE_ACTOR, queue_name=KITS_QUEUE)
def prepare_kit(order_id: str) -> None:
    host.context().prepare(order_id)


@host.actor(actor_name=ATTACH_ACTOR, queue_name=KITS_QUEUE)
def attach_fortune(order_id: str, fortune_id: str, text: str, locale: str) -> None:
    host.context().attach(FortuneIssued(order_id, fortune_id, text, locale))


@host.actor(actor_name=COMPLETE_ACTOR, queue_name=KITS_QUEUE)
def complete_kit(order_id: str) -> None:
    host.context().complete(order_id)


def start(settings=None, *, fortune_timeout: float | None = None, **broker_options):
    """Install the broker and declare the actors (the dramatiq CLI calls it with no arguments; tests and the
    benchmark pass their settings); returns the broker."""
    return host.start(settings, configure_logging=settings is None,
                      build_options={} if fortune_timeout is None else {"fortune_timeout": fortune_timeout},
                      **broker_options)
