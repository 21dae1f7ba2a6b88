"""``mcf up``'s process runner: N processes of every Procfile line, until Ctrl-C, and never one left behind.

Every process runs in a session of its own (so a Ctrl-C in the terminal reaches this runner only, which stops them
in order) and gets ``MCF_PROCESS=<procfile name>.<replica>``; its output lines are prefixed with that name.

- ``restart=True`` (``mcf up --replicas N``): a process that exits is restarted after a short pause, as a
  Deployment would; only a stop request stops them all.
- ``restart=False`` (``mcf up``): as honcho did, one process exiting stops them all.

A stop request is SIGINT, SIGTERM or SIGHUP, or this runner's output going away (``mcf up | tee up.log`` whose
tee was closed or killed by the same Ctrl-C: a write fails with EPIPE). Stopping is SIGTERM to each process group,
then SIGKILL to what is left after the grace period, and it happens in a ``finally``: whatever fails in the loop,
no child outlives the runner. Once the output is gone, lines are read and dropped, so no child blocks on a full
pipe while it shuts down.
"""
from __future__ import annotations

import errno
import io
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field

RESTART_PAUSE_SECONDS = 1.0
GRACE_SECONDS = 15.0
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


class SafeOutput(io.TextIOBase):
    """A text stream that survives its reader going away: the first failed write (EPIPE, a closed file) calls
    ``on_lost`` once, and every later write is dropped. Wraps ``sys.stdout`` while `mcf up` runs."""

    def __init__(self, inner, on_lost=None):
        super().__init__()
        self.inner, self.on_lost = inner, on_lost
        self.lost = False
        self._lock = threading.RLock()

    def write(self, text: str) -> int:
        with self._lock:
            if not self.lost:
                try:
                    self.inner.write(text)
                    self.inner.flush()
                except (BrokenPipeError, ValueError, OSError) as exc:
                    if isinstance(exc, OSError) and not isinstance(exc, BrokenPipeError) and exc.errno not in (
                            errno.EPIPE, errno.EIO, errno.EBADF):
                        raise
                    self._lose()
        return len(text)

    def _lose(self) -> None:
        self.lost = True
        try:  # a later flush at exit (of the real stdout) must not fail again: point it at /dev/null
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, self.inner.fileno())
            os.close(devnull)
        except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
            pass
        if self.on_lost is not None:
            self.on_lost()

    def flush(self) -> None:
        with self._lock:
            if not self.lost:
                try:
                    self.inner.flush()
                except (BrokenPipeError, ValueError, OSError):
                    self._lose()

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        try:
            return not self.lost and self.inner.isatty()
        except (ValueError, AttributeError):
            return False


@dataclass
class Replica:
    name: str
    command: str
    env: dict
    process: subprocess.Popen | None = None
    restarts: int = 0
    started_at: float = field(default=0.0)


class Supervisor:
    """``processes`` run ``replicas`` times each; ``once`` (e.g. Prometheus, which scrapes them all) once."""

    def __init__(self, processes: dict[str, str], replicas: int, env: dict, out=None, *, restart: bool = True,
                 grace_seconds: float = GRACE_SECONDS, once: dict[str, str] | None = None):
        if replicas > 1:  # N replicas already give N processes, and each gunicorn worker holds connections
            # web replicas share a port: each joins it only with its imports done (mcf.kit.gunicorn_conf, ADR 0183)
            env = {"MCF_WEB_WORKERS": "1", "MCF_WEB_IMPORT_BEFORE_BIND": "1", **env}
        self.replicas = [Replica(f"{name}.{i}", command, dict(env, MCF_PROCESS=f"{name}.{i}"))
                         for name, command in processes.items() for i in range(1, replicas + 1)]
        self.replicas += [Replica(f"{name}.1", command, dict(env, MCF_PROCESS=f"{name}.1"))
                          for name, command in (once or {}).items()]
        self.restart, self.grace_seconds = restart, grace_seconds
        self._stopping = threading.Event()
        self.reason: str | None = None
        self.out = out if isinstance(out, SafeOutput) else SafeOutput(out or sys.stdout, self._output_lost)
        if self.out.on_lost is None:
            self.out.on_lost = self._output_lost
        if self.out.lost:  # the output went away before this runner existed
            self._output_lost()
        self._lock = threading.Lock()
        self.width = max(len(r.name) for r in self.replicas)
        self.returncode = 0

    def say(self, name: str, line: str) -> None:
        with self._lock:
            self.out.write(f"{time.strftime('%H:%M:%S')} {name:<{self.width}} | {line}\n")

    def _output_lost(self) -> None:
        self.stop(reason="the output pipe was closed")

    def _start(self, replica: Replica) -> None:
        replica.process = subprocess.Popen(replica.command, shell=True, env=replica.env, stdin=subprocess.DEVNULL,
                                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
        replica.started_at = time.monotonic()
        self.say(replica.name, f"started with pid {replica.process.pid}")
        threading.Thread(target=self._pump, args=(replica, replica.process), daemon=True).start()

    def _pump(self, replica: Replica, process: subprocess.Popen) -> None:
        for raw in process.stdout:  # read to the end even when nobody sees it, so no child blocks on the pipe
            self.say(replica.name, raw.decode(errors="replace").rstrip())

    def stop(self, signum=None, _frame=None, *, reason: str | None = None) -> None:
        if self.reason is None:
            self.reason = reason or (f"{signal.Signals(signum).name} received" if signum else "stop requested")
        self._stopping.set()

    def loop(self) -> int:
        previous = {}
        if threading.current_thread() is threading.main_thread():
            previous = {signum: signal.signal(signum, self.stop) for signum in STOP_SIGNALS}
        try:
            for replica in self.replicas:
                if self._stopping.is_set():
                    break
                self._start(replica)
            while not self._stopping.wait(0.2):
                self._watch()
        finally:
            try:
                self.say("mcf", f"{self.reason or 'stopping'}; stopping every process")
                self._shutdown()
            finally:
                for signum, handler in previous.items():
                    signal.signal(signum, handler)
        return self.returncode

    def _watch(self) -> None:
        for replica in self.replicas:
            code = replica.process.poll()
            if code is None:
                continue
            if not self.restart:
                self.say(replica.name, f"exited with {code}")
                self.returncode = code or 1
                self.stop(reason=f"{replica.name} exited")
                return
            self.say(replica.name, f"exited with {code}; restarting")
            replica.restarts += 1
            if time.monotonic() - replica.started_at < RESTART_PAUSE_SECONDS:
                time.sleep(RESTART_PAUSE_SECONDS)
            if not self._stopping.is_set():
                self._start(replica)

    def _shutdown(self) -> None:
        running = [r for r in self.replicas if r.process and r.process.poll() is None]
        for replica in running:
            _signal(replica.process, signal.SIGTERM)
        deadline = time.monotonic() + self.grace_seconds
        for replica in running:
            try:
                replica.process.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                self.say(replica.name, "did not stop within the grace period; killed")
        for replica in self.replicas:  # the whole group: a process's own children go with it, stopped or not
            process = replica.process
            if process is not None and (process.poll() is None or _group_alive(process.pid)):
                _signal(process, signal.SIGKILL)
                try:
                    process.wait(5)
                except subprocess.TimeoutExpired:
                    pass


def _group_alive(pgid: int) -> bool:
    """Whether a process of group ``pgid`` still runs (its leader, our child, may have exited already; while the
    group has members its id cannot be reused, so signalling it reaches only what our child started)."""
    try:
        entries = [e for e in os.listdir("/proc") if e.isdigit()]
    except OSError:
        return False
    for entry in entries:
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                fields = fh.read().rsplit(b")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if len(fields) > 2 and fields[2] == str(pgid).encode() and fields[0] != b"Z":
            return True
    return False


def _signal(process: subprocess.Popen, signum: int) -> None:
    try:
        os.killpg(process.pid, signum)
    except (ProcessLookupError, PermissionError):
        pass
