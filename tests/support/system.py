"""MCF's web services as they run, in one test process: each real app (``<package>.app.create_app``) served by
werkzeug in a thread, on real PostgreSQL, RabbitMQ, ClickHouse and the Mongo stand-in, calling each other over HTTP.

The ports are a block nobody listens on (``Settings.port_base`` shifted), so the apps find each other through
``Settings.service_url`` exactly as in production; services not started (worker-profile) are refused connections.
"""
from __future__ import annotations

import importlib
import random
import socket
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass

from mcf.kit import clickhouse, db, mongo
from mcf.kit.config import SERVICE_PORT_OFFSETS, Settings
from tests.support.stub_services import serve


def _free(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_port_base(low: int = 22_000, high: int = 30_000, attempts: int = 200) -> int:
    """A base whose every service port (base + offset) is free now: below the ephemeral range (32768-), which
    outgoing connections take ports from, and apart from the helpers' fixed blocks (20200-21999, 30200-)."""
    offsets = [offset for name, offset in SERVICE_PORT_OFFSETS.items() if name != "baseline"]
    for _ in range(attempts):
        base = random.randrange(low, high, 100)
        if all(_free(base + offset) for offset in offsets):
            return base
    raise RuntimeError("no free block of service ports")


@dataclass
class System:
    settings: Settings

    def url(self, service: str) -> str:
        return self.settings.service_url(service)


@contextmanager
def running(settings: Settings, services: list[str]):
    """Serve ``services`` (their real apps) on a free block of ports; drop their stores afterwards."""
    settings = settings.with_(port_base=free_port_base())
    with ExitStack() as stack:
        for service in services:
            app = importlib.import_module(f"mcf.{service.replace('-', '_')}.app").create_app(settings)
            stack.enter_context(serve(app, port=settings.port(service)))
        yield System(settings)
    drop_stores(settings, ("order", "notification", "order-history", "worker-testing"))


def drop_stores(settings: Settings, clickhouse_services) -> None:
    """A test stack's PostgreSQL databases (by its prefix), its services' ClickHouse databases, its Mongo one."""
    db.drop_databases_with_prefix(settings, settings.db_prefix)
    for service in clickhouse_services:
        try:
            client = clickhouse.connect(settings, service)
            clickhouse.drop_database(client, settings.database_name(service))
            client.disconnect()
        except Exception:  # noqa: BLE001 - leftover test data in ClickHouse is harmless
            pass
    try:
        documents = mongo.connect(settings, "order-report")
        documents.client.drop_database(documents.name)
        mongo.close(documents)
    except Exception:  # noqa: BLE001 - leftover test documents in the stand-in are harmless
        pass
