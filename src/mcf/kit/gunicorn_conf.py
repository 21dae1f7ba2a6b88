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


def on_starting(server) -> None:
    """Under `mcf up --replicas N` the web replicas share their port (``--reuse-port``) and the kernel hands each new
    connection to any replica listening on it, booted or not: a replica (re)starting under load held requests in its
    backlog for its worker's whole boot, past a caller's timeout (a 503 of the BFF). With
    ``MCF_WEB_IMPORT_BEFORE_BIND`` (the supervisor sets it for N > 1) the master imports the app's modules before
    it binds (this hook runs first), so the replica joins the port only with the slow part of a boot done; the app
    itself is still built in each worker (no connection or thread crosses the fork). ADR 0183."""
    if os.environ.get("MCF_WEB_IMPORT_BEFORE_BIND") and getattr(server.app, "app_uri", None):
        import importlib

        importlib.import_module(server.app.app_uri.partition(":")[0])
