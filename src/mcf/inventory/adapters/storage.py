"""Catalogue, stock, kits and received cookies in PostgreSQL (plain SQL through peewee's database).

Reservation is one conditional ``UPDATE … WHERE available >= n`` per toy, in toy-id order (so concurrent kits
lock stock rows in the same order and never deadlock), inside a savepoint: a toy that is short rolls back the
toys taken before it, so a kit takes all of its toys or none. A CHECK keeps ``available`` from going negative
even if a bug tried.
"""
from __future__ import annotations

import json
from datetime import datetime

import peewee

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
from mcf.kit.db import Migration, PeeweeUnitOfWork
from mcf.kit.outbox import PeeweeOutbox
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
)



class _ShortOfToys(Exception):
    def __init__(self, missing: tuple[Missing, ...]):
        super().__init__("short of toys")
        self.missing = missing


class PostgresCatalogue:
    def __init__(self, database: peewee.Database):
        self.db = database

    _POINT = "SELECT id, name, city, district, address FROM pickup_points"

    @staticmethod
    def _point(row) -> PickupPoint:
        return PickupPoint(str(row[0]), row[1], row[2], row[3], row[4])

    def pickup_points(self) -> list[PickupPoint]:
        return [self._point(r) for r in self.db.execute_sql(self._POINT + " ORDER BY name").fetchall()]

    def pickup_point(self, pickup_point_id: str) -> PickupPoint | None:
        if not is_uuid(pickup_point_id):
            return None
        row = self.db.execute_sql(self._POINT + " WHERE id = %s", (pickup_point_id,)).fetchone()
        return self._point(row) if row else None

    def pickup_point_for(self, city: str, district: str) -> PickupPoint | None:
        row = self.db.execute_sql(
            self._POINT + " ORDER BY (lower(city) = lower(%s) AND lower(district) = lower(%s)) DESC, "
            "(lower(city) = lower(%s)) DESC, central DESC, name LIMIT 1", (city, district, city)).fetchone()
        return self._point(row) if row else None

    def toys(self, category: str | None = None) -> list[Toy]:
        rows = self.db.execute_sql(
            "SELECT id, name, category FROM toys WHERE %s::text IS NULL OR category = %s ORDER BY category, name",
            (category, category)).fetchall()
        return [Toy(str(r[0]), r[1], r[2]) for r in rows]

    def toy(self, toy_id: str) -> Toy | None:
        if not is_uuid(toy_id):
            return None
        row = self.db.execute_sql("SELECT id, name, category FROM toys WHERE id = %s", (toy_id,)).fetchone()
        return Toy(str(row[0]), row[1], row[2]) if row else None

    def recipe(self, toy_category: str) -> tuple[KitItem, ...]:
        rows = self.db.execute_sql(
            "SELECT t.id, t.name, r.quantity FROM kit_recipes r JOIN toys t ON t.id = r.toy_id "
            "WHERE r.toy_category = %s ORDER BY t.id", (toy_category,)).fetchall()
        return tuple(KitItem(str(r[0]), r[1], r[2]) for r in rows)


class PostgresStock:
    def __init__(self, database: peewee.Database):
        self.db = database

    def reserve(self, pickup_point_id: str, items: tuple[KitItem, ...]) -> tuple[Missing, ...]:
        try:
            with self.db.atomic():  # a savepoint inside the use case's transaction
                for item in sorted(items, key=lambda i: i.toy_id):
                    taken = self.db.execute_sql(
                        "UPDATE stock SET available = available - %s, reserved = reserved + %s "
                        "WHERE pickup_point_id = %s AND toy_id = %s AND available >= %s RETURNING 1",
                        (item.quantity, item.quantity, pickup_point_id, item.toy_id, item.quantity)).fetchone()
                    if taken is None:
                        raise _ShortOfToys(self._missing(pickup_point_id, items))
        except _ShortOfToys as short:
            return short.missing
        return ()

    def _missing(self, pickup_point_id: str, items: tuple[KitItem, ...]) -> tuple[Missing, ...]:
        rows = dict(self.db.execute_sql(
            "SELECT toy_id::text, available FROM stock WHERE pickup_point_id = %s AND toy_id = ANY(%s::uuid[])",
            (pickup_point_id, [i.toy_id for i in items])).fetchall())
        return tuple(Missing(i.toy_id, i.quantity, rows.get(i.toy_id, 0)) for i in items
                     if rows.get(i.toy_id, 0) < i.quantity)

    def release(self, pickup_point_id: str, items: tuple[KitItem, ...]) -> None:
        for item in sorted(items, key=lambda i: i.toy_id):
            self.db.execute_sql(
                "UPDATE stock SET available = available + %s, reserved = greatest(reserved - %s, 0) "
                "WHERE pickup_point_id = %s AND toy_id = %s",
                (item.quantity, item.quantity, pickup_point_id, item.toy_id))

    def restock(self, pickup_point_id: str, toy_id: str, quantity: int) -> StockLevel:
        self.db.execute_sql(
            "INSERT INTO stock (pickup_point_id, toy_id, available, reserved) VALUES (%s, %s, %s, 0) "
            "ON CONFLICT (pickup_point_id, toy_id) DO UPDATE SET available = stock.available + EXCLUDED.available",
            (pickup_point_id, toy_id, quantity))
        return self._levels("WHERE s.pickup_point_id = %s AND s.toy_id = %s", (pickup_point_id, toy_id))[0]

    def levels(self, pickup_point_id: str | None) -> list[StockLevel]:
        if pickup_point_id is None:
            return self._levels("", ())
        return self._levels("WHERE s.pickup_point_id = %s", (pickup_point_id,))

    def _levels(self, where: str, params: tuple) -> list[StockLevel]:
        rows = self.db.execute_sql(
            "SELECT s.pickup_point_id, s.toy_id, t.name, s.available, s.reserved FROM stock s "
            f"JOIN toys t ON t.id = s.toy_id {where} ORDER BY s.pickup_point_id, t.name", params).fetchall()
        return [StockLevel(str(r[0]), str(r[1]), r[2], r[3], r[4]) for r in rows]


_KIT_COLUMNS = ("order_id, kit_id, client_id, toy_category, city, district, locale, client_email, status, "
                "pickup_point_id, items, missing, fortune, fortune_deadline, created_at, updated_at, ready_at, "
                "cancelled_at, released")


class PostgresKits:
    def __init__(self, database: peewee.Database):
        self.db = database
        self.catalogue = PostgresCatalogue(database)

    def add_if_new(self, kit: Kit) -> bool:
        row = self._row(kit)
        cursor = self.db.execute_sql(
            f"INSERT INTO kits ({_KIT_COLUMNS}) VALUES ({', '.join(['%s'] * len(row))}) "
            "ON CONFLICT (order_id) DO NOTHING RETURNING 1", row)
        return cursor.fetchone() is not None

    def get(self, order_id: str) -> Kit | None:
        return self._get(order_id, "")

    def get_for_update(self, order_id: str) -> Kit | None:
        return self._get(order_id, " FOR UPDATE")

    def _get(self, order_id: str, lock: str) -> Kit | None:
        if not is_uuid(order_id):
            return None  # a malformed id would abort the transaction in PostgreSQL
        row = self.db.execute_sql(f"SELECT {_KIT_COLUMNS} FROM kits WHERE order_id = %s{lock}",
                                  (order_id,)).fetchone()
        return self._kit(row) if row else None

    def save(self, kit: Kit) -> None:
        row = self._row(kit)
        names = _KIT_COLUMNS.split(", ")
        self.db.execute_sql(
            f"UPDATE kits SET {', '.join(f'{n} = %s' for n in names[1:])} WHERE order_id = %s", (*row[1:], row[0]))

    def overdue(self, now: datetime, limit: int) -> list[str]:
        rows = self.db.execute_sql(
            "SELECT order_id FROM kits WHERE status = 'awaiting_fortune' AND fortune_deadline <= %s "
            "ORDER BY fortune_deadline LIMIT %s FOR UPDATE SKIP LOCKED", (now, limit)).fetchall()
        return [str(r[0]) for r in rows]

    def stale_pending(self, created_before: datetime, limit: int) -> list[str]:
        rows = self.db.execute_sql(
            "SELECT order_id FROM kits WHERE status = 'pending' AND created_at < %s ORDER BY created_at LIMIT %s",
            (created_before, limit)).fetchall()
        return [str(r[0]) for r in rows]

    @staticmethod
    def _row(kit: Kit) -> tuple:
        fortune = None if kit.fortune is None else {
            "text": kit.fortune.text, "locale": kit.fortune.locale, "source": kit.fortune.source.value,
            "fortune_id": kit.fortune.fortune_id}
        return (kit.order_id, kit.kit_id, kit.client_id, kit.toy_category, kit.city, kit.district, kit.locale,
                kit.client_email, kit.status.value, kit.pickup_point.id if kit.pickup_point else None,
                json.dumps([vars(i) for i in kit.items]), json.dumps([vars(m) for m in kit.missing]),
                None if fortune is None else json.dumps(fortune), kit.fortune_deadline, kit.created_at,
                kit.updated_at, kit.ready_at, kit.cancelled_at, kit.released)

    def _kit(self, row) -> Kit:
        (order_id, kit_id, client_id, toy_category, city, district, locale, client_email, status, point_id, items,
         missing, fortune, deadline, created_at, updated_at, ready_at, cancelled_at, released) = row
        return Kit(
            order_id=str(order_id), kit_id=str(kit_id), client_id=client_id, toy_category=toy_category, city=city,
            district=district, locale=locale, client_email=client_email, status=KitStatus(status),
            created_at=created_at, updated_at=updated_at,
            pickup_point=self.catalogue.pickup_point(str(point_id)) if point_id else None,
            items=tuple(KitItem(**i) for i in items), missing=tuple(Missing(**m) for m in missing),
            fortune=None if fortune is None else Fortune(fortune["text"], fortune["locale"],
                                                         FortuneSource(fortune["source"]), fortune.get("fortune_id")),
            fortune_deadline=deadline, ready_at=ready_at, cancelled_at=cancelled_at, released=released)


class PostgresFortunes:
    def __init__(self, database: peewee.Database):
        self.db = database

    def add_if_new(self, fortune: FortuneIssued, received_at: datetime) -> bool:
        cursor = self.db.execute_sql(
            "INSERT INTO fortunes (order_id, fortune_id, text, locale, received_at) VALUES (%s, %s, %s, %s, %s) "
            "ON CONFLICT (order_id) DO NOTHING RETURNING 1",
            (fortune.order_id, fortune.fortune_id, fortune.text, fortune.locale, received_at))
        return cursor.fetchone() is not None

    def get(self, order_id: str) -> FortuneIssued | None:
        if not is_uuid(order_id):
            return None
        row = self.db.execute_sql("SELECT order_id, fortune_id, text, locale FROM fortunes WHERE order_id = %s",
                                  (order_id,)).fetchone()
        return FortuneIssued(str(row[0]), row[1], row[2], row[3]) if row else None


class InventoryUnitOfWork(PeeweeUnitOfWork):
    def __init__(self, database: peewee.Database):
        super().__init__(database)
        self.catalogue = PostgresCatalogue(database)
        self.stock = PostgresStock(database)
        self.kits = PostgresKits(database)
        self.fortunes = PostgresFortunes(database)
        self.outbox = PeeweeOutbox(database)
