"""Run by test_tracing.py in a process of its own: tracing on (an in-memory exporter), a ServiceClient calling a
small local HTTP server inside a span, once answered 200 and once 503; prints the finished spans and the
``traceparent`` headers the server received (JSON)."""
from __future__ import annotations

import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from mcf.kit import tracing
from mcf.kit.auth import ServiceCredentials
from mcf.kit.config import Settings
from mcf.kit.errors import Unavailable
from mcf.kit.service_client import ServiceClient

received: list[str | None] = []


class Answer(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - http.server's name
        received.append(self.headers.get("traceparent"))
        status = 503 if self.path == "/down" else 200
        body = b"{}"
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_args):
        pass


def main(_unused: int = 0) -> int:
    exporter = InMemorySpanExporter()
    assert tracing.configure("probe", exporter=exporter)
    server = ThreadingHTTPServer(("127.0.0.1", 0), Answer)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    client = ServiceClient("other", f"http://127.0.0.1:{server.server_address[1]}",
                           ServiceCredentials(Settings(), caller="probe"))
    with tracing.span("outer"):
        client.call("GET", "/things")
        try:
            client.call("GET", "/down")
        except Unavailable:
            pass
    client.call("GET", "/no-parent")  # a root client span: no trace
    server.shutdown()
    print(json.dumps({"spans": [tracing.span_record(s, "probe") for s in exporter.get_finished_spans()],
                      "received": received}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
