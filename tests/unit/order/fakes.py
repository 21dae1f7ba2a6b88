"""In-memory fakes of the order ports, for driving the service layer without I/O."""
from __future__ import annotations

import copy

from mcf.order.domain import Candidate, ConcurrentUpdate, OrderStatus, Price
from mcf.order.ports import ClientDirectoryUnavailable, ClientFacts, MatchingUnavailable


class FakeOrderRepository:
    def __init__(self):
        self.rows = {}

    def add(self, order):
        self.rows[order.id] = copy.deepcopy(order.snapshot())

    def get(self, order_id):
        return copy.deepcopy(self.rows.get(order_id))

    def save(self, order, expected_version):
        stored = self.rows.get(order.id)
        if stored is None or stored.version != expected_version:
            raise ConcurrentUpdate(f"order {order.id} changed")
        self.rows[order.id] = copy.deepcopy(order.snapshot())

    def claim_offers_due(self, now, limit):
        due = [o for o in self.rows.values()
               if o.worker_id is None and o.status in (OrderStatus.PLACED, OrderStatus.CONFIRMED)
               and (o.offer is None or o.offer.expires_at <= now)]
        return [copy.deepcopy(o) for o in due[:limit]]

    def claim_unpaid_before(self, placed_before, limit):
        due = [o for o in self.rows.values() if o.status is OrderStatus.PLACED and o.created_at < placed_before]
        return [copy.deepcopy(o) for o in due[:limit]]


class FakeOutbox:
    def __init__(self):
        self.events = []

    def add(self, event):
        self.events.append(event)


class FakeAnomalies:
    def __init__(self):
        self.recorded = []

    def record(self, order_id, event_id, event_type, status, detail):
        self.recorded.append((order_id, event_id, event_type, status, detail))


class FakeUnitOfWork:
    """Commits on a clean exit, discards on an exception - like the real one."""

    def __init__(self):
        self.orders = FakeOrderRepository()
        self.outbox = FakeOutbox()
        self.anomalies = FakeAnomalies()
        self.committed_events = []
        self.commits = 0

    def __enter__(self):
        self._orders_before = dict(self.orders.rows)
        self._events_before = len(self.outbox.events)
        self._anomalies_before = len(self.anomalies.recorded)
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            self.commits += 1
            self.committed_events.extend(self.outbox.events[self._events_before:])
        else:
            self.orders.rows = self._orders_before
            del self.outbox.events[self._events_before:]
            del self.anomalies.recorded[self._anomalies_before:]
        return False

    def types(self):
        return [event.type for event in self.committed_events]


def candidate(worker_id, amount=150_000):
    return Candidate(worker_id=worker_id, score=0.9, price=Price(amount, "RUB", {"base_minor": amount}))


class FakeMatching:
    """Answers with its ranked list minus the excluded workers; ``down`` makes it unavailable."""

    def __init__(self, *workers, amount=150_000):
        self.ranked = [candidate(w, amount) for w in workers]
        self.requests = []
        self.down = False

    def find_candidates(self, request):
        self.requests.append(request)
        if self.down:
            raise MatchingUnavailable("matching-service did not answer: ConnectTimeout")
        return [c for c in self.ranked if c.worker_id not in request.exclude_worker_ids][:request.limit]


class FakeClients:
    """client-dashboard as order reads it: every cat is its client's unless listed in ``foreign``; ``down``
    makes it unavailable."""

    def __init__(self, email="human@cats.example", locale="en", cat_name="Barsik"):
        self.email, self.locale, self.cat_name = email, locale, cat_name
        self.foreign: set[str] = set()
        self.asked: list[tuple[str, str]] = []
        self.down = False

    def client_cat(self, client_id, cat_id):
        self.asked.append((client_id, cat_id))
        if self.down:
            raise ClientDirectoryUnavailable("client-dashboard did not answer in time")
        if cat_id in self.foreign:
            return None
        return ClientFacts(client_id=client_id, email=self.email, locale=self.locale, cat_id=cat_id,
                           cat_name=self.cat_name)
