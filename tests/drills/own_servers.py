"""Servers a drill owns: a PostgreSQL cluster and a RabbitMQ node of its own, in a temporary directory, on ports of
its own, started as this process's children (each in a session of its own), so a SIGKILL or a restart hits only
them and never the servers the machine (or other test runs) share. A drill must never kill a server it did not
start: every kill here is by the pid this module started, or its process group.

PostgreSQL runs as the ``postgres`` user when this process is root (initdb refuses root); RabbitMQ runs as the
``rabbitmq`` user so its Erlang cookie (``/var/lib/rabbitmq/.erlang.cookie``) is the one rabbitmqctl reads too.
"""
from __future__ import annotations

import os
import pwd
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

from mcf.stack.servers import port_open, wait_for_port

PG_BIN = Path(os.environ.get("MCF_DRILL_PG_BIN", "/usr/lib/postgresql/15/bin"))
RABBIT_BIN = Path(os.environ.get("MCF_DRILL_RABBIT_BIN", "/usr/lib/rabbitmq/bin"))


def _user(name: str) -> dict:
    """Popen arguments to run as ``name`` when we are root (and nothing otherwise)."""
    if os.geteuid() != 0:
        return {}
    entry = pwd.getpwnam(name)
    return {"user": entry.pw_uid, "group": entry.pw_gid, "extra_groups": []}


def _chown(path: Path, name: str) -> None:
    if os.geteuid() == 0:
        entry = pwd.getpwnam(name)
        os.chown(path, entry.pw_uid, entry.pw_gid)


def _free(port: int) -> None:
    if port_open("127.0.0.1", port):
        raise RuntimeError(f"port {port} is taken: a drill server needs a free port of its own")


class OwnPostgres:
    """A throwaway PostgreSQL cluster: ``start``, ``kill`` (SIGKILL to its postmaster group), ``restart``."""

    def __init__(self, port: int, *, max_connections: int = 400):
        self.port = port
        self.max_connections = max_connections
        self.root = Path(tempfile.mkdtemp(prefix=f"mcf-drill-pg-{port}-"))
        _chown(self.root, "postgres")
        self.data = self.root / "data"
        self.log = self.root / "postgres.log"
        self.process: subprocess.Popen | None = None

    def init(self) -> "OwnPostgres":
        _free(self.port)
        subprocess.run([str(PG_BIN / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust",
                        "-E", "UTF8", "--no-sync"], check=True, capture_output=True, **_user("postgres"))
        return self

    def start(self, timeout: float = 120.0) -> None:
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                [str(PG_BIN / "postgres"), "-D", str(self.data), "-p", str(self.port), "-k", str(self.root),
                 "-c", "listen_addresses=127.0.0.1", "-c", f"max_connections={self.max_connections}",
                 "-c", "shared_buffers=64MB", "-c", "fsync=on", "-c", "synchronous_commit=on"],
                stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                **_user("postgres"))
        wait_for_port("127.0.0.1", self.port, timeout, name="the drill's PostgreSQL", log_file=self.log,
                      process=self.process)
        deadline = time.monotonic() + timeout
        while subprocess.run([str(PG_BIN / "pg_isready"), "-h", "127.0.0.1", "-p", str(self.port), "-q"]
                             ).returncode != 0:
            if time.monotonic() > deadline:
                raise RuntimeError(f"the drill's PostgreSQL never accepted queries; see {self.log}")
            time.sleep(0.3)

    def kill(self) -> None:
        """SIGKILL the postmaster and its backends (its own process group): a crash, recovered at the next start."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(30)

    def restart(self) -> None:
        self.kill()
        self.start()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)  # smart shutdown would wait for clients; SIGINT is fast
            os.killpg(self.process.pid, signal.SIGINT)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.kill()

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)


class OwnRabbit:
    """A throwaway RabbitMQ node ``drill-<k>@localhost`` on its own AMQP and distribution ports, no plugins."""

    def __init__(self, port: int, dist_port: int, node: str):
        self.port, self.dist_port, self.node = port, dist_port, node
        self.root = Path(tempfile.mkdtemp(prefix=f"mcf-drill-rabbit-{port}-"))
        for sub in ("mnesia", "log"):
            (self.root / sub).mkdir()
            _chown(self.root / sub, "rabbitmq")
        (self.root / "rabbitmq.conf").write_text(
            f"listeners.tcp.local = 127.0.0.1:{port}\n"
            "loopback_users.guest = true\n"
            "vm_memory_high_watermark.relative = 0.6\n"
            "disk_free_limit.absolute = 50MB\n")
        (self.root / "enabled_plugins").write_text("[].\n")
        (self.root / "rabbitmq-env.conf").write_text("")
        for name in ("rabbitmq.conf", "enabled_plugins", "rabbitmq-env.conf"):
            _chown(self.root / name, "rabbitmq")
        _chown(self.root, "rabbitmq")
        self.log = self.root / "log" / "server.out"
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"amqp://guest:guest@127.0.0.1:{self.port}/%2F"

    def env(self) -> dict:
        home = pwd.getpwnam("rabbitmq").pw_dir if os.geteuid() == 0 else os.environ.get("HOME", "/tmp")
        return {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": home, "LANG": "C.UTF-8",
            "RABBITMQ_NODENAME": self.node, "RABBITMQ_NODE_PORT": str(self.port),
            "RABBITMQ_NODE_IP_ADDRESS": "127.0.0.1", "RABBITMQ_DIST_PORT": str(self.dist_port),
            "RABBITMQ_MNESIA_BASE": str(self.root / "mnesia"), "RABBITMQ_LOG_BASE": str(self.root / "log"),
            "RABBITMQ_CONFIG_FILE": str(self.root / "rabbitmq.conf"),
            "RABBITMQ_ENABLED_PLUGINS_FILE": str(self.root / "enabled_plugins"),
            "RABBITMQ_CONF_ENV_FILE": str(self.root / "rabbitmq-env.conf"),
            "RABBITMQ_PID_FILE": str(self.root / "rabbit.pid"),
            "ERL_EPMD_ADDRESS": "127.0.0.1",
        }

    def start(self, timeout: float = 180.0) -> None:
        if self.process is None:
            _free(self.port)
            _free(self.dist_port)
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                [str(RABBIT_BIN / "rabbitmq-server")], env=self.env(), cwd=self.root, stdin=subprocess.DEVNULL,
                stdout=log, stderr=subprocess.STDOUT, start_new_session=True, **_user("rabbitmq"))
        wait_for_port("127.0.0.1", self.port, timeout, name=f"the drill's RabbitMQ ({self.node})",
                      log_file=self.log, process=self.process)

    def ctl(self, *args: str, timeout: float = 60.0) -> str:
        done = subprocess.run([str(RABBIT_BIN / "rabbitmqctl"), "-n", self.node, *args], env=self.env(),
                              capture_output=True, text=True, timeout=timeout, **_user("rabbitmq"))
        if done.returncode != 0:
            raise RuntimeError(f"rabbitmqctl {' '.join(args)}: {done.stdout}{done.stderr}")
        return done.stdout

    def add_vhost(self, vhost: str) -> None:
        self.ctl("add_vhost", vhost)
        self.ctl("set_permissions", "-p", vhost, "guest", ".*", ".*", ".*")

    def add_user(self, user: str, password: str, vhost: str, *permissions: str) -> None:
        self.ctl("add_user", user, password)
        self.ctl("set_permissions", "-p", vhost, user, *permissions)

    def kill(self) -> None:
        """SIGKILL the node (its process group: the beam and its port programs; epmd is not in it)."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(30)

    def restart(self) -> None:
        self.kill()
        self.start()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(60)
            except subprocess.TimeoutExpired:
                self.kill()

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)
