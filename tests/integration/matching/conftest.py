import pytest

from mcf.matching import app as matching_app


@pytest.fixture(scope="module")
def database(isolated_settings):
    database = matching_app.postgres(isolated_settings)
    yield database
    database.close_all()


@pytest.fixture
def clean(database):
    """An empty read model for the test."""
    with database.connection_context():
        database.execute_sql("TRUNCATE candidates, client_affinity, tracked_orders, bookings, inbox")
    return database
