"""In-memory fakes of the order ports, for driving the service layer without I/O."""
from __future__ import annotations

import copy


class FakeOrderRepository:
    def __init__(self):
        self.rows = {}

    def add(self, order):
        self.rows[order.id] = copy.deepcopy(order)

    def get(self, order_id):
        return copy.deepcopy(self.rows.get(order_id))


class FakeOutbox:
    def __init__(self):
        self.events = []

    def add(self, event):
        self.events.append(event)


class FakeUnitOfWork:
    """Commits on a clean exit, discards on an exception - like the real one."""

    def __init__(self):
        self.orders = FakeOrderRepository()
        self.outbox = FakeOutbox()
        self.committed_events = []
        self.commits = 0

    def __enter__(self):
        self._orders_before = dict(self.orders.rows)
        self._events_before = len(self.outbox.events)
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            self.commits += 1
            self.committed_events.extend(self.outbox.events[self._events_before:])
        else:
            self.orders.rows = self._orders_before
            del self.outbox.events[self._events_before:]
        return False
