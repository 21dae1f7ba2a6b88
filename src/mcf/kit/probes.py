"""``/health`` and ``/ready`` for processes that serve no HTTP (workers, dramatiq jobs), for Kubernetes probes.

A tiny standard-library server in a daemon thread on ``MCF_PROBE_PORT`` (off when 0, as in a local run):
``/health`` is 200 while the process's workers are all running, ``/ready`` is 200 while they are also ready
(a consumer is ready once it consumes). Anything else is 404; every answer is a small JSON object.
"""
from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable

from mcf.kit.logging import get_logger

log = get_logger(__name__)


def serve_probes(port: int, *, alive: Callable[[], bool], ready: Callable[[], bool],
                 host: str = "0.0.0.0",
                 routes: dict[str, Callable[[], tuple[int, str, bytes]]] | None = None) -> ThreadingHTTPServer | None:
    """Start the probe server (None when ``port`` is 0 or already taken: the probes then fail, visibly).
    ``routes`` adds paths answered by a callable giving (status, content type, body), e.g. ``/metrics``."""
    if not port:
        return None
    checks = {"/health": alive, "/ready": ready}
    extra = dict(routes or {})

    class Probe(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the http.server API
            path = self.path.split("?", 1)[0]
            if path in extra:
                status, content_type, data = extra[path]()
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
                return
            check = checks.get(path)
            if check is None:
                status, body = 404, {"status": "not found"}
            else:
                try:
                    ok = bool(check())
                except Exception:  # noqa: BLE001 - a check that raises answers "not ok"
                    ok = False
                status, body = (200, {"status": "ok"}) if ok else (503, {"status": "down"})
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *_args):  # probes every few seconds would flood the log
            pass

    try:
        server = ThreadingHTTPServer((host, port), Probe)
    except OSError as exc:
        log.warning("probe port unavailable; probes will fail", port=port, error=str(exc))
        return None
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, name="probes", daemon=True).start()
    return server
