import pytest

from tests.support.worker_profile import bearer, registration

TABLES = "pii_access_log, rating_changes, test_results, workers, outbox, inbox"


@pytest.fixture(scope="module")
def profile(isolated_settings):
    """worker-profile's app on this module's own database, and that database."""
    from argon2 import PasswordHasher

    from mcf.kit.passwords import Argon2PasswordHasher
    from mcf.worker_profile import app

    cheap = Argon2PasswordHasher(PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1))
    flask_app = app.create_app(isolated_settings, hasher=cheap)
    pg = flask_app.extensions["mcf_worker_profile_db"]
    yield flask_app, pg
    pg.close_all()


@pytest.fixture
def clean(profile):
    _, pg = profile
    with pg.connection_context():
        pg.execute_sql(f"TRUNCATE {TABLES}")
    return profile


@pytest.fixture
def client(clean):
    return clean[0].test_client()


@pytest.fixture
def registered(client):
    """(worker id, the registration body, the worker's own token headers)."""
    body = registration()
    response = client.post("/workers", json=body)
    assert response.status_code == 201, response.json
    return response.json["worker"]["worker_id"], body, {"Authorization": f"Bearer {response.json['token']}"}


@pytest.fixture
def as_(isolated_settings):
    def headers(role, sub=None, **kwargs):
        return bearer(isolated_settings.jwt_secret, role, sub, **kwargs)

    return headers
