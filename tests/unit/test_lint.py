"""`ruff check` is clean on src and tests (the rules in pyproject.toml's [tool.ruff]); ruff is pinned in the test
extra, so tooling/bootstrap installs it beside pytest."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _ruff() -> str:
    beside = Path(sys.executable).parent / "ruff"
    found = str(beside) if beside.exists() else shutil.which("ruff")
    assert found, "ruff is missing: it is in setup.cfg's test extra (rerun tooling/bootstrap)"
    return found


def test_ruff_finds_nothing_in_src_and_tests():
    out = subprocess.run([_ruff(), "check", "--no-cache", "--output-format", "concise", "src", "tests"], cwd=ROOT,
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stdout + out.stderr
