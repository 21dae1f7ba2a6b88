"""The composition root's workers end to end: a request on mcf.notifications becomes one e-mail in the sink."""
from datetime import datetime, timedelta, timezone

import pytest

from mcf.kit.events import notification
from mcf.kit.messaging import Publisher
from mcf.notification import app as notification_app
from mcf.notification.adapters.storage import NotificationUnitOfWork
from mcf.notification.domain import Status
from tests.support import amqp as amqp_support
from tests.support.amqp import wait_for

from .support import CIPHER, ORDER_DATA, mails_for, make_notification, stored


@pytest.fixture
def running(service_settings, mail_sink, send_worker):
    settings = service_settings.with_(smtp_host=mail_sink.host, smtp_port=mail_sink.port)
    send_worker(settings)
    workers = notification_app.workers(settings, stale_after=timedelta(seconds=30), sweep_interval_seconds=0.1)
    with amqp_support.running(*workers):
        yield settings, workers


def test_the_workers_are_the_requests_consumer_and_the_sweeper(running):
    _, workers = running
    assert [w.name for w in workers] == ["notification.requests", "notification.sweeper"]


def test_a_published_request_is_emailed(running, database, log, mail_sink):
    settings, _ = running
    event = notification("order", "created", recipient={"id": "c-7", "role": "client", "email": "c7@example.com"},
                         template="order.created", data=dict(ORDER_DATA))
    Publisher(settings.amqp_url).publish(event)
    assert wait_for(lambda: mails_for(mail_sink.folder, event.id))
    assert wait_for(lambda: stored(database, event.id).status is Status.SENT)
    assert wait_for(lambda: log.get(event.id).status is Status.SENT)


def test_the_sweeper_sends_what_was_committed_but_never_enqueued(running, database, mail_sink):
    lost = make_notification(at=datetime.now(timezone.utc) - timedelta(minutes=5))
    with database.connection_context(), NotificationUnitOfWork(database, CIPHER) as uow:
        uow.notifications.add_if_new(lost)
    assert wait_for(lambda: mails_for(mail_sink.folder, lost.id))
