"""inventory keeps no contact data (ADR 0123), on the real PostgreSQL: migration 0004 drops the e-mail addresses
kits held, and an ``order.created`` that still names one (an older producer) opens the kit without storing it."""
import uuid

from mcf.inventory.adapters import storage
from mcf.inventory.adapters.amqp import order_events_handler
from mcf.inventory.adapters.storage import InventoryUnitOfWork
from mcf.kit import db
from mcf.kit.events import Event


class NoJobs:
    def prepare(self, order_id):
        raise AssertionError("the test never runs the job")


def dump(database, sql, *params) -> str:
    with database.connection_context():
        return " ".join(str(v) for row in database.execute_sql(sql, params).fetchall() for v in row)


def test_the_migration_drops_stored_addresses_and_new_kits_keep_none(isolated_settings):
    database = db.connect(isolated_settings, "inventory")
    try:
        before = [m for m in storage.MIGRATIONS if m.id != "inventory:0004_no_client_email"]
        db.migrate(database, before)  # a database as the service left it before 0004, holding an address
        old = str(uuid.uuid4())
        with database.connection_context():
            database.execute_sql("INSERT INTO kits (order_id, kit_id, client_id, locale, client_email, status, "
                                 "created_at, updated_at) VALUES (%s, %s, 'c', 'en', 'old-murka@cats.example', "
                                 "'cancelled', now(), now())", (old, str(uuid.uuid4())))
        assert db.migrate(database, storage.MIGRATIONS) == ["inventory:0004_no_client_email"]
        assert dump(database, "SELECT column_name FROM information_schema.columns WHERE table_name = 'kits' "
                              "AND column_name LIKE '%%email%%'") == ""
        new = str(uuid.uuid4())
        event = Event(type="order.created", source="/mcf/order", subject=new, data={
            "order_id": new, "client_id": str(uuid.uuid4()), "toy_category": "mice", "city": "Moscow",
            "district": "Arbat", "locale": "en", "client_email": "new-murka@cats.example"})
        with database.connection_context():
            assert order_events_handler(lambda: InventoryUnitOfWork(database), NoJobs())(event) is not None
        kits = dump(database, "SELECT * FROM kits WHERE order_id IN (%s, %s)", old, new)
        assert new in kits and old in kits
        assert "murka" not in kits and "@" not in kits
    finally:
        database.close_all()
