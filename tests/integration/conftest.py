"""Fixtures on the real stores: ClickHouse, the MongoDB stand-in and an SMTP sink."""
from __future__ import annotations

import socket
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest


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
