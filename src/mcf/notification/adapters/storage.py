"""Delivery state in PostgreSQL (peewee) and the notification log in ClickHouse; both convert to the domain."""
from __future__ import annotations

import json
import uuid
from datetime import datetime, timezone

import peewee
from playhouse.postgres_ext import BinaryJSONField

from mcf.kit import clickhouse, db
from mcf.kit.clickhouse import ClickhouseMigration
from mcf.kit.db import Migration, PeeweeUnitOfWork
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
)


class NotificationRow(peewee.Model):
    id = peewee.UUIDField(primary_key=True)
    source = peewee.TextField()
    kind = peewee.TextField()
    template = peewee.TextField()
    locale = peewee.TextField()
    recipient_id = peewee.TextField()
    recipient_role = peewee.TextField()
    recipient_email = peewee.TextField()
    data = BinaryJSONField()
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


def _to_row(notification: Notification) -> dict:
    return dict(
        id=notification.id, source=notification.source, kind=notification.kind, template=notification.template,
        locale=notification.locale, recipient_id=notification.recipient.id,
        recipient_role=notification.recipient.role, recipient_email=notification.recipient.email,
        data=notification.data, subject=notification.subject, status=notification.status.value,
        attempts=notification.attempts, last_error=notification.last_error, created_at=notification.created_at,
        updated_at=notification.updated_at, queued_at=notification.queued_at, sent_at=notification.sent_at)


def _from_row(row: NotificationRow) -> Notification:
    return Notification(
        id=str(row.id), source=row.source, kind=row.kind, template=row.template, locale=row.locale,
        recipient=Recipient(row.recipient_id, row.recipient_role, row.recipient_email), data=row.data,
        subject=row.subject, status=Status(row.status), attempts=row.attempts, last_error=row.last_error,
        created_at=row.created_at, updated_at=row.updated_at, queued_at=row.queued_at, sent_at=row.sent_at)



class PostgresNotificationStore:
    """NotificationStore on the caller's transaction (the unit of work's)."""

    def __init__(self, database: peewee.Database):
        self.rows = db.bound(NotificationRow, database)

    def add_if_new(self, notification: Notification) -> bool:
        inserted = (self.rows.insert(**_to_row(notification)).on_conflict_ignore()
                    .returning(self.rows.id).execute())
        return len(list(inserted)) == 1

    def get_for_update(self, notification_id: str) -> Notification | None:
        if not is_uuid(notification_id):
            return None  # a malformed id would abort the transaction in PostgreSQL
        row = self.rows.select().where(self.rows.id == notification_id).for_update().first()
        return _from_row(row) if row else None

    def save(self, notification: Notification) -> None:
        changes = _to_row(notification)
        del changes["id"]
        self.rows.update(**changes).where(self.rows.id == notification.id).execute()

    def stale(self, queued_before: datetime, limit: int) -> list[Notification]:
        query = (self.rows.select()
                 .where((self.rows.status == Status.RECEIVED.value) & (self.rows.queued_at < queued_before))
                 .order_by(self.rows.queued_at).limit(limit).for_update(skip_locked=True))
        return [_from_row(row) for row in query]


class NotificationUnitOfWork(PeeweeUnitOfWork):
    def __init__(self, database: peewee.Database):
        super().__init__(database)
        self.notifications = PostgresNotificationStore(database)


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
)

_COLUMNS = ("id", "version", "created_at", "updated_at", "sent_at", "source", "kind", "template", "locale",
            "recipient_id", "recipient_role", "recipient_email", "subject", "payload", "status", "attempts",
            "last_error")
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
        recipient_role=notification.recipient.role, recipient_email=notification.recipient.email,
        subject=notification.subject, payload=json.dumps(notification.data, ensure_ascii=False, default=str),
        status=notification.status.value, attempts=notification.attempts, last_error=notification.last_error or "")


def _from_log(values: tuple) -> Notification:
    row = dict(zip(_READ_COLUMNS, values, strict=True))
    updated_at = _utc(row["updated_at"])
    return Notification(
        id=str(row["id"]), source=row["source"], kind=row["kind"], template=row["template"], locale=row["locale"],
        recipient=Recipient(row["recipient_id"], row["recipient_role"], row["recipient_email"]),
        data=json.loads(row["payload"] or "{}"), subject=row["subject"], status=Status(row["status"]),
        attempts=row["attempts"], last_error=row["last_error"] or None, created_at=_utc(row["created_at"]),
        updated_at=updated_at, queued_at=updated_at, sent_at=_utc(row["sent_at"]))


class ClickhouseNotificationLog(clickhouse.ClickhouseStore):
    """NotificationLog on one clickhouse-driver client."""

    def append(self, notification: Notification) -> None:
        self.append_many([notification])

    def append_many(self, notifications: list[Notification]) -> None:
        self._execute(f"INSERT INTO notifications ({', '.join(_COLUMNS)}) VALUES",
                      [_log_row(n) for n in notifications])

    def list(self, recipient: str | None, limit: int) -> list[Notification]:
        # Filters only on columns no version changes: ClickHouse may apply WHERE before FINAL collapses versions.
        where = "WHERE recipient_id = %(recipient)s OR recipient_email = %(recipient)s" if recipient else ""
        rows = self._execute(f"{_SELECT} {where} ORDER BY created_at DESC, id LIMIT %(limit)s",
                             {"recipient": recipient, "limit": int(limit)})
        return [_from_log(row) for row in rows]

    def get(self, notification_id: str) -> Notification | None:
        row = self._row_by_uuid(_SELECT, "id", notification_id)
        return _from_log(row) if row else None
