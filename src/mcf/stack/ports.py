"""The ports of one `mcf up` port block, and whether something else holds one (ADR 0180).

A port is taken when this process cannot bind and listen on it the way the services do, less ``SO_REUSEPORT``:
gunicorn binds with ``--reuse-port``, so a foreign server that did the same would share the port with it and
answer some of its requests (one CI run read such a server's 404 as "not ready").
"""
from __future__ import annotations

import errno
import os
import socket
from dataclasses import dataclass
from pathlib import Path

from mcf.kit.config import Settings


@dataclass(frozen=True)
class Taken:
    port: int
    owner: str  # what the port is for in this block
    holder: str | None  # "pid 1234 (python3 -m http.server)", when /proc tells

    def __str__(self) -> str:
        return f"port {self.port} ({self.owner}) is held by {self.holder or 'another process'}"


def block_ports(settings: Settings, replicas: int = 1, *, prometheus: bool = True) -> dict[int, str]:
    """Every port `mcf up --replicas N` binds: the web ports, each workers and jobs replica's metrics port, and
    Prometheus's; port -> what it is for."""
    from mcf.kit.metrics import prometheus_port
    from mcf.stack.observability import scrape_targets

    ports = {}
    for target in scrape_targets(settings, replicas=replicas):
        process = target.process if target.replica is None else f"{target.process}.{target.replica}"
        ports[int(target.address.rpartition(":")[2])] = f"{target.service} {process}"
    if prometheus:
        ports[prometheus_port(settings)] = "prometheus"
    return ports


def taken_ports(settings: Settings, ports: dict[int, str]) -> list[Taken]:
    return [Taken(port, owner, holder(port)) for port, owner in sorted(ports.items()) if not free(settings.host, port)]


def free(host: str, port: int) -> bool:
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # a TIME_WAIT left by a previous run is no owner
        sock.bind((host, port))
        sock.listen(1)
        return True
    except OSError as exc:
        if exc.errno in (errno.EADDRINUSE, errno.EACCES):
            return False
        raise
    finally:
        sock.close()


def holder(port: int, proc: Path = Path("/proc")) -> str | None:
    """The process listening on or bound to ``port``, from /proc (Linux; None when it cannot tell, e.g. another
    user's process)."""
    inodes = _socket_inodes(port, proc)
    if not inodes:
        return None
    for pid_dir in proc.iterdir():
        if not pid_dir.name.isdigit():
            continue
        try:
            fds = list((pid_dir / "fd").iterdir())
        except OSError:
            continue
        for fd in fds:
            try:
                target = os.readlink(fd)
            except OSError:
                continue
            if target.startswith("socket:[") and target[8:-1] in inodes:
                return f"pid {pid_dir.name} ({_cmdline(pid_dir)})"
    return None


def _socket_inodes(port: int, proc: Path) -> set[str]:
    inodes = set()
    for table in ("tcp", "tcp6"):
        try:
            lines = (proc / "net" / table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            # local address "0100007F:52D0", state 0A = LISTEN, 07 = CLOSE (bound, not listening); inode is field 9
            if len(fields) > 9 and int(fields[1].rpartition(":")[2], 16) == port and fields[3] in ("0A", "07"):
                inodes.add(fields[9])
    inodes.discard("0")
    return inodes


def _cmdline(pid_dir: Path) -> str:
    try:
        words = (pid_dir / "cmdline").read_bytes().split(b"\0")
    except OSError:
        return "?"
    text = " ".join(w.decode(errors="replace") for w in words if w)
    return text[:120] or "?"
