"""`mcf mutate`: mutation testing (mutmut 3) of the domain cores against tests/unit, one module at a time.

    mcf mutate [MODULE ...] [--max-children 2] [--timeout 1800] [--table] [--survivors]

Outside the default test run, like the benchmarks. For each module it runs ``mutmut run "<module>*"`` from the
project root (configuration: the ``[mutmut]`` section of setup.cfg; mutants and results in ./mutants, git-ignored),
then prints one row per module: mutants, killed, equivalent, survived and the score, which is
killed / (mutants checked - equivalent). Equivalent mutants are those no test can tell from the original; each is listed
with its reason in tests/mutation/equivalent.toml (never left out silently); one listed there that the tests kill,
or that no longer exists, is reported as stale.

``--recheck`` runs only the mutants the last run left alive (after tests were added); ``--table`` prints the
table from the last results without running anything; ``--survivors`` lists the surviving
mutants (see one with ``.venv/bin/mutmut show NAME``). The machine is shared: mutmut runs with at most
``--max-children`` test processes (2 by default) and each module's run is cut off after ``--timeout`` seconds.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EQUIVALENT = Path(__file__).with_name("equivalent.toml")
TARGET = 0.90  # ``Done when`` of issue 18: at least 90% of the non-equivalent mutants killed

# module name -> the source files mutated for it (each must be listed in setup.cfg's [mutmut] only_mutate)
MODULES: dict[str, tuple[str, ...]] = {
    "order": ("src/mcf/order/domain.py",),
    "payment": ("src/mcf/payment/domain.py",),
    "matching": ("src/mcf/matching/domain.py",),
    "pricing": ("src/mcf/matching/pricing.py",),
    "inventory": ("src/mcf/inventory/domain.py",),
    "client-dashboard": ("src/mcf/client_dashboard/domain.py",),
    "worker-testing": ("src/mcf/worker_testing/domain.py",),
    "order-report": ("src/mcf/order_report/domain.py",),
    "order-history": ("src/mcf/order_history/domain.py",),
    "worker-dashboard": ("src/mcf/worker_dashboard/domain.py",),
    "worker-profile": ("src/mcf/worker_profile/domain.py",),
    "quality": ("src/mcf/quality/domain.py",),
    "notification": ("src/mcf/notification/domain.py",),
    "kit": ("src/mcf/kit/values.py", "src/mcf/kit/events.py", "src/mcf/kit/errors.py"),
}
# the modules issue 18's target names (the first six and each new service core as it lands); the others are
# measured as time allows
TARGETED = ("order", "payment", "matching", "pricing", "inventory", "client-dashboard", "worker-testing",
            "order-report", "order-history", "worker-dashboard", "worker-profile", "quality")

SPINNER = tuple("⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏")  # mutmut's progress spinner, redrawn with \r
KILLED = {1, 3, 36, 24, -24, 152, 255}  # a failing test, pytest's internal error, or a timeout (an endless loop)


def dotted(path: str) -> str:
    return path.removeprefix("src/").removesuffix(".py").replace("/", ".")


@dataclass
class Row:
    module: str
    mutants: int
    killed: int
    equivalent: int
    survived: list[str]
    unchecked: int
    stale: list[str]

    @property
    def score(self) -> float | None:
        counted = self.mutants - self.unchecked - self.equivalent  # what was checked and could be killed
        return self.killed / counted if counted > 0 else None


def equivalents() -> dict[str, str]:
    data = tomllib.loads(EQUIVALENT.read_text(encoding="utf-8"))
    return {entry["name"]: entry["reason"] for entry in data.get("mutant", [])}


def results(path: str) -> dict[str, int | None]:
    meta = ROOT / "mutants" / f"{path}.meta"
    if not meta.exists():
        return {}
    return json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]


def row(module: str, known: dict[str, str]) -> Row:
    codes: dict[str, int | None] = {}
    for path in MODULES[module]:
        codes.update(results(path))
    prefixes = tuple(f"{dotted(p)}." for p in MODULES[module])
    mine = {name for name in known if name.startswith(prefixes)}
    killed = {n for n, c in codes.items() if c in KILLED}
    unchecked = {n for n, c in codes.items() if c is None}
    equivalent = {n for n in mine if n in codes and n not in killed and n not in unchecked}
    stale = sorted((mine & killed) | {n for n in mine if codes and n not in codes})
    survived = sorted(set(codes) - killed - unchecked - equivalent)
    return Row(module, len(codes), len(killed), len(equivalent), survived, len(unchecked), stale)


def run_module(module: str, max_children: int, timeout: int, recheck: bool = False) -> int:
    patterns = [f"{dotted(p)}.*" for p in MODULES[module]]
    if recheck:  # only what was not killed last time (tests were added, none removed; a changed function reruns)
        known = {}
        for path in MODULES[module]:
            known.update(results(path))
        patterns = sorted(n for n, c in known.items() if c not in KILLED) if known else patterns
        if not patterns:
            return 0
    argv = [str(Path(sys.executable).with_name("mutmut")), "run", "--max-children", str(max_children), *patterns]
    shown = f"{len(patterns)} mutants left alive last time" if recheck else " ".join(patterns)
    log = ROOT / "mutants" / f"mutmut-{module}.log"
    log.parent.mkdir(exist_ok=True)
    print(f"mutate: {module}: mutmut run --max-children {max_children} {shown} (output in {log.relative_to(ROOT)})",
          flush=True)
    with log.open("w", encoding="utf-8") as out:
        try:  # mutmut reports what stopped it (a failing first test run, a test that cannot be collected) on stdout
            code = subprocess.run(argv, cwd=ROOT, timeout=timeout, stdout=out, stderr=subprocess.STDOUT).returncode
        except subprocess.TimeoutExpired:
            print(f"mutate: {module}: stopped after {timeout}s; its table row counts what was checked",
                  file=sys.stderr)
            return 1
    if code:
        print(f"mutate: {module}: mutmut exited with {code}; the end of its output:\n{tail(log)}", file=sys.stderr)
    return code


def tail(log: Path, lines: int = 30) -> str:
    """The last lines of mutmut's output without its spinner's redrawn lines (``\\r``-separated)."""
    text = log.read_text(encoding="utf-8", errors="replace").replace("\r", "\n")
    kept = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith(SPINNER)]
    return "\n".join(kept[-lines:])


def table(rows: list[Row]) -> str:
    lines = ["| module | mutants | killed | equivalent | survived | score |", "|---|---:|---:|---:|---:|---:|"]
    for r in rows:
        score = "—" if r.score is None else f"{r.score:.1%}"
        unchecked = (" (none checked: mutmut did not run them)" if r.mutants and r.unchecked == r.mutants
                     else f" ({r.unchecked} not checked)" if r.unchecked else "")
        lines.append(f"| {r.module} | {r.mutants} | {r.killed} | {r.equivalent} | {len(r.survived)} | "
                     f"{score}{unchecked} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="mcf mutate", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("modules", nargs="*", metavar="MODULE",
                        help=f"one of {', '.join(MODULES)} (default: all)")
    parser.add_argument("--max-children", type=int, default=2, help="parallel test processes (default 2)")
    parser.add_argument("--timeout", type=int, default=1800, help="seconds per module (default 1800)")
    parser.add_argument("--table", action="store_true", help="print the last results; run nothing")
    parser.add_argument("--survivors", action="store_true", help="list the surviving mutants")
    parser.add_argument("--recheck", action="store_true",
                        help="run only the mutants the last run did not kill (after adding tests)")
    args = parser.parse_args(argv)
    modules = args.modules or list(MODULES)
    unknown = [m for m in modules if m not in MODULES]
    if unknown:
        parser.error(f"unknown module {', '.join(unknown)}; choose from {', '.join(MODULES)}")
    failed = 0
    if not args.table:
        for module in modules:
            failed |= run_module(module, args.max_children, args.timeout, args.recheck)
    known = equivalents()
    rows = [row(m, known) for m in modules]
    print(table(rows))
    for r in rows:
        for name in r.stale:
            print(f"stale in equivalent.toml ({r.module}): {name}", file=sys.stderr)
        if args.survivors:
            for name in r.survived:
                print(f"survived: {name}")
    below = [r.module for r in rows if r.module in TARGETED and r.score is not None and r.score < TARGET]
    if below:
        print(f"below {TARGET:.0%}: {', '.join(below)}", file=sys.stderr)
    return 1 if failed or below or any(r.stale for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
