"""Orders in PostgreSQL through peewee (the source of truth); the live-orders read model in ClickHouse.

Rows convert to and from the plain domain objects. Writes to an order are optimistic: ``UPDATE … WHERE id = ?
AND version = ?`` touching no row means someone else changed it first.

The client's contact data on an order (``client_email``, the visit's ``address``) and the stored reply of an
idempotent command (which holds them) are encrypted with order-service's own keys (``mcf.kit.encrypted_columns``,
ADR 0123): ``<field>_enc`` and ``<field>_key``; the plaintext columns of the first migrations are NULL once
``seal_plaintext`` has run (the composition root runs it after the migrations).
"""
from __future__ import annotations

import json
import uuid
from datetime import datetime, timezone
from functools import partial

import peewee
from playhouse.postgres_ext import BinaryJSONField

from mcf.kit import clickhouse
from mcf.kit.clickhouse import ClickhouseMigration
from mcf.kit.crypto import FieldCipher
from mcf.kit.db import Migration, PeeweeRepository, PeeweeUnitOfWork, bound
from mcf.kit.encrypted_columns import EncryptedColumns
from mcf.kit.values import is_uuid
from mcf.order import events
from mcf.order.domain import (
    Address,
    Cancellation,
    CancelledBy,
    Kit,
    Offer,
    Order,
    OrderStatus,
    Price,
    TimeSlot,
)
from mcf.order.ports import LiveOrder, LiveOrderQuery, StoredCommand

MIGRATIONS = (
    Migration("order:0001_orders", """
        CREATE TABLE orders (
            id uuid PRIMARY KEY,
            client_id uuid NOT NULL,
            client_email text NOT NULL,
            cat_id uuid NOT NULL,
            cat_name text,
            toy_category text NOT NULL,
            slot_start timestamptz NOT NULL,
            duration_minutes integer NOT NULL,
            address jsonb NOT NULL,
            locale text NOT NULL,
            status text NOT NULL,
            worker_id uuid,
            created_at timestamptz NOT NULL,
            updated_at timestamptz NOT NULL,
            version integer NOT NULL
        );
        CREATE INDEX orders_client ON orders (client_id, created_at DESC);
        CREATE INDEX orders_status ON orders (status);
    """),
    Migration("order:0002_lifecycle", """
        ALTER TABLE orders
            ADD COLUMN price jsonb,
            ADD COLUMN offer_worker_id uuid,
            ADD COLUMN offer_offered_at timestamptz,
            ADD COLUMN offer_expires_at timestamptz,
            ADD COLUMN offered_worker_ids jsonb NOT NULL DEFAULT '[]',
            ADD COLUMN kit jsonb,
            ADD COLUMN payment_id text,
            ADD COLUMN paid_at timestamptz,
            ADD COLUMN refunds jsonb NOT NULL DEFAULT '[]',
            ADD COLUMN started_at timestamptz,
            ADD COLUMN completed_at timestamptz,
            ADD COLUMN report_id text,
            ADD COLUMN cancellation jsonb,
            ADD COLUMN expired_at timestamptz;
        -- What the two jobs scan: orders looking for a worker, and unpaid placed orders.
        CREATE INDEX orders_offers_due ON orders (offer_expires_at)
            WHERE worker_id IS NULL AND status IN ('placed', 'confirmed');
        CREATE INDEX orders_unpaid ON orders (created_at) WHERE status = 'placed';
        CREATE TABLE order_anomalies (
            id bigserial PRIMARY KEY,
            order_id uuid NOT NULL,
            event_id text NOT NULL,
            event_type text NOT NULL,
            status text NOT NULL,
            detail text NOT NULL,
            recorded_at timestamptz NOT NULL DEFAULT now()
        );
        CREATE INDEX order_anomalies_order ON order_anomalies (order_id);
    """),
    # People's commands under an Idempotency-Key (docs/adr/0061): one row per (acting principal, key), written
    # in the command's transaction; the primary key makes a concurrent twin wait for the first to end.
    Migration("order:0003_idempotency_keys", """
        CREATE TABLE order_idempotency_keys (
            principal text NOT NULL,
            key text NOT NULL,
            fingerprint text NOT NULL,
            response jsonb,
            created_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (principal, key)
        );
    """),
    # The sweep of keys past their retention (ADR 0146) reads by age.
    Migration("order:0004_idempotency_keys_created_at", """
        CREATE INDEX order_idempotency_keys_created_at ON order_idempotency_keys (created_at);
    """),
    # The client's contact data encrypted (ADR 0123): the new columns, and the plaintext ones nullable so
    # ``seal_plaintext`` can empty them (SQL cannot encrypt: the key is the service's, never in a statement).
    Migration("order:0005_contact_data_encrypted", """
        ALTER TABLE orders
            ADD COLUMN client_email_enc bytea, ADD COLUMN client_email_key text,
            ADD COLUMN address_enc bytea, ADD COLUMN address_key text,
            ALTER COLUMN client_email DROP NOT NULL, ALTER COLUMN address DROP NOT NULL,
            ADD CONSTRAINT orders_client_email_sealed CHECK ((client_email_enc IS NULL) = (client_email_key IS NULL)),
            ADD CONSTRAINT orders_address_sealed CHECK ((address_enc IS NULL) = (address_key IS NULL));
        ALTER TABLE order_idempotency_keys
            ADD COLUMN response_enc bytea, ADD COLUMN response_key text,
            ADD CONSTRAINT order_idempotency_response_sealed
                CHECK ((response_enc IS NULL) = (response_key IS NULL));
    """),
)


class OrderRow(peewee.Model):
    id = peewee.UUIDField(primary_key=True)
    client_id = peewee.UUIDField()
    client_email = peewee.TextField(null=True)  # plaintext of migration 0001: NULL once sealed
    client_email_enc = peewee.BlobField(null=True)
    client_email_key = peewee.TextField(null=True)
    cat_id = peewee.UUIDField()
    cat_name = peewee.TextField(null=True)
    toy_category = peewee.TextField()
    slot_start = peewee.DateTimeField()
    duration_minutes = peewee.IntegerField()
    address = BinaryJSONField(null=True)  # plaintext of migration 0001: NULL once sealed
    address_enc = peewee.BlobField(null=True)
    address_key = peewee.TextField(null=True)
    locale = peewee.TextField()
    status = peewee.TextField()
    worker_id = peewee.UUIDField(null=True)
    created_at = peewee.DateTimeField()
    updated_at = peewee.DateTimeField()
    version = peewee.IntegerField()
    price = BinaryJSONField(null=True)
    offer_worker_id = peewee.UUIDField(null=True)
    offer_offered_at = peewee.DateTimeField(null=True)
    offer_expires_at = peewee.DateTimeField(null=True)
    offered_worker_ids = BinaryJSONField()
    kit = BinaryJSONField(null=True)
    payment_id = peewee.TextField(null=True)
    paid_at = peewee.DateTimeField(null=True)
    refunds = BinaryJSONField()
    started_at = peewee.DateTimeField(null=True)
    completed_at = peewee.DateTimeField(null=True)
    report_id = peewee.TextField(null=True)
    cancellation = BinaryJSONField(null=True)
    expired_at = peewee.DateTimeField(null=True)

    class Meta:
        table_name = "orders"  # no database: the kit binds the model per service database (db.bound)


class AnomalyRow(peewee.Model):
    id = peewee.BigAutoField()
    order_id = peewee.UUIDField()
    event_id = peewee.TextField()
    event_type = peewee.TextField()
    status = peewee.TextField()
    detail = peewee.TextField()
    recorded_at = peewee.DateTimeField()

    class Meta:
        table_name = "order_anomalies"


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.astimezone(timezone.utc).isoformat()


def _parse(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


# The order's contact data (owner: the order's id); the address is encrypted as its JSON.
CONTACT = EncryptedColumns(("client_email", "address"), encode={"address": json.dumps},
                           decode={"address": json.loads})


def _to_row(cipher: FieldCipher, order: Order) -> dict:
    kit = order.kit
    cancellation = order.cancellation
    return dict(
        id=order.id, client_id=order.client_id, cat_id=order.cat_id,
        **CONTACT.values(cipher, order.id, {"client_email": order.client_email, "address": vars(order.address)}),
        cat_name=order.cat_name, toy_category=order.toy_category, slot_start=order.slot.start,
        duration_minutes=order.slot.duration_minutes, locale=order.locale,
        status=order.status.value, worker_id=order.worker_id, created_at=order.created_at,
        updated_at=order.updated_at, version=order.version,
        price=None if order.price is None else {"amount_minor": order.price.amount_minor,
                                                "currency": order.price.currency,
                                                "breakdown": order.price.breakdown},
        offer_worker_id=order.offer.worker_id if order.offer else None,
        offer_offered_at=order.offer.offered_at if order.offer else None,
        offer_expires_at=order.offer.expires_at if order.offer else None,
        offered_worker_ids=list(order.offered_worker_ids),
        kit=None if kit is None else {"kit_id": kit.kit_id, "pickup_point": kit.pickup_point,
                                      "fortune": kit.fortune, "ready_at": _iso(kit.ready_at)},
        payment_id=order.payment_id, paid_at=order.paid_at, refunds=list(order.refunds),
        started_at=order.started_at, completed_at=order.completed_at, report_id=order.report_id,
        cancellation=None if cancellation is None else {
            "by": cancellation.by.value, "reason": cancellation.reason,
            "previous_status": cancellation.previous_status.value, "at": _iso(cancellation.at)},
        expired_at=order.expired_at)


def _to_order(cipher: FieldCipher, row: OrderRow) -> Order:
    price, kit, cancellation = row.price, row.kit, row.cancellation
    contact = CONTACT.plain(cipher, row)
    return Order(
        id=str(row.id), client_id=str(row.client_id), client_email=contact["client_email"], cat_id=str(row.cat_id),
        cat_name=row.cat_name, toy_category=row.toy_category,
        slot=TimeSlot(row.slot_start, row.duration_minutes), address=Address(**contact["address"]),
        locale=row.locale, status=OrderStatus(row.status), created_at=row.created_at,
        updated_at=row.updated_at, version=row.version,
        worker_id=str(row.worker_id) if row.worker_id else None,
        price=None if price is None else Price(price["amount_minor"], price["currency"],
                                               price.get("breakdown") or {}),
        offer=None if row.offer_worker_id is None else Offer(str(row.offer_worker_id), row.offer_offered_at,
                                                              row.offer_expires_at),
        offered_worker_ids=tuple(row.offered_worker_ids or ()),
        kit=None if kit is None else Kit(kit["kit_id"], kit["pickup_point"], kit.get("fortune"),
                                         _parse(kit["ready_at"])),
        payment_id=row.payment_id, paid_at=row.paid_at, refunds=tuple(row.refunds or ()),
        started_at=row.started_at, completed_at=row.completed_at, report_id=row.report_id,
        cancellation=None if cancellation is None else Cancellation(
            CancelledBy(cancellation["by"]), cancellation["reason"], OrderStatus(cancellation["previous_status"]),
            _parse(cancellation["at"])),
        expired_at=row.expired_at)



class PeeweeOrderRepository(PeeweeRepository[Order]):
    """OrderRepository on the caller's transaction (the unit of work's); the kit checks versions on save."""

    model = OrderRow

    def __init__(self, database: peewee.Database, cipher: FieldCipher):
        super().__init__(database)
        self.to_row, self.to_aggregate = partial(_to_row, cipher), partial(_to_order, cipher)

    def get(self, order_id: str) -> Order | None:
        if not is_uuid(order_id):
            return None  # a malformed id would abort the transaction in PostgreSQL
        return self._one(self.rows.select().where(self.rows.id == order_id))

    def claim_offers_due(self, now: datetime, limit: int) -> list[Order]:
        rows = self.rows
        return self._many(rows.select()
                          .where(rows.worker_id.is_null() & rows.status.in_(("placed", "confirmed"))
                                 & (rows.offer_worker_id.is_null() | (rows.offer_expires_at <= now)))
                          .order_by(rows.offer_expires_at.asc(nulls="FIRST")).limit(limit)
                          .for_update(skip_locked=True))

    def claim_unpaid_before(self, placed_before: datetime, limit: int) -> list[Order]:
        rows = self.rows
        return self._many(rows.select().where((rows.status == "placed") & (rows.created_at < placed_before))
                          .order_by(rows.created_at).limit(limit).for_update(skip_locked=True))


class PostgresAnomalyLog:
    def __init__(self, database: peewee.Database):
        self.rows = bound(AnomalyRow, database)

    def record(self, order_id: str, event_id: str, event_type: str, status: str, detail: str) -> None:
        self.rows.insert(order_id=order_id, event_id=event_id, event_type=event_type, status=status,
                         detail=detail[:2000], recorded_at=datetime.now(timezone.utc)).execute()


class IdempotencyKeyRow(peewee.Model):
    principal = peewee.TextField()
    key = peewee.TextField()
    fingerprint = peewee.TextField()
    response = BinaryJSONField(null=True)  # plaintext of migration 0003: NULL once sealed
    response_enc = peewee.BlobField(null=True)
    response_key = peewee.TextField(null=True)
    created_at = peewee.DateTimeField()

    class Meta:
        table_name = "order_idempotency_keys"
        primary_key = peewee.CompositeKey("principal", "key")


# A stored reply is the whole order (the client's e-mail and address): encrypted as its JSON, bound to its key.
REPLY = EncryptedColumns(("response",), owner=lambda row: json.dumps([row.principal, row.key]),
                         encode={"response": json.dumps}, decode={"response": json.loads})


class PostgresIdempotencyKeys:
    """IdempotencyKeys on the caller's transaction (the unit of work's)."""

    def __init__(self, database: peewee.Database, cipher: FieldCipher):
        self.rows = bound(IdempotencyKeyRow, database)
        self.cipher = cipher

    def _get(self, principal: str, key: str) -> StoredCommand | None:
        row = self.rows.get_or_none((self.rows.principal == principal) & (self.rows.key == key))
        return None if row is None else StoredCommand(row.fingerprint, REPLY.read(self.cipher, row, "response"))

    def find(self, principal: str, key: str) -> StoredCommand | None:
        return self._get(principal, key)

    def claim(self, principal: str, key: str, fingerprint: str) -> StoredCommand | None:
        # A twin's uncommitted row makes this insert wait; it then conflicts (twin committed) or goes in.
        inserted = list(self.rows.insert(principal=principal, key=key, fingerprint=fingerprint,
                                         created_at=datetime.now(timezone.utc))
                        .on_conflict_ignore().returning(self.rows.principal).execute())
        return None if inserted else self._get(principal, key)

    def complete(self, principal: str, key: str, response: dict) -> None:
        owner = json.dumps([principal, key])
        self.rows.update(**REPLY.values(self.cipher, owner, {"response": response})).where(
            (self.rows.principal == principal) & (self.rows.key == key)).execute()


class OrderUnitOfWork(PeeweeUnitOfWork):
    def __init__(self, database: peewee.Database, cipher: FieldCipher):
        super().__init__(database, events.integration_events)
        self.orders = PeeweeOrderRepository(database, cipher)
        self.anomalies = PostgresAnomalyLog(database)
        self.idempotency = PostgresIdempotencyKeys(database, cipher)


def seal_plaintext(database: peewee.Database, cipher: FieldCipher, batch: int = 200) -> int:
    """Encrypt the orders and stored replies still holding plaintext contact data (written before migration
    0005), or a value under a key no longer active; rerun-safe, every process may run it at start (the kit's
    ``EncryptedColumns.seal``). An order's version is left alone: its facts did not change. Returns the rows
    rewritten."""
    return CONTACT.seal(database, OrderRow, cipher, batch) + REPLY.seal(database, IdempotencyKeyRow, cipher, batch)


# -- ClickHouse: the live-orders read model ----------------------------------------------------------------------

# Only SQL the ClickHouse 18.16 server understands (STORES.md). Each order event appends the order's row at that
# event's version; the highest version survives merges, and reads use FINAL to see only it before merges happen.
CLICKHOUSE_MIGRATIONS = (
    ClickhouseMigration(1, "live_orders", ("""
        CREATE TABLE IF NOT EXISTS live_orders (
            order_id UUID,
            version UInt64,
            status String,
            client_id String,
            worker_id String,
            offered_worker_id String,
            offer_expires_at Nullable(DateTime('UTC')),
            toy_category String,
            slot_start DateTime('UTC'),
            slot_end DateTime('UTC'),
            city String,
            district String,
            price_amount_minor Nullable(Int64),
            price_currency String,
            paid UInt8,
            kit_ready UInt8,
            placed_at DateTime('UTC'),
            updated_at DateTime('UTC')
        ) ENGINE = ReplacingMergeTree(version) ORDER BY order_id
    """,)),
)

_LIVE_COLUMNS = ("order_id", "version", "status", "client_id", "worker_id", "offered_worker_id",
                 "offer_expires_at", "toy_category", "slot_start", "slot_end", "city", "district",
                 "price_amount_minor", "price_currency", "paid", "kit_ready", "placed_at", "updated_at")
_COLUMN_LIST = ", ".join(_LIVE_COLUMNS)
# ClickHouse may push an outer WHERE into the subquery and so filter rows before FINAL collapses versions;
# the filters on changing columns (status, worker) must see only the newest version, so pushing is switched off.
_QUERY_SETTINGS = {"enable_optimize_predicate_expression": 0}


# ClickHouse's DateTime spans 1970-01-01..2106-02-07; a cursor outside (a valid ISO 8601 time all the same) is
# clamped to the nearest end, which selects the same rows: no order has a slot outside that span.
CLICKHOUSE_MIN = datetime(1970, 1, 1, tzinfo=timezone.utc)
CLICKHOUSE_MAX = datetime(2106, 2, 7, tzinfo=timezone.utc)


def _clickhouse_range(moment: datetime) -> datetime:
    return min(max(moment, CLICKHOUSE_MIN), CLICKHOUSE_MAX)


def _utc(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)


def _live_row(row: LiveOrder) -> dict:
    price = row.price or {}
    return dict(
        order_id=uuid.UUID(row.order_id), version=row.version, status=row.status, client_id=row.client_id,
        worker_id=row.worker_id or "", offered_worker_id=row.offered_worker_id or "",
        offer_expires_at=_utc(row.offer_expires_at), toy_category=row.toy_category,
        slot_start=_utc(row.slot_start), slot_end=_utc(row.slot_end), city=row.city, district=row.district,
        price_amount_minor=price.get("amount_minor"), price_currency=price.get("currency", ""),
        paid=int(row.paid), kit_ready=int(row.kit_ready), placed_at=_utc(row.placed_at),
        updated_at=_utc(row.updated_at))


def _from_live(values: tuple) -> LiveOrder:
    r = dict(zip(_LIVE_COLUMNS, values, strict=True))
    price = None if r["price_amount_minor"] is None else {"amount_minor": r["price_amount_minor"],
                                                          "currency": r["price_currency"]}
    return LiveOrder(
        order_id=str(r["order_id"]), version=r["version"], status=r["status"], client_id=r["client_id"],
        worker_id=r["worker_id"] or None, offered_worker_id=r["offered_worker_id"] or None,
        offer_expires_at=_utc(r["offer_expires_at"]), toy_category=r["toy_category"],
        slot_start=_utc(r["slot_start"]), slot_end=_utc(r["slot_end"]), city=r["city"], district=r["district"],
        price=price, paid=bool(r["paid"]), kit_ready=bool(r["kit_ready"]), placed_at=_utc(r["placed_at"]),
        updated_at=_utc(r["updated_at"]))


class ClickhouseLiveOrders(clickhouse.ClickhouseStore):
    """LiveOrders on one clickhouse-driver client."""

    def upsert(self, row: LiveOrder) -> None:
        self.upsert_many([row])

    def upsert_many(self, rows: list[LiveOrder]) -> None:
        self._execute(f"INSERT INTO live_orders ({_COLUMN_LIST}) VALUES", [_live_row(r) for r in rows])

    def list(self, query: LiveOrderQuery) -> list[LiveOrder]:
        params: dict = {"limit": int(query.limit)}
        inner, outer = [], []
        if query.client_id is not None:
            inner.append("client_id = %(client_id)s")  # never changes: safe to filter before FINAL
            params["client_id"] = query.client_id
        if query.worker_id is not None:
            # Any version that ever named the worker narrows the scan; the newest version must name it too.
            inner.append("order_id IN (SELECT order_id FROM live_orders "
                         "WHERE worker_id = %(worker_id)s OR offered_worker_id = %(worker_id)s)")
            outer.append("(worker_id = %(worker_id)s OR offered_worker_id = %(worker_id)s)")
            params["worker_id"] = query.worker_id
        statuses = list(query.statuses)
        if query.current_only:
            current = ["placed", "confirmed", "in_progress"]
            statuses = [s for s in statuses if s in current] if statuses else current
            if not statuses:
                return []
        if statuses:
            outer.append("status IN %(statuses)s")
            params["statuses"] = tuple(statuses)
        if query.after is not None:
            # Strictly after the last row seen in (slot_start DESC, order_id): neither changes, so pages are stable.
            inner.append("(slot_start < %(after_slot)s OR (slot_start = %(after_slot)s "
                         "AND order_id > toUUID(%(after_id)s)))")
            params.update(after_slot=_clickhouse_range(_utc(query.after[0]).replace(microsecond=0)),
                          after_id=query.after[1])
        where_inner = f"WHERE {' AND '.join(inner)}" if inner else ""
        where_outer = f"WHERE {' AND '.join(outer)}" if outer else ""
        sql = (f"SELECT {_COLUMN_LIST} FROM (SELECT {_COLUMN_LIST} FROM live_orders FINAL {where_inner}) "
               f"{where_outer} ORDER BY slot_start DESC, order_id LIMIT %(limit)s")
        rows = self._execute(sql, params, settings=_QUERY_SETTINGS)
        return [_from_live(values) for values in rows]
