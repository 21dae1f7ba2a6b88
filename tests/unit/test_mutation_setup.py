"""`mcf mutate`'s setup (tests/mutation/run.py, setup.cfg's [mutmut]): mutmut's first run over tests/unit (with -x) has
to pass in its copy of the project, where the sources hold its trampolines, or it checks no mutant at all."""
from __future__ import annotations

import configparser
from pathlib import Path

from tests.mutation import run

ROOT = Path(__file__).resolve().parents[2]


def test_mutmut_leaves_out_the_ruff_test_which_its_mutated_copy_fails():
    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg")
    assert "--ignore=tests/unit/test_lint.py" in config.get("mutmut", "pytest_add_cli_args").split()


def test_a_module_whose_mutants_were_never_checked_has_no_score():
    unchecked = run.Row("pricing", mutants=157, killed=0, equivalent=0, survived=[], unchecked=157, stale=[])
    assert unchecked.score is None
    assert "none checked" in run.table([unchecked])


def test_the_score_leaves_out_the_equivalent_and_the_unchecked():
    # 100 mutants, 10 not checked, 2 equivalent: 88 could be killed, 80 were
    assert run.Row("order", 100, 80, 2, ["x"] * 8, 10, []).score == 80 / 88
