"""The AsyncAPI documents as AsyncAPI's own tooling reads them: the official parser (@asyncapi/parser 3.x, pinned in
tooling/contracts) must report no error. Our own document tests check what we rely on; this checks the standard."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VALIDATOR = ROOT / "tooling" / "contracts" / "validate.mjs"
DOCUMENTS = sorted((ROOT / "contracts" / "asyncapi").glob("*.yaml"))


def test_the_official_asyncapi_parser_accepts_every_document():
    node = shutil.which("node")
    assert node, "Node.js is needed for the official AsyncAPI parser (tooling/bootstrap installs it)"
    assert (VALIDATOR.parent / "node_modules" / "@asyncapi" / "parser").is_dir(), \
        "the AsyncAPI parser is not installed: run tooling/bootstrap"
    assert len(DOCUMENTS) >= 2
    result = subprocess.run([node, str(VALIDATOR), *map(str, DOCUMENTS)], capture_output=True, text=True,
                            timeout=120, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    for document in DOCUMENTS:
        assert f"{document}: 0 errors" in result.stdout
