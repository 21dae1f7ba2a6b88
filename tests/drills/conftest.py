"""Drills: the whole system as N replicas under failure, outside the default run (`mcf drill`).

They start `mcf up --replicas 2` (about 46 processes), which holds more PostgreSQL connections than a server with
Debian's default `max_connections = 100` can give while other suites share it: run them on a machine of their own
or with `max_connections` of 200 or more (docs/deploy.md).
"""
from tests.e2e.conftest import _servers  # noqa: F401 - the e2e vhost, declared for the drills too
