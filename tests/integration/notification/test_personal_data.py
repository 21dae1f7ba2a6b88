"""Personal data at rest in notification-service (ADR 0127, 0128), on the real PostgreSQL and ClickHouse: a waiting
request's address and payload encrypted, a final one's dropped, rows from before sealed; the log holds neither."""
import json
import uuid

import peewee
import pytest

from mcf.kit import clickhouse, db
from mcf.kit.crypto import FieldCipher, TamperedCiphertext, development_keys, new_key
from mcf.kit.events import utcnow
from mcf.notification import service
from mcf.notification.adapters.storage import (
    CLICKHOUSE_MIGRATIONS,
    MIGRATIONS,
    ClickhouseNotificationLog,
    NotificationUnitOfWork,
    seal_plaintext,
)
from mcf.notification.domain import Status
from tests.support.at_rest import raw_text
from tests.unit.notification.fakes import FakeMailer, FakeRenderer

from .support import CIPHER, ORDER_DATA, make_notification, raw_log, raw_row, stored

PERSONAL = ("recipient_email", "recipient_email_enc", "data", "data_enc")


def _add(database, notification, cipher=CIPHER):
    with database.connection_context(), NotificationUnitOfWork(database, cipher) as uow:
        assert uow.notifications.add_if_new(notification)


def _text(database, notification_id: str) -> str:
    return raw_text(database, "SELECT * FROM notifications WHERE id = %s", notification_id)


def test_a_waiting_request_holds_its_address_and_payload_encrypted_only(database):
    notification = make_notification(email="secret-cat@example.com")
    _add(database, notification)
    row = raw_row(database, notification.id)
    assert row["recipient_email"] is None and row["data"] is None
    assert row["recipient_email_key"] == row["data_key"] == CIPHER.active
    text = _text(database, notification.id)  # the subject names the cat, no person; the payload is sealed
    assert "secret-cat" not in text and "Arbat" not in text and "5d0c9a8e" not in text
    assert stored(database, notification.id) == notification  # the repository decrypts it whole


def test_a_ciphertext_moved_to_another_request_is_refused(database):
    mine, theirs = make_notification(email="mine@example.com"), make_notification(email="theirs@example.com")
    _add(database, mine)
    _add(database, theirs)
    with database.connection_context():
        database.execute_sql("UPDATE notifications SET recipient_email_enc = (SELECT recipient_email_enc FROM "
                             "notifications WHERE id = %s) WHERE id = %s", (theirs.id, mine.id))
    try:
        with pytest.raises(TamperedCiphertext):
            stored(database, mine.id)
    finally:  # the start-up pass would refuse it too: not left for the other tests' passes
        with database.connection_context():
            database.execute_sql("DELETE FROM notifications WHERE id = %s", (mine.id,))


@pytest.mark.parametrize("final", ["sent", "failed"])
def test_a_final_request_keeps_no_address_or_payload(database, final):
    notification = make_notification(email="gone@example.com")
    _add(database, notification)
    with database.connection_context(), NotificationUnitOfWork(database, CIPHER) as uow:
        locked = uow.notifications.get_for_update(notification.id)
        locked.mark_sent(utcnow()) if final == "sent" else locked.mark_failed("cannot render", utcnow())
        uow.notifications.save(locked)
    row = raw_row(database, notification.id)
    assert row["status"] == final and all(row[column] is None for column in PERSONAL)
    back = stored(database, notification.id)
    assert back.recipient.email is None and back.data == {} and back.recipient.id == notification.recipient.id


def test_the_database_refuses_a_final_row_that_still_holds_personal_data(database):
    notification = make_notification()
    _add(database, notification)
    with pytest.raises(peewee.IntegrityError), database.connection_context():
        database.execute_sql("UPDATE notifications SET status = 'sent' WHERE id = %s", (notification.id,))


def test_a_sent_email_goes_to_the_recipient_once_and_a_repeated_job_keeps_the_log_findable(database, log):
    notification = make_notification(recipient_id="pd-r1", email="Once@Example.com")
    _add(database, notification)
    log.append(notification)
    mailer, renderer = FakeMailer(), FakeRenderer()
    for _ in range(2):  # the job redelivered after the send: skipped, the log appended from the sealed row
        service.send_notification(NotificationUnitOfWork(database, CIPHER), log, renderer, mailer,
                                  notification.id, max_attempts=3)
    [email] = mailer.sent
    assert email.to == "Once@Example.com" and email.message_id == notification.id
    assert all(raw_row(database, notification.id)[column] is None for column in PERSONAL)
    [listed] = log.list("once@example.com", 10)  # by address: through its blind index, any case
    assert listed.id == notification.id and listed.status is Status.SENT and listed.recipient.email is None


def test_the_log_holds_no_address_and_no_payload(log):
    notification = make_notification(recipient_id="pd-r2", email="nowhere-in-the-log@example.com")
    log.append(notification)
    notification.mark_sent(utcnow())
    log.append(notification)
    text = raw_log(log, notification.id)
    assert "nowhere-in-the-log" not in text and "Arbat" not in text
    assert "pd-r2" in text  # the recipient's id is what the log keeps
    assert [n.id for n in log.list("nowhere-in-the-log@example.com", 10)] == [notification.id]
    other_index_key = FieldCipher({"k": new_key()}, "k", new_key(), "notification")
    assert ClickhouseNotificationLog(log.client, other_index_key).list("nowhere-in-the-log@example.com", 10) == []


@pytest.fixture
def database_of_0001(service_settings):
    """A database of its own that has only migration 0001 (as before encryption), and its kit migrations."""
    settings = service_settings.with_(db_prefix=f"mcf_test_{uuid.uuid4().hex[:8]}_")
    database = db.connect(settings, "notification")
    db.migrate(database, MIGRATIONS[:1])
    yield database
    database.close_all()
    db.drop_database(settings, settings.database_name("notification"))


def _insert_plaintext(database, notification, status="received"):
    """A row as migration 0001 wrote it, before encryption."""
    with database.connection_context():
        database.execute_sql(
            "INSERT INTO notifications (id, source, kind, template, locale, recipient_id, recipient_role, "
            "recipient_email, data, subject, status, attempts, created_at, updated_at, queued_at) "
            "VALUES (%s, 'order', 'created', 'order.created', 'en', %s, 'client', %s, %s, 's', %s, 0, "
            "now(), now(), now())",
            (notification.id, notification.recipient.id, notification.recipient.email,
             json.dumps(notification.data), status))


def test_rows_from_before_are_sealed_by_a_pass_a_rerun_leaves_alone(database_of_0001):
    database = database_of_0001
    waiting, sent = make_notification(email="old-waiting@example.com"), make_notification(email="old-sent@x.org")
    _insert_plaintext(database, waiting)
    _insert_plaintext(database, sent, status="sent")
    db.migrate(database, MIGRATIONS)  # 0002: NOT VALID, so the old rows stay until sealed
    assert stored(database, waiting.id).recipient.email == "old-waiting@example.com"  # readable before sealing
    assert seal_plaintext(database, CIPHER, batch=1) == 2
    assert seal_plaintext(database, CIPHER) == 0
    row = raw_row(database, waiting.id)
    assert row["recipient_email"] is None and row["data"] is None
    assert "old-waiting" not in _text(database, waiting.id)
    back = stored(database, waiting.id)
    assert back.recipient.email == "old-waiting@example.com" and back.data == ORDER_DATA
    assert all(raw_row(database, sent.id)[column] is None for column in PERSONAL)


def test_a_new_active_key_reencrypts_waiting_rows(database):
    notification = make_notification(email="rotate@example.com")
    _add(database, notification)
    dev_keys, dev_index = development_keys("notification")
    rotated = FieldCipher({**dev_keys, "k2": new_key()}, "k2", dev_index, "notification")
    assert seal_plaintext(database, rotated) >= 1
    assert raw_row(database, notification.id)["recipient_email_key"] == "k2"
    with database.connection_context(), NotificationUnitOfWork(database, rotated) as uow:
        assert uow.notifications.get_for_update(notification.id).recipient.email == "rotate@example.com"


def test_the_clickhouse_migration_drops_the_address_and_payload_of_a_log_written_before(service_settings):
    settings = service_settings.with_(db_prefix=f"mcf_test_{uuid.uuid4().hex[:8]}_")
    client = clickhouse.connect(settings, "notification")
    try:
        clickhouse.migrate(client, CLICKHOUSE_MIGRATIONS[:1])
        client.execute("INSERT INTO notifications (id, version, created_at, updated_at, source, kind, template, "
                       "locale, recipient_id, recipient_role, recipient_email, subject, payload, status, attempts, "
                       "last_error) VALUES",
                       [dict(id=uuid.uuid4(), version=1, created_at=utcnow(), updated_at=utcnow(), source="order",
                             kind="created", template="order.created", locale="en", recipient_id="pd-old",
                             recipient_role="client", recipient_email="old@example.com", subject="s",
                             payload='{"cat_name": "Murka"}', status="sent", attempts=1, last_error="")])
        assert clickhouse.migrate(client, CLICKHOUSE_MIGRATIONS) == [2]
        assert clickhouse.migrate(client, CLICKHOUSE_MIGRATIONS) == []
        columns = {row[0] for row in client.execute("DESCRIBE TABLE notifications")}
        assert "recipient_email" not in columns and "payload" not in columns
        text = repr(client.execute("SELECT * FROM notifications"))
        assert "old@example.com" not in text and "Murka" not in text
        [old] = ClickhouseNotificationLog(client, CIPHER).list("pd-old", 10)  # still found by the recipient's id
        assert old.status is Status.SENT
        CLICKHOUSE_MIGRATIONS[1].statements[1](client)  # the step run again after a crash: nothing left to drop
    finally:
        clickhouse.drop_database(client, settings.database_name("notification"))
        client.disconnect()


def test_the_cli_answers_what_was_sent_to_an_address_through_its_blind_index(service_settings, log, capsys):
    from argparse import Namespace

    from mcf.cli import _notification

    notification = make_notification(recipient_id="pd-cli", email="asked-about@example.com")
    log.append(notification)
    assert _notification(Namespace(address="Asked-About@example.com", limit=10), service_settings) == 0
    out = capsys.readouterr().out
    assert notification.id in out and "pd-cli" in out and "1 logged" in out
