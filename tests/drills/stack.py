"""The whole system on servers the drill owns: its own PostgreSQL cluster and RabbitMQ node (``own_servers``), and
its own ClickHouse, MongoDB stand-in and SMTP sink (``mcf.stack.servers`` on a var_dir of its own), all on the
ports of ``MCF_DRILL_PORT_BASE`` (default: the e2e base + 170), with `mcf up --no-servers --restart` on top. The
drills kill and restart these servers, never the machine's shared ones.

Ports from the base B: PostgreSQL B, AMQP B+1, Erlang distribution B+2, ClickHouse B+10 (its HTTP port is
derived), MongoDB stand-in B+11, SMTP sink B+12; the services use port base B-100, so every port of theirs (web,
the workers' and jobs' metrics ports of each replica, Prometheus) stays in B-100 … B-1, below the servers'. (It was
B-70, which put the jobs' metrics ports on the drill's AMQP and Erlang ports, and Prometheus on ClickHouse's.)
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import deque
from pathlib import Path

from mcf.kit.config import Settings
from mcf.stack import servers
from mcf.stack.demo import wait_ready
from tests.drills.own_servers import RABBIT_BIN, OwnPostgres, OwnRabbit

ROOT = Path(__file__).resolve().parents[2]
DRILL_PORT_BASE = int(os.environ.get("MCF_DRILL_PORT_BASE",
                                     str(int(os.environ.get("MCF_E2E_PORT_BASE", "18100")) + 170)))
PARTNER_PASSWORD = "fur-tune-dev-password"


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


class DrillStack:
    def __init__(self, replicas: int = 1, base: int = DRILL_PORT_BASE):
        self.replicas, self.base = replicas, base
        self.root = Path(tempfile.mkdtemp(prefix=f"mcf-drill-{base}-"))
        self.pg = OwnPostgres(base, max_connections=500)
        self.node = f"drill-{base}@localhost"
        self.rabbit = OwnRabbit(base + 1, base + 2, self.node)
        self.settings = Settings.from_env().with_(
            pg_host="127.0.0.1", pg_port=base, pg_user="postgres", pg_password="", db_prefix="mcf_drill_",
            amqp_url=f"amqp://guest:guest@127.0.0.1:{base + 1}/%2F",
            partner_amqp_url=f"amqp://fur-tune:{PARTNER_PASSWORD}@127.0.0.1:{base + 1}/%2F",
            clickhouse_host="127.0.0.1", clickhouse_port=base + 10, mongo_url=f"mongodb://127.0.0.1:{base + 11}/",
            smtp_host="127.0.0.1", smtp_port=base + 12, var_dir=self.root / "var", port_base=base - 100)
        self.process: subprocess.Popen | None = None
        self.output: deque = deque(maxlen=4000)
        self.skipped_duplicates = 0

    # -- servers ---------------------------------------------------------------------------------------------
    def _ctl_wrapper(self) -> Path:
        """A ``rabbitmqctl`` first on the PATH of `mcf up` that talks to the drill's node, so the partner user it
        sets up lands there and never on the shared broker."""
        folder = self.root / "bin"
        folder.mkdir(exist_ok=True)
        script = folder / "rabbitmqctl"
        env = " ".join(f"{k}='{v}'" for k, v in self.rabbit.env().items() if k != "PATH")
        runas = "runuser -u rabbitmq -- " if os.geteuid() == 0 else ""
        script.write_text(f"#!/bin/sh\nexec {runas}env {env} {RABBIT_BIN / 'rabbitmqctl'} -n {self.node} \"$@\"\n")
        script.chmod(0o755)
        return folder

    def start(self, ready_timeout: float = 900.0) -> "DrillStack":
        self.settings.var_dir.mkdir(parents=True, exist_ok=True)
        self.pg.init()
        self.pg.start()
        self.rabbit.start()
        servers.start_detached(self.settings)
        env = dict(os.environ, MCF_PG_HOST="127.0.0.1", MCF_PG_PORT=str(self.base), MCF_PG_USER="postgres",
                   MCF_PG_PASSWORD="", MCF_DB_PREFIX=self.settings.db_prefix, MCF_AMQP_URL=self.settings.amqp_url,
                   MCF_PARTNER_AMQP_URL=self.settings.partner_amqp_url, MCF_CLICKHOUSE_HOST="127.0.0.1",
                   MCF_CLICKHOUSE_PORT=str(self.settings.clickhouse_port), MCF_MONGO_URL=self.settings.mongo_url,
                   MCF_SMTP_HOST="127.0.0.1", MCF_SMTP_PORT=str(self.settings.smtp_port),
                   MCF_VAR_DIR=str(self.settings.var_dir), MCF_PORT_BASE=str(self.settings.port_base),
                   MCF_OUTBOX_POLL_SECONDS="0.5", MCF_CONSUMER_RETRY_BASE_MS="200",
                   MCF_PAYMENT_SWEEP_SECONDS="5",
                   MCF_NOTIFICATION_SWEEP_SECONDS="10", MCF_NOTIFICATION_STALE_SECONDS="90",
                   MCF_PAYMENT_PENDING_GRACE_SECONDS="20",
                   MCF_QUALITY_FEED_SECONDS="1", MCF_QUALITY_DELIVERY_SECONDS="1", PYTHONUNBUFFERED="1",
                   PATH=f"{self._ctl_wrapper()}{os.pathsep}{os.environ.get('PATH', '')}")
        for key in [k for k in env if k.startswith("MCF_") and k.endswith("_URL") and k not in (
                "MCF_AMQP_URL", "MCF_PARTNER_AMQP_URL", "MCF_MONGO_URL")]:
            del env[key]  # another stack's service URLs
        self.env = env
        self.process = subprocess.Popen(
            [str(Path(sys.executable).with_name("mcf")), "up", "--no-servers", "--restart",
             "--replicas", str(self.replicas)], env=env, cwd=ROOT, stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
        threading.Thread(target=self._read, daemon=True).start()
        try:
            wait_ready(self.settings, timeout=ready_timeout, exited=lambda: self.process.poll() is not None)
        except TimeoutError as exc:
            raise RuntimeError(f"the drill's stack did not come up: {exc}\n{self.log_tail()}") from None
        return self

    def _read(self) -> None:
        for line in self.process.stdout:
            text = line.decode(errors="replace").rstrip()
            if "duplicate event skipped" in text:  # a message handled before came back; its inbox dropped it
                self.skipped_duplicates += 1
            self.output.append(text)

    def log_tail(self, lines: int = 80) -> str:
        return "\n".join(list(self.output)[-lines:])

    def url(self, service: str) -> str:
        return self.settings.service_url(service)

    def stop(self) -> None:
        try:
            if self.process is not None and self.process.poll() is None:
                os.killpg(self.process.pid, signal.SIGINT)
                try:
                    self.process.wait(90)
                except subprocess.TimeoutExpired:
                    os.killpg(self.process.pid, signal.SIGKILL)
        finally:
            try:
                servers.stop_detached(["clickhouse", "mongo", "smtp"], self.settings)
            finally:
                self.rabbit.remove()
                self.pg.remove()
                shutil.rmtree(self.root, ignore_errors=True)

    # -- the stack's processes -------------------------------------------------------------------------------
    def groups(self, suffix: str = "") -> dict[str, int]:
        """Process group of each supervised process of this stack (``<procfile name>.<replica>``), found by the
        environment `mcf up` gave it; only names ending with ``suffix``."""
        found = {}
        for pid in filter(str.isdigit, os.listdir("/proc")):
            try:
                with open(f"/proc/{pid}/environ", "rb") as fh:
                    env = dict(item.split(b"=", 1) for item in fh.read().split(b"\0") if b"=" in item)
            except OSError:
                continue
            name = env.get(b"MCF_PROCESS", b"").decode()
            if env.get(b"MCF_PORT_BASE") == str(self.settings.port_base).encode() and name.endswith(suffix):
                try:
                    group = os.getpgid(int(pid))
                except ProcessLookupError:
                    continue
                if group != os.getpgid(self.process.pid):
                    found.setdefault(name, group)
        return found

    def wait_back(self, name: str, old_group: int, timeout: float = 300.0) -> float:
        """Seconds until the supervisor has started ``name`` again (a new process group)."""
        start = time.monotonic()
        while time.monotonic() - start < timeout:
            group = self.groups().get(name)
            if group is not None and group != old_group:
                return time.monotonic() - start
            time.sleep(0.2)
        raise AssertionError(f"{name} was not restarted within {timeout:.0f} s\n{self.log_tail()}")
