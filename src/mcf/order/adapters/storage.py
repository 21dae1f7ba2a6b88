"""Orders in PostgreSQL through peewee; rows convert to and from the plain domain objects."""
from __future__ import annotations

import peewee
from playhouse.postgres_ext import BinaryJSONField

from mcf.kit.db import Migration, PeeweeUnitOfWork
from mcf.kit.outbox import PeeweeOutbox
from mcf.order.domain import Address, Order, OrderStatus, TimeSlot

database_proxy = peewee.DatabaseProxy()

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
)


class OrderRow(peewee.Model):
    id = peewee.UUIDField(primary_key=True)
    client_id = peewee.UUIDField()
    client_email = peewee.TextField()
    cat_id = peewee.UUIDField()
    cat_name = peewee.TextField(null=True)
    toy_category = peewee.TextField()
    slot_start = peewee.DateTimeField()
    duration_minutes = peewee.IntegerField()
    address = BinaryJSONField()
    locale = peewee.TextField()
    status = peewee.TextField()
    worker_id = peewee.UUIDField(null=True)
    created_at = peewee.DateTimeField()
    updated_at = peewee.DateTimeField()
    version = peewee.IntegerField()

    class Meta:
        database = database_proxy
        table_name = "orders"


def _to_row(order: Order) -> dict:
    return dict(
        id=order.id, client_id=order.client_id, client_email=order.client_email, cat_id=order.cat_id,
        cat_name=order.cat_name, toy_category=order.toy_category, slot_start=order.slot.start,
        duration_minutes=order.slot.duration_minutes, address=vars(order.address), locale=order.locale,
        status=order.status.value, worker_id=order.worker_id, created_at=order.created_at,
        updated_at=order.updated_at, version=order.version)


def _to_order(row: OrderRow) -> Order:
    return Order(
        id=str(row.id), client_id=str(row.client_id), client_email=row.client_email, cat_id=str(row.cat_id),
        cat_name=row.cat_name, toy_category=row.toy_category,
        slot=TimeSlot(row.slot_start, row.duration_minutes), address=Address(**row.address),
        locale=row.locale, status=OrderStatus(row.status), created_at=row.created_at,
        updated_at=row.updated_at, version=row.version,
        worker_id=str(row.worker_id) if row.worker_id else None)


class PeeweeOrderRepository:
    def add(self, order: Order) -> None:
        OrderRow.insert(**_to_row(order)).execute()

    def get(self, order_id: str) -> Order | None:
        try:
            return _to_order(OrderRow.get_by_id(order_id))
        except (OrderRow.DoesNotExist, ValueError):
            return None


class OrderUnitOfWork(PeeweeUnitOfWork):
    def __init__(self, database: peewee.Database):
        super().__init__(database)
        self.orders = PeeweeOrderRepository()
        self.outbox = PeeweeOutbox(database)
