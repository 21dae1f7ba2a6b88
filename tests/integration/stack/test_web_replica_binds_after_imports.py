"""A web replica sharing its port (`mcf up --replicas N`, gunicorn --reuse-port) binds only once its app's modules
are imported (``mcf.kit.gunicorn_conf.on_starting``, ADR 0183): the kernel hands connections to any replica that
listens, so one that listened while its worker still imported held requests past callers' timeouts.

An app module that takes 3 s to import stands for a real one on a loaded machine; the port must stay free while
it imports under MCF_WEB_IMPORT_BEFORE_BIND, and is taken at once without it (what gunicorn alone does)."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from mcf.stack import ports

SLOW_APP = """
import time
time.sleep(3)  # the imports of a real service on a loaded machine


def app(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"ready"]
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.parametrize("import_before_bind", [True, False])
def test_the_port_is_bound_only_after_the_imports(tmp_path, import_before_bind):
    (tmp_path / "slow_app.py").write_text(SLOW_APP)
    port = _free_port()
    env = dict(os.environ, PYTHONPATH=str(tmp_path))
    env.pop("MCF_WEB_IMPORT_BEFORE_BIND", None)
    if import_before_bind:
        env["MCF_WEB_IMPORT_BEFORE_BIND"] = "1"
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    process = subprocess.Popen([gunicorn, "--bind", f"127.0.0.1:{port}", "--reuse-port", "--workers", "1",
                                "--config", "python:mcf.kit.gunicorn_conf", "slow_app:app"], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        started = time.monotonic()
        while ports.free("127.0.0.1", port) and time.monotonic() - started < 30:
            time.sleep(0.05)
        bound_after = time.monotonic() - started
        answer = requests.get(f"http://127.0.0.1:{port}/", timeout=30)
        assert answer.status_code == 200 and answer.text == "ready"
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(30)
    if import_before_bind:
        assert bound_after >= 2.9, f"bound {bound_after:.2f} s after start, before the 3 s import ended"
    else:
        assert bound_after < 2.5, f"gunicorn alone binds at once (here after {bound_after:.2f} s)"


def test_the_supervisor_asks_it_of_replicas_only():
    from mcf.stack.supervisor import Supervisor

    two = Supervisor({"order-web": "true"}, 2, {}, out=open(os.devnull, "w"))
    one = Supervisor({"order-web": "true"}, 1, {}, out=open(os.devnull, "w"))
    assert {r.env.get("MCF_WEB_IMPORT_BEFORE_BIND") for r in two.replicas} == {"1"}
    assert {r.env.get("MCF_WEB_IMPORT_BEFORE_BIND") for r in one.replicas} == {None}
