"""The candidates' REST API (role ``worker``; the subject is the worker id) and the managers' statistics (role
``manager``). Routes turn a request into a use-case call and a result into a response; nothing more."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Callable

import marshmallow as ma
from flask.views import MethodView
from flask_smorest import Blueprint

# Every token check of this service goes through these two names (the kit's auth is about to change, issue 15).
from mcf.kit.auth import current_principal, requires
from mcf.kit.http import each, links, problem_responses
from mcf.worker_testing import service
from mcf.worker_testing.domain import Answer, Attempt, AttemptStatus, RetakePolicy, TestVersion
from mcf.worker_testing.ports import AnswerStore, UnitOfWork


@dataclass(frozen=True)
class Dependencies:
    uow: Callable[[], UnitOfWork]
    answers: Callable[[], AnswerStore]
    policy: RetakePolicy
    clock: Callable[[], datetime]


class OptionSchema(ma.Schema):
    option_id = ma.fields.String(required=True)
    text = ma.fields.String(required=True)


class QuestionSchema(ma.Schema):
    question_id = ma.fields.UUID(required=True)
    position = ma.fields.Integer(required=True)
    text = ma.fields.String(required=True)
    kind = ma.fields.String(required=True, validate=ma.validate.OneOf(["single", "multiple"]),
                            metadata={"description": "single: choose one option; multiple: choose every correct one"})
    weight = ma.fields.Integer(required=True)
    options = ma.fields.List(ma.fields.Nested(OptionSchema), required=True)


class ResultSchema(ma.Schema):
    score = ma.fields.Integer(required=True)
    max_score = ma.fields.Integer(required=True)
    pass_mark = ma.fields.Integer(required=True, metadata={"description": "percent of max_score needed to pass"})
    passed = ma.fields.Boolean(required=True)
    completed_at = ma.fields.DateTime(required=True)


class AttemptSchema(ma.Schema):
    attempt_id = ma.fields.UUID(required=True)
    worker_id = ma.fields.UUID(required=True)
    test_id = ma.fields.UUID(required=True)
    test_version = ma.fields.Integer(required=True)
    title = ma.fields.String(required=True)
    status = ma.fields.String(required=True, validate=ma.validate.OneOf([s.value for s in AttemptStatus]))
    started_at = ma.fields.DateTime(required=True)
    deadline = ma.fields.DateTime(required=True, metadata={"description": "submit by then (a few seconds' grace)"})
    time_limit_seconds = ma.fields.Integer(required=True)
    questions = ma.fields.List(ma.fields.Nested(QuestionSchema), required=True,
                               metadata={"description": "without the correct answers"})
    result = ma.fields.Nested(ResultSchema, allow_none=True, required=True,
                              metadata={"description": "null until the attempt is completed"})


class AnswerInSchema(ma.Schema):
    question_id = ma.fields.UUID(required=True)
    option_ids = ma.fields.List(ma.fields.String(validate=ma.validate.Length(min=1, max=10)), required=True,
                                validate=ma.validate.Length(max=50))
    time_spent_ms = ma.fields.Integer(load_default=0, validate=ma.validate.Range(min=0, max=4 * 3600 * 1000),
                                      metadata={"description": "time the candidate spent on the question"})


class SubmissionSchema(ma.Schema):
    answers = ma.fields.List(ma.fields.Nested(AnswerInSchema), required=True, validate=ma.validate.Length(max=500))


class StatisticsQuestionSchema(ma.Schema):
    question_id = ma.fields.UUID(required=True)
    position = ma.fields.Integer(required=True)
    text = ma.fields.String(required=True)
    weight = ma.fields.Integer(required=True)
    answers = ma.fields.Integer(required=True)
    share_correct = ma.fields.Float(required=True, allow_none=True, metadata={"description": "0..1; null if none"})
    median_time_ms = ma.fields.Float(required=True, allow_none=True)


class StatisticsSchema(ma.Schema):
    test_id = ma.fields.UUID(required=True)
    test_version = ma.fields.Integer(required=True)
    title = ma.fields.String(required=True)
    questions = ma.fields.List(ma.fields.Nested(StatisticsQuestionSchema), required=True)


def present_attempt(attempt: Attempt, version: TestVersion) -> dict:
    result = None
    if attempt.status is AttemptStatus.COMPLETED:
        result = {"score": attempt.score, "max_score": attempt.max_score, "pass_mark": attempt.pass_mark,
                  "passed": attempt.passed, "completed_at": attempt.completed_at}
    return {"attempt_id": attempt.id, "worker_id": attempt.worker_id, "test_id": attempt.test_id,
            "test_version": attempt.test_version, "title": version.title, "status": attempt.status.value,
            "started_at": attempt.started_at, "deadline": attempt.deadline,
            "time_limit_seconds": version.time_limit_seconds, "result": result,
            "questions": [{"question_id": q.id, "position": q.position, "text": q.text, "kind": q.kind.value,
                           "weight": q.weight, "options": [{"option_id": o.id, "text": o.text} for o in q.options]}
                          for q in version.questions]}


def blueprints(deps: Dependencies) -> list[Blueprint]:
    attempts = Blueprint("attempts", __name__, url_prefix="/attempts",
                         description="A candidate's attempts at the active onboarding test")
    statistics = Blueprint("statistics", __name__, url_prefix="/tests",
                           description="Per-question statistics for managers (from ClickHouse)")

    @attempts.route("")
    class Attempts(MethodView):
        OPERATION_IDS = {"post": "startAttempt"}

        @requires("worker")
        @attempts.response(201, AttemptSchema)
        @attempts.doc(**links(201, **each({"attempt_id": "$response.body#/attempt_id"}, "getAttempt", "submitAnswers")))
        @attempts.alt_response(200, schema=AttemptSchema, description="The attempt still open, resumed")
        @problem_responses(attempts, 401, 403, 404, 409, descriptions={
            404: "No test is active",
            409: "Passed already, or within the cool-down"})
        def post(self):
            """Start an attempt at the active test (questions without their answers), or resume the open one."""
            attempt, version, created = service.start_attempt(deps.uow(), current_principal().subject,
                                                              deps.policy, deps.clock())
            return present_attempt(attempt, version), 201 if created else 200

    @attempts.route("/<uuid:attempt_id>")
    class OneAttempt(MethodView):
        OPERATION_IDS = {"get": "getAttempt"}

        @requires("worker", "manager")
        @attempts.response(200, AttemptSchema)
        @problem_responses(attempts, 401, 403, 404)
        def get(self, attempt_id):
            """An attempt and, once completed, its score. A worker sees only its own."""
            principal = current_principal()
            attempt, version = service.get_attempt(deps.uow(), str(attempt_id), principal.subject, principal.role,
                                                   deps.clock())
            return present_attempt(attempt, version)

    @attempts.route("/<uuid:attempt_id>/submission")
    class Submission(MethodView):
        OPERATION_IDS = {"post": "submitAnswers"}

        @requires("worker")
        @attempts.arguments(SubmissionSchema, example={"answers": [
            {"question_id": "00000000-0000-4000-8000-000000000051", "option_ids": ["b"], "time_spent_ms": 12000}]})
        @attempts.response(200, AttemptSchema)
        @problem_responses(attempts, 401, 403, 404, 409, 422, descriptions={409: "Too late, or submitted already"})
        def post(self, body, attempt_id):
            """Submit the answers within the time limit; the response carries the score."""
            answers = [Answer(str(a["question_id"]), frozenset(a["option_ids"]), a["time_spent_ms"])
                       for a in body["answers"]]
            attempt, version = service.submit_answers(deps.uow(), str(attempt_id), current_principal().subject,
                                                      answers, deps.clock())
            return present_attempt(attempt, version)

    @statistics.route("/<uuid:test_id>/versions/<int:number>/statistics")
    class Statistics(MethodView):
        OPERATION_IDS = {"get": "getVersionStatistics"}

        @requires("manager")
        @statistics.response(200, StatisticsSchema)
        @problem_responses(statistics, 401, 403, 404)
        def get(self, test_id, number):
            """For each question of a version: answers, share answered correctly, median time spent."""
            version, reports = service.question_statistics(deps.uow(), deps.answers(), str(test_id), number)
            return {"test_id": version.test_id, "test_version": version.number, "title": version.title,
                    "questions": [vars(r) for r in reports]}

    return [attempts, statistics]

