"""In-memory fakes of matching's ports. The fake store over-includes on purpose (the port allows it): it lists
every candidate it holds with its overlapping bookings, so the service's own filtering is what the tests see."""
from __future__ import annotations

import copy

from mcf.matching.domain import CLOSED, failed_filters
from mcf.matching.ports import Shortlist, ShortlistEntry
from tests.support import fake_uow
from tests.support.fake_uow import InMemory


class FakeCandidateStore(InMemory):
    def __init__(self, orders: "FakeOrderTracker"):
        self.rows = {}
        self.affinity = {}  # (client_id, worker_id) -> completed
        self._orders = orders

    def get(self, worker_id):
        return copy.deepcopy(self.rows.get(worker_id))

    def save(self, candidate):
        self.rows[candidate.worker_id] = copy.deepcopy(candidate)

    def _entries(self, request):
        for candidate in self.rows.values():
            bookings = tuple(b for b in self._orders.bookings.values()
                             if b.worker_id == candidate.worker_id and b.overlaps(request.slot_start, request.slot_end))
            yield ShortlistEntry(candidate, self.affinity.get((request.client_id, candidate.worker_id), 0), bookings)

    def shortlist(self, request, size):
        entries = list(self._entries(request))
        return Shortlist(entries, sum(1 for e in entries if not failed_filters(e.candidate, request, e.bookings)))

    def supply(self, request):
        return self.shortlist(request, 0).supply

    def add_client_completion(self, worker_id, client_id):
        self.affinity[(client_id, worker_id)] = self.affinity.get((client_id, worker_id), 0) + 1


class FakeOrderTracker(InMemory):
    def __init__(self):
        self.orders = {}
        self.bookings = {}

    def get(self, order_id):
        return self.orders.get(order_id)

    def save(self, order):
        self.orders[order.order_id] = order

    def open_demand(self, district, start, end):
        return sum(1 for o in self.orders.values() if o.district == district and o.state != CLOSED
                   and o.slot_start is not None and o.slot_start < end and start < o.slot_end)

    def booking(self, order_id):
        return self.bookings.get(order_id)

    def book(self, booking):
        if booking.order_id in self.bookings:
            return False
        self.bookings[booking.order_id] = booking
        return True

    def free(self, order_id):
        return self.bookings.pop(order_id, None)


class FakeUnitOfWork(fake_uow.FakeUnitOfWork):
    """matching's unit of work in memory, on the shared base: a rollback restores both stores."""

    def __init__(self):
        super().__init__()
        self.orders = FakeOrderTracker()
        self.candidates = FakeCandidateStore(self.orders)
