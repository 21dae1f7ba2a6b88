"""mcf.kit.db against the real PostgreSQL."""
import peewee
import pytest

from mcf.kit import db


@pytest.fixture
def database(settings, unique_name):
    database = db.connect(settings, f"kit_{unique_name}")
    yield database
    database.close_all()
    db.drop_database(settings, database.database)


def test_connect_creates_the_database_and_migrate_applies_each_step_once(database):
    steps = [db.Migration("svc:0001_things", "CREATE TABLE things (id int PRIMARY KEY)")]
    first = db.migrate(database, steps)
    second = db.migrate(database, steps)
    assert first == ["kit:0001_outbox", "kit:0002_inbox", "kit:0003_periodic_ticks", "kit:0004_outbox_traceparent",
                     "kit:0005_sent_notification_requests_redacted", "svc:0001_things"]
    assert second == []
    with database.connection_context():
        tables = set(database.get_tables())
    assert {"outbox", "inbox", "periodic_ticks", "things", "schema_migrations"} <= tables


def test_a_failing_migration_leaves_nothing_half_applied(database):
    db.migrate(database)
    broken = [db.Migration("svc:0001_broken", "CREATE TABLE a (id int); CREATE TABLE a (id int)")]
    with pytest.raises(peewee.ProgrammingError):
        db.migrate(database, broken)
    with database.connection_context():
        assert "a" not in database.get_tables()
        ids = [r[0] for r in database.execute_sql("SELECT id FROM schema_migrations")]
    assert "svc:0001_broken" not in ids


def test_the_inbox_claims_an_event_once_per_consumer(database):
    db.migrate(database)
    with database.connection_context(), database.atomic():
        assert db.claim_inbox(database, "c1", "e1") is True
        assert db.claim_inbox(database, "c1", "e1") is False
        assert db.claim_inbox(database, "c2", "e1") is True


def test_ping_tells_a_live_database_from_a_dead_one(settings, database):
    assert db.ping(database) is True
    dead = peewee.PostgresqlDatabase("nowhere", host="127.0.0.1", port=1, connect_timeout=1)
    assert db.ping(dead) is False


# -- the persistence style: models bound per database, a repository, and the unit of work's outbox ------------

class ThingRow(peewee.Model):
    id = peewee.TextField(primary_key=True)
    name = peewee.TextField()
    version = peewee.IntegerField()

    class Meta:
        table_name = "things"


class Thing:
    def __init__(self, id, name, version=1):
        self.id, self.name, self.version, self.events = id, name, version, []

    def rename(self, name):
        self.name, self.version = name, self.version + 1
        self.events.append(("renamed", name))


class Things(db.PeeweeRepository):
    model = ThingRow

    def to_row(self, thing):
        return {"id": thing.id, "name": thing.name, "version": thing.version}

    def to_aggregate(self, row):
        return Thing(row.id, row.name, row.version)

    def get(self, thing_id):
        return self._one(self.rows.select().where(self.rows.id == thing_id))


def _translate(domain_event):
    from mcf.kit.events import Event

    return [Event(type="thing.renamed", source="/test", data={"name": domain_event[1]})]


class ThingWork(db.PeeweeUnitOfWork):
    def __init__(self, database):
        super().__init__(database, _translate)
        self.things = Things(database)


@pytest.fixture
def things(database):
    db.migrate(database, [db.Migration("svc:0001_things",
                                       "CREATE TABLE things (id text PRIMARY KEY, name text, version int)")])
    with database.connection_context():
        with ThingWork(database) as uow:
            uow.things.add(Thing("t1", "a"))
    return database


def _outbox(database):
    with database.connection_context():
        return [r[0] for r in database.execute_sql("SELECT routing_key FROM outbox ORDER BY created_at")]


def test_the_unit_of_work_writes_a_saved_aggregates_events_to_the_outbox_in_its_transaction(things):
    with things.connection_context():
        with ThingWork(things) as uow:
            thing = uow.things.get("t1")
            thing.rename("b")
            uow.things.save(thing)
    assert _outbox(things) == ["thing.renamed"]


def test_a_rolled_back_unit_of_work_leaves_neither_the_change_nor_its_event(things):
    with things.connection_context():
        with pytest.raises(RuntimeError):
            with ThingWork(things) as uow:
                thing = uow.things.get("t1")
                thing.rename("b")
                uow.things.save(thing)
                raise RuntimeError("fails after saving")
        assert ThingWork(things).things.rows.get_by_id("t1").name == "a"
    assert _outbox(things) == []


def test_a_stale_save_raises_concurrent_update_and_writes_nothing(things):
    from mcf.kit.errors import ConcurrentUpdate

    with things.connection_context():
        with pytest.raises(ConcurrentUpdate):
            with ThingWork(things) as uow:
                thing = uow.things.get("t1")
                things.execute_sql("UPDATE things SET version = 2, name = 'z'")  # someone else's write
                thing.rename("b")
                uow.things.save(thing)
    assert _outbox(things) == []


def test_bound_models_of_two_databases_never_mix(settings, unique_name, things):
    other = db.connect(settings, f"kit2_{unique_name}")
    try:
        db.migrate(other, [db.Migration("svc:0001_things",
                                        "CREATE TABLE things (id text PRIMARY KEY, name text, version int)")])
        with other.connection_context():
            assert db.bound(ThingRow, other).select().count() == 0
        with things.connection_context():
            assert db.bound(ThingRow, things).select().count() == 1
        assert db.bound(ThingRow, things) is db.bound(ThingRow, things)
    finally:
        other.close_all()
        db.drop_database(settings, other.database)
