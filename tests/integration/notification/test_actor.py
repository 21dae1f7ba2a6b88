"""The send actor run by a real dramatiq Worker on the test vhost, delivering through an SMTP sink."""
from datetime import timedelta

import pytest

from mcf.kit.events import utcnow
from mcf.notification import service
from mcf.notification.adapters.jobs import DramatiqJobQueue
from mcf.notification.adapters.storage import NotificationUnitOfWork
from mcf.notification.domain import Status
from tests.support.amqp import wait_for
from tests.support.proxy import TcpProxy

from .support import CIPHER, mails_for, make_notification, stored


@pytest.fixture
def accept(database, log):
    """Store and log a new notification the way the consumer does; returns its id."""
    def make():
        notification = make_notification(email="tom@example.com")
        with database.connection_context(), NotificationUnitOfWork(database, CIPHER) as uow:
            uow.notifications.add_if_new(notification)
        log.append(notification)
        return notification.id
    return make


@pytest.fixture
def smtp(mail_sink):
    """The sink behind a proxy the test can cut: nothing listening, then the sink up again."""
    proxy = TcpProxy(mail_sink.host, mail_sink.port).start()
    yield proxy
    proxy.cut()


def test_the_actor_sends_the_email_and_records_it(service_settings, send_worker, accept, database, log, mail_sink):
    broker = send_worker(service_settings.with_(smtp_host=mail_sink.host, smtp_port=mail_sink.port))
    notification_id = accept()
    DramatiqJobQueue(broker).enqueue_send(notification_id)
    assert wait_for(lambda: mails_for(mail_sink.folder, notification_id))
    [mail] = mails_for(mail_sink.folder, notification_id)
    assert mail["To"] == "tom@example.com" and "Murka" in mail["Subject"]
    assert mail["Message-ID"].startswith(f"<{notification_id}@")
    assert wait_for(lambda: stored(database, notification_id).status is Status.SENT)
    assert wait_for(lambda: log.get(notification_id).status is Status.SENT)


def test_failed_attempts_are_recorded_then_it_is_sent_when_smtp_is_back(service_settings, send_worker, accept,
                                                                        database, log, mail_sink, smtp):
    broker = send_worker(service_settings.with_(smtp_port=smtp.port, smtp_timeout=2.0), max_attempts=50,
                         min_backoff_ms=20, max_backoff_ms=100)
    smtp.cut()
    notification_id = accept()
    DramatiqJobQueue(broker).enqueue_send(notification_id)
    assert wait_for(lambda: stored(database, notification_id).attempts >= 2)
    waiting = stored(database, notification_id)
    assert waiting.status is Status.RECEIVED and "Connection refused" in waiting.last_error
    assert log.get(notification_id).attempts >= 1
    smtp.restore()
    assert wait_for(lambda: stored(database, notification_id).status is Status.SENT, timeout=15)
    assert len(mails_for(mail_sink.folder, notification_id)) == 1
    sent = stored(database, notification_id)
    assert sent.attempts >= 3 and sent.last_error is None
    assert wait_for(lambda: log.get(notification_id).status is Status.SENT)


def test_after_the_last_attempt_the_notification_is_failed(service_settings, send_worker, accept, database, log,
                                                           smtp):
    smtp.cut()
    broker = send_worker(service_settings.with_(smtp_port=smtp.port, smtp_timeout=2.0), max_attempts=2)
    notification_id = accept()
    DramatiqJobQueue(broker).enqueue_send(notification_id)
    assert wait_for(lambda: stored(database, notification_id).status is Status.FAILED)
    failed = stored(database, notification_id)
    assert failed.attempts == 2 and failed.last_error
    assert wait_for(lambda: log.get(notification_id).status is Status.FAILED)


def test_a_stale_received_notification_is_requeued_and_sent(service_settings, send_worker, accept, database,
                                                          mail_sink):
    """A crash between the request's commit and its enqueue: the sweep finds it."""
    broker = send_worker(service_settings.with_(smtp_host=mail_sink.host, smtp_port=mail_sink.port))
    notification_id = accept()  # stored, never enqueued
    with database.connection_context():
        requeued = service.requeue_stale(NotificationUnitOfWork(database, CIPHER), DramatiqJobQueue(broker),
                                         older_than=timedelta(0), clock=lambda: utcnow() + timedelta(seconds=1))
    assert notification_id in requeued
    assert wait_for(lambda: mails_for(mail_sink.folder, notification_id))

