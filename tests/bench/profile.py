"""Optional py-spy profiles of the processes a benchmark starts, and their top-N tables.

    MCF_BENCH_PROFILE=/tmp/prof mcf bench --only inventory --orders 2000
    python -m tests.bench.profile /tmp/prof/inventory-workers.txt [--top 25]

With ``MCF_BENCH_PROFILE`` set, ``attach(label, pid)`` starts ``py-spy record --pid <pid> --subprocesses`` (raw
collapsed stacks, ``--nonblocking`` so the profiled process is never paused) writing ``<dir>/<label>.txt``, and
``finish()`` stops every recorder with SIGINT (py-spy then writes its file) before the bench stops the process.
Without it both do nothing. ``top`` turns a collapsed-stack file into two tables: the functions where the
samples were (self) and the functions on the stack (total), as shares of all samples.
"""
from __future__ import annotations

import argparse
import os
import re
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

BIN = Path(sys.executable).parent
_RECORDERS: list[subprocess.Popen] = []


def attach(label: str, pid: int, rate: int = 50) -> None:
    directory = os.environ.get("MCF_BENCH_PROFILE")
    if not directory:
        return
    Path(directory).mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^A-Za-z0-9_.-]+", "-", label)
    _RECORDERS.append(subprocess.Popen(
        [str(BIN / "py-spy"), "record", "--pid", str(pid), "--subprocesses", "--nonblocking", "-r", str(rate),
         "-f", "raw", "-o", str(Path(directory) / f"{name}.txt")],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))


def finish() -> None:
    while _RECORDERS:
        recorder = _RECORDERS.pop()
        if recorder.poll() is None:
            recorder.send_signal(signal.SIGINT)
        try:
            recorder.wait(30)
        except subprocess.TimeoutExpired:
            recorder.kill()
            recorder.wait(5)


def _frame(frame: str) -> str:
    # "function (path/to/module.py:123)" -> "function (module.py)": one row per function, not per line
    match = re.match(r"(.*) \((.*?):\d+\)$", frame)
    if not match:
        return frame
    path = match.group(2)
    for marker in ("site-packages/", "src/", "lib/python3.11/"):
        if marker in path:
            path = path.split(marker, 1)[1]
            break
    return f"{match.group(1)} ({path})"


def top(path: Path, n: int = 25, idle: bool = False) -> str:
    """Self and total shares per function, from py-spy's raw output; idle waits (select/poll/wait/sleep) are
    left out unless ``idle`` (a sampled idle thread says nothing about cost)."""
    own, total, samples = Counter(), Counter(), 0
    idle_leaf = re.compile(r"^(select|poll|epoll_wait|wait|sleep|_wait_for_tstate_lock|acquire|accept|"
                           r"readinto|recv|recv_into|_recv|do_handshake|read) ")
    for line in path.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        frames = [_frame(f) for f in stack.split(";") if not f.startswith(("process ", "thread "))]
        if not frames or (not idle and idle_leaf.match(frames[-1])):
            continue
        weight = int(count)
        samples += weight
        own[frames[-1]] += weight
        for frame in set(frames):
            total[frame] += weight
    out = [f"{path.name}: {samples} busy samples"]
    for title, counter in (("self", own), ("total (on the stack)", total)):
        out.append(f"  top {n} by {title}:")
        for frame, weight in counter.most_common(n):
            out.append(f"    {100 * weight / max(samples, 1):5.1f}%  {frame}")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="top-N tables of py-spy raw profiles")
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--idle", action="store_true", help="count samples waiting in select/poll/sleep too")
    args = parser.parse_args(argv)
    for path in args.files:
        print(top(path, args.top, args.idle))
    return 0


if __name__ == "__main__":
    sys.exit(main())
