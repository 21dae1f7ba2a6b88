"""The catalogue of MCF's services on this branch: their packages and the processes each one runs.

Process kinds: ``web`` (gunicorn serving ``<package>.app:create_app()``), ``workers`` (outbox relay, consumers
and sweepers from ``<package>.app.workers()``), ``jobs`` (dramatiq workers for ``<package>.actors``).
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ServiceEntry:
    name: str
    processes: tuple[str, ...]
    job_queues: tuple[str, ...] = ()
    # The services it calls over HTTP (``ServiceClient``): it relays their problems, so its contract lists them
    # (mcf.kit.problem_scope, docs/adr/0176); tests/unit/test_problem_scope.py holds this to the code.
    calls: tuple[str, ...] = ()

    @property
    def package(self) -> str:
        return "mcf." + self.name.replace("-", "_")


SERVICES: tuple[ServiceEntry, ...] = (
    ServiceEntry("client-dashboard", ("web", "workers"), calls=("order", "payment", "order-report")),
    ServiceEntry("order", ("web", "workers"), calls=("matching", "client-dashboard")),
    ServiceEntry("notification", ("web", "workers", "jobs"), job_queues=("notification.send",)),
    ServiceEntry("inventory", ("web", "workers", "jobs"), job_queues=("inventory.kits",)),
    ServiceEntry("fur-tune", ("workers",)),
    ServiceEntry("payment", ("web", "workers"), calls=("order",)),
    ServiceEntry("matching", ("web", "workers")),
    ServiceEntry("order-history", ("web", "workers"), calls=("order",)),
    ServiceEntry("order-report", ("web", "workers"), calls=("order",)),
    ServiceEntry("worker-profile", ("web", "workers")),
    ServiceEntry("worker-testing", ("web", "workers"), calls=("worker-profile",)),
    ServiceEntry("worker-dashboard", ("web",), calls=("order", "order-history", "worker-profile", "order-report")),
    ServiceEntry("quality", ("web", "workers"), calls=("order-history", "order-report", "worker-profile")),
)


def service(name: str) -> ServiceEntry:
    for entry in SERVICES:
        if entry.name == name:
            return entry
    raise KeyError(f"unknown service {name!r}; known: {', '.join(s.name for s in SERVICES)}")
