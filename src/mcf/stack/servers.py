"""Start and stop the servers MCF needs on a development machine or CI runner (no Docker there; STORES.md).

Two kinds:

- PostgreSQL and RabbitMQ are Debian's system services: ``ensure_postgres``/``ensure_rabbitmq`` start them the
  Debian way if their port does not answer, and leave them running (they are shared with the machine).
- ClickHouse (Debian's 18.16 server), the MongoDB stand-in nx-27017 and the SMTP sink are the project's own:
  their state lives under ``<var_dir>``. ``server_commands`` gives their foreground command lines (for a Procfile);
  ``start_detached``/``stop_detached`` run them in the background with a pid file and a log under ``<var_dir>``.

Every wait is bounded, and every failure names the server and the log to read.
"""
from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import shutil
import signal
import socket
import string
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from urllib.parse import unquote, urlsplit

from mcf.kit.config import Settings
from mcf.kit.runtime import pid_alive

log = logging.getLogger(__name__)

LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
CLICKHOUSE_BINARIES = ("/usr/sbin/clickhouse-server", "/usr/bin/clickhouse-server")
BOOTSTRAP_HINT = ("run tooling/bootstrap as root (or with sudo) to install them, "
                  "or install the Debian packages yourself: apt-get install postgresql rabbitmq-server "
                  "clickhouse-server")
STOP_GRACE_SECONDS = 10.0
LOCK_TIMEOUT_SECONDS = 120.0


class ServerError(RuntimeError):
    """A server could not be started, reached or stopped; the message says which and where its log is."""


# ---------------------------------------------------------------------------------------------------- ports


def port_open(host: str, port: int, timeout: float = 0.5) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def wait_for_port(host: str, port: int, timeout: float, *, name: str | None = None,
                  log_file: str | os.PathLike | None = None, process: subprocess.Popen | None = None) -> None:
    """Return once ``host:port`` accepts connections; raise ServerError after ``timeout`` seconds, or at once if
    ``process`` (the server being waited for) exits first."""
    label = name or f"the server on {host}:{port}"
    see = f"; see {log_file}" if log_file else ""
    deadline = time.monotonic() + timeout
    while True:
        if port_open(host, port):
            return
        if process is not None and process.poll() is not None:
            raise ServerError(f"{label} exited with code {process.returncode} before listening on {host}:{port}"
                              f"{see}{_tail(log_file)}")
        if time.monotonic() >= deadline:
            raise ServerError(f"{label} did not listen on {host}:{port} within {timeout:.0f} s{see}"
                              f"{_tail(log_file)}")
        time.sleep(0.1)


def _tail(log_file: str | os.PathLike | None, lines: int = 15) -> str:
    if not log_file:
        return ""
    try:
        with open(log_file, "rb") as fh:
            fh.seek(0, os.SEEK_END)
            fh.seek(max(0, fh.tell() - 8192))
            text = fh.read().decode("utf-8", "replace")
    except OSError:
        return ""
    last = [line for line in text.splitlines() if line.strip()][-lines:]
    return ("\n--- last lines of the log ---\n" + "\n".join(last)) if last else ""


def _url_address(url: str, default_port: int) -> tuple[str, int]:
    # Only the first host of a multi-host URL (mongodb://a:1,b:2) matters for a local server.
    netloc = urlsplit(url).netloc.rsplit("@", 1)[-1].split(",")[0]
    parsed = urlsplit(f"//{netloc}")
    return parsed.hostname or "127.0.0.1", parsed.port or default_port


def addresses(settings: Settings) -> dict[str, tuple[str, int]]:
    """Where each server MCF uses is expected to listen."""
    return {
        "postgres": (settings.pg_host, settings.pg_port),
        "rabbitmq": _url_address(settings.amqp_url, 5672),
        "clickhouse": (settings.clickhouse_host, settings.clickhouse_port),
        "mongo": _url_address(settings.mongo_url, 27017),
        "smtp": (settings.smtp_host, settings.smtp_port),
    }


def _require_local(name: str, host: str, port: int) -> None:
    if host not in LOCAL_HOSTS:
        raise ServerError(f"{name} at {host}:{port} does not answer, and it is not on this machine, "
                          f"so it cannot be started here")


# ------------------------------------------------------------------------------------ Debian system services


def _run(argv: Sequence[str], *, what: str, log_hint: str, timeout: float = 60.0) -> str:
    try:
        done = subprocess.run(argv, check=False, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                              timeout=timeout)
    except subprocess.TimeoutExpired:
        raise ServerError(f"{what}: `{' '.join(argv)}` did not finish within {timeout:.0f} s; see {log_hint}") from None
    output = (done.stdout + done.stderr).strip()
    if done.returncode != 0:
        raise ServerError(f"{what}: `{' '.join(argv)}` failed with exit code {done.returncode}; see {log_hint}"
                          + (f"\n{output}" if output else ""))
    return output


def _postgres_version() -> str:
    try:
        versions = [v for v in os.listdir("/etc/postgresql") if v.replace(".", "").isdigit()]
    except FileNotFoundError:
        versions = []
    if not versions:
        raise ServerError(f"PostgreSQL: no cluster under /etc/postgresql; {BOOTSTRAP_HINT}")
    return max(versions, key=lambda v: tuple(int(part) for part in v.split(".")))


def ensure_postgres(settings: Settings | None = None, timeout: float = 60.0) -> bool:
    """Start Debian's PostgreSQL cluster ``main`` if its port does not answer; True if it had to be started."""
    settings = settings or Settings.from_env()
    host, port = settings.pg_host, settings.pg_port
    if port_open(host, port):
        return False
    _require_local("PostgreSQL", host, port)
    ctl = shutil.which("pg_ctlcluster")
    if ctl is None:
        raise ServerError(f"PostgreSQL is not running on {host}:{port} and pg_ctlcluster is missing; "
                          f"{BOOTSTRAP_HINT}")
    version = _postgres_version()
    log_file = f"/var/log/postgresql/postgresql-{version}-main.log"
    log.info("starting PostgreSQL %s (cluster main)", version)
    # Without --skip-systemctl-redirect it would hand over to systemd, which containers do not run.
    _run([ctl, "--skip-systemctl-redirect", version, "main", "start"], what="PostgreSQL", log_hint=log_file,
         timeout=timeout)
    wait_for_port(host, port, timeout, name="PostgreSQL", log_file=log_file)
    return True


def ensure_rabbitmq(settings: Settings | None = None, timeout: float = 90.0) -> bool:
    """Start Debian's RabbitMQ if its AMQP port does not answer (it takes ~20 s); True if it had to be started."""
    settings = settings or Settings.from_env()
    host, port = _url_address(settings.amqp_url, 5672)
    if port_open(host, port):
        return False
    _require_local("RabbitMQ", host, port)
    server = shutil.which("rabbitmq-server") or ("/usr/sbin/rabbitmq-server"
                                                 if os.path.exists("/usr/sbin/rabbitmq-server") else None)
    if server is None:
        raise ServerError(f"RabbitMQ is not running on {host}:{port} and rabbitmq-server is missing; "
                          f"{BOOTSTRAP_HINT}")
    log_dir = "/var/log/rabbitmq/"
    log.info("starting RabbitMQ")
    _run([server, "-detached"], what="RabbitMQ", log_hint=log_dir, timeout=timeout)
    wait_for_port(host, port, timeout, name="RabbitMQ", log_file=None)
    return True


def ensure_amqp_vhost(name: str, user: str = "guest", timeout: float = 30.0) -> None:
    """Create a RabbitMQ vhost (if missing) and give ``user`` full permissions on it."""
    ctl = _rabbitmqctl(f"create vhost {name!r}", timeout)
    try:
        ctl("add_vhost", name)
    except ServerError as exc:
        if "already" not in str(exc).lower():  # older releases fail on an existing vhost; newer ones do not
            raise
    ctl("set_permissions", "-p", name, user, ".*", ".*", ".*")


def _rabbitmqctl(purpose: str, timeout: float) -> Callable[..., None]:
    """``ctl(*args)`` runs ``rabbitmqctl *args`` (a failure is a ServerError pointing at RabbitMQ's logs)."""
    path = shutil.which("rabbitmqctl") or ("/usr/sbin/rabbitmqctl"
                                           if os.path.exists("/usr/sbin/rabbitmqctl") else None)
    if path is None:
        raise ServerError(f"RabbitMQ: rabbitmqctl is missing, cannot {purpose}; {BOOTSTRAP_HINT}")

    def ctl(*args: str) -> None:
        _run([path, *args], what="RabbitMQ", log_hint="/var/log/rabbitmq/", timeout=timeout)

    return ctl


# The fur-tune partner's permissions (configure, write, read), as regular expressions on resource names. It
# declares nothing (MCF's topology declares its queue, exchange and bindings with the services' user), publishes
# only to its exchange and consumes only its queue; publisher confirms, acks and qos need no permission.
PARTNER_PERMISSIONS = ("^$", r"^fur-tune\.out$", r"^fur-tune\.orders$")


def partner_credentials(settings: Settings) -> tuple[str, str]:
    parts = urlsplit(settings.partner_amqp_url)
    return unquote(parts.username or ""), unquote(parts.password or "")


def ensure_partner_user(settings: Settings, vhost: str | None = None, timeout: float = 30.0) -> None:
    """Create (or re-password) the partner's RabbitMQ user from ``settings.partner_amqp_url`` and limit it, on
    ``vhost`` (default: the URL's), to reading ``fur-tune.orders`` and writing ``fur-tune.out``."""
    user, password = partner_credentials(settings)
    if not user or not password:
        raise ServerError("RabbitMQ: MCF_PARTNER_AMQP_URL must carry the partner's user name and password")
    vhost = vhost if vhost is not None else (unquote(urlsplit(settings.partner_amqp_url).path[1:]) or "/")
    ctl = _rabbitmqctl("create the partner user", timeout)
    try:
        ctl("add_user", user, password)
    except ServerError as exc:
        if "already" not in str(exc).lower():
            raise
        ctl("change_password", user, password)
    ctl("set_permissions", "-p", vhost, user, *PARTNER_PERMISSIONS)


# ------------------------------------------------------------------------- the project's own local servers


@dataclass(frozen=True)
class _Spec:
    name: str
    label: str
    host: str
    port: int
    command: list[str]
    marker: str  # a string unique to this var_dir in the command line, so a pid is only ever ours to kill
    start_timeout: float


def _var(settings: Settings, *parts: str) -> Path:
    return Path(settings.var_dir).joinpath(*parts)


def _sibling_script(name: str) -> str:
    # The console script installed next to this interpreter, so a venv works without being activated.
    local = Path(sys.executable).with_name(name)
    return str(local) if local.exists() else name


def _clickhouse_binary() -> str:
    for path in CLICKHOUSE_BINARIES:
        if os.access(path, os.X_OK):
            return path
    return shutil.which("clickhouse-server") or CLICKHOUSE_BINARIES[0]


def clickhouse_http_port(tcp_port: int) -> int:
    # 19000 -> 18123, echoing ClickHouse's own 9000/8123 pair; a shifted test port shifts both.
    return tcp_port - 877 if tcp_port > 2000 else tcp_port + 1


def write_clickhouse_config(settings: Settings) -> Path:
    """Write ``<var_dir>/clickhouse/config.xml`` from the packaged template; returns its path."""
    root = _var(settings, "clickhouse")
    data_dir = root / "data"
    for sub in ("tmp", "user_files", "format_schemas"):
        (data_dir / sub).mkdir(parents=True, exist_ok=True)
    template = resources.files("mcf.stack").joinpath("clickhouse-config.xml").read_text(encoding="utf-8")
    text = string.Template(template).substitute(
        tcp_port=settings.clickhouse_port, http_port=clickhouse_http_port(settings.clickhouse_port),
        data_dir=str(data_dir))
    path = root / "config.xml"
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        temp = path.with_suffix(".xml.tmp")
        temp.write_text(text, encoding="utf-8")
        os.replace(temp, path)
    return path


def _specs(settings: Settings) -> dict[str, _Spec]:
    for sub in ("log", "run", "mongo", "mail"):
        _var(settings, sub).mkdir(parents=True, exist_ok=True)
    config = write_clickhouse_config(settings)
    mongo_host, mongo_port = _url_address(settings.mongo_url, 27017)
    mongo_dir = _var(settings, "mongo")
    mail_dir = _var(settings, "mail")
    return {
        "clickhouse": _Spec(
            "clickhouse", "ClickHouse", settings.clickhouse_host, settings.clickhouse_port,
            [_clickhouse_binary(), f"--config-file={config}"], marker=str(config), start_timeout=30.0),
        "mongo": _Spec(
            "mongo", "nx-27017 (MongoDB stand-in)", mongo_host, mongo_port,
            # Its own log file would duplicate what it writes to stderr; its own pid file must not be ours,
            # or it would find "itself" running and refuse to start.
            [_sibling_script("nx-27017"), "--data-dir", str(mongo_dir), "--host", "127.0.0.1",
             "-p", str(mongo_port), "--log-file", os.devnull,
             "--pid-file", str(_var(settings, "run", "nx-27017.pid"))],
            marker=str(mongo_dir), start_timeout=30.0),
        "smtp": _Spec(
            "smtp", "SMTP sink", settings.smtp_host, settings.smtp_port,
            [sys.executable, "-m", "mcf.kit.smtp_sink", "--host", "127.0.0.1", "--port", str(settings.smtp_port),
             "--folder", str(mail_dir)],
            marker=str(mail_dir), start_timeout=15.0),
    }


def server_commands(settings: Settings) -> dict[str, list[str]]:
    """The foreground command line of each project-owned server, by name (clickhouse, mongo, smtp).

    Also prepares what the commands need: the directories under ``var_dir`` and the ClickHouse config.
    """
    return {name: list(spec.command) for name, spec in _specs(settings).items()}


def log_file(settings: Settings, name: str) -> Path:
    return _var(settings, "log", f"{name}.log")


def pid_file(settings: Settings, name: str) -> Path:
    return _var(settings, "run", f"{name}.pid")


# Children started by this process, so they can be reaped (a zombie still looks alive to kill(pid, 0)).
_CHILDREN: dict[int, subprocess.Popen] = {}


def _alive(pid: int) -> bool:
    child = _CHILDREN.get(pid)
    if child is not None:
        return child.poll() is None
    return pid_alive(pid)


def _owns(pid: int, marker: str) -> bool:
    if not os.path.isdir("/proc/self"):
        return True  # no procfs to check against: trust the pid file
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as fh:
            return marker.encode() in fh.read()
    except OSError:
        return False


def _read_pid(path: Path) -> int | None:
    try:
        return int(path.read_text().strip())
    except (OSError, ValueError):
        return None


def _running_pid(settings: Settings, spec: _Spec) -> int | None:
    pid = _read_pid(pid_file(settings, spec.name))
    if pid is not None and _alive(pid) and _owns(pid, spec.marker):
        return pid
    return None


def _find_by_command(spec: _Spec) -> int | None:
    """A running server of this var_dir whose pid file was lost (e.g. deleted by hand)."""
    program = os.path.basename(spec.command[0]).encode()
    marker = spec.marker.encode()
    try:
        entries = os.listdir("/proc")
    except OSError:
        return None
    for entry in entries:
        if not entry.isdigit() or int(entry) == os.getpid():
            continue
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as fh:
                cmdline = fh.read()
        except OSError:
            continue
        if marker in cmdline and program in cmdline and _alive(int(entry)):
            return int(entry)
    return None


@contextlib.contextmanager
def _locked(settings: Settings):
    """One start or stop at a time per var_dir: concurrent test runs would otherwise both spawn a server, and the
    loser's pid file would orphan the winner."""
    path = _var(settings, "run", ".servers.lock")
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a") as fh:
        deadline = time.monotonic() + LOCK_TIMEOUT_SECONDS
        while True:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise ServerError(f"another process held {path} for {LOCK_TIMEOUT_SECONDS:.0f} s "
                                      f"(starting or stopping servers)") from None
                time.sleep(0.1)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _spawn(settings: Settings, spec: _Spec) -> subprocess.Popen:
    log_path = log_file(settings, spec.name)
    with open(log_path, "ab") as log_fh:
        stamp = datetime.now(UTC).isoformat(timespec="seconds")
        log_fh.write(f"\n--- {stamp} mcf starts: {' '.join(spec.command)}\n".encode())
        log_fh.flush()
        try:
            process = subprocess.Popen(
                spec.command, stdin=subprocess.DEVNULL, stdout=log_fh, stderr=subprocess.STDOUT,
                cwd=settings.var_dir, start_new_session=True,  # survives this process and its Ctrl-C
                env=dict(os.environ, PYTHONUNBUFFERED="1"))
        except OSError as exc:
            hint = f"; {BOOTSTRAP_HINT}" if spec.name == "clickhouse" else ""
            raise ServerError(f"{spec.label}: cannot run {spec.command[0]}: {exc}{hint}") from exc
    _CHILDREN[process.pid] = process
    path = pid_file(settings, spec.name)
    temp = path.with_suffix(".pid.tmp")
    temp.write_text(f"{process.pid}\n")
    os.replace(temp, path)
    log.info("started %s (pid %d, log %s)", spec.label, process.pid, log_path)
    return process


def start_detached(settings: Settings, names: Iterable[str] | None = None) -> list[str]:
    """Start, in the background, those of clickhouse, mongo and smtp whose port does not answer; wait until they
    listen; return the names this call started. If one fails, the others it started are stopped again."""
    specs = _specs(settings)
    wanted = list(specs) if names is None else list(names)
    unknown = [n for n in wanted if n not in specs]
    if unknown:
        raise ValueError(f"unknown server(s) {unknown}; known: {', '.join(specs)}")
    with _locked(settings):
        return _start(settings, specs, wanted)


def _start(settings: Settings, specs: dict[str, _Spec], wanted: list[str]) -> list[str]:
    started: list[str] = []
    waits: list[tuple[_Spec, subprocess.Popen | None]] = []
    try:
        for name in wanted:
            spec = specs[name]
            if port_open(spec.host, spec.port):
                continue
            _require_local(spec.label, spec.host, spec.port)
            if _running_pid(settings, spec) is not None or _find_by_command(spec) is not None:
                waits.append((spec, None))  # started by someone else and still coming up: wait, do not claim
                continue
            if name == "mongo":
                # A stale pid file of nx-27017's own (after a kill -9) would make it refuse to start.
                _var(settings, "run", "nx-27017.pid").unlink(missing_ok=True)
            waits.append((spec, _spawn(settings, spec)))
            started.append(name)
        for spec, process in waits:
            wait_for_port(spec.host, spec.port, spec.start_timeout, name=spec.label,
                          log_file=log_file(settings, spec.name), process=process)
    except BaseException:
        _stop(settings, specs, started, STOP_GRACE_SECONDS)
        raise
    return started


def stop_detached(names: Iterable[str], settings: Settings, grace: float = STOP_GRACE_SECONDS) -> list[str]:
    """Stop the named project-owned servers started by ``start_detached`` (any process, via the pid files):
    SIGTERM, then SIGKILL after ``grace`` seconds. Returns the names that were running."""
    specs = _specs(settings)
    wanted = list(names)
    unknown = [n for n in wanted if n not in specs]
    if unknown:
        raise ValueError(f"unknown server(s) {unknown}; known: {', '.join(specs)}")
    with _locked(settings):
        return _stop(settings, specs, wanted, grace)


def _stop(settings: Settings, specs: dict[str, _Spec], names: list[str], grace: float) -> list[str]:
    targets: list[tuple[str, int]] = []
    for name in names:
        pid = _running_pid(settings, specs[name]) or _find_by_command(specs[name])
        if pid is None:
            pid_file(settings, name).unlink(missing_ok=True)
            continue
        _signal(pid, signal.SIGTERM)
        targets.append((name, pid))
    deadline = time.monotonic() + grace
    while any(_alive(pid) for _, pid in targets) and time.monotonic() < deadline:
        time.sleep(0.05)
    for name, pid in targets:
        if _alive(pid):
            log.warning("%s (pid %d) ignored SIGTERM for %.0f s; killing it", specs[name].label, pid, grace)
            _signal(pid, signal.SIGKILL)
            kill_deadline = time.monotonic() + 5.0
            while _alive(pid) and time.monotonic() < kill_deadline:
                time.sleep(0.05)
            if _alive(pid):
                raise ServerError(f"{specs[name].label} (pid {pid}) survived SIGKILL; "
                                  f"see {log_file(settings, name)}")
        _CHILDREN.pop(pid, None)
        pid_file(settings, name).unlink(missing_ok=True)
        log.info("stopped %s (pid %d)", specs[name].label, pid)
    return [name for name, _ in targets]


def _signal(pid: int, signum: int) -> None:
    # Each server leads its own session (start_new_session), so its whole group goes with it.
    try:
        if os.getpgid(pid) == pid:
            os.killpg(pid, signum)
        else:
            os.kill(pid, signum)
    except ProcessLookupError:
        pass


def ensure_all(settings: Settings) -> list[str]:
    """Make every server answer. Returns the project-owned servers this call started (for ``stop_detached``);
    PostgreSQL and RabbitMQ, if they had to be started, stay running as the system services they are."""
    ensure_postgres(settings)
    ensure_rabbitmq(settings)
    return start_detached(settings)
