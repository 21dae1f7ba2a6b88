"""Domain events of worker-testing to integration events (the wire format lives here, not in service.py)."""
from __future__ import annotations

from mcf.kit.events import Event, notification
from mcf.kit.values import iso_utc
from mcf.worker_testing.domain import Attempt, AttemptCompleted
from mcf.worker_testing.ports import Contact

SOURCE = "/mcf/worker-testing"
NOTICE_SOURCE = "worker-testing"
NOTICE_TEMPLATE = "worker_testing.completed"


def integration_events(event: object) -> list[Event]:
    """Every domain event maps to its integration events; an unknown one is a programming error."""
    if isinstance(event, AttemptCompleted):
        return [Event(type="worker.test_completed", source=SOURCE, subject=event.worker_id, data={
            "attempt_id": event.attempt_id, "worker_id": event.worker_id, "test_id": event.test_id,
            "test_version": event.test_version, "score": event.score, "max_score": event.max_score,
            "pass_mark": event.pass_mark, "passed": event.passed, "completed_at": iso_utc(event.completed_at)})]
    raise TypeError(f"no integration event for {type(event).__name__}")


def completion_notice(attempt: Attempt, contact: Contact) -> Event:
    """The candidate's e-mail about the result (carries the address: delivering to it is its purpose)."""
    return notification(
        NOTICE_SOURCE, "completed",
        recipient={"id": attempt.worker_id, "role": "worker", "email": contact.email},
        template=NOTICE_TEMPLATE, locale=contact.locale if contact.locale in ("en", "ru") else "en",
        subject=attempt.worker_id,
        data={"attempt_id": attempt.id, "full_name": contact.full_name, "score": attempt.score,
              "max_score": attempt.max_score, "pass_mark": attempt.pass_mark, "passed": bool(attempt.passed),
              "completed_at": iso_utc(attempt.completed_at)})
