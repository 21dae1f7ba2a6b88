"""Notification use cases: accept each request once, e-mail it with bounded retries, keep the log current.

PostgreSQL holds the delivery state that decides what happens; the ClickHouse log gets every resulting state as
a new version, so a reader sees each notification once, in its newest state.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Callable

from mcf.kit.email import DeliveryFailed, EmailMessage
from mcf.kit.errors import Forbidden, NotFound
from mcf.kit.events import utcnow
from mcf.notification.domain import Notification, NotificationRequest, Status, TemplateDataError, UnknownTemplate
from mcf.notification.ports import JobQueue, Mailer, NotificationLog, Renderer, UnitOfWork

Clock = Callable[[], datetime]
MAX_LIST_LIMIT = 200


class DeliveryPending(Exception):
    """A delivery attempt failed and attempts remain: the job runner retries it with backoff."""


def accept_notification(uow: UnitOfWork, log: NotificationLog, renderer: Renderer, request: NotificationRequest,
                        *, clock: Clock = utcnow) -> str | None:
    """Record a request (once per request id) and return the notification id to enqueue, or None for a duplicate.

    Raises UnknownTemplate / TemplateDataError, changing nothing, when the request cannot be rendered.
    """
    message = renderer.render(request.template, request.locale, request.data)
    notification = Notification.accept(request, message.subject, clock())
    with uow:
        if not uow.notifications.add_if_new(notification):
            return None
        log.append(notification)  # inside the transaction: if the log is down, the request is retried whole
    return notification.id


def send_notification(uow: UnitOfWork, log: NotificationLog, renderer: Renderer, mailer: Mailer,
                      notification_id: str, max_attempts: int, *, clock: Clock = utcnow) -> Notification | None:
    """Deliver one notification by e-mail and record the outcome.

    The row lock makes concurrent jobs for one notification send it once; a sent or failed one is skipped.
    Raises DeliveryPending after a failed attempt while attempts remain; after the last one it is failed.
    Returns None when no such notification exists.
    """
    with uow:
        notification = uow.notifications.get_for_update(notification_id)
        if notification is None:
            return None
        if not notification.is_final:
            _deliver(notification, renderer, mailer, max_attempts, clock)
            uow.notifications.save(notification)
    # Also for a skipped one: repairs the log if its append failed after an earlier commit.
    log.append(notification)
    if notification.status is Status.RECEIVED:
        raise DeliveryPending(f"notification {notification.id}: attempt {notification.attempts} of {max_attempts} "
                              f"failed: {notification.last_error}")
    return notification


def _deliver(notification: Notification, renderer: Renderer, mailer: Mailer, max_attempts: int,
             clock: Clock) -> None:
    try:
        message = renderer.render(notification.template, notification.locale, notification.data)
    except (UnknownTemplate, TemplateDataError) as exc:
        notification.mark_failed(f"cannot render: {exc}", clock())  # no retry can cure it
        return
    email = EmailMessage(
        to=notification.recipient.email, subject=message.subject, text=message.text, html=message.html,
        message_id=notification.id, headers={"X-MCF-Notification-ID": notification.id})
    try:
        mailer.send(email)
    except DeliveryFailed as exc:
        notification.record_failed_attempt(str(exc), clock(), max_attempts)
    except ValueError as exc:  # the mailer cannot even build this message (a bad address or header)
        notification.mark_failed(f"cannot build the e-mail: {exc}", clock())
    else:
        notification.mark_sent(clock())


def requeue_stale(uow: UnitOfWork, jobs: JobQueue, *, older_than: timedelta, limit: int = 100,
                  clock: Clock = utcnow) -> list[str]:
    """Enqueue again what is still ``received`` and has not been queued for ``older_than``.

    Covers a crash between a request's commit and its enqueue, and a job lost by the broker. ``older_than``
    must exceed the longest retry backoff, or waiting retries get a twin (harmless: sending is idempotent).
    """
    now = clock()
    with uow:
        stale = uow.notifications.stale(now - older_than, limit)
        for notification in stale:
            notification.requeued(now)
            uow.notifications.save(notification)
            jobs.enqueue_send(notification.id)  # before commit: a failed enqueue leaves it stale for the next sweep
    return [notification.id for notification in stale]


def list_notifications(log: NotificationLog, recipient: str | None, *, limit: int = 50,
                       viewer_id: str | None = None) -> list[Notification]:
    """Newest first. ``viewer_id`` is a client's or worker's own id: they may list only their own notifications;
    staff (``viewer_id`` None) may list anyone's, or everyone's when ``recipient`` is None."""
    if viewer_id is not None:
        if recipient not in (None, viewer_id):
            raise Forbidden("a client or worker may list only their own notifications", field="recipient")
        recipient = viewer_id
    return log.list(recipient, max(1, min(limit, MAX_LIST_LIMIT)))


def get_notification(log: NotificationLog, notification_id: str, *, viewer_id: str | None = None) -> Notification:
    """One notification; another person's is NotFound to a client or worker, never shown."""
    notification = log.get(notification_id)
    if notification is None or (viewer_id is not None and not notification.visible_to(viewer_id)):
        raise NotFound(f"notification {notification_id} does not exist")
    return notification
