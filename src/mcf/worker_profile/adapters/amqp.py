"""The consumer side of worker-profile: ``worker.test_completed`` (worker-testing) becomes a test result.

The kit's Consumer runs the handler in its transaction with the inbox record (a redelivery is skipped there; the
attempt id is the test result's key as well) and dead-letters what raises Rejected: a payload that fails its
schema, or an attempt of a worker worker-profile does not know.
"""
from __future__ import annotations

from datetime import datetime
from typing import Callable

import marshmallow as ma

from mcf.kit.events import Event, utcnow
from mcf.kit.logging import get_logger
from mcf.kit.messaging import Handler, Rejected
from mcf.kit.payloads import Tolerant, load
from mcf.worker_profile import service
from mcf.worker_profile.domain import TestResult
from mcf.worker_profile.ports import UnitOfWork

log = get_logger(__name__)


class TestCompleted(Tolerant):
    __test__ = False
    attempt_id = ma.fields.UUID(required=True)
    worker_id = ma.fields.UUID(required=True)
    test_id = ma.fields.UUID(required=True)
    test_version = ma.fields.Integer(required=True, strict=True, validate=ma.validate.Range(min=1))
    score = ma.fields.Integer(required=True, strict=True, validate=ma.validate.Range(min=0))
    max_score = ma.fields.Integer(required=True, strict=True, validate=ma.validate.Range(min=1))
    pass_mark = ma.fields.Integer(required=True, strict=True, validate=ma.validate.Range(0, 100))
    passed = ma.fields.Boolean(required=True)
    completed_at = ma.fields.AwareDateTime(required=True)


def inbox_handler(uow_factory: Callable[[], UnitOfWork], *, clock: Callable[[], datetime] = utcnow) -> Handler:
    """The Consumer handler for queue ``worker-profile.inbox`` (worker.test_completed)."""

    def handle(event: Event):
        if event.type != "worker.test_completed":
            log.info("event ignored", type=event.type, event_id=event.id)
            return None
        d = load(TestCompleted, event)
        result = TestResult(str(d["attempt_id"]), str(d["test_id"]), d["test_version"], d["score"],
                            d["max_score"], d["pass_mark"], d["passed"], d["completed_at"])
        try:
            service.record_test_result(uow_factory(), str(d["worker_id"]), result, clock())
        except service.UnknownWorker as exc:
            raise Rejected(f"{event.type}: {exc.detail}") from None
        return None

    return handle
