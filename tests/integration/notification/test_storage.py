"""The PostgreSQL delivery store and the ClickHouse notification log, against the real servers."""
import threading
from datetime import datetime, timedelta, timezone

from mcf.kit.events import utcnow
from mcf.notification.adapters.storage import NotificationUnitOfWork
from mcf.notification.domain import Status

from .support import CIPHER, make_notification, stored


def test_the_store_adds_a_notification_once_and_reads_it_back_whole(database):
    notification = make_notification()
    with database.connection_context():
        with NotificationUnitOfWork(database, CIPHER) as uow:
            assert uow.notifications.add_if_new(notification) is True
            assert uow.notifications.add_if_new(notification) is False
    back = stored(database, notification.id)
    assert back == notification
    assert back.created_at.tzinfo is not None and back.data["district"] == "Arbat"


def test_the_store_saves_a_change_and_rolls_back_with_the_unit_of_work(database):
    notification = make_notification()
    with database.connection_context():
        with NotificationUnitOfWork(database, CIPHER) as uow:
            uow.notifications.add_if_new(notification)
        with NotificationUnitOfWork(database, CIPHER) as uow:
            locked = uow.notifications.get_for_update(notification.id)
            locked.mark_sent(utcnow())
            uow.notifications.save(locked)
        try:
            with NotificationUnitOfWork(database, CIPHER) as uow:
                locked = uow.notifications.get_for_update(notification.id)
                locked.status = Status.FAILED
                uow.notifications.save(locked)
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
    back = stored(database, notification.id)
    assert back.status is Status.SENT and back.attempts == 1 and back.sent_at is not None


def test_an_unknown_or_malformed_id_is_none(database):
    assert stored(database, "0f2b8fb4-0000-4000-8000-000000000000") is None
    assert stored(database, "not-a-uuid") is None


def test_stale_lists_old_received_notifications_and_skips_those_another_holds(database):
    old = datetime.now(timezone.utc) - timedelta(hours=1)
    waiting, held, sent = (make_notification(at=old) for _ in range(3))
    sent.status = Status.SENT
    with database.connection_context(), NotificationUnitOfWork(database, CIPHER) as uow:
        for n in (waiting, held, sent):
            uow.notifications.add_if_new(n)
    locked, release = threading.Event(), threading.Event()

    def hold():
        with database.connection_context(), NotificationUnitOfWork(database, CIPHER) as uow:
            uow.notifications.get_for_update(held.id)
            locked.set()
            release.wait(5)

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert locked.wait(5)
        with database.connection_context(), NotificationUnitOfWork(database, CIPHER) as uow:
            ids = [n.id for n in uow.notifications.stale(old + timedelta(seconds=1), 100)]
    finally:
        release.set()
        holder.join()
    assert waiting.id in ids and held.id not in ids and sent.id not in ids


def test_the_log_reads_a_notification_appended_twice_once_in_its_newest_state(log):
    notification = make_notification(recipient_id="log-r1", email="r1@example.com")
    log.append(notification)
    log.append(notification)  # the same version again: a redelivered request
    notification.record_failed_attempt("smtp down", utcnow(), max_attempts=3)
    log.append(notification)
    notification.mark_sent(utcnow())
    log.append(notification)
    [listed] = log.list("log-r1", 10)
    assert listed.id == notification.id and listed.status is Status.SENT and listed.attempts == 2
    assert listed.subject == notification.subject
    assert listed.data == {} and listed.recipient.email is None  # the log keeps neither (ADR 0128)
    assert listed.created_at == notification.created_at.replace(microsecond=0)
    assert log.get(notification.id).status is Status.SENT
    raw = log.client.execute("SELECT count() FROM notifications WHERE id = toUUID(%(id)s)",
                             {"id": notification.id})
    assert raw[0][0] >= 3  # the versions are all there until a merge; FINAL shows one


def test_the_log_lists_by_recipient_id_or_email_newest_first(log):
    first = make_notification(recipient_id="log-r2", email="r2@example.com",
                              at=datetime.now(timezone.utc) - timedelta(minutes=5))
    second = make_notification(recipient_id="log-r2", email="r2@example.com")
    other = make_notification(recipient_id="log-r3", email="r3@example.com")
    log.append_many([first, second, other])
    assert [n.id for n in log.list("log-r2", 10)] == [second.id, first.id]
    assert [n.id for n in log.list("r2@example.com", 1)] == [second.id]
    assert log.get("not-a-uuid") is None and log.ping() is True
