"""worker-profile's wire format: each domain event becomes worker.* integration events (and a notice).

Pure and exhaustive: a domain event without a mapping is a TypeError at commit. Every worker.* event carries the
whole non-personal snapshot (``WorkerData``: status, characteristics, rating, test score) and the worker's
``version``, so a reader can apply the newest and ignore a stale one whatever order they arrive in. No personal
data goes on ``mcf.events``; the one exception is the notice to the worker on ``mcf.notifications``, whose
purpose is delivering to the worker's address.
"""
from __future__ import annotations

from typing import Callable

from mcf.kit.events import Event, mapped, notification
from mcf.worker_profile.domain import (
    Worker,
    WorkerActivated,
    WorkerDeactivated,
    WorkerProfileChanged,
    WorkerRatingChanged,
    WorkerRegistered,
    WorkerStatus,
    WorkerSuspended,
)

SOURCE = "/mcf/worker-profile"
NOTICE_SOURCE = "worker-profile"
DEACTIVATED_TEMPLATE = "worker_profile.deactivated"
DEACTIVATION_REASONS = ("rating_below_threshold", "erased", "manager")


def integration_events(domain_event) -> list[Event]:
    return mapped(_MAPPINGS, domain_event, "worker-profile")


def snapshot(worker: Worker) -> dict:
    """What every worker.* event carries: the worker's non-personal facts at ``version``."""
    c = worker.characteristics
    return {
        "worker_id": worker.id, "version": worker.version, "status": worker.status.value,
        "active": worker.status is WorkerStatus.ACTIVE, "toy_categories": list(c.toy_categories),
        "districts": list(c.districts), "availability": [w.to_dict() for w in c.availability],
        "rating": worker.rating, "test_score": worker.test_score,
    }


def _event(kind: str, worker: Worker, **extra) -> Event:
    return Event(type=f"worker.{kind}", source=SOURCE, subject=worker.id, data={**snapshot(worker), **extra})


def reason_code(reason: str) -> str:
    return reason if reason in DEACTIVATION_REASONS else "manager"


def _deactivated(e: WorkerDeactivated) -> list[Event]:
    out = [_event("deactivated", e.worker, reason=reason_code(e.reason))]
    personal = e.worker.personal
    if personal is not None:  # an erased worker has no address left to write to
        out.append(notification(
            NOTICE_SOURCE, "deactivated", recipient={"id": e.worker.id, "role": "worker", "email": personal.email},
            template=DEACTIVATED_TEMPLATE, locale=e.worker.locale, subject=e.worker.id,
            data={"full_name": personal.full_name, "reason": reason_code(e.reason), "rating": e.worker.rating}))
    return out


_MAPPINGS: dict[type, Callable[[object], list[Event]]] = {
    WorkerRegistered: lambda e: [_event("registered", e.worker)],
    WorkerActivated: lambda e: [_event("activated", e.worker)],
    WorkerProfileChanged: lambda e: [_event("profile_changed", e.worker)],
    # A hold is a profile change for the readers: the snapshot says active false.
    WorkerSuspended: lambda e: [_event("profile_changed", e.worker)],
    WorkerRatingChanged: lambda e: [_event("rating_changed", e.worker, delta=e.change.delta,
                                           review_id=e.change.review_id)],
    WorkerDeactivated: _deactivated,
}
DOMAIN_EVENTS = tuple(_MAPPINGS)
