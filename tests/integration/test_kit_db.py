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
    assert first == ["kit:0001_outbox", "kit:0002_inbox", "svc:0001_things"]
    assert second == []
    with database.connection_context():
        tables = set(database.get_tables())
    assert {"outbox", "inbox", "things", "schema_migrations"} <= tables


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
