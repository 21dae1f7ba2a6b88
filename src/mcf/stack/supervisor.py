"""``mcf up --replicas N``: N processes of every Procfile line, each restarted when it dies, as a Deployment would.

honcho (``mcf up``'s one-replica runner) stops everything when one process exits; with replicas the point is that
the others go on while one is gone, so this runner restarts a process that exits (after a short pause) and only
Ctrl-C or SIGTERM stops them all: SIGTERM to each, then SIGKILL to what is left after the grace period. Every
process gets ``MCF_PROCESS=<procfile name>.<replica>`` in its environment, and its output lines are prefixed
with that name.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field

RESTART_PAUSE_SECONDS = 1.0
GRACE_SECONDS = 15.0


@dataclass
class Replica:
    name: str
    command: str
    env: dict
    process: subprocess.Popen | None = None
    restarts: int = 0
    started_at: float = field(default=0.0)


class Supervisor:
    def __init__(self, processes: dict[str, str], replicas: int, env: dict, out=sys.stdout):
        # One gunicorn worker per web replica: N replicas already give N processes, and each holds connections.
        env = {"MCF_WEB_WORKERS": "1", **env}
        self.replicas = [Replica(f"{name}.{i}", command, dict(env, MCF_PROCESS=f"{name}.{i}"))
                         for name, command in processes.items() for i in range(1, replicas + 1)]
        self.out = out
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self.width = max(len(r.name) for r in self.replicas)

    def say(self, name: str, line: str) -> None:
        with self._lock:
            self.out.write(f"{time.strftime('%H:%M:%S')} {name:<{self.width}} | {line}\n")
            self.out.flush()

    def _start(self, replica: Replica) -> None:
        replica.process = subprocess.Popen(replica.command, shell=True, env=replica.env, stdout=subprocess.PIPE,
                                           stderr=subprocess.STDOUT, start_new_session=True)
        replica.started_at = time.monotonic()
        self.say(replica.name, f"started with pid {replica.process.pid}")
        threading.Thread(target=self._pump, args=(replica, replica.process), daemon=True).start()

    def _pump(self, replica: Replica, process: subprocess.Popen) -> None:
        for raw in process.stdout:
            self.say(replica.name, raw.decode(errors="replace").rstrip())

    def stop(self, *_args) -> None:
        self._stopping.set()

    def loop(self) -> int:
        signal.signal(signal.SIGINT, self.stop)
        signal.signal(signal.SIGTERM, self.stop)
        for replica in self.replicas:
            self._start(replica)
        while not self._stopping.wait(0.2):
            for replica in self.replicas:
                code = replica.process.poll()
                if code is None:
                    continue
                self.say(replica.name, f"exited with {code}; restarting")
                replica.restarts += 1
                if time.monotonic() - replica.started_at < RESTART_PAUSE_SECONDS:
                    time.sleep(RESTART_PAUSE_SECONDS)
                if not self._stopping.is_set():
                    self._start(replica)
        return self._shutdown()

    def _shutdown(self) -> int:
        running = [r for r in self.replicas if r.process and r.process.poll() is None]
        for replica in running:
            _signal(replica.process, signal.SIGTERM)
        deadline = time.monotonic() + GRACE_SECONDS
        for replica in running:
            try:
                replica.process.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                self.say(replica.name, "did not stop within the grace period; killed")
                _signal(replica.process, signal.SIGKILL)
        return 0


def _signal(process: subprocess.Popen, signum: int) -> None:
    try:
        os.killpg(process.pid, signum)
    except ProcessLookupError:
        pass
