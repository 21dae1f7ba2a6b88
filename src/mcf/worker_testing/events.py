"""worker-testing's wire format: what each domain event becomes on ``mcf.events`` and as notification requests.

Pure and exhaustive: every class in ``domain.DOMAIN_EVENTS`` has a mapping (a unit test checks it), and one without
a mapping is a TypeError at commit. The unit of work writes what this returns to the outbox when it commits; no
use case publishes by hand.
"""
from __future__ import annotations

from typing import Callable

from mcf.kit.events import Event, mapped, notification
from mcf.kit.values import iso_utc
from mcf.worker_testing.domain import AttemptCompleted, ResultNoticeDue

SOURCE = "/mcf/worker-testing"
NOTICE_SOURCE = "worker-testing"
NOTICE_TEMPLATE = "worker_testing.completed"


def integration_events(domain_event: object) -> list[Event]:
    """What one domain event of worker-testing becomes on the wire."""
    return mapped(_MAPPINGS, domain_event, "worker-testing")


def _completed(event: AttemptCompleted) -> list[Event]:
    return [Event(type="worker.test_completed", source=SOURCE, subject=event.worker_id, data={
        "attempt_id": event.attempt_id, "worker_id": event.worker_id, "test_id": event.test_id,
        "test_version": event.test_version, "score": event.score, "max_score": event.max_score,
        "pass_mark": event.pass_mark, "passed": event.passed, "completed_at": iso_utc(event.completed_at)})]


def _notice(event: ResultNoticeDue) -> list[Event]:
    """The candidate's e-mail about the result (carries the address: delivering to it is its purpose)."""
    attempt = event.attempt
    return [notification(
        NOTICE_SOURCE, "completed",
        recipient={"id": attempt.worker_id, "role": "worker", "email": event.email},
        template=NOTICE_TEMPLATE, locale=event.locale if event.locale in ("en", "ru") else "en",
        subject=attempt.worker_id,
        data={"attempt_id": attempt.id, "full_name": event.full_name, "score": attempt.score,
              "max_score": attempt.max_score, "pass_mark": attempt.pass_mark, "passed": bool(attempt.passed),
              "completed_at": iso_utc(attempt.completed_at)})]


_MAPPINGS: dict[type, Callable[..., list[Event]]] = {AttemptCompleted: _completed, ResultNoticeDue: _notice}
