"""``mcf docs``: the contracts as a static reference in one folder (``build/docs`` by default): each OpenAPI
document rendered by Redocly's ``build-docs``, each AsyncAPI document by the official AsyncAPI generator with its
html-template (docs/adr/0172; both pinned in tooling/contracts, the pages prerendered, each one file), the AsyncAPI
YAML beside its page, and an index. Every service still serves its own Swagger UI at ``/docs``."""
from __future__ import annotations

import html
import os
import shutil
import subprocess
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[3]
CONTRACTS = ROOT / "contracts"
TOOLS = ROOT / "tooling" / "contracts"
QUIET = {"REDOCLY_TELEMETRY": "off", "REDOCLY_SUPPRESS_UPDATE_NOTICE": "true", "NO_COLOR": "1"}


class DocsFailed(RuntimeError):
    pass


def _redocly() -> Path:
    path = TOOLS / "node_modules" / ".bin" / "redocly"
    if not path.exists():
        raise DocsFailed(f"{path.relative_to(ROOT)} is missing: run tooling/bootstrap (npm ci in tooling/contracts)")
    return path


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        raise DocsFailed("node is missing: run tooling/bootstrap (it installs Debian's nodejs)")
    return node


def _link(href: str, text: str) -> str:
    return f'<a href="{html.escape(href)}">{html.escape(text)}</a>'


def build(out: Path, contracts: Path = CONTRACTS) -> list[Path]:
    """Write the reference into ``out`` (emptied first); returns the pages written, the index last."""
    shutil.rmtree(out, ignore_errors=True)
    (out / "openapi").mkdir(parents=True)
    (out / "asyncapi").mkdir()
    pages, rows = [], []
    documents = sorted((contracts / "openapi").glob("*.yaml"))
    # One build-docs per document (it renders one API), all at once: each is mostly Node starting up.
    running = [(document, out / "openapi" / f"{document.stem}.html") for document in documents]
    events = sorted((contracts / "asyncapi").glob("*.yaml"))
    # The AsyncAPI pages in one Node process meanwhile (tooling/contracts/asyncapi-html.mjs).
    asyncapi = subprocess.Popen([_node(), TOOLS / "asyncapi-html.mjs", out / "asyncapi", *events],
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=TOOLS,
                                env={**os.environ, **QUIET})
    processes = [subprocess.Popen([_redocly(), "build-docs", document, "--output", page], stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT, text=True, env={**os.environ, **QUIET})
                 for document, page in running]
    for (document, page), process in zip(running, processes, strict=True):
        output, _ = process.communicate(timeout=300)
        if process.returncode != 0 or not page.exists():
            raise DocsFailed(f"redocly build-docs {document.name}:\n{output}")
        info = yaml.safe_load(document.read_text())["info"]
        rows.append(("OpenAPI", f"openapi/{page.name}", info["title"], info.get("version", ""), None))
        pages.append(page)
    output, _ = asyncapi.communicate(timeout=600)
    if asyncapi.returncode != 0:
        raise DocsFailed(f"the AsyncAPI generator (asyncapi-html.mjs):\n{output}")
    for document in events:
        page = out / "asyncapi" / f"{document.stem}.html"
        if not page.exists():
            raise DocsFailed(f"the AsyncAPI generator wrote no {page.name}:\n{output}")
        copy = out / "asyncapi" / document.name
        shutil.copyfile(document, copy)
        info = yaml.safe_load(document.read_text())["info"]
        rows.append(("AsyncAPI", f"asyncapi/{page.name}", info["title"], info.get("version", ""),
                     f"asyncapi/{copy.name}"))
        pages += [page, copy]
    index = out / "index.html"
    items = "\n".join(f"<tr><td>{kind}</td><td>{_link(href, title)}</td><td>{html.escape(str(version))}</td>"
                      f"<td>{_link(source, 'YAML') if source else ''}</td></tr>"
                      for kind, href, title, version, source in rows)
    index.write_text(f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>MCF contracts</title></head>
<body><h1>MCF contracts</h1>
<p>The HTTP APIs (OpenAPI, rendered by Redocly) and the message contracts (AsyncAPI) of MCF's services,
built by <code>mcf docs</code> from <code>contracts/</code>.</p>
<table><thead><tr><th>kind</th><th>document</th><th>version</th><th>source</th></tr></thead>
<tbody>
{items}
</tbody></table></body></html>
""")
    pages.append(index)
    return pages
