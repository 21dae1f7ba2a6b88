"""Login rate limiting in a shared store (docs/adr/0120-login-rate-limit-in-postgresql.md): failed logins per
e-mail counted in the service's PostgreSQL database, so two replicas of client-dashboard (or of worker-profile)
share the count; a 429 problem with Retry-After after the limit, the right password included; a success clears it.
The panels' logins (kit.admin) are drilled in tests/contract/test_security_drills.py."""
from __future__ import annotations

import time
import uuid

import pytest

from mcf.client_dashboard.app import create_app as client_dashboard
from mcf.kit.login_throttle import LoginThrottle
from mcf.worker_profile.app import create_app as worker_profile
from tests.support.worker_profile import registration

LIMIT = 3


@pytest.fixture(scope="module")
def limited(isolated_settings):
    return isolated_settings.with_(login_failure_limit=LIMIT, login_failure_window_seconds=600)


def _client_dashboard_account(app):
    email = f"rate-{uuid.uuid4().hex[:8]}@cats.example"
    assert app.test_client().post("/signup", json={"email": email, "password": "correct horse battery",
                                                   "display_name": "Rate"}).status_code == 201
    return "/login", email, "correct horse battery"


def _worker_profile_account(app):
    body = registration()
    assert app.test_client().post("/workers", json=body).status_code == 201
    return "/login", body["email"], body["password"]


SERVICES = {"client-dashboard": (client_dashboard, _client_dashboard_account),
            "worker-profile": (worker_profile, _worker_profile_account)}


@pytest.mark.parametrize("service", SERVICES)
def test_failed_logins_past_the_limit_are_429_with_retry_after_on_every_replica(limited, service):
    create, account = SERVICES[service]
    one, two = create(limited), create(limited)  # two replicas on one database
    path, email, password = account(one)
    for attempt in range(LIMIT):
        replica = (one, two)[attempt % 2]  # the failures land on both replicas, one count
        assert replica.test_client().post(path, json={"email": email, "password": "wrong password!"}
                                          ).status_code == 401
    for replica in (one, two):
        locked = replica.test_client().post(path, json={"email": email.upper(), "password": password})
        assert locked.status_code == 429, locked.json
        assert locked.mimetype == "application/problem+json"
        assert locked.json["type"] == "urn:mcf:problem:too-many-attempts"
        assert 1 <= int(locked.headers["Retry-After"]) <= 600
        assert locked.json["retry_after_seconds"] == int(locked.headers["Retry-After"])
    # another account is not locked by this one's failures
    _path, other, other_password = account(one)
    assert one.test_client().post(path, json={"email": other, "password": other_password}).status_code == 200


@pytest.mark.parametrize("service", SERVICES)
def test_a_success_before_the_limit_clears_the_count(limited, service):
    create, account = SERVICES[service]
    app = create(limited)
    path, email, password = account(app)
    client = app.test_client()
    for _ in range(2):
        for _ in range(LIMIT - 1):
            assert client.post(path, json={"email": email, "password": "wrong password!"}).status_code == 401
        assert client.post(path, json={"email": email, "password": password}).status_code == 200


def test_the_window_ends_and_the_next_failure_starts_a_new_one(limited):
    app = client_dashboard(limited)
    database = app.extensions["mcf_client_dashboard_db"]
    throttle = LoginThrottle(database, "drill", limit=2, window_seconds=1)
    name = f"{uuid.uuid4().hex}@cats.example"
    assert [throttle.failed(name), throttle.failed(name)] == [1, 2]
    with pytest.raises(Exception) as locked:
        throttle.check(name)
    assert locked.value.retry_after_seconds == 1
    time.sleep(1.2)
    throttle.check(name)  # the window is over
    assert throttle.failed(name) == 1
    # the store holds a digest of the name, never the e-mail itself
    with database.connection_context():
        keys = [row[0] for row in database.execute_sql("SELECT key FROM login_failures")]
    assert throttle.key(name) in keys and not any("@" in key for key in keys)
