"""matching's HTTP adapter: POST /matches, POST /quotes, GET /candidates/{worker_id}."""
from __future__ import annotations

from typing import Callable

import marshmallow as ma
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import validate

from mcf.kit.auth import requires
from mcf.kit.http import UtcDateTime, problem_responses
from mcf.matching import service
from mcf.matching.domain import DURATION_STEP, MAX_DURATION, MIN_DURATION, TOY_CATEGORIES, Candidate, MatchRequest
from mcf.matching.ports import UnitOfWork


class _Strict(ma.Schema):
    class Meta:
        unknown = ma.RAISE


class _Duration(ma.fields.Integer):
    def __init__(self, **kwargs):
        super().__init__(required=True, strict=True, validate=[
            validate.Range(MIN_DURATION, MAX_DURATION),
            lambda v: v % DURATION_STEP == 0 or _fail(f"Must be a multiple of {DURATION_STEP}.")],
            metadata={"multipleOf": DURATION_STEP}, **kwargs)


def _fail(message: str):
    raise ma.ValidationError(message)


class MatchRequestSchema(_Strict):
    order_id = ma.fields.UUID(load_default=None, allow_none=True)
    client_id = ma.fields.UUID(load_default=None, allow_none=True,
                               metadata={"description": "Ranks up workers who served this client before"})
    toy_category = ma.fields.String(required=True, validate=validate.OneOf(TOY_CATEGORIES))
    slot_start = UtcDateTime(required=True, metadata={"description": "ISO 8601 with an offset"})
    duration_minutes = _Duration()
    city = ma.fields.String(load_default=None, allow_none=True, validate=validate.Length(1, 80))
    district = ma.fields.String(required=True, validate=validate.Length(1, 80))
    exclude_worker_ids = ma.fields.List(ma.fields.UUID(), load_default=list,
                                        metadata={"description": "Workers not to offer again (declined, timed out)"})
    limit = ma.fields.Integer(load_default=5, strict=True, validate=validate.Range(1, service.MAX_LIMIT))


class QuoteRequestSchema(_Strict):
    toy_category = ma.fields.String(required=True, validate=validate.OneOf(TOY_CATEGORIES))
    duration_minutes = _Duration()
    district = ma.fields.String(required=True, validate=validate.Length(1, 80))
    slot_start = UtcDateTime(required=True)
    worker_rating = ma.fields.Float(load_default=None, allow_none=True, validate=validate.Range(0, 5))


class BreakdownSchema(ma.Schema):
    base_minor = ma.fields.Integer(required=True, metadata={"description": "Hourly rate of the toy category"})
    duration_factor = ma.fields.Float(required=True, metadata={"description": "Billed hours"})
    rating_tier = ma.fields.String(required=True, metadata={"description": "standard, experienced or top"})
    tier_factor = ma.fields.Float(required=True)
    surge_factor = ma.fields.Float(required=True, metadata={"description": "Demand against supply, capped"})
    minimum_applied = ma.fields.Boolean(required=True)


class PriceSchema(ma.Schema):
    amount_minor = ma.fields.Integer(required=True, metadata={"description": "Kopecks"})
    currency = ma.fields.String(required=True, metadata={"example": "RUB"})
    breakdown = ma.fields.Nested(BreakdownSchema, required=True)


class RankedCandidateSchema(ma.Schema):
    worker_id = ma.fields.UUID(required=True)
    score = ma.fields.Float(required=True, metadata={"description": "0..1, the sum of the reasons"})
    reasons = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Float(), required=True,
                             metadata={"description": "Each reason's contribution to the score"})
    price = ma.fields.Nested(PriceSchema, required=True)


class MatchResponseSchema(ma.Schema):
    candidates = ma.fields.List(ma.fields.Nested(RankedCandidateSchema), required=True)


class WindowSchema(ma.Schema):
    weekday = ma.fields.Integer(required=True, metadata={"description": "0 = Monday"})
    start = ma.fields.String(required=True, metadata={"description": "HH:MM, Moscow time"})
    end = ma.fields.String(required=True)


class CandidateSchema(ma.Schema):
    worker_id = ma.fields.UUID(required=True)
    active = ma.fields.Boolean(required=True)
    toy_categories = ma.fields.List(ma.fields.String(), required=True)
    districts = ma.fields.List(ma.fields.String(), required=True)
    availability = ma.fields.List(ma.fields.Nested(WindowSchema), required=True)
    rating = ma.fields.Float(required=True)
    test_score = ma.fields.Float(required=True)
    completed = ma.fields.Integer(required=True)
    cancelled = ma.fields.Integer(required=True)
    declined = ma.fields.Integer(required=True)
    current_load = ma.fields.Integer(required=True)
    category_completed = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Integer(), required=True)
    updated_at = ma.fields.AwareDateTime(allow_none=True)


class WorkerIdSchema(ma.Schema):
    worker_id = ma.fields.UUID(required=True)


def _request(body: dict, **extra) -> MatchRequest:
    return MatchRequest(
        order_id=str(body["order_id"]) if body.get("order_id") else None,
        client_id=str(body["client_id"]) if body.get("client_id") else None,
        toy_category=body["toy_category"], slot_start=body["slot_start"], duration_minutes=body["duration_minutes"],
        district=body["district"], city=body.get("city"),
        exclude_worker_ids=frozenset(str(w) for w in body.get("exclude_worker_ids", ())), **extra)


def _present_candidate(candidate: Candidate) -> dict:
    return {**vars(candidate), "availability": [w.to_dict() for w in candidate.availability]}


def blueprint(uow_factory: Callable[[], UnitOfWork]) -> Blueprint:
    blp = Blueprint("matching", __name__, url_prefix="/", description="Candidates for an order, and prices")

    @blp.route("/matches")
    class Matches(MethodView):
        OPERATION_IDS = {"post": "rankCandidates"}

        @requires("service", on_behalf_of=("manager", None))
        @blp.arguments(MatchRequestSchema, example={
            "order_id": "00000000-0000-4000-8000-0000000000b1", "client_id": "00000000-0000-4000-8000-0000000000f1",
            "city": "Moscow", "district": "Arbat", "toy_category": "feathers",
            "slot_start": "2030-01-07T10:00:00+03:00", "duration_minutes": 60, "limit": 5})
        @blp.response(200, MatchResponseSchema)
        @problem_responses(blp, 401, 403)
        def post(self, body):
            """Rank the candidates for an order, best first, each with its score's reasons and its price.

            A candidate is listed only when it is active, tests the toy category, serves the district, is available
            for the whole slot (Moscow time), holds no overlapping booking and is not excluded. Empty list: nobody
            fits. Reads only; nothing is reserved.
            """
            result = service.match(uow_factory(), _request(body, limit=body["limit"]))
            return {"candidates": [
                {"worker_id": m.scored.worker_id, "score": round(m.scored.score, 4), "reasons": m.scored.reasons,
                 "price": m.price.to_dict()} for m in result.candidates]}

    @blp.route("/quotes")
    class Quotes(MethodView):
        OPERATION_IDS = {"post": "quotePrice"}

        @requires("service", on_behalf_of=("manager", None))
        @blp.arguments(QuoteRequestSchema, example={
            "district": "Arbat", "toy_category": "feathers", "slot_start": "2030-01-07T10:00:00+03:00",
            "duration_minutes": 60, "worker_rating": 4.5})
        @blp.response(200, PriceSchema)
        @problem_responses(blp, 401, 403)
        def post(self, body):
            """The price of a session: category rate x billed hours x rating tier x surge, at least the minimum."""
            request = _request({**body, "order_id": None, "client_id": None})
            return service.quote(uow_factory(), request, body["worker_rating"]).to_dict()

    @blp.route("/candidates/<uuid:worker_id>")
    class CandidateById(MethodView):
        OPERATION_IDS = {"get": "getCandidate"}

        @requires("service", on_behalf_of=("manager", None))
        @blp.response(200, CandidateSchema)
        @problem_responses(blp, 401, 403, 404)
        def get(self, worker_id):
            """One worker's row in matching's read model (for managers and debugging)."""
            return _present_candidate(service.get_candidate(uow_factory(), str(worker_id)))

    return blp
