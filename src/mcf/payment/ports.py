"""What the payment core needs from the outside world."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from mcf.kit.errors import Unavailable
from mcf.kit.uow import Outbox
from mcf.payment.domain import Charge, LedgerEntry, Payment, Refund


class ProviderTimeout(Exception):
    """The provider did not answer in time: the charge may or may not have happened; ask for its status."""


class ProviderUnavailable(Exception):
    """The provider could not be reached; nothing is known about the charge."""


class PaymentProvider(Protocol):
    """The card payment provider. Every call has a timeout; references are ours, so calls can be checked."""

    def charge(self, reference: str, card_number: str, amount_minor: int, currency: str) -> Charge:
        """Charge a card once under ``reference``. Raises ProviderTimeout or ProviderUnavailable."""

    def get_charge_status(self, reference: str) -> Charge | None:
        """The provider's record of the charge ``reference``, or None when it never received one."""

    def refund(self, charge_reference: str, refund_reference: str, amount_minor: int, currency: str) -> None:
        """Refund part or all of a charge; the same ``refund_reference`` twice refunds once."""


@dataclass(frozen=True)
class OrderFacts:
    """An order as order-service (its owner) tells it: what is charged, to whom, in which language."""

    order_id: str
    client_id: str
    client_email: str
    locale: str
    status: str
    amount_minor: int | None  # None while the order has no price
    currency: str | None


class OrderServiceUnavailable(Unavailable):
    """order-service did not answer in time, or answered with something unusable."""


class OrderDirectory(Protocol):
    def order_for_client(self, order_id: str, client_id: str) -> OrderFacts | None:
        """The order as the client may see it; None when it does not exist or is not the client's.
        Raises OrderServiceUnavailable."""


class PaymentRepository(Protocol):
    def add_if_new(self, payment: Payment) -> bool:
        """Store a pending payment unless its idempotency key is taken (then False, nothing changed).

        While another transaction holds an uncommitted payment with the same key, this waits for it.
        """

    def get_by_key(self, idempotency_key: str, *, for_update: bool = False,
                   skip_locked: bool = False) -> Payment | None:
        """The payment under this key; ``for_update`` locks it (waiting for whoever holds it) until the end;
        with ``skip_locked`` a payment someone else holds is None instead of a wait."""

    def pending_before(self, before: datetime, limit: int) -> list[Payment]:
        """Up to ``limit`` payments still pending whose last change is older than ``before``, oldest first."""

    def get(self, payment_id: str) -> Payment | None: ...

    def for_order(self, order_id: str) -> list[Payment]:
        """The order's payments, oldest first."""

    def succeeded_for_order(self, order_id: str) -> Payment | None: ...

    def save(self, payment: Payment) -> None:
        """Write back a payment read in this unit of work, if its stored version is still the one read (else
        ConcurrentUpdate, nothing written); its domain events go to the outbox when the unit of work commits."""

    def delete(self, payment_id: str) -> None:
        """Forget a payment that was refused before any charge (the request changes nothing)."""


class Ledger(Protocol):
    def add(self, entry: LedgerEntry) -> None: ...

    def entries(self, order_id: str) -> list[LedgerEntry]:
        """The order's entries, oldest first."""


class RefundRepository(Protocol):
    def add(self, refund: Refund) -> None:
        """Store the order's one refund decision (its RefundDecided, if any, goes out with the commit)."""

    def for_order(self, order_id: str) -> Refund | None: ...


class UnitOfWork(Protocol):
    """One transaction; on commit the domain events of the payments and refunds added or saved in it go to the
    outbox (``mcf.kit.uow.UnitOfWork`` with ``events.integration_events``)."""

    payments: PaymentRepository
    ledger: Ledger
    refunds: RefundRepository
    outbox: Outbox

    def lock_order(self, order_id: str) -> None:
        """Serialise everything that moves the order's money until the unit of work ends."""

    def __enter__(self) -> "UnitOfWork": ...

    def __exit__(self, *exc) -> bool | None:
        """Commit when the block ends cleanly; roll back on an exception. May be entered again afterwards."""
