"""In-memory doubles of order-service's ports: the unit of work for unit tests of the service layer, and the
matching gateway and client-dashboard's client directory, which integration tests use too (they are other services)."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from mcf.order import events
from mcf.order.domain import Address, Candidate, OrderStatus, Price
from mcf.order.ports import ClientDirectoryUnavailable, ClientFacts, MatchingUnavailable, StoredCommand
from mcf.order.service import PlaceOrder
from tests.support import fake_uow
from tests.support.fake_uow import InMemory, InMemoryRepository

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=timezone.utc)
CLIENT, CAT = "7b7c1b36-5b57-4d4f-8d62-0b8f3c1a0001", "7b7c1b36-5b57-4d4f-8d62-0b8f3c1a0002"
W1, W2, W3 = ("0a000000-0000-4000-8000-00000000000" + str(i) for i in (1, 2, 3))


def command(**overrides):
    values = dict(client_id=CLIENT, client_email="human@cats.example", cat_id=CAT, cat_name="Murka",
                  toy_category="feathers", slot_start=NOW + timedelta(days=1), duration_minutes=60,
                  address=Address("Moscow", "Arbat", "Arbat st", "1"), locale="en")
    values.update(overrides)
    return PlaceOrder(**values)


class FakeOrderRepository(InMemoryRepository):
    def claim_offers_due(self, now, limit):
        due = [o for o in self.rows.values()
               if o.worker_id is None and o.status in (OrderStatus.PLACED, OrderStatus.CONFIRMED)
               and (o.offer is None or o.offer.expires_at <= now)]
        return self._many(due[:limit])

    def claim_unpaid_before(self, placed_before, limit):
        due = [o for o in self.rows.values() if o.status is OrderStatus.PLACED and o.created_at < placed_before]
        return self._many(due[:limit])


class FakeAnomalies(InMemory):
    def __init__(self):
        self.recorded = []

    def record(self, order_id, event_id, event_type, status, detail):
        self.recorded.append((order_id, event_id, event_type, status, detail))


class FakeIdempotencyKeys(InMemory):
    """Keys by (principal, key). Unit tests run one thread, so a claim never has to wait for a twin."""

    def __init__(self):
        self.rows = {}

    def find(self, principal, key):
        return self.rows.get((principal, key))

    def claim(self, principal, key, fingerprint):
        seen = self.rows.get((principal, key))
        if seen is None:
            self.rows[(principal, key)] = StoredCommand(fingerprint, None)
        return seen

    def complete(self, principal, key, response):
        self.rows[(principal, key)] = StoredCommand(self.rows[(principal, key)].fingerprint, response)


class FakeUnitOfWork(fake_uow.FakeUnitOfWork):
    """Order's unit of work in memory: publishes through ``mcf.order.events`` and rolls back like the real one."""

    def __init__(self):
        super().__init__(events.integration_events)
        self.orders = FakeOrderRepository()
        self.anomalies = FakeAnomalies()
        self.idempotency = FakeIdempotencyKeys()


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
