"""The services that call worker-profile, against the real worker-profile app (not a stand-in): worker-dashboard's
login gateway and worker-testing's contact-card gateway get what they expect, as the stubs in
tests/support/worker_stubs.py and tests/integration/worker_testing promise."""
import pytest

from mcf.kit.auth import ServiceCredentials, decode_token
from mcf.kit.errors import Unauthorized
from tests.support.stub_services import serve
from tests.support.worker_profile import registration


@pytest.fixture(scope="module")
def profile_url(isolated_settings):
    from mcf.worker_profile import app

    flask_app = app.create_app(isolated_settings)
    with serve(flask_app) as url:
        yield url
    flask_app.extensions["mcf_worker_profile_db"].close_all()


@pytest.fixture(scope="module")
def worker(profile_url):
    import requests

    body = registration(locale="ru")
    response = requests.post(f"{profile_url}/workers", json=body, timeout=10)
    assert response.status_code == 201, response.text
    return response.json()["worker"]["worker_id"], body


def test_worker_dashboards_login_gateway_gets_a_worker_token_or_a_401(profile_url, worker, isolated_settings):
    from mcf.worker_dashboard.adapters.profile_gateway import HttpProfileGateway
    from mcf.worker_dashboard.adapters.upstream import ServiceClient

    worker_id, body = worker
    gateway = HttpProfileGateway(ServiceClient("worker-profile", profile_url, ServiceCredentials(
        isolated_settings, caller="worker-dashboard"), timeout=5.0))
    token = gateway.log_in(body["email"], body["password"])
    assert decode_token(isolated_settings.jwt_secret, token, audience="worker-dashboard").subject == worker_id
    with pytest.raises(Unauthorized):
        gateway.log_in(body["email"], "not the password")


def test_worker_testings_directory_gets_the_contact_card_or_none(profile_url, worker, isolated_settings):
    import uuid

    from mcf.kit.service_client import ServiceClient
    from mcf.worker_testing.adapters.gateways import HttpWorkerDirectory
    from mcf.worker_testing.ports import Contact

    worker_id, body = worker
    directory = HttpWorkerDirectory(ServiceClient("worker-profile", profile_url, ServiceCredentials(
        isolated_settings, caller="worker-testing"), timeout=5.0))
    assert directory.contact(worker_id) == Contact(body["email"], body["full_name"], "ru")
    assert directory.contact(str(uuid.uuid4())) is None


def test_worker_dashboards_login_gateway_passes_worker_profiles_rate_limit_on(profile_url, isolated_settings):
    """ADR 0120: worker-profile's 429 reaches the worker as worker-dashboard's, with its Retry-After."""
    import requests

    from mcf.kit.errors import TooManyRequests
    from mcf.worker_dashboard.adapters.profile_gateway import HttpProfileGateway
    from mcf.worker_dashboard.adapters.upstream import ServiceClient

    body = registration()
    assert requests.post(f"{profile_url}/workers", json=body, timeout=10).status_code == 201
    gateway = HttpProfileGateway(ServiceClient("worker-profile", profile_url, ServiceCredentials(
        isolated_settings, caller="worker-dashboard"), timeout=5.0))
    for _ in range(isolated_settings.login_failure_limit):
        with pytest.raises(Unauthorized):
            gateway.log_in(body["email"], "not the password")
    with pytest.raises(TooManyRequests) as locked:
        gateway.log_in(body["email"], body["password"])
    assert locked.value.slug == "too-many-attempts" and 1 <= locked.value.retry_after_seconds <= 900
