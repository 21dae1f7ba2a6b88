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

    @property
    def package(self) -> str:
        return "mcf." + self.name.replace("-", "_")


SERVICES: tuple[ServiceEntry, ...] = (
    ServiceEntry("client-dashboard", ("web", "workers")),
    ServiceEntry("order", ("web", "workers")),
    ServiceEntry("notification", ("web", "workers", "jobs"), job_queues=("notification.send",)),
    ServiceEntry("inventory", ("web", "workers", "jobs"), job_queues=("inventory.kits",)),
    ServiceEntry("fur-tune", ("workers",)),
    ServiceEntry("payment", ("web", "workers")),
    ServiceEntry("matching", ("web", "workers")),
    ServiceEntry("order-history", ("web", "workers")),
    ServiceEntry("order-report", ("web", "workers")),
    ServiceEntry("worker-profile", ("web", "workers")),
    ServiceEntry("worker-testing", ("web", "workers")),
    ServiceEntry("worker-dashboard", ("web",)),
    ServiceEntry("quality", ("web", "workers")),
)


def service(name: str) -> ServiceEntry:
    for entry in SERVICES:
        if entry.name == name:
            return entry
    raise KeyError(f"unknown service {name!r}; known: {', '.join(s.name for s in SERVICES)}")
