"""Fixtures on the real stores: ClickHouse, the MongoDB stand-in and an SMTP sink; and every problem answer of a
service's app checked against its contract (tests/support/problems.py)."""
from __future__ import annotations

import socket
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def problems_follow_the_contract(monkeypatch):
    """Every ``application/problem+json`` answer a test gets through Flask's test client validates against the
    response its service's committed OpenAPI document gives that operation and status (issue 17: the problem
    extension members a service sends are the ones its contract declares); checked when the test ends."""
    from flask.testing import FlaskClient

    from tests.support.problems import PROBLEM_JSON, check

    wrong: list[str] = []
    original = FlaskClient.open

    def open_and_check(self, *args, **kwargs):
        response = original(self, *args, **kwargs)
        service = self.application.config.get("MCF_SERVICE")
        if service and response.mimetype == PROBLEM_JSON:
            environ = response.request.environ
            wrong.extend(f"{service}: {problem}" for problem in check(
                service, environ["REQUEST_METHOD"], environ["PATH_INFO"], response.status_code, response.data))
        return response

    monkeypatch.setattr(FlaskClient, "open", open_and_check)
    yield
    assert not wrong, "problem answers the contract does not describe:\n" + "\n".join(wrong)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def clickhouse_client(servers):
    """A client on a database of its own (``<prefix>it_<random>``), dropped afterwards."""
    from mcf.kit import clickhouse

    client = clickhouse.connect(servers, f"it_{uuid.uuid4().hex[:10]}")
    yield client
    clickhouse.drop_database(client, client.connection.database)
    client.disconnect()


@pytest.fixture
def mongo_db(servers):
    """A database of its own (``<prefix>it_<random>``), dropped afterwards."""
    from mcf.kit import mongo

    db = mongo.connect(servers, f"it_{uuid.uuid4().hex[:10]}")
    yield db
    db.client.drop_database(db.name)
    mongo.close(db)


@dataclass(frozen=True)
class MailSinkAddress:
    host: str
    port: int
    folder: Path


@pytest.fixture
def mail_sink(tmp_path):
    """An in-process SMTP sink on a free port, writing to a folder of this test's own."""
    from aiosmtpd.controller import Controller

    from mcf.kit.smtp_sink import MailSink

    folder = tmp_path / "mail"
    controller = Controller(MailSink(folder), hostname="127.0.0.1", port=_free_port(), ready_timeout=10.0)
    controller.start()
    try:
        yield MailSinkAddress("127.0.0.1", controller.port, folder)
    finally:
        controller.stop()


@pytest.fixture(scope="session", autouse=True)
def _servers(servers):
    """Every integration test talks to real servers: start the missing ones once per run."""
    return servers
