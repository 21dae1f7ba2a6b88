"""worker-testing's attempts on PostgreSQL, on the kit's repository base: an attempt is written back only at the
version it was read at (migration 0002), and what it raised reaches the outbox with the commit only."""
import uuid
from datetime import datetime, timedelta, timezone

import pytest

from mcf.kit.errors import ConcurrentUpdate
from mcf.worker_testing.adapters.storage import WorkerTestingUnitOfWork
from mcf.worker_testing.domain import Answer, Attempt
from tests.integration.worker_testing.conftest import active_version

NOW = datetime.now(timezone.utc)


def started(pg):
    _, version_id = active_version(pg)
    with pg.connection_context(), WorkerTestingUnitOfWork(pg) as uow:
        version = uow.versions.get(version_id)
        attempt = Attempt.start(str(uuid.uuid4()), version, NOW)
        assert uow.attempts.add_if_new(attempt)
    return attempt, version


def outbox_types(pg, worker_id):
    with pg.connection_context():
        return sorted(key for key, in pg.execute_sql(
            "SELECT routing_key FROM outbox WHERE convert_from(body, 'UTF8') LIKE %s", (f"%{worker_id}%",)))


def answers(version):
    return [Answer(q.id, frozenset({q.options[0].id}), 1000) for q in version.questions]


def test_an_attempt_changed_since_it_was_read_is_not_written_and_publishes_nothing(clean):
    _, pg = clean
    attempt, version = started(pg)
    with pg.connection_context():
        with pytest.raises(ConcurrentUpdate), WorkerTestingUnitOfWork(pg) as uow:
            stale = uow.attempts.get(attempt.id)
            pg.execute_sql("UPDATE attempts SET version = version + 1 WHERE id = %s", (attempt.id,))
            stale.submit(version, answers(version), NOW + timedelta(minutes=1))
            uow.attempts.save(stale)
        assert pg.execute_sql("SELECT status, version FROM attempts WHERE id = %s",
                              (attempt.id,)).fetchall() == [("in_progress", 1)]
    assert outbox_types(pg, attempt.worker_id) == []


def test_a_submission_and_the_result_notice_reach_the_outbox_on_commit(clean):
    _, pg = clean
    attempt, version = started(pg)
    with pg.connection_context():
        with WorkerTestingUnitOfWork(pg) as uow:
            current = uow.attempts.get_for_update(attempt.id)
            current.submit(version, answers(version), NOW + timedelta(minutes=1))
            uow.attempts.save(current)
        with WorkerTestingUnitOfWork(pg) as uow:
            [due] = uow.follow_ups.unnotified(10, NOW + timedelta(minutes=2))
            due.notice_due("vasya@workers.example", "Vasya", "ru")
            uow.attempts.save(due)
            uow.follow_ups.mark_notified(due.id, NOW)
        assert pg.execute_sql("SELECT status, version FROM attempts WHERE id = %s",
                              (attempt.id,)).fetchall() == [("completed", 2)]
    assert outbox_types(pg, attempt.worker_id) == ["notification.worker-testing.completed", "worker.test_completed"]
