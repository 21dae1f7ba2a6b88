"""Catalogue, stock, kits and received cookies in PostgreSQL, as peewee models bound per database by the kit.

Reservation is one conditional ``UPDATE … WHERE available >= n`` per toy, in toy-id order (so concurrent kits
lock stock rows in the same order and never deadlock), inside a savepoint: a toy that is short rolls back the
toys taken before it, so a kit takes all of its toys or none. A CHECK keeps ``available`` from going negative
even if a bug tried.
"""
from __future__ import annotations

from datetime import datetime

import peewee
from playhouse.postgres_ext import BinaryJSONField

from mcf.inventory import events
from mcf.inventory.adapters.catalogue_seed import seed_sql
from mcf.inventory.domain import (
    Fortune,
    FortuneIssued,
    FortuneSource,
    Kit,
    KitItem,
    KitStatus,
    Missing,
    PickupPoint,
    StockLevel,
    Toy,
)
from mcf.kit.db import Migration, PeeweeRepository, PeeweeUnitOfWork, bound
from mcf.kit.values import is_uuid

MIGRATIONS = (
    Migration("inventory:0001_catalogue_stock_kits", """
        CREATE TABLE pickup_points (
            id uuid PRIMARY KEY,
            name text NOT NULL UNIQUE,
            city text NOT NULL,
            district text NOT NULL,
            address text NOT NULL,
            central boolean NOT NULL DEFAULT false
        );
        CREATE TABLE toys (
            id uuid PRIMARY KEY,
            name text NOT NULL UNIQUE,
            category text NOT NULL
        );
        CREATE TABLE kit_recipes (
            toy_category text NOT NULL,
            toy_id uuid NOT NULL REFERENCES toys (id),
            quantity integer NOT NULL CHECK (quantity > 0),
            PRIMARY KEY (toy_category, toy_id)
        );
        CREATE TABLE stock (
            pickup_point_id uuid NOT NULL REFERENCES pickup_points (id),
            toy_id uuid NOT NULL REFERENCES toys (id),
            available integer NOT NULL CHECK (available >= 0),
            reserved integer NOT NULL DEFAULT 0 CHECK (reserved >= 0),
            PRIMARY KEY (pickup_point_id, toy_id)
        );
        CREATE TABLE kits (
            order_id uuid PRIMARY KEY,
            kit_id uuid NOT NULL UNIQUE,
            client_id text,
            toy_category text,
            city text,
            district text,
            locale text NOT NULL,
            client_email text,
            status text NOT NULL
                CHECK (status IN ('pending', 'awaiting_fortune', 'ready', 'shortage', 'cancelled')),
            pickup_point_id uuid REFERENCES pickup_points (id),
            items jsonb NOT NULL DEFAULT '[]',
            missing jsonb NOT NULL DEFAULT '[]',
            fortune jsonb,
            fortune_deadline timestamptz,
            created_at timestamptz NOT NULL,
            updated_at timestamptz NOT NULL,
            ready_at timestamptz,
            cancelled_at timestamptz,
            released boolean NOT NULL DEFAULT false
        );
        CREATE INDEX kits_awaiting ON kits (fortune_deadline) WHERE status = 'awaiting_fortune';
        CREATE INDEX kits_pending ON kits (created_at) WHERE status = 'pending';
        CREATE TABLE fortunes (
            order_id uuid PRIMARY KEY,
            fortune_id text NOT NULL,
            text text NOT NULL,
            locale text NOT NULL,
            received_at timestamptz NOT NULL
        );
    """),
    Migration("inventory:0002_seed_catalogue", seed_sql()),
    Migration("inventory:0003_kit_version", "ALTER TABLE kits ADD COLUMN version integer NOT NULL DEFAULT 1"),
    # The client's e-mail is not inventory's to keep (ADR 0123): order.created never carries it (ADR 0006) and
    # the client hears of the kit from order-service; any address kept so far goes with the column.
    Migration("inventory:0004_no_client_email", "ALTER TABLE kits DROP COLUMN client_email"),
)


class PointRow(peewee.Model):
    id = peewee.UUIDField(primary_key=True)
    name = peewee.TextField()
    city = peewee.TextField()
    district = peewee.TextField()
    address = peewee.TextField()
    central = peewee.BooleanField()

    class Meta:
        table_name = "pickup_points"


class ToyRow(peewee.Model):
    id = peewee.UUIDField(primary_key=True)
    name = peewee.TextField()
    category = peewee.TextField()

    class Meta:
        table_name = "toys"


class RecipeRow(peewee.Model):
    toy_category = peewee.TextField()
    toy_id = peewee.UUIDField()
    quantity = peewee.IntegerField()

    class Meta:
        table_name = "kit_recipes"
        primary_key = peewee.CompositeKey("toy_category", "toy_id")


class StockRow(peewee.Model):
    pickup_point_id = peewee.UUIDField()
    toy_id = peewee.UUIDField()
    available = peewee.IntegerField()
    reserved = peewee.IntegerField()

    class Meta:
        table_name = "stock"
        primary_key = peewee.CompositeKey("pickup_point_id", "toy_id")


class KitRow(peewee.Model):
    order_id = peewee.UUIDField(primary_key=True)
    kit_id = peewee.UUIDField()
    client_id = peewee.TextField(null=True)
    toy_category = peewee.TextField(null=True)
    city = peewee.TextField(null=True)
    district = peewee.TextField(null=True)
    locale = peewee.TextField()
    status = peewee.TextField()
    pickup_point_id = peewee.UUIDField(null=True)
    items = BinaryJSONField()
    missing = BinaryJSONField()
    fortune = BinaryJSONField(null=True)
    fortune_deadline = peewee.DateTimeField(null=True)
    created_at = peewee.DateTimeField()
    updated_at = peewee.DateTimeField()
    ready_at = peewee.DateTimeField(null=True)
    cancelled_at = peewee.DateTimeField(null=True)
    released = peewee.BooleanField()
    version = peewee.IntegerField()

    class Meta:
        table_name = "kits"


class FortuneRow(peewee.Model):
    order_id = peewee.UUIDField(primary_key=True)
    fortune_id = peewee.TextField()
    text = peewee.TextField()
    locale = peewee.TextField()
    received_at = peewee.DateTimeField()

    class Meta:
        table_name = "fortunes"



class _ShortOfToys(Exception):
    def __init__(self, missing: tuple[Missing, ...]):
        super().__init__("short of toys")
        self.missing = missing


def _point(row) -> PickupPoint:
    return PickupPoint(str(row.id), row.name, row.city, row.district, row.address)


class PostgresCatalogue:
    def __init__(self, database: peewee.Database):
        self.points, self.toy_rows = bound(PointRow, database), bound(ToyRow, database)
        self.recipes = bound(RecipeRow, database)

    def pickup_points(self) -> list[PickupPoint]:
        return [_point(r) for r in self.points.select().order_by(self.points.name)]

    def pickup_point(self, pickup_point_id: str) -> PickupPoint | None:
        if not is_uuid(pickup_point_id):
            return None
        row = self.points.get_or_none(self.points.id == pickup_point_id)
        return _point(row) if row else None

    def pickup_point_for(self, city: str, district: str) -> PickupPoint | None:
        p, lower = self.points, peewee.fn.lower
        same_city = lower(p.city) == city.lower()
        row = (p.select().order_by((same_city & (lower(p.district) == district.lower())).desc(), same_city.desc(),
                                   p.central.desc(), p.name).first())
        return _point(row) if row else None

    def toys(self, category: str | None = None) -> list[Toy]:
        t = self.toy_rows
        query = t.select().order_by(t.category, t.name)
        if category is not None:
            query = query.where(t.category == category)
        return [Toy(str(r.id), r.name, r.category) for r in query]

    def toy(self, toy_id: str) -> Toy | None:
        if not is_uuid(toy_id):
            return None
        row = self.toy_rows.get_or_none(self.toy_rows.id == toy_id)
        return Toy(str(row.id), row.name, row.category) if row else None

    def recipe(self, toy_category: str) -> tuple[KitItem, ...]:
        r, t = self.recipes, self.toy_rows
        rows = (r.select(r.quantity, t.id, t.name).join(t, on=(r.toy_id == t.id))
                .where(r.toy_category == toy_category).order_by(t.id).objects())
        return tuple(KitItem(str(row.id), row.name, row.quantity) for row in rows)


class PostgresStock:
    def __init__(self, database: peewee.Database):
        self.db = database
        self.rows, self.toy_rows = bound(StockRow, database), bound(ToyRow, database)

    def reserve(self, pickup_point_id: str, items: tuple[KitItem, ...]) -> tuple[Missing, ...]:
        s = self.rows
        try:
            with self.db.atomic():  # a savepoint inside the use case's transaction
                for item in sorted(items, key=lambda i: i.toy_id):
                    taken = (s.update(available=s.available - item.quantity, reserved=s.reserved + item.quantity)
                             .where((s.pickup_point_id == pickup_point_id) & (s.toy_id == item.toy_id)
                                    & (s.available >= item.quantity))
                             .returning(s.toy_id).execute())
                    if not list(taken):
                        raise _ShortOfToys(self._missing(pickup_point_id, items))
        except _ShortOfToys as short:
            return short.missing
        return ()

    def _missing(self, pickup_point_id: str, items: tuple[KitItem, ...]) -> tuple[Missing, ...]:
        s = self.rows
        have = {str(r.toy_id): r.available for r in s.select(s.toy_id, s.available).where(
            (s.pickup_point_id == pickup_point_id) & s.toy_id.in_([i.toy_id for i in items]))}
        return tuple(Missing(i.toy_id, i.quantity, have.get(i.toy_id, 0)) for i in items
                     if have.get(i.toy_id, 0) < i.quantity)

    def release(self, pickup_point_id: str, items: tuple[KitItem, ...]) -> None:
        s = self.rows
        for item in sorted(items, key=lambda i: i.toy_id):
            (s.update(available=s.available + item.quantity,
                      reserved=peewee.fn.greatest(s.reserved - item.quantity, 0))
             .where((s.pickup_point_id == pickup_point_id) & (s.toy_id == item.toy_id)).execute())

    def restock(self, pickup_point_id: str, toy_id: str, quantity: int) -> StockLevel:
        s = self.rows
        (s.insert(pickup_point_id=pickup_point_id, toy_id=toy_id, available=quantity, reserved=0)
         .on_conflict(conflict_target=[s.pickup_point_id, s.toy_id],
                      update={s.available: s.available + peewee.EXCLUDED.available}).execute())
        return self._levels((s.pickup_point_id == pickup_point_id) & (s.toy_id == toy_id))[0]

    def levels(self, pickup_point_id: str | None) -> list[StockLevel]:
        return self._levels(None if pickup_point_id is None else self.rows.pickup_point_id == pickup_point_id)

    def _levels(self, where) -> list[StockLevel]:
        s, t = self.rows, self.toy_rows
        query = (s.select(s.pickup_point_id, s.toy_id, t.name, s.available, s.reserved)
                 .join(t, on=(s.toy_id == t.id)).order_by(s.pickup_point_id, t.name))
        if where is not None:
            query = query.where(where)
        return [StockLevel(str(r.pickup_point_id), str(r.toy_id), r.name, r.available, r.reserved)
                for r in query.objects()]


def _kit_row(kit: Kit) -> dict:
    fortune = None if kit.fortune is None else {
        "text": kit.fortune.text, "locale": kit.fortune.locale, "source": kit.fortune.source.value,
        "fortune_id": kit.fortune.fortune_id}
    return dict(order_id=kit.order_id, kit_id=kit.kit_id, client_id=kit.client_id, toy_category=kit.toy_category,
                city=kit.city, district=kit.district, locale=kit.locale,
                status=kit.status.value, pickup_point_id=kit.pickup_point.id if kit.pickup_point else None,
                items=[vars(i) for i in kit.items], missing=[vars(m) for m in kit.missing], fortune=fortune,
                fortune_deadline=kit.fortune_deadline, created_at=kit.created_at, updated_at=kit.updated_at,
                ready_at=kit.ready_at, cancelled_at=kit.cancelled_at, released=kit.released, version=kit.version)


def _kit(row) -> Kit:
    fortune, point = row.fortune, getattr(row, "point", None)
    return Kit(
        order_id=str(row.order_id), kit_id=str(row.kit_id), client_id=row.client_id, toy_category=row.toy_category,
        city=row.city, district=row.district, locale=row.locale,
        status=KitStatus(row.status), created_at=row.created_at, updated_at=row.updated_at,
        pickup_point=_point(point) if point is not None and point.id is not None else None,
        items=tuple(KitItem(**i) for i in row.items), missing=tuple(Missing(**m) for m in row.missing),
        fortune=None if fortune is None else Fortune(fortune["text"], fortune["locale"],
                                                     FortuneSource(fortune["source"]), fortune.get("fortune_id")),
        fortune_deadline=row.fortune_deadline, ready_at=row.ready_at, cancelled_at=row.cancelled_at,
        released=row.released, version=row.version)


class PostgresKits(PeeweeRepository[Kit]):
    """Kits with their pick-up point in one query (a join), versions checked by the kit on save."""

    model = KitRow
    to_row = staticmethod(_kit_row)
    to_aggregate = staticmethod(_kit)

    def __init__(self, database: peewee.Database):
        super().__init__(database)
        self.points = bound(PointRow, database)

    def _select(self, order_id: str):
        k, p = self.rows, self.points
        return (k.select(k, p).join(p, peewee.JOIN.LEFT_OUTER, on=(k.pickup_point_id == p.id), attr="point")
                .where(k.order_id == order_id))

    def get(self, order_id: str) -> Kit | None:
        if not is_uuid(order_id):
            return None  # a malformed id would abort the transaction in PostgreSQL
        return self._one(self._select(order_id))

    def get_for_update(self, order_id: str) -> Kit | None:
        if not is_uuid(order_id):
            return None
        return self._one(self._select(order_id).for_update(of=self.rows))

    def overdue(self, now: datetime, limit: int) -> list[str]:
        k = self.rows
        return [str(r.order_id) for r in k.select(k.order_id)
                .where((k.status == "awaiting_fortune") & (k.fortune_deadline <= now))
                .order_by(k.fortune_deadline).limit(limit).for_update(skip_locked=True)]

    def stale_pending(self, created_before: datetime, limit: int) -> list[str]:
        k = self.rows
        return [str(r.order_id) for r in k.select(k.order_id)
                .where((k.status == "pending") & (k.created_at < created_before)).order_by(k.created_at).limit(limit)]


class PostgresFortunes:
    def __init__(self, database: peewee.Database):
        self.rows = bound(FortuneRow, database)

    def add_if_new(self, fortune: FortuneIssued, received_at: datetime) -> bool:
        query = (self.rows.insert(order_id=fortune.order_id, fortune_id=fortune.fortune_id, text=fortune.text,
                                  locale=fortune.locale, received_at=received_at)
                 .on_conflict_ignore().returning(self.rows.order_id))
        return len(list(query.execute())) == 1

    def get(self, order_id: str) -> FortuneIssued | None:
        if not is_uuid(order_id):
            return None
        row = self.rows.get_or_none(self.rows.order_id == order_id)
        return FortuneIssued(str(row.order_id), row.fortune_id, row.text, row.locale) if row else None


class InventoryUnitOfWork(PeeweeUnitOfWork):
    def __init__(self, database: peewee.Database):
        super().__init__(database, events.integration_events)
        self.catalogue = PostgresCatalogue(database)
        self.stock = PostgresStock(database)
        self.kits = PostgresKits(database)
        self.fortunes = PostgresFortunes(database)
