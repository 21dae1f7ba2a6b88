"""Delivery state in PostgreSQL (peewee) and the notification log in ClickHouse; both convert to the domain.

A request's recipient address and payload are personal data (ADR 0127): in PostgreSQL they are encrypted with
notification's own keys (``mcf.kit.crypto``; ``<field>_enc`` is nonce || AES-GCM ciphertext and tag, ``<field>_key``
the key's id) while the e-mail waits, and set to NULL once it is final (sent or failed); ``seal_plaintext`` does
the same to rows written before migration 0002. The ClickHouse log holds neither, only the keyed blind index of
the address (ADR 0128).
"""
from __future__ import annotations

import json
import uuid
from datetime import datetime, timezone

import peewee
from playhouse.postgres_ext import BinaryJSONField

from mcf.kit import clickhouse, db
from mcf.kit.clickhouse import ClickhouseMigration, drop_column_if_present
from mcf.kit.crypto import FieldCipher
from mcf.kit.db import Migration, PeeweeUnitOfWork
from mcf.kit.encrypted_columns import EncryptedColumns
from mcf.kit.values import is_uuid
from mcf.notification.domain import Notification, Recipient, Status

# -- PostgreSQL ------------------------------------------------------------------------------------------------

MIGRATIONS = (
    Migration("notification:0001_notifications", """
        CREATE TABLE notifications (
            id uuid PRIMARY KEY,
            source text NOT NULL,
            kind text NOT NULL,
            template text NOT NULL,
            locale text NOT NULL,
            recipient_id text NOT NULL,
            recipient_role text NOT NULL,
            recipient_email text NOT NULL,
            data jsonb NOT NULL,
            subject text NOT NULL,
            status text NOT NULL CHECK (status IN ('received', 'sent', 'failed')),
            attempts integer NOT NULL DEFAULT 0,
            last_error text,
            created_at timestamptz NOT NULL,
            updated_at timestamptz NOT NULL,
            queued_at timestamptz NOT NULL,
            sent_at timestamptz
        );
        CREATE INDEX notifications_waiting ON notifications (queued_at) WHERE status = 'received';
    """),
    # ADR 0127: the address and payload encrypted until the e-mail is final, then dropped. The plaintext columns
    # become nullable so ``seal_plaintext`` can empty them (SQL cannot encrypt: the key never enters a statement).
    # NOT VALID: rows from before are sealed by ``seal_plaintext``; every write from now on is checked.
    Migration("notification:0002_personal_data_encrypted_until_sent", """
        ALTER TABLE notifications
            ADD COLUMN recipient_email_enc bytea, ADD COLUMN recipient_email_key text,
            ADD COLUMN data_enc bytea, ADD COLUMN data_key text,
            ALTER COLUMN recipient_email DROP NOT NULL, ALTER COLUMN data DROP NOT NULL,
            ADD CONSTRAINT notifications_recipient_email_sealed
                CHECK ((recipient_email_enc IS NULL) = (recipient_email_key IS NULL)),
            ADD CONSTRAINT notifications_data_sealed CHECK ((data_enc IS NULL) = (data_key IS NULL)),
            ADD CONSTRAINT notifications_final_keeps_no_personal_data CHECK (status = 'received' OR (
                recipient_email IS NULL AND data IS NULL AND recipient_email_enc IS NULL AND data_enc IS NULL))
                NOT VALID;
    """),
)


class NotificationRow(peewee.Model):
    id = peewee.UUIDField(primary_key=True)
    source = peewee.TextField()
    kind = peewee.TextField()
    template = peewee.TextField()
    locale = peewee.TextField()
    recipient_id = peewee.TextField()
    recipient_role = peewee.TextField()
    recipient_email = peewee.TextField(null=True)  # plaintext of migration 0001: NULL once sealed
    recipient_email_enc = peewee.BlobField(null=True)
    recipient_email_key = peewee.TextField(null=True)
    data = BinaryJSONField(null=True)  # likewise
    data_enc = peewee.BlobField(null=True)
    data_key = peewee.TextField(null=True)
    subject = peewee.TextField()
    status = peewee.TextField()
    attempts = peewee.IntegerField()
    last_error = peewee.TextField(null=True)
    created_at = peewee.DateTimeField()
    updated_at = peewee.DateTimeField()
    queued_at = peewee.DateTimeField()
    sent_at = peewee.DateTimeField(null=True)

    class Meta:
        table_name = "notifications"


_FINAL = (Status.SENT.value, Status.FAILED.value)

# Encrypted while the e-mail waits; emptied once it is final, by the repository and by the start-up pass alike.
PERSONAL = EncryptedColumns(
    ("recipient_email", "data"),
    encode={"data": lambda data: json.dumps(data, ensure_ascii=False, default=str)},
    decode={"data": json.loads},
    dropped=lambda rows: rows.status.in_(_FINAL))


def _personal_columns(cipher: FieldCipher, notification: Notification) -> dict:
    final = notification.status.value in _FINAL
    return PERSONAL.values(cipher, notification.id, {
        "recipient_email": None if final else notification.recipient.email,
        "data": None if final else notification.data})


def _to_row(cipher: FieldCipher, notification: Notification) -> dict:
    return dict(
        id=notification.id, source=notification.source, kind=notification.kind, template=notification.template,
        locale=notification.locale, recipient_id=notification.recipient.id,
        recipient_role=notification.recipient.role, subject=notification.subject, status=notification.status.value,
        attempts=notification.attempts, last_error=notification.last_error, created_at=notification.created_at,
        updated_at=notification.updated_at, queued_at=notification.queued_at, sent_at=notification.sent_at,
        **_personal_columns(cipher, notification))


def _from_row(cipher: FieldCipher, row: NotificationRow) -> Notification:
    plain = PERSONAL.plain(cipher, row)
    return Notification(
        id=str(row.id), source=row.source, kind=row.kind, template=row.template, locale=row.locale,
        recipient=Recipient(row.recipient_id, row.recipient_role, plain["recipient_email"]),
        data=plain["data"] if plain["data"] is not None else {},
        subject=row.subject, status=Status(row.status), attempts=row.attempts, last_error=row.last_error,
        created_at=row.created_at, updated_at=row.updated_at, queued_at=row.queued_at, sent_at=row.sent_at)


class PostgresNotificationStore:
    """NotificationStore on the caller's transaction (the unit of work's)."""

    def __init__(self, database: peewee.Database, cipher: FieldCipher):
        self.rows = db.bound(NotificationRow, database)
        self.cipher = cipher

    def add_if_new(self, notification: Notification) -> bool:
        inserted = (self.rows.insert(**_to_row(self.cipher, notification)).on_conflict_ignore()
                    .returning(self.rows.id).execute())
        return len(list(inserted)) == 1

    def get_for_update(self, notification_id: str) -> Notification | None:
        if not is_uuid(notification_id):
            return None  # a malformed id would abort the transaction in PostgreSQL
        row = self.rows.select().where(self.rows.id == notification_id).for_update().first()
        return _from_row(self.cipher, row) if row else None

    def save(self, notification: Notification) -> None:
        changes = _to_row(self.cipher, notification)
        del changes["id"]
        self.rows.update(**changes).where(self.rows.id == notification.id).execute()

    def stale(self, queued_before: datetime, limit: int) -> list[Notification]:
        query = (self.rows.select()
                 .where((self.rows.status == Status.RECEIVED.value) & (self.rows.queued_at < queued_before))
                 .order_by(self.rows.queued_at).limit(limit).for_update(skip_locked=True))
        return [_from_row(self.cipher, row) for row in query]


def seal_plaintext(database: peewee.Database, cipher: FieldCipher, batch: int = 200) -> int:
    """Rows written before migration 0002: a waiting one's address and payload encrypted, a final one's emptied;
    a waiting row under a retired key re-encrypted (rotation). The kit's pass (``EncryptedColumns.seal``):
    rerun-safe, every process may run it at start. Returns how many rows it rewrote."""
    return PERSONAL.seal(database, NotificationRow, cipher, batch)


class NotificationUnitOfWork(PeeweeUnitOfWork):
    def __init__(self, database: peewee.Database, cipher: FieldCipher):
        super().__init__(database)
        self.notifications = PostgresNotificationStore(database, cipher)


# -- ClickHouse ------------------------------------------------------------------------------------------------

# Only SQL the ClickHouse 18.16 server understands (STORES.md). Rows are versions of a notification; the newest
# version (highest ``version``) survives merges, and reads use FINAL to see only it before merges happen.
CLICKHOUSE_MIGRATIONS = (
    ClickhouseMigration(1, "notifications", ("""
        CREATE TABLE IF NOT EXISTS notifications (
            id UUID,
            version UInt64,
            created_at DateTime('UTC'),
            updated_at DateTime('UTC'),
            sent_at Nullable(DateTime('UTC')),
            source String,
            kind String,
            template String,
            locale String,
            recipient_id String,
            recipient_role String,
            recipient_email String,
            subject String,
            payload String,
            status Enum8('received' = 1, 'sent' = 2, 'failed' = 3),
            attempts UInt16,
            last_error String
        ) ENGINE = ReplacingMergeTree(version) ORDER BY id
    """,)),
    # ADR 0128: no address and no payload in the log. The blind index of the address (notification's index key)
    # is kept once per notification in a table of its own, so a version appended from a row whose address is
    # already dropped cannot lose it. Rows logged before keep no way to be found by address (by recipient id only).
    ClickhouseMigration(2, "notifications_keep_no_address_or_payload", ("""
        CREATE TABLE IF NOT EXISTS notification_recipients (
            id UUID,
            recipient_email_index String,
            created_at DateTime('UTC')
        ) ENGINE = ReplacingMergeTree ORDER BY (recipient_email_index, id)
    """, drop_column_if_present("notifications", "recipient_email"),
        drop_column_if_present("notifications", "payload"))),
)

_COLUMNS = ("id", "version", "created_at", "updated_at", "sent_at", "source", "kind", "template", "locale",
            "recipient_id", "recipient_role", "subject", "status", "attempts", "last_error")
_READ_COLUMNS = tuple(c for c in _COLUMNS if c != "version")
_SELECT = f"SELECT {', '.join(_READ_COLUMNS)} FROM notifications FINAL"


def _version(notification: Notification) -> int:
    # The domain makes updated_at strictly increase with each change: a later state is a higher version,
    # and appending the same state twice writes the same version (so FINAL keeps one).
    moment = notification.updated_at.astimezone(timezone.utc)
    return int(moment.timestamp()) * 1_000_000 + moment.microsecond


def _utc(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)


def _log_row(notification: Notification) -> dict:
    return dict(
        id=uuid.UUID(notification.id), version=_version(notification),
        created_at=_utc(notification.created_at), updated_at=_utc(notification.updated_at),
        sent_at=_utc(notification.sent_at), source=notification.source, kind=notification.kind,
        template=notification.template, locale=notification.locale, recipient_id=notification.recipient.id,
        recipient_role=notification.recipient.role, subject=notification.subject,
        status=notification.status.value, attempts=notification.attempts, last_error=notification.last_error or "")


def _from_log(values: tuple) -> Notification:
    row = dict(zip(_READ_COLUMNS, values, strict=True))
    updated_at = _utc(row["updated_at"])
    return Notification(
        id=str(row["id"]), source=row["source"], kind=row["kind"], template=row["template"], locale=row["locale"],
        recipient=Recipient(row["recipient_id"], row["recipient_role"], None), data={},
        subject=row["subject"], status=Status(row["status"]),
        attempts=row["attempts"], last_error=row["last_error"] or None, created_at=_utc(row["created_at"]),
        updated_at=updated_at, queued_at=updated_at, sent_at=_utc(row["sent_at"]))


def recipient_index(cipher: FieldCipher, email: str) -> str:
    """The keyed blind index of an address, as the log stores it (hex of HMAC-SHA256 of the lower-cased address)."""
    return cipher.blind_index("email", email.strip().lower()).hex()


class ClickhouseNotificationLog(clickhouse.ClickhouseStore):
    """NotificationLog on one clickhouse-driver client; ``cipher`` gives the blind index of an address."""

    def __init__(self, client, cipher: FieldCipher):
        super().__init__(client)
        self.cipher = cipher

    def append(self, notification: Notification) -> None:
        self.append_many([notification])

    def append_many(self, notifications: list[Notification]) -> None:
        # The address's index once per notification (again on a repeat: ReplacingMergeTree keeps one); a version
        # appended after the address was dropped (email None) adds none.
        indexed = [dict(id=uuid.UUID(n.id), recipient_email_index=recipient_index(self.cipher, n.recipient.email),
                        created_at=_utc(n.created_at)) for n in notifications if n.recipient.email]
        if indexed:
            self._execute("INSERT INTO notification_recipients (id, recipient_email_index, created_at) VALUES",
                          indexed)
        self._execute(f"INSERT INTO notifications ({', '.join(_COLUMNS)}) VALUES",
                      [_log_row(n) for n in notifications])

    def list(self, recipient: str | None, limit: int) -> list[Notification]:
        # Filters only on columns no version changes: ClickHouse may apply WHERE before FINAL collapses versions.
        where = ("WHERE recipient_id = %(recipient)s OR id IN (SELECT id FROM notification_recipients "
                 "WHERE recipient_email_index = %(index)s)") if recipient else ""
        rows = self._execute(f"{_SELECT} {where} ORDER BY created_at DESC, id LIMIT %(limit)s",
                             {"recipient": recipient, "limit": int(limit),
                              "index": recipient_index(self.cipher, recipient or "")})
        return [_from_log(row) for row in rows]

    def get(self, notification_id: str) -> Notification | None:
        row = self._row_by_uuid(_SELECT, "id", notification_id)
        return _from_log(row) if row else None
