"""Fixtures for inventory-service and the reference partner: a RabbitMQ vhost and databases of the module's own,
and the service's processes (consumers, relay, dramatiq worker, partner) run as threads on them."""
from __future__ import annotations

import subprocess
import threading
import uuid
from urllib.parse import urlsplit

import dramatiq
import pytest

from mcf.kit.messaging import declare_topology
from mcf.stack import servers as local
from mcf.topology import TOPOLOGY


def _vhost_url(url: str, vhost: str, user: str, password: str) -> str:
    parts = urlsplit(url)
    return f"amqp://{user}:{password}@{parts.hostname}:{parts.port or 5672}/{vhost}"


@pytest.fixture(scope="module")
def amqp_settings(isolated_settings):
    """Settings on a fresh vhost (topology declared, the partner user limited to its queue and exchange)."""
    vhost = f"mcf_test_inv_{uuid.uuid4().hex[:8]}"
    local.ensure_amqp_vhost(vhost)
    user, password = local.partner_credentials(isolated_settings)
    own = isolated_settings.with_(amqp_url=_vhost_url(isolated_settings.amqp_url, vhost, "guest", "guest"),
                                  partner_amqp_url=_vhost_url(isolated_settings.amqp_url, vhost, user, password))
    local.ensure_partner_user(own, vhost)
    declare_topology(own.amqp_url, TOPOLOGY)
    yield own
    subprocess.run(["rabbitmqctl", "delete_vhost", vhost], capture_output=True, timeout=30, check=False)


@pytest.fixture(scope="module")
def database(amqp_settings):
    from mcf.inventory import app

    database = app.database(amqp_settings)
    yield database
    database.close_all()


class Running:
    """inventory's workers, a dramatiq worker running its actors, and (optionally) the partner, as threads."""

    def __init__(self):
        self.workers, self.threads, self.dramatiq = [], [], None

    def start(self, settings, *, fortune_timeout: float = 30.0, partner=None, sweep=False):
        from mcf.fur_tune.partner import FortunePartner, PartnerOptions
        from mcf.inventory import actors, app

        broker = actors.start(settings, fortune_timeout=fortune_timeout, min_backoff_ms=50, max_backoff_ms=500)
        self.dramatiq = dramatiq.Worker(broker, worker_threads=8, worker_timeout=100)
        self.dramatiq.start()
        workers = app.workers(settings, sweep_interval_seconds=0.5)
        if not sweep:
            workers = [w for w in workers if w.name != "inventory.sweeper"]
        if partner is not None:
            workers.append(FortunePartner(settings.partner_amqp_url, PartnerOptions(**partner)))
        for worker in workers:
            thread = threading.Thread(target=worker.run, name=worker.name, daemon=True)
            thread.start()
            self.workers.append(worker)
            self.threads.append(thread)
        for worker in self.workers:
            if hasattr(worker, "ready"):
                assert worker.ready.wait(10), f"{worker.name} did not start"
        return self

    def stop(self):
        for worker in self.workers:
            worker.stop()
        for thread in self.threads:
            thread.join(10)
        if self.dramatiq is not None:
            self.dramatiq.stop(timeout=5000)
            self.dramatiq.broker.close()


@pytest.fixture
def running():
    run = Running()
    yield run
    run.stop()
