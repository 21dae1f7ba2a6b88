"""`mcf up`'s runner stops every process it started when it is told to, even when its output pipe is gone: the
case of `mcf up --demo | tee up.log` and Ctrl-C, which once left the services running and the command hung.

The runner (``mcf.stack.supervisor.Supervisor``, what `mcf up` runs) drives a few small processes: one that ticks,
one that ignores SIGTERM (killed after the grace period), one whose own child lingers in its group. Each writes
its pid (and its child's) to a folder, so the test can check that none survives.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from mcf.kit.runtime import pid_alive

CHILDREN = {
    "ticker": "import os, time\nopen(os.path.join(D, str(os.getpid())), 'w')\n"
              "while True:\n    print('tick', flush=True); time.sleep(0.1)\n",
    "stubborn": "import os, signal, time\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
                "open(os.path.join(D, str(os.getpid())), 'w')\nwhile True:\n    time.sleep(0.2)\n",
    "parent": "import os, subprocess, time\nchild = subprocess.Popen(['sleep', '300'])\n"
              "open(os.path.join(D, str(os.getpid())), 'w'); open(os.path.join(D, str(child.pid)), 'w')\n"
              "while True:\n    time.sleep(0.2)\n",
}


def _runner(tmp: Path) -> str:
    procs = {}
    for name, body in CHILDREN.items():
        script = tmp / f"{name}.py"
        script.write_text(f"D = {str(tmp / 'pids')!r}\n" + body)
        procs[name] = f"{sys.executable} {script}"
    runner = tmp / "runner.py"
    runner.write_text(textwrap.dedent(f"""
        import os, sys
        from mcf.stack.supervisor import Supervisor
        sys.exit(Supervisor({procs!r}, 1, dict(os.environ), restart=False, grace_seconds=2).loop())
    """))
    return f"{sys.executable} {runner}"


def _pids(tmp: Path, count: int, timeout: float = 60) -> list[int]:
    deadline = time.monotonic() + timeout
    while len(found := os.listdir(tmp / "pids")) < count:
        assert time.monotonic() < deadline, f"the children did not start: {found}"
        time.sleep(0.1)
    return [int(p) for p in found]


@pytest.fixture
def pipeline(tmp_path):
    """`runner | tee up.log` in a session of its own, as a shell runs it in a terminal."""
    (tmp_path / "pids").mkdir()
    shell = subprocess.Popen(["/bin/sh", "-c", f"{_runner(tmp_path)} | tee {tmp_path / 'up.log'} >/dev/null; "
                              f"echo $? > {tmp_path / 'rc'}"], start_new_session=True, stdin=subprocess.DEVNULL)
    pids = _pids(tmp_path, 4)  # ticker, stubborn, parent and its sleep
    yield shell, pids, tmp_path
    try:
        os.killpg(shell.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    for pid in pids:  # a leftover from a failed run is ours: these pids were written by our children
        if pid_alive(pid):
            os.kill(pid, signal.SIGKILL)


def _runner_pid(shell: subprocess.Popen) -> int:
    for entry in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as fh:
                argv = fh.read().split(b"\0")
            if len(argv) > 1 and argv[1].endswith(b"runner.py") and os.getpgid(int(entry)) == shell.pid:
                return int(entry)
        except OSError:
            continue
    raise AssertionError("the runner is not running")


def _none_survive(pids: list[int], shell: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while any(pid_alive(p) for p in pids) or shell.poll() is None:
        assert time.monotonic() < deadline, (
            f"left running: {[p for p in pids if pid_alive(p)]}; "
            f"the pipeline {'hangs' if shell.poll() is None else 'ended'}")
        time.sleep(0.2)


def test_ctrl_c_to_the_whole_pipeline_stops_every_child(pipeline):
    shell, pids, tmp = pipeline
    os.killpg(shell.pid, signal.SIGINT)  # what the terminal sends: to tee and the runner alike
    _none_survive(pids, shell)


def test_the_tee_going_away_alone_stops_every_child(pipeline):
    shell, pids, tmp = pipeline
    runner = _runner_pid(shell)
    for entry in filter(str.isdigit, os.listdir("/proc")):  # only the tee of this pipeline
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as fh:
                if fh.read().startswith(b"tee\0") and os.getpgid(int(entry)) == shell.pid:
                    os.kill(int(entry), signal.SIGKILL)
        except OSError:
            continue
    _none_survive(pids + [runner], shell)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_sigterm_or_sighup_to_the_runner_stops_every_child(pipeline, signum):
    shell, pids, tmp = pipeline
    runner = _runner_pid(shell)
    os.kill(runner, signum)
    _none_survive(pids + [runner], shell)
    assert "stopping every process" in (tmp / "up.log").read_text()
