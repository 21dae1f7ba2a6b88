"""`mcf docs` builds the contracts' static reference from the committed documents (issue 17): a Redocly page per
OpenAPI document, naming each of its operations, the AsyncAPI documents, and an index linking them all."""
from __future__ import annotations

from pathlib import Path

import yaml

from mcf.stack.docs import CONTRACTS, build


def test_the_reference_builds_with_a_page_per_document(tmp_path: Path):
    out = tmp_path / "docs"
    pages = build(out)
    index = (out / "index.html").read_text()
    assert pages[-1] == out / "index.html"
    for document in sorted((CONTRACTS / "openapi").glob("*.yaml")):
        page = out / "openapi" / f"{document.stem}.html"
        assert f'href="openapi/{page.name}"' in index
        text = page.read_text()
        spec = yaml.safe_load(document.read_text())
        assert spec["info"]["title"] in text
        for item in spec["paths"].values():
            for operation in item.values():
                if isinstance(operation, dict) and "operationId" in operation:
                    assert operation["operationId"] in text, f"{page.name} lacks {operation['operationId']}"
    for document in sorted((CONTRACTS / "asyncapi").glob("*.yaml")):
        assert (out / "asyncapi" / document.name).read_text() == document.read_text()
        assert f'href="asyncapi/{document.name}"' in index
