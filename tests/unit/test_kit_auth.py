"""The kit's tokens: audiences, services acting for a person, and the secret a non-development process refuses."""
import jwt
import pytest

from mcf.kit.auth import (
    DEVELOPMENT_SECRET,
    InsecureSecret,
    Principal,
    ServiceCredentials,
    check_secret,
    decode_token,
    issue_token,
)
from mcf.kit.config import Settings

SECRET = "unit-test-secret-of-at-least-32-characters"


def test_a_token_opens_only_the_services_of_its_audience():
    token = issue_token(SECRET, "c1", "client", audience="client-dashboard")
    assert decode_token(SECRET, token, audience="client-dashboard") == Principal("c1", "client")
    with pytest.raises(jwt.InvalidAudienceError):
        decode_token(SECRET, token, audience="payment")
    several = issue_token(SECRET, "w1", "worker", audience=["worker-dashboard", "worker-profile"])
    assert decode_token(SECRET, several, audience="worker-profile").subject == "w1"


def test_a_token_without_an_audience_is_refused():
    bare = jwt.encode({"sub": "c1", "role": "client", "iss": "mcf", "exp": 2**40}, SECRET, algorithm="HS256")
    with pytest.raises(jwt.MissingRequiredClaimError):
        decode_token(SECRET, bare, audience="order")


def test_only_a_service_acts_for_a_person_and_the_person_is_a_verified_claim():
    headers = ServiceCredentials(Settings(jwt_secret=SECRET), caller="client-dashboard").headers(
        audience="order", on_behalf_of=Principal("c1", "client"))
    principal = decode_token(SECRET, headers["Authorization"].split()[1], audience="order")
    assert (principal.subject, principal.role) == ("client-dashboard", "service")
    assert principal.actor == Principal("c1", "client") and principal.on_behalf_of.on_behalf_of is None
    with pytest.raises(ValueError):
        issue_token(SECRET, "c1", "client", audience="order", on_behalf_of=Principal("c2", "client"))
    with pytest.raises(ValueError):
        issue_token(SECRET, "x", "service", audience="order", on_behalf_of=Principal("y", "service"))
    forged = jwt.encode({"sub": "c1", "role": "client", "iss": "mcf", "aud": ["order"], "exp": 2**40,
                         "on_behalf_of": {"sub": "c2", "role": "client"}}, SECRET, algorithm="HS256")
    with pytest.raises(jwt.InvalidTokenError):
        decode_token(SECRET, forged, audience="order")


def test_outside_development_the_development_or_a_short_secret_refuses_to_start():
    check_secret(DEVELOPMENT_SECRET, "development")
    check_secret(SECRET, "production")
    for secret in (DEVELOPMENT_SECRET, "short"):
        with pytest.raises(InsecureSecret):
            check_secret(secret, "production")
    assert Settings().jwt_secret == DEVELOPMENT_SECRET and Settings().environment == "development"


def test_the_app_factory_refuses_the_development_secret_in_production():
    from mcf.kit.http import create_app

    with pytest.raises(InsecureSecret):
        create_app("order", Settings(environment="production"))
    assert create_app("order", Settings(environment="production", jwt_secret=SECRET)).name == "mcf.order"


def test_mcf_token_defaults_to_the_roles_entry_points_and_takes_an_audience(capsys, monkeypatch):
    from mcf.cli import main

    monkeypatch.delenv("MCF_JWT_SECRET", raising=False)
    main(["token", "--role", "client", "--sub", "c1"])
    token = capsys.readouterr().out.strip()
    assert decode_token(DEVELOPMENT_SECRET, token, audience="client-dashboard").subject == "c1"
    main(["token", "--role", "service", "--audience", "order", "--audience", "payment"])
    token = capsys.readouterr().out.strip()
    assert decode_token(DEVELOPMENT_SECRET, token, audience="payment").role == "service"
    with pytest.raises(SystemExit):
        main(["token", "--role", "service"])
