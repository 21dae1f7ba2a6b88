"""Security drills over every service (issue 11): the access matrix, login rate limiting, CSRF on the panels.

**Access matrix.** Every operation of every committed OpenAPI document × every kind of caller: no token; each
person's own token as it is really issued (client, worker, manager: ``USER_AUDIENCES``); a service token acting
for nobody, for a client, a worker, a manager; and, for a caller who is allowed, the same token expired, with a
tampered signature, and meant for another service. The expected allow set is derived from the operation's
``x-mcf-access`` (roles, and the person a service token must act for) and a user token's audience; the code is
asked, each app built by its real ``create_app``:

- a caller the contract does not allow is refused by the gate (401, or 403 from ``requires``): a wrong allow fails;
- a caller the contract allows is *not* refused by the gate (it may get 404, 409, 422 or 503 from what follows):
  so the contract says what the code enforces, in both directions;
- an operation without ``x-mcf-access`` is one of the few public ones listed here, and every route the apps serve
  is in their document (or under a prefix listed here: the panels and the PWA's files).

"Another user's token" (a client reading another client's cat, a worker another's order) is an ownership rule
behind the gate; it has its own tests per service (tests/integration/test_trust_boundaries.py and the services'
HTTP tests).
"""
from __future__ import annotations

import importlib
import re
import uuid
from pathlib import Path

import pytest
import yaml

from mcf.kit.auth import USER_AUDIENCES, Principal, issue_token
from mcf.kit.config import Settings
from tests.support.panel import csrf_of, sign_in
from tests.support.system import drop_stores, free_port_base

FOLDER = Path(__file__).resolve().parents[2] / "contracts" / "openapi"
SERVICES = sorted(path.stem for path in FOLDER.glob("*.yaml"))
METHODS = ("get", "post", "put", "patch", "delete")
# Operations anyone may call (no token): probes, sign-up, registration and the logins.
PUBLIC = {("*", "get", "/health"), ("*", "get", "/ready"), ("client-dashboard", "post", "/signup"),
          ("client-dashboard", "post", "/login"), ("worker-profile", "post", "/workers"),
          ("worker-profile", "post", "/login"), ("worker-dashboard", "post", "/api/login")}
# Routes outside the OpenAPI documents: /metrics (Prometheus, ADR 0165), the API's own docs, the managers' panels
# (checked below), the PWA.
NOT_IN_DOCUMENT = re.compile(r"^/(metrics$|openapi\.json|docs|static/|<any\(|admin(/|$)|$|app(/|$)|manifest|sw\.js"
                             r"|service-worker|icons/|offline)")
CALLERS = ["none", "client", "worker", "manager", "service:nobody", "service:client", "service:worker",
           "service:manager"]


def operations(service: str):
    document = yaml.safe_load((FOLDER / f"{service}.yaml").read_text())
    for path, item in document["paths"].items():
        for method in METHODS:
            if method in item:
                yield method, path, item[method].get("x-mcf-access")


def allowed(caller: str, service: str, access: dict | None) -> bool:
    if access is None:
        return True
    if caller == "none":
        return False
    role, _, acting = caller.partition(":")
    if role != "service":
        return role in access["roles"] and service in USER_AUDIENCES[role]
    if "service" not in access["roles"]:
        return False
    return "on_behalf_of" not in access or acting in access["on_behalf_of"]


def token(secret: str, caller: str, service: str, *, ttl: int = 300, audience: str | None = None) -> str:
    role, _, acting = caller.partition(":")
    if role != "service":
        return issue_token(secret, str(uuid.uuid4()), role, audience=audience or list(USER_AUDIENCES[role]),
                           ttl_seconds=ttl)
    person = None if acting == "nobody" else Principal(str(uuid.uuid4()), acting)
    return issue_token(secret, "drill", "service", audience=audience or service, ttl_seconds=ttl,
                       on_behalf_of=person)


def concrete(path: str) -> str:
    """The path with its parameters filled: a UUID, or a number for ``{number}``."""
    return re.sub(r"\{([^}]+)\}", lambda m: "1" if m.group(1) == "number" else str(uuid.uuid4()), path)


def gate_refused(response) -> bool:
    """Refused by ``requires`` (401, or its own 403 that carries no problem type of a service), not by what
    follows it (a service's 403 ``urn:mcf:problem:forbidden``, a 404 ...)."""
    if response.status_code == 401:
        return True
    if response.status_code != 403:
        return False
    body = response.get_json(silent=True) or {}
    return body.get("type", "about:blank") == "about:blank"


@pytest.fixture(scope="module")
def apps(isolated_settings: Settings):
    settings = isolated_settings.with_(port_base=free_port_base())  # the apps' upstreams: nobody listens there
    built = {service: importlib.import_module(f"mcf.{service.replace('-', '_')}.app").create_app(settings)
             for service in SERVICES}
    yield settings, built
    drop_stores(settings, ("order", "notification", "order-history", "worker-testing"))


def _call(client, method: str, path: str, headers: dict):
    return client.open(path, method=method.upper(), headers=headers, json={} if method in ("post", "patch") else None)


@pytest.mark.parametrize("service", SERVICES)
def test_the_gate_allows_exactly_whom_the_contract_names(apps, service):
    settings, built = apps
    client = built[service].test_client()
    wrong_allows, wrong_refusals, failures = [], [], []
    for method, path, access in operations(service):
        if access is None:
            assert ("*", method, path) in PUBLIC or (service, method, path) in PUBLIC, \
                f"{service} {method.upper()} {path} has no x-mcf-access and is not a known public operation"
        for caller in CALLERS:
            headers = {} if caller == "none" else {
                "Authorization": f"Bearer {token(settings.jwt_secret, caller, service)}"}
            response = _call(client, method, concrete(path), headers)
            label = f"{caller} {method.upper()} {path} -> {response.status_code}"
            if response.status_code >= 500 and response.status_code != 503:
                failures.append(label)
            if allowed(caller, service, access):
                if gate_refused(response):
                    wrong_refusals.append(label)
            elif not gate_refused(response):
                wrong_allows.append(label)
    assert not wrong_allows, f"{service} let in callers its contract does not allow: {wrong_allows}"
    assert not wrong_refusals, f"{service} refused callers its contract allows: {wrong_refusals}"
    assert not failures, f"{service} failed: {failures}"


@pytest.mark.parametrize("service", SERVICES)
def test_an_allowed_caller_with_a_broken_token_is_refused(apps, service):
    """Expired, tampered with (one character of the signature changed), or meant for another service."""
    settings, built = apps
    client = built[service].test_client()
    other = "payment" if service != "payment" else "order"
    let_in = []
    for method, path, access in operations(service):
        if access is None:
            continue
        caller = next(c for c in CALLERS if allowed(c, service, access))
        good = token(settings.jwt_secret, caller, service)
        head, _, signature = good.rpartition(".")
        broken = {
            "expired": token(settings.jwt_secret, caller, service, ttl=-60),
            "tampered": f"{head}.{signature[:-2]}{'A' if signature[-2] != 'A' else 'B'}{signature[-1]}",
            "wrong-audience": token(settings.jwt_secret, caller, service, audience=other),
            "another-secret": token("a different secret of at least thirty-two characters", caller, service),
        }
        for kind, value in broken.items():
            response = _call(client, method, concrete(path), {"Authorization": f"Bearer {value}"})
            if response.status_code != 401:
                let_in.append(f"{kind} {caller} {method.upper()} {path} -> {response.status_code}")
    assert not let_in, f"{service} took broken tokens: {let_in}"


@pytest.mark.parametrize("service", SERVICES)
def test_every_route_the_app_serves_is_in_its_contract(apps, service):
    _settings, built = apps
    documented = {(method.upper(), re.sub(r"\{[^}]+\}", "{}", path)) for method, path, _ in operations(service)}
    missing = []
    for rule in built[service].url_map.iter_rules():
        if NOT_IN_DOCUMENT.match(rule.rule):
            continue
        shape = re.sub(r"<[^>]+>", "{}", rule.rule)
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            if (method, shape) not in documented:
                missing.append(f"{method} {rule.rule}")
    assert not missing, f"{service} serves routes its OpenAPI document does not list: {missing}"


def test_the_expected_allow_set_follows_the_contract():
    access = {"roles": ["service"], "on_behalf_of": ["client", "nobody"]}
    assert [c for c in CALLERS if allowed(c, "order", access)] == ["service:nobody", "service:client"]
    assert [c for c in CALLERS if allowed(c, "worker-profile", {"roles": ["worker", "manager", "service"]})] == [
        "worker", "service:nobody", "service:client", "service:worker", "service:manager"]  # no manager audience
    assert [c for c in CALLERS if allowed(c, "quality", {"roles": ["manager"]})] == ["manager"]


# ---------------------------------------------------------------- the panels: access and CSRF

PANELS = ["quality", "worker-testing"]


def _admin_rules(app):
    return [rule for rule in app.url_map.iter_rules() if rule.rule.startswith("/admin")
            and not rule.rule.startswith("/admin/static")]


def _sample(rule) -> str:
    return re.sub(r"<[^>]+>", lambda _m: str(uuid.uuid4()), rule.rule)


@pytest.mark.parametrize("service", PANELS)
def test_every_panel_page_needs_a_signed_in_manager_and_a_bearer_token_opens_none(apps, service):
    settings, built = apps
    client = built[service].test_client()
    manager = {"Authorization": f"Bearer {token(settings.jwt_secret, 'manager', service)}"}
    let_in = []
    for rule in _admin_rules(built[service]):
        if rule.rule.startswith("/admin/login"):
            continue
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            for headers in ({}, manager):
                response = client.open(_sample(rule), method=method, headers=headers)
                ok = response.status_code in (302, 400, 403) and (
                    method != "GET" or "/admin/login" in response.headers.get("Location", ""))
                if not ok:
                    let_in.append(f"{method} {rule.rule} ({'bearer' if headers else 'anonymous'}) -> "
                                  f"{response.status_code}")
    assert not let_in, f"{service}'s panel opened to someone not signed in: {let_in}"


@pytest.mark.parametrize("service", PANELS)
def test_every_panel_form_post_without_its_csrf_token_is_refused(apps, service):
    _settings, built = apps
    app = built[service]
    email, password = f"csrf-{uuid.uuid4().hex[:6]}@staff.example", "a long staff password"
    app.extensions["mcf_admin"].accounts.add(email, password)
    client = app.test_client()
    assert sign_in(client, email, password).status_code == 302
    accepted = []
    posts = [rule for rule in _admin_rules(app) if "POST" in (rule.methods or set())]
    assert posts, f"{service}'s panel has no form to check"
    for rule in posts:
        for data in ({}, {"csrf_token": "forged"}):
            response = client.post(_sample(rule), data=data)
            if response.status_code != 400:
                accepted.append(f"POST {rule.rule} {data} -> {response.status_code}")
    assert not accepted, f"{service}'s panel took form posts without a valid CSRF token: {accepted}"
    # still signed in: the refusals were the CSRF check's, not a lost session
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize("service", PANELS)
def test_panel_logins_are_rate_limited_in_the_database(apps, service):
    settings, built = apps
    app = built[service]
    email, password = f"rate-{uuid.uuid4().hex[:6]}@staff.example", "a long staff password"
    app.extensions["mcf_admin"].accounts.add(email, password)
    client = app.test_client()
    for _ in range(settings.login_failure_limit):
        assert sign_in(client, email, "a wrong password!").status_code == 401
    locked = sign_in(client, email, password)  # the right password, but too late
    assert locked.status_code == 429 and int(locked.headers["Retry-After"]) >= 1
    # a second replica of the service (another app on the same database) sees the same count
    replica = importlib.import_module(f"mcf.{service.replace('-', '_')}.app").create_app(settings)
    assert sign_in(replica.test_client(), email, password).status_code == 429
    page = client.get("/admin/login/")
    assert csrf_of(page.text)
