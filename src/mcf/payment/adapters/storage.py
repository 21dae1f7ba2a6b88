"""Payments, the ledger and refund decisions in PostgreSQL, as peewee models bound to the service's database.

The SQL that matters is in the migration and a few clauses: the unique idempotency key with ``ON CONFLICT
(idempotency_key) DO NOTHING`` (a concurrent twin waits on the uncommitted key, then finds it), ``FOR UPDATE`` on
the payment row, a transaction-scoped advisory lock per order, and unique indexes that hold the invariants even if
the code is wrong: one succeeded payment per order, one charge entry per payment, one refund per order.

Payments and refunds are the kit's ``PeeweeRepository``: a payment is written back only at the version it was read
at (the ``version`` column, checked in the kit), and the unit of work publishes the events they raised on commit.

The client's e-mail (where the receipts and refund notices go) is encrypted with payment-service's own keys
(``mcf.kit.encrypted_columns``, ADR 0123): ``client_email_enc``/``client_email_key``; the plaintext column of
migration 0001 is NULL once ``seal_plaintext`` has run (the composition root runs it after the migrations).
"""
from __future__ import annotations

from functools import partial

import peewee

from mcf.kit import db
from mcf.kit.crypto import FieldCipher
from mcf.kit.db import Migration, PeeweeRepository, PeeweeUnitOfWork
from mcf.kit.encrypted_columns import EncryptedColumns
from mcf.kit.values import is_uuid
from mcf.payment import events
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
    # The sweeper's scan of payments left pending (service.settle_stale_pending).
    Migration("payment:0002_pending_index", """
        CREATE INDEX payments_pending ON payments (updated_at) WHERE status = 'pending';
    """),
    # The version a payment was read at, checked when it is written back (the kit's PeeweeRepository): a settled
    # payment has been changed once.
    Migration("payment:0003_payment_version", """
        ALTER TABLE payments ADD COLUMN version integer NOT NULL DEFAULT 1;
        UPDATE payments SET version = 2 WHERE status <> 'pending';
    """),
    # The client's e-mail encrypted (ADR 0123); the plaintext column nullable so ``seal_plaintext`` can empty it.
    Migration("payment:0004_client_email_encrypted", """
        ALTER TABLE payments
            ADD COLUMN client_email_enc bytea, ADD COLUMN client_email_key text,
            ALTER COLUMN client_email DROP NOT NULL,
            ADD CONSTRAINT payments_client_email_sealed
                CHECK ((client_email_enc IS NULL) = (client_email_key IS NULL));
    """),
)

_ORDER_LOCK_NAMESPACE = 4_220_031  # the first key of pg_advisory_xact_lock(int, int): this service's order locks


class PaymentRow(peewee.Model):
    id = peewee.UUIDField(primary_key=True)
    idempotency_key = peewee.TextField()
    request_fingerprint = peewee.TextField()
    order_id = peewee.UUIDField()
    client_id = peewee.UUIDField()
    client_email = peewee.TextField(null=True)  # plaintext of migration 0001: NULL once sealed
    client_email_enc = peewee.BlobField(null=True)
    client_email_key = peewee.TextField(null=True)
    locale = peewee.TextField()
    amount_minor = peewee.BigIntegerField()
    currency = peewee.CharField(max_length=3)
    card_last4 = peewee.TextField()
    status = peewee.TextField()
    failure_reason = peewee.TextField(null=True)
    created_at = peewee.DateTimeField()
    updated_at = peewee.DateTimeField()
    version = peewee.IntegerField()

    class Meta:
        table_name = "payments"  # no database: the kit binds the model per service database (db.bound)


class LedgerEntryRow(peewee.Model):
    id = peewee.UUIDField(primary_key=True)
    order_id = peewee.UUIDField()
    payment_id = peewee.UUIDField()
    kind = peewee.TextField()
    amount_minor = peewee.BigIntegerField()
    currency = peewee.CharField(max_length=3)
    created_at = peewee.DateTimeField()

    class Meta:
        table_name = "ledger_entries"


class RefundRow(peewee.Model):
    id = peewee.UUIDField(primary_key=True)
    order_id = peewee.UUIDField()
    payment_id = peewee.UUIDField(null=True)
    amount_minor = peewee.BigIntegerField()
    paid_minor = peewee.BigIntegerField()
    currency = peewee.CharField(max_length=3, null=True)
    policy = peewee.TextField()
    cancelled_by = peewee.TextField()
    decided_at = peewee.DateTimeField()

    class Meta:
        table_name = "refunds"


CONTACT = EncryptedColumns(("client_email",))  # owner: the payment's id


def _payment(cipher: FieldCipher, row: PaymentRow) -> Payment:
    return Payment(
        id=str(row.id), idempotency_key=row.idempotency_key, request_fingerprint=row.request_fingerprint,
        order_id=str(row.order_id), client_id=str(row.client_id),
        client_email=CONTACT.read(cipher, row, "client_email"), locale=row.locale,
        amount_minor=int(row.amount_minor), currency=row.currency, card_last4=row.card_last4,
        status=PaymentStatus(row.status), failure_reason=row.failure_reason, created_at=row.created_at,
        updated_at=row.updated_at, version=row.version)


def _payment_row(cipher: FieldCipher, payment: Payment) -> dict:
    return dict(
        id=payment.id, idempotency_key=payment.idempotency_key, request_fingerprint=payment.request_fingerprint,
        order_id=payment.order_id, client_id=payment.client_id,
        **CONTACT.values(cipher, payment.id, {"client_email": payment.client_email}),
        locale=payment.locale, amount_minor=payment.amount_minor, currency=payment.currency,
        card_last4=payment.card_last4, status=payment.status.value, failure_reason=payment.failure_reason,
        created_at=payment.created_at, updated_at=payment.updated_at, version=payment.version)


class PeeweePaymentRepository(PeeweeRepository[Payment]):
    """PaymentRepository on the caller's transaction (the unit of work's); the kit checks versions on save."""

    model = PaymentRow

    def __init__(self, database: peewee.Database, cipher: FieldCipher):
        super().__init__(database)
        self.to_row, self.to_aggregate = partial(_payment_row, cipher), partial(_payment, cipher)

    def _insert(self, payment: Payment) -> bool:
        # The key, not the id, is what a twin collides on: its uncommitted insert makes this one wait, then skip.
        rows = self.rows
        inserted = rows.insert(**self.to_row(payment)).on_conflict(
            conflict_target=[rows.idempotency_key], action="IGNORE").returning(rows.id).execute()
        return len(list(inserted)) == 1

    def get_by_key(self, idempotency_key: str, *, for_update: bool = False,
                   skip_locked: bool = False) -> Payment | None:
        query = self.rows.select().where(self.rows.idempotency_key == idempotency_key)
        if for_update:
            query = query.for_update(skip_locked=skip_locked or None)
        return self._one(query)

    def pending_before(self, before, limit: int) -> list[Payment]:
        return self._many(self.rows.select().where((self.rows.status == PaymentStatus.PENDING.value)
                                                   & (self.rows.updated_at < before))
                          .order_by(self.rows.updated_at).limit(limit))

    def get(self, payment_id: str) -> Payment | None:
        if not is_uuid(payment_id):
            return None
        return self._one(self.rows.select().where(self.rows.id == payment_id))

    def for_order(self, order_id: str) -> list[Payment]:
        if not is_uuid(order_id):
            return []
        return self._many(self.rows.select().where(self.rows.order_id == order_id)
                          .order_by(self.rows.created_at, self.rows.id))

    def succeeded_for_order(self, order_id: str) -> Payment | None:
        return self._one(self.rows.select().where(
            (self.rows.order_id == order_id) & (self.rows.status == PaymentStatus.SUCCEEDED.value)))

    def delete(self, payment_id: str) -> None:
        self.rows.delete().where(
            (self.rows.id == payment_id) & (self.rows.status == PaymentStatus.PENDING.value)).execute()


class PeeweeLedger:
    def __init__(self, database: peewee.Database):
        self.rows = db.bound(LedgerEntryRow, database)

    def add(self, entry: LedgerEntry) -> None:
        self.rows.insert(id=entry.id, order_id=entry.order_id, payment_id=entry.payment_id, kind=entry.kind.value,
                         amount_minor=entry.amount_minor, currency=entry.currency,
                         created_at=entry.created_at).execute()

    def entries(self, order_id: str) -> list[LedgerEntry]:
        if not is_uuid(order_id):
            return []
        query = (self.rows.select().where(self.rows.order_id == order_id)
                 .order_by(self.rows.created_at, self.rows.kind, self.rows.id))
        return [LedgerEntry(str(r.id), str(r.order_id), str(r.payment_id), EntryKind(r.kind), int(r.amount_minor),
                            r.currency, r.created_at) for r in query]

    def balances(self, order_id: str) -> dict[str, int]:
        """The balance as the database sums it (the same as ``domain.balance`` of the entries)."""
        query = (self.rows.select(self.rows.currency, peewee.fn.SUM(self.rows.amount_minor))
                 .where(self.rows.order_id == order_id).group_by(self.rows.currency).tuples())
        return {currency: int(total) for currency, total in query}


def _refund_row(refund: Refund) -> dict:
    return dict(id=refund.id, order_id=refund.order_id, payment_id=refund.payment_id,
                amount_minor=refund.amount_minor, paid_minor=refund.paid_minor, currency=refund.currency,
                policy=refund.policy.value, cancelled_by=refund.cancelled_by, decided_at=refund.decided_at)


def _refund(row: RefundRow) -> Refund:
    return Refund(str(row.id), str(row.order_id), str(row.payment_id) if row.payment_id else None,
                  int(row.amount_minor), int(row.paid_minor), row.currency, RefundPolicy(row.policy),
                  row.cancelled_by, row.decided_at)


class PeeweeRefundRepository(PeeweeRepository[Refund]):
    """RefundRepository: a refund is added once and never written back (no version column)."""

    model = RefundRow
    to_row = staticmethod(_refund_row)
    to_aggregate = staticmethod(_refund)

    def _update(self, refund: Refund, expected_version: int) -> bool:
        raise TypeError("a refund decision is never changed")

    def for_order(self, order_id: str) -> Refund | None:
        return self._one(self.rows.select().where(self.rows.order_id == order_id))


class PaymentUnitOfWork(PeeweeUnitOfWork):
    def __init__(self, database: peewee.Database, cipher: FieldCipher):
        super().__init__(database, events.integration_events)
        self.payments = PeeweePaymentRepository(database, cipher)
        self.ledger = PeeweeLedger(database)
        self.refunds = PeeweeRefundRepository(database)

    def lock_order(self, order_id: str) -> None:
        self.database.execute_sql("SELECT pg_advisory_xact_lock(%s, hashtext(%s))",
                                  (_ORDER_LOCK_NAMESPACE, str(order_id)))


def seal_plaintext(database: peewee.Database, cipher: FieldCipher, batch: int = 200) -> int:
    """Encrypt the payments still holding the client's e-mail in plain text (written before migration 0004), or
    under a key no longer active; rerun-safe, every process may run it at start (the kit's
    ``EncryptedColumns.seal``). A payment's version is left alone. Returns the rows rewritten."""
    return CONTACT.seal(database, PaymentRow, cipher, batch)
