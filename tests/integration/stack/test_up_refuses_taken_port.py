"""`mcf up` checks every port of its block before it starts anything, and names the port and its holder (ADR 0180).

One CI run failed because another process held one port of the e2e block: gunicorn's ``--reuse-port`` shared it
with the foreign server and `mcf status` read that server's 404 as "not ready". Here a socket of this test's own
holds one port of a free block; `mcf up` must exit at once with that port in its message.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mcf.kit.metrics import metrics_port, prometheus_port
from mcf.stack import ports

ROOT = Path(__file__).resolve().parents[3]


def _free_block(settings, replicas: int) -> int:
    for base in range(45_000, 60_000, 300):  # replicas > 2 reach into the next blocks: keep three apart
        candidate = settings.with_(port_base=base)
        if not ports.taken_ports(candidate, ports.block_ports(candidate, replicas)):
            return base
    pytest.fail("no free port block between 45000 and 60000")


def _hold(port: int, *, listen: bool, reuse_port: bool = False) -> socket.socket:
    sock = socket.socket()
    if reuse_port:  # what a foreign gunicorn --reuse-port does: our own --reuse-port bind would share its port
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind(("127.0.0.1", port))
    if listen:
        sock.listen(8)
    return sock


def _mcf_up(settings, base: int, *args: str) -> tuple[int, str, float]:
    env = dict(os.environ, MCF_PORT_BASE=str(base), MCF_VAR_DIR=str(settings.var_dir))
    for key in [k for k in env if k.startswith("MCF_") and (k.endswith("_PORT") or k.endswith("_URL"))
                and k not in ("MCF_PG_PORT", "MCF_CLICKHOUSE_PORT", "MCF_SMTP_PORT", "MCF_AMQP_URL",
                              "MCF_MONGO_URL")]:
        del env[key]  # another stack's service ports and URLs
    started = time.monotonic()
    process = subprocess.Popen([str(Path(sys.executable).with_name("mcf")), "up", "--no-servers", *args], env=env,
                               cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True, start_new_session=True)
    try:
        output, _ = process.communicate(timeout=60)
    except subprocess.TimeoutExpired:  # it started the stack: the check failed; stop what it started
        os.killpg(process.pid, signal.SIGINT)
        output, _ = process.communicate(timeout=40)
        pytest.fail(f"`mcf up` did not refuse the taken port; it ran:\n{output[-3000:]}")
    return process.returncode, output, time.monotonic() - started


@pytest.mark.parametrize("process", ["web", "workers", "prometheus"])
def test_up_refuses_a_port_held_by_a_listening_process_and_names_it(settings, process):
    base = _free_block(settings, 1)
    block = settings.with_(port_base=base)
    port = {"web": block.port("order"), "workers": metrics_port(block, "order", "workers"),
            "prometheus": prometheus_port(block)}[process]
    if process == "prometheus" and port not in ports.block_ports(block, prometheus=True):
        pytest.fail("Prometheus's port is not in the block")
    with _hold(port, listen=True, reuse_port=process == "web"):
        rc, output, seconds = _mcf_up(settings, base)
    assert rc == 1, output
    assert f"port {port} " in output and "nothing started" in output, output
    assert f"pid {os.getpid()} " in output, output  # this test's own process holds it
    assert "checking the servers" not in output and "fixtures in place" not in output, output
    assert seconds < 30, output
    assert not (settings.var_dir / "up" / f"{base}.json").exists()


def test_up_refuses_a_port_only_bound_not_listening(settings):
    """Nothing answers on it (a connect is refused, what the old check tried), yet no server of ours can bind it."""
    base = _free_block(settings, 1)
    port = metrics_port(settings.with_(port_base=base), "notification", "jobs")
    with _hold(port, listen=False):
        rc, output, _ = _mcf_up(settings, base)
    assert rc == 1 and f"port {port} (notification jobs)" in output, output


def test_up_with_replicas_checks_every_replicas_port(settings):
    base = _free_block(settings, 3)
    port = metrics_port(settings.with_(port_base=base), "inventory", "jobs", replica=3)  # in the next block
    with _hold(port, listen=True):
        rc, output, _ = _mcf_up(settings, base, "--replicas", "3")
    assert rc == 1 and f"port {port} (inventory jobs.3)" in output, output


def test_holder_reads_proc_and_says_nothing_of_a_free_port():
    with _hold(0, listen=True) as sock:
        port = sock.getsockname()[1]
        assert ports.holder(port) == f"pid {os.getpid()} ({' '.join(_cmdline())[:120]})"
        assert not ports.free("127.0.0.1", port)
    assert ports.holder(port) is None and ports.free("127.0.0.1", port)


def _cmdline() -> list[str]:
    return [w.decode() for w in Path("/proc/self/cmdline").read_bytes().split(b"\0") if w]
