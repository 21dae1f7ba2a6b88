"""The simulated card provider: deterministic test cards, and a "remote" record of every charge.

Test cards (docs/integration-contracts.md):
- ``4242424242424242`` succeeds;
- ``4000000000000002`` is declined;
- ``4000000000009995`` times out: the provider records the charge as succeeded, but the answer never arrives
  (``ProviderTimeout``), so the caller must find it with ``get_charge_status``.
Any other well-formed number is declined (``card_not_supported``), as a sandbox does.

The provider's state is its own, never part of the caller's transaction: a charge it made stays made even when
the payment's transaction rolls back. ``PostgresChargeStore`` keeps it in a database of its own (shared by every
process of the service, so a status check from another process finds the charge); ``InMemoryChargeStore`` keeps
it in the process, for tests and demos.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Protocol

import peewee
import psycopg2

from mcf.payment.domain import Charge, ChargeStatus
from mcf.payment.ports import ProviderTimeout, ProviderUnavailable

CARD_SUCCEEDS = "4242424242424242"
CARD_DECLINED = "4000000000000002"
CARD_TIMES_OUT = "4000000000009995"


@dataclass(frozen=True)
class StoredCharge:
    reference: str
    status: ChargeStatus
    decline_reason: str | None
    amount_minor: int
    currency: str
    refunded_minor: int = 0


class ChargeStore(Protocol):
    def record_charge(self, charge: StoredCharge) -> StoredCharge:
        """Store a charge unless its reference is known; returns the stored one (the first wins)."""

    def charge(self, reference: str) -> StoredCharge | None: ...

    def record_refund(self, charge_reference: str, refund_reference: str, amount_minor: int) -> None:
        """Add a refund to a charge once per refund reference."""


class InMemoryChargeStore:
    def __init__(self):
        self._charges: dict[str, StoredCharge] = {}
        self._refunds: dict[str, tuple[str, int]] = {}
        self._lock = threading.Lock()

    def record_charge(self, charge: StoredCharge) -> StoredCharge:
        with self._lock:
            return self._charges.setdefault(charge.reference, charge)

    def charge(self, reference: str) -> StoredCharge | None:
        with self._lock:
            return self._charges.get(reference)

    def record_refund(self, charge_reference: str, refund_reference: str, amount_minor: int) -> None:
        with self._lock:
            if refund_reference in self._refunds:
                return
            stored = self._charges[charge_reference]
            self._refunds[refund_reference] = (charge_reference, amount_minor)
            self._charges[charge_reference] = StoredCharge(
                stored.reference, stored.status, stored.decline_reason, stored.amount_minor, stored.currency,
                stored.refunded_minor + amount_minor)

    def refunds(self) -> dict[str, tuple[str, int]]:
        with self._lock:
            return dict(self._refunds)


class PostgresChargeStore:
    """The provider's "remote" state in a database of its own, on its own connections and transactions."""

    SCHEMA = """
        CREATE TABLE IF NOT EXISTS provider_charges (
            reference text PRIMARY KEY,
            status text NOT NULL,
            decline_reason text,
            amount_minor bigint NOT NULL,
            currency char(3) NOT NULL,
            refunded_minor bigint NOT NULL DEFAULT 0,
            created_at timestamptz NOT NULL DEFAULT now()
        );
        CREATE TABLE IF NOT EXISTS provider_refunds (
            reference text PRIMARY KEY,
            charge_reference text NOT NULL REFERENCES provider_charges (reference),
            amount_minor bigint NOT NULL,
            created_at timestamptz NOT NULL DEFAULT now()
        );
    """

    def __init__(self, database: peewee.Database, timeout_seconds: float):
        self.db = database
        self.timeout_ms = max(1, int(timeout_seconds * 1000))
        with self.db.connection_context():
            self.db.execute_sql("SELECT pg_advisory_lock(4220032)")  # two processes creating the tables at once
            try:
                self.db.execute_sql(self.SCHEMA)
            finally:
                self.db.execute_sql("SELECT pg_advisory_unlock(4220032)")

    def _run(self, *statements: tuple[str, tuple]):
        """The last statement's rows; all in one short transaction of the provider's own, with a timeout."""
        try:
            with self.db.connection_context(), self.db.atomic():
                self.db.execute_sql(f"SET LOCAL statement_timeout = {self.timeout_ms}")
                for sql, params in statements:
                    cursor = self.db.execute_sql(sql, params)
                return cursor.fetchall() if cursor.description else []
        except (peewee.OperationalError, psycopg2.OperationalError) as exc:
            if isinstance(exc, psycopg2.errors.QueryCanceled) or "statement timeout" in str(exc):
                raise ProviderTimeout(f"the provider did not answer within {self.timeout_ms} ms") from exc
            raise ProviderUnavailable(f"the provider cannot be reached: {exc}") from exc
        except (peewee.InterfaceError, psycopg2.InterfaceError) as exc:
            raise ProviderUnavailable(f"the provider cannot be reached: {exc}") from exc

    def record_charge(self, charge: StoredCharge) -> StoredCharge:
        rows = self._run(
            ("INSERT INTO provider_charges (reference, status, decline_reason, amount_minor, currency) "
             "VALUES (%s, %s, %s, %s, %s) ON CONFLICT (reference) DO NOTHING",
             (charge.reference, charge.status.value, charge.decline_reason, charge.amount_minor, charge.currency)),
            (_SELECT_CHARGE, (charge.reference,)))
        return _stored(rows[0])

    def charge(self, reference: str) -> StoredCharge | None:
        rows = self._run((_SELECT_CHARGE, (reference,)))
        return _stored(rows[0]) if rows else None

    def record_refund(self, charge_reference: str, refund_reference: str, amount_minor: int) -> None:
        self._run(
            ("WITH new AS (INSERT INTO provider_refunds (reference, charge_reference, amount_minor) "
             "VALUES (%s, %s, %s) ON CONFLICT (reference) DO NOTHING RETURNING charge_reference, amount_minor) "
             "UPDATE provider_charges c SET refunded_minor = c.refunded_minor + new.amount_minor FROM new "
             "WHERE c.reference = new.charge_reference",
             (refund_reference, charge_reference, amount_minor)))


_SELECT_CHARGE = ("SELECT reference, status, decline_reason, amount_minor, currency, refunded_minor "
                  "FROM provider_charges WHERE reference = %s")


def _stored(row) -> StoredCharge:
    return StoredCharge(row[0], ChargeStatus(row[1]), row[2], int(row[3]), row[4], int(row[5]))


def _charge(stored: StoredCharge) -> Charge:
    return Charge(stored.reference, stored.status, stored.decline_reason)


class SimulatedProvider:
    """PaymentProvider for development and tests: what happens depends only on the card number."""

    def __init__(self, store: ChargeStore, *, timeout_seconds: float = 5.0, timeout_card_delay_seconds: float = 0.0):
        self.store = store
        self.timeout_seconds = timeout_seconds
        # How long the timeout card keeps the caller waiting before the timeout (never longer than the timeout).
        self.timeout_card_delay_seconds = min(timeout_card_delay_seconds, timeout_seconds)

    def charge(self, reference: str, card_number: str, amount_minor: int, currency: str) -> Charge:
        if card_number == CARD_DECLINED:
            outcome = StoredCharge(reference, ChargeStatus.DECLINED, "card_declined", amount_minor, currency)
        elif card_number in (CARD_SUCCEEDS, CARD_TIMES_OUT):
            outcome = StoredCharge(reference, ChargeStatus.SUCCEEDED, None, amount_minor, currency)
        else:
            outcome = StoredCharge(reference, ChargeStatus.DECLINED, "card_not_supported", amount_minor, currency)
        stored = self.store.record_charge(outcome)  # a reference seen before is not charged again
        if card_number == CARD_TIMES_OUT:
            time.sleep(self.timeout_card_delay_seconds)
            raise ProviderTimeout(f"the provider did not answer within {self.timeout_seconds} s")
        return _charge(stored)

    def get_charge_status(self, reference: str) -> Charge | None:
        stored = self.store.charge(reference)
        return _charge(stored) if stored else None

    def refund(self, charge_reference: str, refund_reference: str, amount_minor: int, currency: str) -> None:
        stored = self.store.charge(charge_reference)
        if stored is None or stored.status is not ChargeStatus.SUCCEEDED:
            raise ValueError(f"no successful charge {charge_reference!r} to refund")
        if currency != stored.currency or not 0 < amount_minor <= stored.amount_minor:
            raise ValueError(f"cannot refund {amount_minor} {currency} of charge {charge_reference!r}")
        self.store.record_refund(charge_reference, refund_reference, amount_minor)
