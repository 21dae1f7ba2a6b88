"""In-memory fakes of the inventory ports, for unit tests of the service layer."""
from __future__ import annotations

from datetime import datetime

from mcf.inventory import events
from mcf.inventory.domain import FortuneIssued, KitItem, KitStatus, Missing, PickupPoint, StockLevel, Toy
from tests.support import fake_uow
from tests.support.fake_uow import InMemory, InMemoryRepository

CENTRAL = PickupPoint("00000000-0000-4000-8000-0000000000a1", "MCF Central", "Moscow", "Tverskoy",
                      "Tverskaya st. 7")
ARBAT = PickupPoint("00000000-0000-4000-8000-0000000000a2", "MCF Arbat", "Moscow", "Arbat", "Arbat st. 35")
MOUSE = Toy("00000000-0000-4000-8000-00000000000b", "Clockwork mouse", "mice")
PLUSH = Toy("00000000-0000-4000-8000-00000000000c", "Plush mouse", "mice")
RECIPES = {"mice": (KitItem(MOUSE.id, MOUSE.name, 1), KitItem(PLUSH.id, PLUSH.name, 2))}


class FakeCatalogue:
    def __init__(self):
        self.points = [ARBAT, CENTRAL]
        self.toy_list = [MOUSE, PLUSH]

    def pickup_points(self):
        return sorted(self.points, key=lambda p: p.name)

    def pickup_point(self, pickup_point_id):
        return next((p for p in self.points if p.id == pickup_point_id), None)

    def pickup_point_for(self, city, district):
        return next((p for p in self.points if p.district == district), CENTRAL)

    def toys(self, category=None):
        return [t for t in self.toy_list if category in (None, t.category)]

    def toy(self, toy_id):
        return next((t for t in self.toy_list if t.id == toy_id), None)

    def recipe(self, toy_category):
        return RECIPES.get(toy_category, ())


class FakeStock(InMemory):
    def __init__(self):
        self.units: dict[tuple[str, str], list[int]] = {}  # (point, toy) -> [available, reserved]

    def set(self, point, toy, available):
        self.units[(point, toy)] = [available, 0]

    def reserve(self, pickup_point_id, items):
        missing = tuple(Missing(i.toy_id, i.quantity, self.units.get((pickup_point_id, i.toy_id), [0, 0])[0])
                        for i in items if self.units.get((pickup_point_id, i.toy_id), [0, 0])[0] < i.quantity)
        if missing:
            return missing
        for i in items:
            self.units[(pickup_point_id, i.toy_id)][0] -= i.quantity
            self.units[(pickup_point_id, i.toy_id)][1] += i.quantity
        return ()

    def release(self, pickup_point_id, items):
        for i in items:
            self.units[(pickup_point_id, i.toy_id)][0] += i.quantity
            self.units[(pickup_point_id, i.toy_id)][1] -= i.quantity

    def restock(self, pickup_point_id, toy_id, quantity):
        self.units.setdefault((pickup_point_id, toy_id), [0, 0])[0] += quantity
        return self._level(pickup_point_id, toy_id)

    def _level(self, point, toy):
        available, reserved = self.units[(point, toy)]
        return StockLevel(point, toy, toy, available, reserved)

    def levels(self, pickup_point_id):
        return [self._level(p, t) for (p, t) in sorted(self.units) if pickup_point_id in (None, p)]


class FakeKits(InMemoryRepository):
    def get_for_update(self, order_id):
        return self.get(order_id)

    def overdue(self, now: datetime, limit):
        return [k.order_id for k in self.rows.values()
                if k.status is KitStatus.AWAITING_FORTUNE and k.fortune_deadline <= now][:limit]

    def stale_pending(self, created_before, limit):
        return [k.order_id for k in self.rows.values()
                if k.status is KitStatus.PENDING and k.created_at < created_before][:limit]


class FakeFortunes(InMemory):
    def __init__(self):
        self.rows: dict[str, FortuneIssued] = {}

    def add_if_new(self, fortune, received_at):
        if fortune.order_id in self.rows:
            return False
        self.rows[fortune.order_id] = fortune
        return True

    def get(self, order_id):
        return self.rows.get(order_id)


class FakeUnitOfWork(fake_uow.FakeUnitOfWork):
    """Inventory's unit of work in memory: publishes through ``mcf.inventory.events``, rolls back like the real one."""

    def __init__(self):
        super().__init__(events.integration_events)
        self.catalogue = FakeCatalogue()
        self.stock = FakeStock()
        self.kits = FakeKits()
        self.fortunes = FakeFortunes()
