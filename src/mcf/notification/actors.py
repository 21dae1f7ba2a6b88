"""The e-mail delivery actor: ``dramatiq mcf.notification.actors:start`` runs it.

Importing builds nothing: ``start`` (the kit's ActorHost) reads the settings, sets up logging and the broker;
the databases, the log and the mailer are built on the first job in each process (dramatiq forks its workers
after start). Retries with backoff are the Retries middleware's, bounded so the last retry is the service's last
attempt, which marks the notification failed instead of raising.
"""
from __future__ import annotations

import dramatiq

from mcf.kit import metrics
from mcf.kit.jobs import ActorHost
from mcf.kit.logging import get_logger
from mcf.notification import app
from mcf.notification.adapters.jobs import SEND_ACTOR, SEND_QUEUE
from mcf.notification.service import DeliveryPending

log = get_logger(__name__)

# Every outbound call in a send has its own timeout (SMTP, PostgreSQL, ClickHouse); this only bounds the job.
TIME_LIMIT_MS = 120_000

host = ActorHost(app.SERVICE, app.delivery, max_retries=app.MAX_ATTEMPTS - 1, time_limit_ms=TIME_LIMIT_MS,
                 min_backoff_ms=app.RETRY_MIN_BACKOFF_MS, max_backoff_ms=app.RETRY_MAX_BACKOFF_MS)


@host.actor(actor_name=SEND_ACTOR, queue_name=SEND_QUEUE)
def send_notification(notification_id: str) -> None:
    """Deliver one notification; while attempts remain, a failed one is retried by dramatiq with backoff."""
    try:
        notification = host.context().send(notification_id)
    except DeliveryPending as exc:
        log.warning("delivery failed; will retry", notification_id=notification_id, error=str(exc))
        raise dramatiq.Retry(str(exc)) from exc  # an expected failure: retried with backoff, no traceback logged
    if notification is None:
        log.warning("no such notification; job dropped", notification_id=notification_id)
    else:
        if notification.status.value in ("sent", "failed"):
            metrics.email(notification.status.value)  # the business counter, at the adapter (mcf_emails_total)
        log.info("notification delivered" if notification.status.value == "sent" else "notification failed",
                 notification_id=notification_id, status=notification.status.value,
                 attempts=notification.attempts)


def start(settings=None, *, max_attempts: int = app.MAX_ATTEMPTS, min_backoff_ms: int = app.RETRY_MIN_BACKOFF_MS,
          max_backoff_ms: int = app.RETRY_MAX_BACKOFF_MS):
    """Install the broker and declare the actor (the dramatiq CLI calls it with no arguments; tests pass their
    settings and retry bounds); returns the broker."""
    return host.start(settings, configure_logging=settings is None, build_options={"max_attempts": max_attempts},
                      max_retries=max_attempts - 1, min_backoff_ms=min_backoff_ms, max_backoff_ms=max_backoff_ms)
