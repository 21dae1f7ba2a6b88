"""Peak RSS of the processes a benchmark started, and the load average, so a noisy or swapping run is visible.

Every process the bench starts leads a session of its own (``start_new_session``); just before it is stopped,
``note(label, pid)`` reads the kernel's high-water mark of resident memory (``VmHWM`` in /proc/<pid>/status) of
every process in that session (gunicorn's or dramatiq's workers included). No sampling thread: the kernel keeps
the peak.
"""
from __future__ import annotations

import os
from pathlib import Path

PEAKS: dict[str, list[int]] = {}  # label -> peak RSS in KiB of each process of its session


def _session_of(pid: str) -> int | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # pid (comm) state ppid pgrp session ...; comm may hold spaces, so split after its closing parenthesis
    fields = stat.rsplit(")", 1)[1].split()
    return int(fields[3])


def _peak_kib(pid: str) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return None


def note(label: str, leader: int) -> None:
    """Record the peak RSS of every live process in the session ``leader`` leads (call before stopping it)."""
    peaks = []
    for pid in os.listdir("/proc"):
        if pid.isdigit() and _session_of(pid) == leader:
            peak = _peak_kib(pid)
            if peak:
                peaks.append(peak)
    if peaks:
        PEAKS.setdefault(label, []).extend(peaks)


def summary() -> list[str]:
    """One line per label: processes, the largest peak and their sum, in MiB."""
    lines = []
    for label, peaks in PEAKS.items():
        lines.append(f"{label}: {len(peaks)} process{'es' if len(peaks) != 1 else ''}, peak RSS max "
                     f"{max(peaks) / 1024:.0f} MiB, sum {sum(peaks) / 1024:.0f} MiB")
    return lines


def load1() -> float:
    return os.getloadavg()[0]
