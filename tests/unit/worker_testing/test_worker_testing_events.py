"""worker-testing's events.py: every domain event has its mapping, an unknown one fails loudly, and the result
notice is raised by the attempt (the use case publishes nothing by hand)."""
import ast
import dataclasses
import inspect
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from mcf.kit.errors import Conflict
from mcf.worker_testing import domain, events, service
from mcf.worker_testing.domain import Attempt, AttemptCompleted, AttemptStatus, ResultNoticeDue

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=timezone.utc)


def completed() -> Attempt:
    return Attempt(id="a1", worker_id="w1", version_id="v1", test_id="t1", test_version=1, started_at=NOW,
                   deadline=NOW, status=AttemptStatus.COMPLETED, score=3, max_score=4, pass_mark=50, passed=True,
                   completed_at=NOW, version=2)


def test_every_domain_event_class_is_listed_and_mapped():
    declared = {cls for _, cls in inspect.getmembers(domain, inspect.isclass)
                if cls.__module__ == domain.__name__ and dataclasses.is_dataclass(cls)
                and {"attempt", "attempt_id"} & {f.name for f in dataclasses.fields(cls)}}
    assert declared == set(domain.DOMAIN_EVENTS) == {AttemptCompleted, ResultNoticeDue}
    assert set(domain.DOMAIN_EVENTS) == set(events._MAPPINGS)


def test_a_domain_event_without_a_mapping_is_an_error_not_silence():
    with pytest.raises(TypeError, match="no integration events"):
        events.integration_events(object())


def test_the_result_notice_on_the_wire_and_no_new_version():
    attempt = completed()
    attempt.notice_due("vasya@workers.example", "Vasya", "de")
    [event] = attempt.events
    assert isinstance(event, ResultNoticeDue) and attempt.version == 2 and event.attempt.events == []
    [notice] = events.integration_events(event)
    assert (notice.type, notice.exchange, notice.subject) == ("notification.worker-testing.completed",
                                                              "mcf.notifications", "w1")
    assert notice.data == {
        "recipient": {"id": "w1", "role": "worker", "email": "vasya@workers.example"},
        "template": "worker_testing.completed", "locale": "en",  # a locale we have no template for: English
        "data": {"attempt_id": "a1", "full_name": "Vasya", "score": 3, "max_score": 4, "pass_mark": 50,
                 "passed": True, "completed_at": "2026-11-27T12:00:00Z"}}


def test_an_attempt_not_completed_has_no_result_notice():
    attempt = dataclasses.replace(completed(), status=AttemptStatus.IN_PROGRESS)
    with pytest.raises(ValueError):
        attempt.notice_due("vasya@workers.example", "Vasya", "en")


def test_the_use_cases_write_nothing_to_the_outbox_themselves():
    tree = ast.parse(Path(inspect.getsourcefile(service)).read_text())
    assert "outbox" not in {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)}


def test_each_change_of_an_attempt_is_one_new_version_and_a_notice_is_none():
    from tests.unit.worker_testing.test_worker_testing_service import RIGHT, V1

    submitted = Attempt.start("w1", V1, NOW)
    assert submitted.version == 1
    submitted.submit(V1, RIGHT, NOW + timedelta(minutes=1))
    assert submitted.version == 2
    [completed_event] = submitted.events
    assert isinstance(completed_event, AttemptCompleted)
    submitted.notice_due("vasya@workers.example", "Vasya", "en")
    assert submitted.version == 2 and len(submitted.events) == 2

    overdue = Attempt.start("w2", V1, NOW)
    assert overdue.expire_if_overdue(NOW + timedelta(days=1)) and overdue.version == 2
    assert not overdue.expire_if_overdue(NOW + timedelta(days=2)) and overdue.version == 2

    late = Attempt.start("w3", V1, NOW)
    with pytest.raises(Conflict):
        late.submit(V1, RIGHT, NOW + timedelta(days=1))
    assert late.status is AttemptStatus.EXPIRED and late.version == 2 and late.events == []
