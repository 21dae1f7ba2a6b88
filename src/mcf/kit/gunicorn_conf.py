"""gunicorn's configuration hooks for ``mcf serve <service> web`` (``--config python:mcf.kit.gunicorn_conf``).

Only hooks live here (gunicorn reads every module-level name that matches one of its settings): a worker that
exits is marked dead in prometheus-client's multiprocess directory, so its live gauges drop out of ``/metrics``
(its counters stay: they are what it did). See docs/adr/0165-metrics-per-process-exposition.md.
"""
from __future__ import annotations

import os


def child_exit(server, worker) -> None:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
