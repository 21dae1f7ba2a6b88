"""In-memory fakes of client-dashboard's ports, for driving the service layer without I/O."""
from __future__ import annotations

import copy
import uuid

from mcf.client_dashboard.domain import EmailTaken, normalise_email
from mcf.client_dashboard.ports import PaymentResult
from mcf.kit.errors import Conflict, NotFound
from mcf.kit.values import FileContent
from tests.support import fake_uow
from tests.support.fake_uow import InMemory


class FakeClients(InMemory):
    def __init__(self):
        self.rows = {}

    def add(self, client):
        if self.by_email(client.email) is not None:
            raise EmailTaken("taken", field="email")
        self.rows[client.id] = client

    def get(self, client_id):
        return self.rows.get(client_id)

    def by_email(self, email):
        return next((c for c in self.rows.values() if normalise_email(c.email) == normalise_email(email)), None)

    def set_password_hash(self, client_id, password_hash):
        from dataclasses import replace

        self.rows[client_id] = replace(self.rows[client_id], password_hash=password_hash)


class FakeCats(InMemory):
    def __init__(self):
        self.rows = {}

    def add(self, cat):
        self.rows[cat.id] = cat

    def get(self, cat_id):
        return self.rows.get(cat_id)

    def for_client(self, client_id):
        return sorted((c for c in self.rows.values() if c.client_id == client_id), key=lambda c: c.created_at)

    def update(self, cat):
        self.rows[cat.id] = cat

    def delete(self, cat_id):
        self.rows.pop(cat_id, None)


class FakePaymentAttempts(InMemory):
    def __init__(self):
        self.rows = {}

    def get(self, client_id, key):
        return self.rows.get((client_id, key))

    def add(self, attempt):
        self.rows.setdefault((attempt.client_id, attempt.idempotency_key), attempt)


class FakeUnitOfWork(fake_uow.FakeUnitOfWork):
    """client-dashboard's unit of work in memory, on the shared base: a rollback restores every store."""

    def __init__(self):
        super().__init__()
        self.clients, self.cats, self.payment_attempts = FakeClients(), FakeCats(), FakePaymentAttempts()


class FakeHasher:
    """Reversible and instant; ``params`` stands for argon2's parameters, to test rehashing."""

    def __init__(self, params="v2"):
        self.params, self.verified = params, []

    def hash(self, password):
        return f"{self.params}${password}"

    def verify(self, password_hash, password):
        self.verified.append(password_hash)
        return password_hash is not None and password_hash.split("$", 1)[1] == password

    def needs_rehash(self, password_hash):
        return not password_hash.startswith(f"{self.params}$")


class FakeTokens:
    def issue(self, client_id):
        return f"token-for-{client_id}"


class FakeOrders:
    """order-service as the contract describes it; records what it was asked."""

    def __init__(self):
        self.orders, self.placed, self.cancelled, self.cancel_keys = {}, [], [], []

    def put(self, client_id, status="placed", price=(150_000, "RUB"), **fields):
        order = {"id": str(uuid.uuid4()), "client_id": client_id, "status": status, "cat_id": str(uuid.uuid4()),
                 "slot_start": "2026-12-01T10:00:00+00:00", **fields}
        if price:
            order["price"] = {"amount_minor": price[0], "currency": price[1], "breakdown": {}}
        self.orders[order["id"]] = order
        return order

    def place(self, request):
        self.placed.append(request)
        return self.put(request.client_id, cat_id=request.cat_id)

    def get(self, order_id):
        return copy.deepcopy(self.orders.get(order_id))

    def for_client(self, client_id):
        return [copy.deepcopy(o) for o in self.orders.values() if o["client_id"] == client_id]

    def cancel(self, order_id, client_id, idempotency_key=None):
        if order_id not in self.orders:
            raise NotFound("no such order")
        self.cancelled.append((order_id, client_id))
        self.cancel_keys.append(idempotency_key)
        self.orders[order_id]["status"] = "cancelled"
        return copy.deepcopy(self.orders[order_id])


class FakePayments:
    """payment-service: one payment per idempotency key; records the keys and requests it saw. Given the orders
    (a FakeOrders), it refuses a new key for an order that is not placed, as payment-service does."""

    def __init__(self, orders=None):
        self.by_key, self.requests, self.by_id = {}, [], {}
        self.orders = orders

    def pay(self, request, idempotency_key):
        self.requests.append((request, idempotency_key))
        if idempotency_key in self.by_key:
            return PaymentResult(self.by_key[idempotency_key], replayed=True)
        if self.orders is not None and self.orders.orders[request.order_id]["status"] != "placed":
            raise Conflict("an order that is not placed cannot be paid")
        payment = {"id": str(uuid.uuid4()), "order_id": request.order_id, "client_id": request.client_id,
                   "amount_minor": request.amount_minor, "currency": request.currency, "status": "succeeded",
                   "failure_reason": None, "created_at": "2026-11-27T12:00:00Z"}
        self.by_key[idempotency_key] = self.by_id[payment["id"]] = payment
        return PaymentResult(payment, replayed=False)

    def get(self, payment_id):
        return self.by_id.get(payment_id)

    def for_order(self, order_id):
        return [p for p in self.by_id.values() if p["order_id"] == order_id]


class FakeReports:
    """order-report as client-dashboard sees it: records by order, photos by id, each readable by its client."""

    def __init__(self):
        self.records, self.photos, self.asked = {}, {}, []

    def add(self, order_id, client_id, photo=b"jpeg-bytes"):
        photo_id = str(uuid.uuid4())
        self.photos[photo_id] = (client_id, FileContent("image/jpeg", photo))
        self.records[order_id] = (client_id, {"order_id": order_id, "client_id": client_id,
                                              "check_in": {"photos": [{"photo_id": photo_id}]}, "report": None})
        return photo_id

    def record_of(self, client_id, order_id):
        self.asked.append(("record", client_id, order_id))
        owner, record = self.records.get(order_id, (None, None))
        return copy.deepcopy(record) if owner == client_id else None

    def photo(self, client_id, photo_id, thumbnail=False):
        self.asked.append(("photo", client_id, photo_id, thumbnail))
        owner, file = self.photos.get(photo_id, (None, None))
        return file if owner == client_id else None
