"""Run by test_tracing.py in a process of its own: tracing on (an in-memory exporter), then pika, pymongo and
clickhouse-driver imported only afterwards; prints which were imported at configure time and which are
instrumented once imported (JSON)."""
from __future__ import annotations

import json
import sys

from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from mcf.kit import tracing

LIBRARIES = ("pika", "pymongo", "clickhouse_driver")


def main(_unused: int = 0) -> int:
    assert tracing.configure("probe", exporter=InMemorySpanExporter())
    before = {name: name in sys.modules for name in LIBRARIES}
    import clickhouse_driver
    import pika  # noqa: F401
    import pymongo  # noqa: F401
    from opentelemetry.instrumentation.pika import PikaInstrumentor
    from opentelemetry.instrumentation.pymongo import PymongoInstrumentor

    print(json.dumps({"imported_at_configure": before, "instrumented": {
        "pika": PikaInstrumentor().is_instrumented_by_opentelemetry,
        "pymongo": PymongoInstrumentor().is_instrumented_by_opentelemetry,
        "clickhouse_driver": getattr(clickhouse_driver.Client.execute, "_mcf_traced", False)}}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
