"""worker-dashboard's REST API for the workers' PWA, under ``/api``. Requests become use-case calls.

Every route but the login needs a bearer token with role ``worker``; the worker is the token's subject, so a
worker can only ever ask about itself.
"""
from __future__ import annotations

import json
import uuid
from dataclasses import dataclass

import marshmallow as ma
from flask import request, url_for
from flask_smorest import Blueprint, abort
from marshmallow import validate

from mcf.kit import idempotency
from mcf.kit.auth import current_principal, requires
from mcf.kit.http import photo_routes, problem_responses
from mcf.kit.login_throttle import documents_rate_limit
from mcf.kit.values import HEADER_KEY_PATTERN
from mcf.worker_dashboard import service
from mcf.worker_dashboard.domain import (
    MAX_KEY_LENGTH,
    MAX_NOTES,
    MAX_PHOTO_BYTES,
    MAX_PHOTOS,
    MAX_TOYS,
    REACTIONS,
    Photo,
    ToyReaction,
)
from mcf.worker_dashboard.ports import Caller, HistoryGateway, OrderGateway, ProfileGateway, ReportGateway

IDEMPOTENCY_HEADER = "Idempotency-Key"


@dataclass(frozen=True)
class Dependencies:
    profiles: ProfileGateway
    orders: OrderGateway
    reports: ReportGateway
    history: HistoryGateway


class Strict(ma.Schema):
    class Meta:
        unknown = ma.RAISE


class LoginSchema(Strict):
    email = ma.fields.String(required=True, validate=validate.Length(1, 254))
    # worker-profile's own bounds (its LoginSchema): a longer password is refused here, not passed on to a 422
    password = ma.fields.String(required=True, load_only=True, validate=validate.Length(1, 200))


class TokenSchema(ma.Schema):
    token = ma.fields.String(required=True, metadata={"description": "Bearer JWT with role worker"})


class BreakdownSchema(ma.Schema):
    """How matching-service arrived at the price."""

    base_minor = ma.fields.Integer(required=True, metadata={"description": "Hourly rate of the toy category"})
    duration_factor = ma.fields.Float(required=True, metadata={"description": "Billed hours"})
    rating_tier = ma.fields.String(required=True, metadata={"description": "standard, experienced or top"})
    tier_factor = ma.fields.Float(required=True)
    surge_factor = ma.fields.Float(required=True, metadata={"description": "Demand against supply, capped"})
    minimum_applied = ma.fields.Boolean(required=True)


class PriceSchema(ma.Schema):
    amount_minor = ma.fields.Integer(required=True)
    currency = ma.fields.String(required=True)
    breakdown = ma.fields.Nested(BreakdownSchema)


class PickupPointSchema(ma.Schema):
    """Where the worker collects the kit."""

    id = ma.fields.String(required=True)
    name = ma.fields.String(required=True)
    address = ma.fields.String(required=True)


class FortuneSchema(ma.Schema):
    """The kit's fortune cookie: the partner's, or the house's when the partner did not answer in time."""

    text = ma.fields.String(required=True)
    locale = ma.fields.String(allow_none=True)
    source = ma.fields.String(allow_none=True, metadata={"enum": ["partner", "house"]})


class KitSchema(ma.Schema):
    ready = ma.fields.Boolean(required=True)
    pickup_point = ma.fields.Nested(PickupPointSchema, allow_none=True)
    fortune = ma.fields.Nested(FortuneSchema, allow_none=True)


class AddressSchema(ma.Schema):
    """The client's address, shown once the worker has the order."""

    city = ma.fields.String(required=True)
    district = ma.fields.String(required=True)
    street = ma.fields.String(required=True)
    building = ma.fields.String(required=True)
    apartment = ma.fields.String(allow_none=True)
    notes = ma.fields.String(allow_none=True)


class OfferSchema(ma.Schema):
    worker_id = ma.fields.String(required=True)
    expires_at = ma.fields.String(required=True, metadata={"format": "date-time"})


class WorkerOrderSchema(ma.Schema):
    """An order as its worker sees it. Offered (not yet taken): city and district only, no kit; assigned: the
    address and the kit's pick-up point. The client's e-mail is never shown."""

    class Meta:
        unknown = ma.INCLUDE

    id = ma.fields.UUID(required=True)
    role = ma.fields.String(required=True, metadata={"enum": ["offered", "assigned"]})
    status = ma.fields.String(required=True)
    toy_category = ma.fields.String(required=True)
    slot_start = ma.fields.String(required=True, metadata={"format": "date-time"})
    slot_end = ma.fields.String(metadata={"format": "date-time"})
    duration_minutes = ma.fields.Integer()
    city = ma.fields.String()
    district = ma.fields.String()
    address = ma.fields.Nested(AddressSchema)
    cat_name = ma.fields.String(allow_none=True)
    worker_id = ma.fields.String(allow_none=True)
    offer = ma.fields.Nested(OfferSchema, allow_none=True)
    offer_expires_at = ma.fields.String(allow_none=True, metadata={"format": "date-time"})
    price = ma.fields.Nested(PriceSchema, allow_none=True)
    kit = ma.fields.Nested(KitSchema, allow_none=True)
    kit_ready = ma.fields.Boolean()
    paid = ma.fields.Boolean()
    started_at = ma.fields.String(allow_none=True)
    completed_at = ma.fields.String(allow_none=True)


class LocationSchema(ma.Schema):
    lat = ma.fields.Float(required=True)
    lon = ma.fields.Float(required=True)


class PhotoLinkSchema(ma.Schema):
    """A photo of order-report's, linked here (GET with the worker's token): the PWA never calls order-report."""

    photo_id = ma.fields.String()
    content_type = ma.fields.String()
    width = ma.fields.Integer()
    height = ma.fields.Integer()
    size = ma.fields.Integer()
    url = ma.fields.Function(lambda photo: url_for("photos.photo", photo_id=photo["photo_id"]),
                             metadata={"type": "string", "description": "The photo, here"})
    thumbnail_url = ma.fields.Function(lambda photo: url_for("photos.thumbnail", photo_id=photo["photo_id"]),
                                       metadata={"type": "string", "description": "A JPEG at most 320 px a side"})


class CheckInSchema(ma.Schema):
    """order-report's check-in, as it answered."""

    order_id = ma.fields.String(required=True)
    worker_id = ma.fields.String()
    checked_in_at = ma.fields.String(required=True, metadata={"format": "date-time"})
    location = ma.fields.Nested(LocationSchema, allow_none=True, metadata={"description": "Rounded to ~1 km"})
    photos = ma.fields.List(ma.fields.Nested(PhotoLinkSchema))
    recorded_at = ma.fields.String(metadata={"format": "date-time"})


class ToyReactionOutSchema(ma.Schema):
    toy = ma.fields.String(required=True)
    reaction = ma.fields.Integer(required=True)
    comment = ma.fields.String(allow_none=True)


class ReportSchema(ma.Schema):
    """order-report's report, as it answered."""

    report_id = ma.fields.String(required=True)
    order_id = ma.fields.String(required=True)
    worker_id = ma.fields.String()
    toys = ma.fields.List(ma.fields.Nested(ToyReactionOutSchema), required=True)
    notes = ma.fields.String(allow_none=True)
    duration_minutes = ma.fields.Integer(required=True)
    photos = ma.fields.List(ma.fields.Nested(PhotoLinkSchema))
    filed_at = ma.fields.String(required=True, metadata={"format": "date-time"})


class OrderRecordSchema(ma.Schema):
    """The order's check-in and report at order-report (``report`` null until filed)."""

    order_id = ma.fields.String(required=True)
    check_in = ma.fields.Nested(CheckInSchema, required=True)
    report = ma.fields.Nested(ReportSchema, allow_none=True)


class CheckInFormSchema(Strict):
    time = ma.fields.AwareDateTime(load_default=None, metadata={
        "description": "When the worker checked in, by the phone's clock (a check-in sent later, offline)"})
    latitude = ma.fields.Float(load_default=None, allow_none=True, validate=validate.Range(-90, 90))
    longitude = ma.fields.Float(load_default=None, allow_none=True, validate=validate.Range(-180, 180))


# A toy's name as order-report takes it: 1..80 characters, not only spaces.
TOY_NAME = r"^[^\x00]*\S[^\x00]*$"


class ToySchema(Strict):
    toy = ma.fields.String(required=True, validate=[validate.Length(1, 80), validate.Regexp(TOY_NAME)])
    reaction = ma.fields.Integer(required=True, strict=True, validate=validate.OneOf(REACTIONS))


class ReportFormSchema(Strict):
    toys = ma.fields.String(required=True, metadata={"description": 'JSON: [{"toy": "…", "reaction": 1..5}]'})
    duration_minutes = ma.fields.Integer(required=True, validate=validate.Range(1, 24 * 60))
    notes = ma.fields.String(load_default="", validate=validate.Length(max=MAX_NOTES))


TOYS_DOC = {"type": "array", "minItems": 1, "maxItems": MAX_TOYS,
            "description": "The toys tested, each named once: one part of JSON text (content type application/json)",
            "items": {"type": "object", "additionalProperties": False, "required": ["toy", "reaction"],
                      "properties": {"toy": {"type": "string", "minLength": 1, "maxLength": 80, "pattern": TOY_NAME},
                                     "reaction": {"type": "integer", "enum": list(REACTIONS)}}}}
PHOTOS_DOC = {"type": "array", "maxItems": MAX_PHOTOS,
              "items": {"type": "string", "format": "binary", "minLength": 1, "maxLength": MAX_PHOTO_BYTES},
              "description": "JPEG, PNG or WebP; resized on the device before upload"}
# 1..200 printable characters (the core's rule; printable ASCII here, what a header carries intact)
KEY_DOC = {"name": IDEMPOTENCY_HEADER, "in": "header", "required": True,
           "schema": {"type": "string", "minLength": 1, "maxLength": MAX_KEY_LENGTH,
                      "pattern": HEADER_KEY_PATTERN},
           "description": "One per submission, reused on every retry: the same key is recorded once"}


def _multipart_doc(properties: dict, required: list[str]) -> dict:
    # flask-smorest describes multipart forms with files incompletely (PITFALLS.md): written out here.
    return {"parameters": [KEY_DOC], "requestBody": {"required": True, "content": {"multipart/form-data": {
        "schema": {"type": "object", "required": required, "properties": properties,
                   "additionalProperties": False},
        "encoding": {"photos": {"contentType": "image/jpeg, image/png, image/webp"},
                     **({"toys": {"contentType": "application/json"}} if "toys" in properties else {})}}}}}


def _me() -> Caller:
    return Caller(worker_id=current_principal().subject)


ActionKeyHeaders = idempotency.key_headers(required=False, description=(
    "Optional, one per tap: the same key again retries safely (the first answer, nothing decided twice); "
    "without one, each request is a decision of its own."))
# The key forwarded to order-service is the worker's key in the worker's own namespace (ADR 0061).
_DECISION_KEY_NAMESPACE = uuid.UUID("6a1d2f84-93c5-4b7e-8f20-3c9e5b7a4d12")


def _decision_key(headers: dict) -> str:
    return idempotency.derived_key(_DECISION_KEY_NAMESPACE, _me().worker_id, headers.get("idempotency_key"))


def _form(schema: ma.Schema) -> dict:
    try:
        return schema.load(request.form.to_dict())
    except ma.ValidationError as err:
        abort(422, messages={"form": err.messages})


def _photos() -> list[Photo]:
    unknown = set(request.files) - {"photos"}
    if unknown:
        abort(422, messages={"files": {name: ["Unknown field."] for name in sorted(unknown)}})
    return [Photo(filename=f.filename or "photo", content_type=(f.mimetype or ""), data=f.read())
            for f in request.files.getlist("photos")]


def _toys(raw: str) -> list[ToyReaction]:
    try:
        parsed = json.loads(raw)
        if not isinstance(parsed, list) or len(parsed) > MAX_TOYS:
            raise ma.ValidationError(f"Must be a JSON array of at most {MAX_TOYS} toys.")
        toys = ToySchema(many=True).load(parsed)
    except (ValueError, ma.ValidationError) as err:
        messages = err.messages if isinstance(err, ma.ValidationError) else ["Not valid JSON."]
        abort(422, messages={"form": {"toys": messages}})
    return [ToyReaction(toy=t["toy"], reaction=t["reaction"]) for t in toys]


def blueprints(deps: Dependencies) -> list[Blueprint]:
    return [_session(deps), _offers(deps), _orders(deps), _photos_blueprint(deps)]


def _session(deps: Dependencies) -> Blueprint:
    blp = Blueprint("session", __name__, url_prefix="/api", description="Logging in (through worker-profile)")

    @blp.route("/login", methods=["POST"])
    @blp.arguments(LoginSchema, example={"email": "vasilisa@workers.example", "password": "purr-purr-worker-42"})
    @blp.response(200, TokenSchema)
    @problem_responses(blp, 401, 503)
    @documents_rate_limit(blp)
    @blp.doc(operationId="logIn")
    def login(body):
        """A worker token for the worker's e-mail and password (worker-profile checks them).

        worker-profile limits failed logins: its 429 with Retry-After is passed on (ADR 0120)."""
        return {"token": service.log_in(deps.profiles, body["email"], body["password"])}

    return blp


def _offers(deps: Dependencies) -> Blueprint:
    blp = Blueprint("offers", __name__, url_prefix="/api/offers", description="Orders offered to the worker")

    @blp.route("", methods=["GET"])
    @requires("worker")
    @blp.response(200, WorkerOrderSchema(many=True))
    @problem_responses(blp, 401, 403, 503)
    @blp.doc(operationId="listOffers")
    def offers():
        """The worker's open offers, the one expiring first on top (city and district only until accepted)."""
        return service.my_offers(deps.orders, _me())

    @blp.route("/<uuid:order_id>/accept", methods=["POST"])
    @requires("worker")
    @blp.arguments(ActionKeyHeaders, location="headers")
    @blp.response(200, WorkerOrderSchema)
    @problem_responses(blp, 401, 404, 409, 503)
    @blp.doc(operationId="acceptOffer")
    def accept(headers, order_id):
        """Take an order offered to this worker (a closed offer or a lost race: 409; a retry with the same
        Idempotency-Key: the first answer)."""
        return service.accept_offer(deps.orders, _me(), str(order_id), _decision_key(headers))

    @blp.route("/<uuid:order_id>/decline", methods=["POST"])
    @requires("worker")
    @blp.arguments(ActionKeyHeaders, location="headers")
    @blp.response(204)
    @problem_responses(blp, 401, 404, 409, 503)
    @blp.doc(operationId="declineOffer")
    def decline(headers, order_id):
        """Say no to an offer; order-service offers the order to someone else."""
        service.decline_offer(deps.orders, _me(), str(order_id), _decision_key(headers))

    return blp


def _orders(deps: Dependencies) -> Blueprint:
    blp = Blueprint("orders", __name__, url_prefix="/api", description="The worker's orders, check-ins and reports")

    @blp.route("/orders", methods=["GET"])
    @requires("worker")
    @blp.response(200, WorkerOrderSchema(many=True))
    @problem_responses(blp, 401, 403, 503)
    @blp.doc(operationId="listCurrentOrders")
    def current_orders():
        """The orders the worker took and has not finished, soonest first, with the kit's pick-up point."""
        return service.my_current_orders(deps.orders, _me())

    @blp.route("/orders/<uuid:order_id>", methods=["GET"])
    @requires("worker")
    @blp.response(200, WorkerOrderSchema)
    @problem_responses(blp, 401, 404, 503)
    @blp.doc(operationId="getOrder")
    def one_order(order_id):
        """One order offered or assigned to the worker (anyone else's: 404)."""
        return service.my_order(deps.orders, _me(), str(order_id))

    @blp.route("/history", methods=["GET"])
    @requires("worker")
    @blp.response(200, WorkerOrderSchema(many=True))
    @problem_responses(blp, 401, 403, 503)
    @blp.doc(operationId="listPastOrders")
    def history():
        """The worker's finished orders (completed, cancelled, expired), latest first."""
        return service.my_history(deps.history, _me())

    @blp.route("/orders/<uuid:order_id>/check-in", methods=["POST"])
    @requires("worker")
    @blp.doc(**_multipart_doc({"photos": {**PHOTOS_DOC, "minItems": 1},
                               "time": {"type": "string", "format": "date-time"},
                               "latitude": {"type": "number", "minimum": -90, "maximum": 90,
                                            "description": "With longitude; one alone is no location"},
                               "longitude": {"type": "number", "minimum": -180, "maximum": 180}}, ["photos"],
))
    @blp.response(201, CheckInSchema, description="Checked in")
    @blp.alt_response(200, schema=CheckInSchema, description="The check-in this Idempotency-Key made before")
    @problem_responses(blp, 401, 404, 409, 422, 503)
    def check_in(order_id):
        """Check in at the client's place with at least one photo (order-report records it; the order moves
        to in progress a moment later)."""
        form = _form(CheckInFormSchema())
        result = service.check_in(deps.orders, deps.reports, _me(), str(order_id), _photos(),
                                  request.headers.get(IDEMPOTENCY_HEADER), form["latitude"], form["longitude"],
                                  form["time"])
        return result.document, 200 if result.replayed else 201

    @blp.route("/orders/<uuid:order_id>/report", methods=["POST"])
    @requires("worker")
    @blp.doc(**_multipart_doc({"toys": TOYS_DOC,
                               "duration_minutes": {"type": "integer", "minimum": 1, "maximum": 1440},
                               "notes": {"type": "string", "maxLength": MAX_NOTES}, "photos": PHOTOS_DOC},
                              ["toys", "duration_minutes"]))
    @blp.response(201, ReportSchema, description="Report filed")
    @blp.alt_response(200, schema=ReportSchema, description="The report this Idempotency-Key made before")
    @problem_responses(blp, 401, 404, 409, 422, 503)
    def file_report(order_id):
        """File the order's report: the toys tested and the cat's reaction to each, notes, duration, photos."""
        form = _form(ReportFormSchema())
        result = service.file_report(deps.orders, deps.reports, _me(), str(order_id), _toys(form["toys"]),
                                     form["duration_minutes"], form["notes"], _photos(),
                                     request.headers.get(IDEMPOTENCY_HEADER))
        return result.document, 200 if result.replayed else 201

    @blp.route("/orders/<uuid:order_id>/report", methods=["GET"])
    @requires("worker")
    @blp.response(200, OrderRecordSchema)
    @problem_responses(blp, 401, 404, 503)
    @blp.doc(operationId="getOrderReport")
    def get_report(order_id):
        """The order's record at order-report: its check-in and its report (null until filed)."""
        return service.report_of(deps.orders, deps.reports, _me(), str(order_id))

    return blp


def _photos_blueprint(deps: Dependencies) -> Blueprint:
    blp = Blueprint("photos", __name__, url_prefix="/api",
                    description="The photos of the worker's own check-ins and reports (through order-report)")

    photo_routes(blp, "worker", lambda photo_id, thumbnail: service.my_photo(
        deps.reports, _me(), photo_id, thumbnail), whose="the worker's own orders")
    return blp
