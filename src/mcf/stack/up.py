"""``mcf up``: start what is not running yet, then every service process (``mcf.stack.supervisor``), until Ctrl-C,
SIGTERM, SIGHUP or its output pipe closing; every process it started is stopped then, whatever went wrong."""
from __future__ import annotations

import json
import os
import shutil
import sys
import threading
from pathlib import Path

from honcho.environ import parse_procfile

from mcf.kit.config import Settings
from mcf.kit.messaging import declare_topology
from mcf.stack import ports, servers
from mcf.stack.seed import seed_all
from mcf.stack.supervisor import SafeOutput, Supervisor
from mcf.topology import TOPOLOGY

PROCFILE = Path(__file__).resolve().parents[3] / "compose" / "Procfile"


def procfile_processes(path: Path = PROCFILE) -> dict[str, str]:
    return dict(parse_procfile(path.read_text()).processes)


def ports_in_use(settings: Settings, replicas: int = 1) -> list[ports.Taken]:
    """The ports of this block (every process's, every replica's, Prometheus's when it is installed) that something
    holds already: checked before anything starts, so a foreign server never shares a port with ours (ADR 0180)."""
    return ports.taken_ports(settings, ports.block_ports(settings, replicas,
                                                         prometheus=shutil.which("prometheus") is not None))


def up(settings: Settings, *, demo: bool = False, start_servers: bool = True, replicas: int = 1,
       restart: bool = False) -> int:
    busy = ports_in_use(settings, replicas)
    if busy:
        print(f"mcf: {'; '.join(map(str, busy))}: nothing started. Stop it (another `mcf up`?), or move this "
              f"stack with MCF_PORT_BASE (now {settings.port_base}).", file=sys.stderr)
        return 1
    # Every print of this run (the runner's, the demo's, ours) goes through one stream that survives a closed pipe
    # (`mcf up | tee up.log` whose tee a Ctrl-C killed): the first failed write asks the runner to stop.
    real_stdout = sys.stdout
    sys.stdout = out = real_stdout if isinstance(real_stdout, SafeOutput) else SafeOutput(real_stdout)
    try:
        return _up(settings, out, demo=demo, start_servers=start_servers, replicas=replicas,
                   restart=restart or replicas > 1)
    finally:
        sys.stdout = real_stdout


def _up(settings: Settings, out: SafeOutput, *, demo: bool, start_servers: bool, replicas: int,
        restart: bool) -> int:
    started: list[str] = []
    if start_servers:
        print("mcf: checking the servers (PostgreSQL, RabbitMQ, ClickHouse, MongoDB stand-in, SMTP sink) ...")
        started = servers.ensure_all(settings)
        if started:
            print(f"mcf: started {', '.join(started)} (logs in {settings.var_dir / 'log'})")
    try:
        declare_topology(settings.amqp_url, TOPOLOGY)
        partner_url = _partner_user(settings)
        for service, count in seed_all(settings).items():
            print(f"mcf: {service} fixtures in place ({count})")
        env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
                   PYTHONUNBUFFERED="1", MCF_VAR_DIR=str(settings.var_dir))
        env.setdefault("MCF_PARTNER_AMQP_URL", partner_url)
        traces = trace_default(settings, env)
        if traces:
            print(f"mcf: traces in {traces} (one JSON-lines file a process; MCF_TRACE_FILE= turns them off)")
        if replicas > 1:
            # N of each process: web replicas share their port (gunicorn --reuse-port), the rest compete for work.
            print(f"mcf: {replicas} replicas of every process; one that exits is restarted")
        # One Prometheus whatever the replicas, scraping every replica (ADR 0143).
        manager = Supervisor(procfile_processes(), replicas, env, out, restart=restart,
                             once=_prometheus(settings, replicas))
        if demo:
            threading.Thread(target=_demo_when_ready, args=(settings,), daemon=True, name="demo").start()
        write_run_file(settings, replicas)
        try:
            return manager.loop()
        finally:
            run_file(settings).unlink(missing_ok=True)
    finally:
        if started:
            servers.stop_detached(started, settings)
            print(f"mcf: stopped {', '.join(started)}")


def trace_default(settings: Settings, env: dict) -> str:
    """In development, without an OTLP endpoint or MCF_TRACE_FILE of the caller's, every process writes its spans to
    ``var/traces/<service>-<pid>.jsonl`` (mcf.kit.tracing); an empty MCF_TRACE_FILE keeps tracing off. Development
    traces show every PostgreSQL statement too (``MCF_TRACE_SQL=1`` unless the caller says otherwise: ADR 0161)."""
    if settings.environment == "development":
        env.setdefault("MCF_TRACE_SQL", "1")
    if settings.environment != "development" or "MCF_TRACE_FILE" in env or any(
            env.get(name) for name in ("OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
                                       "MCF_OTLP_ENDPOINT")):
        return env.get("MCF_TRACE_FILE", "")
    env["MCF_TRACE_FILE"] = str(settings.var_dir / "traces" / "{service}-{pid}.jsonl")
    return env["MCF_TRACE_FILE"]


def run_file(settings: Settings) -> Path:
    """Where a running `mcf up` says how many replicas it runs (`mcf status` reads it), one per port block."""
    return settings.var_dir / "up" / f"{settings.port_base}.json"


def write_run_file(settings: Settings, replicas: int) -> None:
    path = run_file(settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"replicas": replicas, "pid": os.getpid()}) + "\n")


def running_replicas(settings: Settings) -> int:
    """The replicas of the `mcf up` running on this port block (1 when none runs, or it says nothing)."""
    try:
        data = json.loads(run_file(settings).read_text())
        os.kill(int(data["pid"]), 0)
        return max(1, int(data["replicas"]))
    except (OSError, ValueError, KeyError, TypeError):
        return 1


def _prometheus(settings: Settings, replicas: int = 1) -> dict[str, str]:
    """Debian's prometheus scraping every process, every replica's (configuration generated from mcf.services),
    with the alert rules, on ``MCF_PORT_BASE + 80``; skipped with a note when it is not installed
    (tooling/bootstrap installs it)."""
    from mcf.kit.metrics import prometheus_port
    from mcf.stack.observability import prometheus_command

    command = prometheus_command(settings, replicas)
    if command is None:
        print("mcf: prometheus is not installed (apt-get install prometheus); running without it", file=sys.stderr)
        return {}
    if servers.port_open(settings.host, prometheus_port(settings)):
        # one process exiting stops them all (without --restart): a Prometheus that cannot bind must not start.
        print(f"mcf: port {prometheus_port(settings)} is taken; running without Prometheus", file=sys.stderr)
        return {}
    print(f"mcf: Prometheus on http://{settings.host}:{prometheus_port(settings)} (alerts: /alerts)")
    return {"prometheus": command}


def _demo_when_ready(settings: Settings) -> None:
    from mcf.stack.demo import run_demo

    try:
        run_demo(settings)
    except Exception as exc:  # noqa: BLE001 - the demo reports; it must not take `mcf up` down with a traceback
        print(f"demo: failed: {type(exc).__name__}: {exc}", flush=True)


def _partner_user(settings: Settings) -> str:
    """The fur-tune partner's URL for this run: its own user on the services' broker and vhost (unless
    ``MCF_PARTNER_AMQP_URL`` says otherwise), with the user created and its permissions limited there."""
    from urllib.parse import quote, unquote, urlsplit

    if "MCF_PARTNER_AMQP_URL" in os.environ:
        url = settings.partner_amqp_url
    else:
        user, password = servers.partner_credentials(settings)
        services = urlsplit(settings.amqp_url)
        url = services._replace(netloc=f"{quote(user, safe='')}:{quote(password, safe='')}@"
                                       f"{services.netloc.rsplit('@', 1)[-1]}").geturl()
    parts = urlsplit(url)
    if parts.hostname in servers.LOCAL_HOSTS:
        try:
            servers.ensure_partner_user(settings.with_(partner_amqp_url=url), unquote(parts.path[1:]) or "/")
        except servers.ServerError as exc:
            print(f"mcf: could not set up the fur-tune partner's RabbitMQ user: {exc}", file=sys.stderr)
    return url

