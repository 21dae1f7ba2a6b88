"""In-memory doubles of payment-service's ports: its unit of work (on the shared fake base, publishing through
payment's own ``events.py``) for unit tests of the service layer, and the provider and order-service as payment
reads it, which the integration and contract tests use too (they are outside the service)."""
from __future__ import annotations

from mcf.payment import events
from mcf.payment.domain import Charge, ChargeStatus, EntryKind, PaymentStatus
from mcf.payment.ports import OrderFacts, ProviderTimeout, ProviderUnavailable
from tests.support import fake_uow
from tests.support.fake_uow import InMemory, InMemoryRepository


class FakePayments(InMemoryRepository):
    """Payments by id, unique by idempotency key; ``locked_keys`` are those a concurrent request holds (a
    ``skip_locked`` read skips them)."""

    def __init__(self):
        super().__init__()
        self.locked_keys = set()

    def _insert(self, payment) -> bool:
        if any(p.idempotency_key == payment.idempotency_key for p in self.rows.values()):
            return False
        return super()._insert(payment)

    def get_by_key(self, idempotency_key, *, for_update=False, skip_locked=False):
        if skip_locked and idempotency_key in self.locked_keys:
            return None
        found = [p for p in self.rows.values() if p.idempotency_key == idempotency_key]
        return self._many(found[:1])[0] if found else None

    def for_order(self, order_id):
        return self._many(sorted((p for p in self.rows.values() if p.order_id == order_id),
                                 key=lambda p: p.created_at))

    def pending_before(self, before, limit):
        pending = sorted((p for p in self.rows.values() if p.status is PaymentStatus.PENDING and p.updated_at < before),
                         key=lambda p: p.updated_at)
        return self._many(pending[:limit])

    def succeeded_for_order(self, order_id):
        found = [p for p in self.rows.values() if p.order_id == order_id and p.status is PaymentStatus.SUCCEEDED]
        return self._many(found[:1])[0] if found else None

    def delete(self, payment_id):
        self.rows.pop(payment_id, None)


class FakeLedger(InMemory):
    def __init__(self):
        self.rows = []

    def add(self, entry):
        if entry.kind is EntryKind.CHARGE and any(e.payment_id == entry.payment_id and e.kind is EntryKind.CHARGE
                                                  for e in self.rows):
            raise AssertionError("a second charge entry for one payment")
        self.rows.append(entry)

    def entries(self, order_id):
        return [e for e in self.rows if e.order_id == order_id]


class FakeRefunds(InMemoryRepository):
    """Refunds by id, at most one per order (a second is a bug in the use case, not a conflict to handle)."""

    def _insert(self, refund) -> bool:
        if any(r.order_id == refund.order_id for r in self.rows.values()):
            raise AssertionError("a second refund for one order")
        return super()._insert(refund)

    def for_order(self, order_id):
        found = [r for r in self.rows.values() if r.order_id == order_id]
        return self._many(found)[0] if found else None


class FakeUnitOfWork(fake_uow.FakeUnitOfWork):
    """payment's unit of work in memory, on the shared base: commits on a clean exit (publishing the events the
    payments and refunds raised), restores every store and the outbox on an exception; may be entered again."""

    def __init__(self):
        super().__init__(events.integration_events)
        self.payments = FakePayments()
        self.ledger = FakeLedger()
        self.refunds = FakeRefunds()
        self.locked_orders = []

    def lock_order(self, order_id):
        self.locked_orders.append(order_id)


class FakeProvider:
    """Scripted answers: ``charge_outcomes`` (a Charge, or an exception to raise after recording) in order."""

    def __init__(self):
        self.charges = {}         # reference -> Charge, the provider's own record
        self.charge_calls = []
        self.status_calls = []
        self.refund_calls = []
        self.next_charge = ChargeStatus.SUCCEEDED
        self.raise_on_charge = None       # ProviderTimeout / ProviderUnavailable, after (or without) recording
        self.record_before_raising = True
        self.status_unavailable = False

    def charge(self, reference, card_number, amount_minor, currency):
        self.charge_calls.append((reference, card_number, amount_minor, currency))
        reason = None if self.next_charge is ChargeStatus.SUCCEEDED else "card_declined"
        if self.raise_on_charge is not None:
            if self.record_before_raising:
                self.charges.setdefault(reference, Charge(reference, self.next_charge, reason))
            raise self.raise_on_charge("simulated")
        return self.charges.setdefault(reference, Charge(reference, self.next_charge, reason))

    def get_charge_status(self, reference):
        self.status_calls.append(reference)
        if self.status_unavailable:
            raise ProviderUnavailable("down")
        return self.charges.get(reference)

    def refund(self, charge_reference, refund_reference, amount_minor, currency):
        self.refund_calls.append((charge_reference, refund_reference, amount_minor, currency))


__all__ = ["FakeProvider", "FakeUnitOfWork", "ProviderTimeout", "ProviderUnavailable"]


class FakeOrders:
    """order-service as payment reads it: OrderFacts by id, answered only to the order's own client."""

    def __init__(self, *orders: OrderFacts):
        self.orders = {o.order_id: o for o in orders}
        self.asked: list[tuple[str, str]] = []

    def order_for_client(self, order_id, client_id):
        self.asked.append((order_id, client_id))
        order = self.orders.get(order_id)
        return order if order is not None and order.client_id == client_id else None
