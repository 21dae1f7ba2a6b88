"""``mcf seed`` for inventory: the catalogue (pick-up points, toys, kit recipes, starting stock) is loaded by the
service's own migrations, idempotently; this makes sure they ran and says how many pick-up points there are."""
from __future__ import annotations

from mcf.inventory import app, service
from mcf.inventory.adapters.storage import InventoryUnitOfWork
from mcf.kit.config import Settings


def seed(settings: Settings) -> int:
    database = app.database(settings, max_connections=2)
    try:
        with database.connection_context():
            return len(service.list_pickup_points(InventoryUnitOfWork(database)))
    finally:
        database.close_all()
