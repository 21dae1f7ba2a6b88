"""The Progressive Web App's files, served by worker-dashboard itself (plain HTML, CSS and JavaScript, no build).

The service worker is served from the root so its scope is the whole app; it and the page are never cached by
HTTP (``no-cache``: revalidated each time), so a new version reaches the phone the next time it is online. The
app shell's other files are versioned by the service worker's cache name.
"""
from __future__ import annotations

from pathlib import Path

from flask import Blueprint, send_from_directory

FILES = Path(__file__).resolve().parents[1] / "pwa"
SHELL = {"app.js": "text/javascript", "app.css": "text/css", "outbox.js": "text/javascript",
         "manifest.webmanifest": "application/manifest+json"}


def blueprint() -> Blueprint:
    # A plain Flask blueprint: these are files, not API operations, so they stay out of the OpenAPI document.
    blp = Blueprint("pwa", __name__)

    @blp.get("/")
    def index():
        return _file("index.html", "text/html")

    @blp.get("/sw.js")
    def service_worker():
        response = _file("sw.js", "text/javascript")
        response.headers["Service-Worker-Allowed"] = "/"
        return response

    @blp.get("/<any(" + ", ".join(f'"{name}"' for name in SHELL) + "):name>")
    def shell(name):
        return _file(name, SHELL[name])

    @blp.get("/icons/<name>")
    def icon(name):
        response = send_from_directory(FILES / "icons", name, mimetype="image/png", max_age=86400)
        return response

    return blp


def _file(name: str, mimetype: str):
    response = send_from_directory(FILES, name, mimetype=mimetype, max_age=0)
    response.headers["Cache-Control"] = "no-cache"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
