"""Payments, the ledger and refund decisions in PostgreSQL.

Plain SQL on the service's peewee database, because here the SQL is the point: the unique idempotency key with
``ON CONFLICT DO NOTHING`` (a concurrent twin waits on the uncommitted key, then finds it), ``FOR UPDATE`` on the
payment row, a transaction-scoped advisory lock per order, and unique indexes that hold the invariants even if the
code is wrong: one succeeded payment per order, one charge entry per payment, one refund per order.
"""
from __future__ import annotations

import peewee

from mcf.kit.db import Migration, PeeweeUnitOfWork
from mcf.kit.outbox import PeeweeOutbox
from mcf.kit.values import is_uuid
from mcf.payment.domain import EntryKind, LedgerEntry, Payment, PaymentStatus, Refund, RefundPolicy

MIGRATIONS = (
    Migration("payment:0001_payments_ledger_refunds", """
        CREATE TABLE payments (
            id uuid PRIMARY KEY,
            idempotency_key text NOT NULL,
            request_fingerprint text NOT NULL,
            order_id uuid NOT NULL,
            client_id uuid NOT NULL,
            client_email text NOT NULL,
            locale text NOT NULL,
            amount_minor bigint NOT NULL CHECK (amount_minor > 0),
            currency char(3) NOT NULL,
            card_last4 text NOT NULL,
            status text NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
            failure_reason text,
            created_at timestamptz NOT NULL,
            updated_at timestamptz NOT NULL,
            CONSTRAINT payments_idempotency_key UNIQUE (idempotency_key)
        );
        CREATE INDEX payments_order ON payments (order_id, created_at);
        CREATE UNIQUE INDEX payments_one_success_per_order ON payments (order_id) WHERE status = 'succeeded';

        CREATE TABLE ledger_entries (
            id uuid PRIMARY KEY,
            order_id uuid NOT NULL,
            payment_id uuid NOT NULL REFERENCES payments (id),
            kind text NOT NULL CHECK (kind IN ('charge', 'refund')),
            amount_minor bigint NOT NULL CHECK ((kind = 'charge') = (amount_minor > 0) AND amount_minor <> 0),
            currency char(3) NOT NULL,
            created_at timestamptz NOT NULL
        );
        CREATE INDEX ledger_entries_order ON ledger_entries (order_id, created_at);
        CREATE UNIQUE INDEX ledger_one_charge_per_payment ON ledger_entries (payment_id) WHERE kind = 'charge';
        CREATE UNIQUE INDEX ledger_one_refund_per_order ON ledger_entries (order_id) WHERE kind = 'refund';

        CREATE TABLE refunds (
            id uuid PRIMARY KEY,
            order_id uuid NOT NULL UNIQUE,
            payment_id uuid REFERENCES payments (id),
            amount_minor bigint NOT NULL CHECK (amount_minor >= 0),
            paid_minor bigint NOT NULL CHECK (paid_minor >= 0),
            currency char(3),
            policy text NOT NULL,
            cancelled_by text NOT NULL,
            decided_at timestamptz NOT NULL
        );
    """),
)

_PAYMENT_COLUMNS = ("id", "idempotency_key", "request_fingerprint", "order_id", "client_id", "client_email",
                    "locale", "amount_minor", "currency", "card_last4", "status", "failure_reason", "created_at",
                    "updated_at")
_SELECT_PAYMENT = f"SELECT {', '.join(_PAYMENT_COLUMNS)} FROM payments"
_ORDER_LOCK_NAMESPACE = 4_220_031  # the first key of pg_advisory_xact_lock(int, int): this service's order locks



def _payment(row: tuple) -> Payment:
    values = dict(zip(_PAYMENT_COLUMNS, row, strict=True))
    return Payment(
        id=str(values["id"]), idempotency_key=values["idempotency_key"],
        request_fingerprint=values["request_fingerprint"], order_id=str(values["order_id"]),
        client_id=str(values["client_id"]), client_email=values["client_email"], locale=values["locale"],
        amount_minor=int(values["amount_minor"]), currency=values["currency"], card_last4=values["card_last4"],
        status=PaymentStatus(values["status"]), failure_reason=values["failure_reason"],
        created_at=values["created_at"], updated_at=values["updated_at"])


class PostgresPaymentRepository:
    def __init__(self, database: peewee.Database):
        self.db = database

    def add_if_new(self, payment: Payment) -> bool:
        cursor = self.db.execute_sql(
            f"INSERT INTO payments ({', '.join(_PAYMENT_COLUMNS)}) VALUES ({', '.join(['%s'] * 14)}) "
            "ON CONFLICT (idempotency_key) DO NOTHING RETURNING id",
            (payment.id, payment.idempotency_key, payment.request_fingerprint, payment.order_id, payment.client_id,
             payment.client_email, payment.locale, payment.amount_minor, payment.currency, payment.card_last4,
             payment.status.value, payment.failure_reason, payment.created_at, payment.updated_at))
        return cursor.fetchone() is not None

    def get_by_key(self, idempotency_key: str, *, for_update: bool = False) -> Payment | None:
        row = self.db.execute_sql(f"{_SELECT_PAYMENT} WHERE idempotency_key = %s{' FOR UPDATE' if for_update else ''}",
                                  (idempotency_key,)).fetchone()
        return _payment(row) if row else None

    def get(self, payment_id: str) -> Payment | None:
        if not is_uuid(payment_id):
            return None
        row = self.db.execute_sql(f"{_SELECT_PAYMENT} WHERE id = %s", (payment_id,)).fetchone()
        return _payment(row) if row else None

    def for_order(self, order_id: str) -> list[Payment]:
        if not is_uuid(order_id):
            return []
        rows = self.db.execute_sql(f"{_SELECT_PAYMENT} WHERE order_id = %s ORDER BY created_at, id", (order_id,))
        return [_payment(row) for row in rows.fetchall()]

    def succeeded_for_order(self, order_id: str) -> Payment | None:
        row = self.db.execute_sql(f"{_SELECT_PAYMENT} WHERE order_id = %s AND status = 'succeeded'",
                                  (order_id,)).fetchone()
        return _payment(row) if row else None

    def save(self, payment: Payment) -> None:
        self.db.execute_sql("UPDATE payments SET status = %s, failure_reason = %s, updated_at = %s WHERE id = %s",
                            (payment.status.value, payment.failure_reason, payment.updated_at, payment.id))

    def delete(self, payment_id: str) -> None:
        self.db.execute_sql("DELETE FROM payments WHERE id = %s AND status = 'pending'", (payment_id,))


class PostgresLedger:
    def __init__(self, database: peewee.Database):
        self.db = database

    def add(self, entry: LedgerEntry) -> None:
        self.db.execute_sql(
            "INSERT INTO ledger_entries (id, order_id, payment_id, kind, amount_minor, currency, created_at) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s)",
            (entry.id, entry.order_id, entry.payment_id, entry.kind.value, entry.amount_minor, entry.currency,
             entry.created_at))

    def entries(self, order_id: str) -> list[LedgerEntry]:
        if not is_uuid(order_id):
            return []
        rows = self.db.execute_sql(
            "SELECT id, order_id, payment_id, kind, amount_minor, currency, created_at FROM ledger_entries "
            "WHERE order_id = %s ORDER BY created_at, kind, id", (order_id,)).fetchall()
        return [LedgerEntry(str(r[0]), str(r[1]), str(r[2]), EntryKind(r[3]), int(r[4]), r[5], r[6]) for r in rows]

    def balances(self, order_id: str) -> dict[str, int]:
        """The balance as the database sums it (the same as ``domain.balance`` of the entries)."""
        rows = self.db.execute_sql("SELECT currency, SUM(amount_minor) FROM ledger_entries WHERE order_id = %s "
                                   "GROUP BY currency", (order_id,)).fetchall()
        return {currency: int(total) for currency, total in rows}


class PostgresRefundRepository:
    def __init__(self, database: peewee.Database):
        self.db = database

    def add(self, refund: Refund) -> None:
        self.db.execute_sql(
            "INSERT INTO refunds (id, order_id, payment_id, amount_minor, paid_minor, currency, policy, "
            "cancelled_by, decided_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
            (refund.id, refund.order_id, refund.payment_id, refund.amount_minor, refund.paid_minor, refund.currency,
             refund.policy.value, refund.cancelled_by, refund.decided_at))

    def for_order(self, order_id: str) -> Refund | None:
        row = self.db.execute_sql(
            "SELECT id, order_id, payment_id, amount_minor, paid_minor, currency, policy, cancelled_by, decided_at "
            "FROM refunds WHERE order_id = %s", (order_id,)).fetchone()
        if row is None:
            return None
        return Refund(str(row[0]), str(row[1]), str(row[2]) if row[2] else None, int(row[3]), int(row[4]), row[5],
                      RefundPolicy(row[6]), row[7], row[8])


class PaymentUnitOfWork(PeeweeUnitOfWork):
    def __init__(self, database: peewee.Database):
        super().__init__(database)
        self.payments = PostgresPaymentRepository(database)
        self.ledger = PostgresLedger(database)
        self.refunds = PostgresRefundRepository(database)
        self.outbox = PeeweeOutbox(database)

    def lock_order(self, order_id: str) -> None:
        self.database.execute_sql("SELECT pg_advisory_xact_lock(%s, hashtext(%s))",
                                  (_ORDER_LOCK_NAMESPACE, str(order_id)))
