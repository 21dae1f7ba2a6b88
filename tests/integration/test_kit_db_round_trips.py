"""The kit's pool against the real PostgreSQL: BEGIN sent with a transaction's first statement (ADR 0152) and no
ping on checking out a connection checked in moments ago, with the transactions meaning what they did."""
import peewee
import pytest

from mcf.kit import db


@pytest.fixture
def database(settings, unique_name):
    database = db.connect(settings, f"kitr_{unique_name}", max_connections=2)
    with database.connection_context():
        database.execute_sql("CREATE TABLE things (id int PRIMARY KEY)")
    yield database
    database.close_all()
    db.drop_database(settings, database.database)


def _things(database) -> list[int]:
    with database.connection_context():
        return [r[0] for r in database.execute_sql("SELECT id FROM things ORDER BY id")]


def _statements(database) -> list[str]:
    sent: list[str] = []
    database.query_hooks.append(lambda event: sent.append(event.sql))
    return sent


def test_begin_rides_on_the_first_statement_and_the_transaction_still_commits_or_rolls_back(database):
    sent = _statements(database)
    with database.connection_context(), database.atomic():
        database.execute_sql("INSERT INTO things VALUES (1)")
        database.execute_sql("INSERT INTO things VALUES (2)")
    assert sent == ["BEGIN; INSERT INTO things VALUES (1)", "INSERT INTO things VALUES (2)"]
    with pytest.raises(RuntimeError), database.connection_context(), database.atomic():
        database.execute_sql("INSERT INTO things VALUES (3)")
        raise RuntimeError("the use case fails")
    assert _things(database) == [1, 2]


def test_a_failing_first_statement_rolls_back_and_the_connection_is_fine_afterwards(database):
    with pytest.raises(peewee.IntegrityError), database.connection_context(), database.atomic():
        database.execute_sql("INSERT INTO things VALUES (1), (1)")
    with database.connection_context(), database.atomic():
        database.execute_sql("INSERT INTO things VALUES (4)")
    assert _things(database) == [4]


def test_a_savepoint_first_and_an_empty_transaction_work(database):
    sent = _statements(database)
    with database.connection_context(), database.atomic():
        pass  # nothing ran: neither BEGIN nor COMMIT goes out
    assert sent == []
    with database.connection_context(), database.atomic():
        with pytest.raises(peewee.IntegrityError), database.atomic():
            database.execute_sql("INSERT INTO things VALUES (5), (5)")
        database.execute_sql("INSERT INTO things VALUES (6)")
    assert _things(database) == [6]
    with database.connection_context():
        assert database.connection().info.transaction_status == 0  # idle: nothing left open


def test_a_connection_back_in_the_pool_is_handed_out_without_a_ping_and_an_old_one_with_it(database, monkeypatch):
    with database.connection_context():
        database.execute_sql("SELECT 1")
    sent = _statements(database)
    with database.connection_context():
        database.execute_sql("INSERT INTO things VALUES (7)")
    assert sent == ["INSERT INTO things VALUES (7)"]
    monkeypatch.setattr(database, "FRESH_SECONDS", 0.0)
    pinged = []
    adapter = database._adapter
    monkeypatch.setattr(adapter, "is_connection_closed", lambda conn: pinged.append(conn) or False)
    with database.connection_context():
        database.execute_sql("SELECT 1")
    assert len(pinged) == 1
