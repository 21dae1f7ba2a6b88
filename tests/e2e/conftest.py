"""The whole system as processes: `mcf up` (its Procfile through honcho) on its own vhost, databases and ports.

Every process reaches RabbitMQ through a TCP proxy the tests can cut, which from the services' side is the
broker going down (refused connections, dropped channels) without stopping the broker other tests share.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import uuid
from collections import deque
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from mcf.stack import servers as local
from mcf.stack.demo import wait_ready
from tests.support.proxy import TcpProxy
from tests.support.system import drop_stores

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
E2E_VHOST = os.environ.get("MCF_E2E_VHOST", "mcf_e2e")
E2E_PORT_BASE = int(os.environ.get("MCF_E2E_PORT_BASE", "18100"))


@pytest.fixture(scope="session", autouse=True)
def _servers(servers):
    local.ensure_amqp_vhost(E2E_VHOST)


class Stack:
    def __init__(self, settings, proxy: TcpProxy, process: subprocess.Popen, output: deque):
        self.settings, self.proxy, self.process, self.output = settings, proxy, process, output

    def url(self, service: str) -> str:
        return self.settings.service_url(service)

    def log_tail(self, lines: int = 80) -> str:
        return "\n".join(list(self.output)[-lines:])


# The running stack's shutdown, called once: after the last e2e test (see below), or at the session's end.
_SHUTDOWN: list = []


def pytest_runtest_teardown(item, nextitem):
    """The stack is shared by every e2e module, but not kept running (~25 processes, ~90 PostgreSQL connections)
    while the rest of the suite runs: it stops as soon as the next test is not an e2e one."""
    if _SHUTDOWN and (nextitem is None or HERE not in Path(str(nextitem.path)).parents):
        _SHUTDOWN.pop()()


@pytest.fixture(scope="session")
def stack(settings):
    """One running system for every e2e module (starting it costs ~55 s), stopped after the last e2e test; each
    test makes its own clients and orders, on a day of its own, so tests do not meet."""
    yield from run_stack(settings)


def run_stack(settings, *extra_args: str, port_base: int = E2E_PORT_BASE, ready_timeout: float = 180):
    """`mcf up --no-servers [extra_args]` on databases of its own, until the generator is closed (the shared e2e
    stack: or until the last e2e test)."""
    broker = urlsplit(settings.amqp_url)
    proxy = TcpProxy(broker.hostname, broker.port or 5672).start()
    prefix = f"mcf_e2e_{uuid.uuid4().hex[:6]}_"
    e2e = settings.with_(db_prefix=prefix, port_base=port_base,
                         amqp_url=f"amqp://guest:guest@127.0.0.1:{proxy.port}/{E2E_VHOST}")
    env = dict(os.environ, MCF_DB_PREFIX=prefix, MCF_PORT_BASE=str(port_base), MCF_AMQP_URL=e2e.amqp_url,
               MCF_VAR_DIR=str(settings.var_dir), MCF_OUTBOX_POLL_SECONDS="0.5",
               MCF_CONSUMER_RETRY_BASE_MS="200", MCF_QUALITY_FEED_SECONDS="0.5",
               MCF_QUALITY_DELIVERY_SECONDS="0.5", PYTHONUNBUFFERED="1")
    process = subprocess.Popen([str(Path(sys.executable).with_name("mcf")), "up", "--no-servers", *extra_args],
                               env=env,
                               cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    output: deque = deque(maxlen=500_000)  # the whole run: the personal-data drill greps all of it
    threading.Thread(target=lambda: [output.append(line.decode(errors="replace").rstrip())
                                     for line in process.stdout], daemon=True).start()
    stack = Stack(e2e, proxy, process, output)
    try:
        wait_ready(e2e, timeout=ready_timeout, exited=lambda: process.poll() is not None)
    except TimeoutError:
        _stop(process)
        pytest.fail(f"the stack did not come up:\n{stack.log_tail()}")
    _SHUTDOWN.append(lambda: _shut_down(process, proxy, e2e, prefix))
    yield stack
    if _SHUTDOWN:
        _SHUTDOWN.pop()()


def _shut_down(process: subprocess.Popen, proxy: TcpProxy, e2e, prefix: str) -> None:
    _stop(process)
    proxy.cut()
    drop_stores(e2e, ("notification", "order-history"))


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
