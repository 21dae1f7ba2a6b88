"""`mcf docs` builds the contracts' static reference from the committed documents (issue 17, docs/adr/0172): a
Redocly page per OpenAPI document naming each of its operations, a page per AsyncAPI document rendered by the
official AsyncAPI generator (html-template) naming each of its operations and channels, the AsyncAPI YAML beside it,
and an index linking them all."""
from __future__ import annotations

import html
from pathlib import Path

import pytest
import yaml

from mcf.stack.docs import CONTRACTS, build


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, list[Path]]:
    out = tmp_path_factory.mktemp("reference") / "docs"
    return out, build(out)


def test_the_index_comes_last_and_links_every_page(built):
    out, pages = built
    index = (out / "index.html").read_text()
    assert pages[-1] == out / "index.html"
    for page in pages[:-1]:
        assert f'href="{page.relative_to(out)}"' in index, f"the index lacks {page.relative_to(out)}"


def test_each_openapi_document_has_a_redocly_page_with_every_operation(built):
    out, _ = built
    for document in sorted((CONTRACTS / "openapi").glob("*.yaml")):
        page = out / "openapi" / f"{document.stem}.html"
        text = page.read_text()
        spec = yaml.safe_load(document.read_text())
        assert spec["info"]["title"] in text
        for item in spec["paths"].values():
            for operation in item.values():
                if isinstance(operation, dict) and "operationId" in operation:
                    assert operation["operationId"] in text, f"{page.name} lacks {operation['operationId']}"


def test_each_asyncapi_document_has_a_generated_page_with_every_operation_channel_and_message(built):
    out, _ = built
    for document in sorted((CONTRACTS / "asyncapi").glob("*.yaml")):
        page = out / "asyncapi" / f"{document.stem}.html"
        text = page.read_text()
        spec = yaml.safe_load(document.read_text())
        # html-template's page, one file (scripts and styles inside), prerendered: the names are in the markup of
        # its root element, readable without JavaScript (not only in the document the page embeds for its script).
        assert text.startswith("<!DOCTYPE html>") and "<script src=" not in text
        start = text.index('<div id="root">')
        markup = html.unescape(text[start:text.index("<script", start)])
        assert spec["info"]["title"] in markup
        names = [*spec.get("operations", {}), *(channel["address"] for channel in spec.get("channels", {}).values()),
                 *spec.get("components", {}).get("messages", {})]
        missing = [name for name in names if name not in markup]
        assert not missing, f"{page.name} lacks {missing}"
        assert (out / "asyncapi" / document.name).read_text() == document.read_text()
