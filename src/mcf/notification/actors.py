"""The e-mail delivery actor: ``dramatiq mcf.notification.actors`` runs it.

Importing opens no connection: the broker connects on first use, and the databases, the log and the mailer are
built on the first job in each process (dramatiq forks its workers after import). Retries with backoff are the
Retries middleware's, bounded so the last retry is the service's last attempt, which marks the notification
failed instead of raising.
"""
from __future__ import annotations

import os
import threading

import dramatiq
from dramatiq.brokers.rabbitmq import RabbitmqBroker

from mcf.kit.config import Settings
from mcf.kit.jobs import install, make_broker
from mcf.kit.logging import configure as configure_logging
from mcf.kit.logging import get_logger
from mcf.notification import app
from mcf.notification.adapters.jobs import SEND_ACTOR, SEND_QUEUE
from mcf.notification.service import DeliveryPending

log = get_logger(__name__)

# Every outbound call in a send has its own timeout (SMTP, PostgreSQL, ClickHouse); this only bounds the job.
TIME_LIMIT_MS = 120_000


def _broker(settings: Settings, max_attempts: int, min_backoff_ms: int, max_backoff_ms: int) -> RabbitmqBroker:
    return make_broker(settings, max_retries=max_attempts - 1, min_backoff_ms=min_backoff_ms,
                       max_backoff_ms=max_backoff_ms, time_limit_ms=TIME_LIMIT_MS)


_settings: Settings | None = None  # None: Settings.from_env(), read when the first job runs
_max_attempts = app.MAX_ATTEMPTS
_delivery: tuple[int, app.Delivery] | None = None  # (pid, delivery): rebuilt in a forked child
_lock = threading.Lock()

configure_logging(app.SERVICE, Settings.from_env().log_level)
broker = install(_broker(Settings.from_env(), app.MAX_ATTEMPTS, app.RETRY_MIN_BACKOFF_MS, app.RETRY_MAX_BACKOFF_MS))


def _current() -> app.Delivery:
    global _delivery
    with _lock:
        if _delivery is None or _delivery[0] != os.getpid():
            _delivery = (os.getpid(), app.delivery(_settings, max_attempts=_max_attempts))
        return _delivery[1]


@dramatiq.actor(actor_name=SEND_ACTOR, queue_name=SEND_QUEUE, broker=broker, max_retries=app.MAX_ATTEMPTS - 1,
                min_backoff=app.RETRY_MIN_BACKOFF_MS, max_backoff=app.RETRY_MAX_BACKOFF_MS)
def send_notification(notification_id: str) -> None:
    """Deliver one notification; while attempts remain, a failed one is retried by dramatiq with backoff."""
    try:
        notification = _current().send(notification_id)
    except DeliveryPending as exc:
        log.warning("delivery failed; will retry", notification_id=notification_id, error=str(exc))
        raise dramatiq.Retry(str(exc)) from exc  # an expected failure: retried with backoff, no traceback logged
    if notification is None:
        log.warning("no such notification; job dropped", notification_id=notification_id)
    else:
        log.info("notification delivered" if notification.status.value == "sent" else "notification failed",
                 notification_id=notification_id, status=notification.status.value,
                 attempts=notification.attempts)


def configure(settings: Settings, *, max_attempts: int = app.MAX_ATTEMPTS,
              min_backoff_ms: int = app.RETRY_MIN_BACKOFF_MS,
              max_backoff_ms: int = app.RETRY_MAX_BACKOFF_MS) -> RabbitmqBroker:
    """Run the actor on ``settings`` instead of the environment's (tests, an embedded run); returns its broker.

    The actor moves to a new broker with these retry bounds, and the next job builds its dependencies anew.
    """
    global broker, _settings, _max_attempts, _delivery
    with _lock:
        broker = install(_broker(settings, max_attempts, min_backoff_ms, max_backoff_ms))
        send_notification.broker = broker
        send_notification.options.update(max_retries=max_attempts - 1, min_backoff=min_backoff_ms,
                                         max_backoff=max_backoff_ms)
        broker.declare_actor(send_notification)
        _settings, _max_attempts = settings, max_attempts
        old, _delivery = _delivery, None
    if old is not None and old[0] == os.getpid():
        old[1].close()
    return broker
