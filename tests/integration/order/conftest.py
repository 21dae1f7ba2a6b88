import uuid

import pytest

from mcf.kit.auth import issue_token
from mcf.order import app as order_app


@pytest.fixture(scope="module")
def order_settings(isolated_settings):
    return isolated_settings


@pytest.fixture(scope="module")
def app(order_settings):
    return order_app.create_app(order_settings)


@pytest.fixture(scope="module")
def pg(app, order_settings):
    from mcf.order.adapters.storage import database_proxy

    return database_proxy.obj


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def token(order_settings):
    def make(role="client", subject=None):
        return {"Authorization": f"Bearer {issue_token(order_settings.jwt_secret, subject or str(uuid.uuid4()), role)}"}
    return make
