"""order-report's HTTP adapter: multipart check-ins and reports, the record of an order, its photos.

An internal service (docs/adr/0050-roles-audiences-and-service-tokens.md): only service tokens meant for
order-report. Check-ins and reports need a service token acting for the worker (worker-dashboard's); the record
and its photos are read by a service acting for a worker, a client (client-dashboard) or a manager, or on its own.
Who acts is decided in one place, ``acting()``: the kit's verified ``Principal.actor``.
"""
from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Callable

import marshmallow as ma
from flask import Response, request, stream_with_context, url_for
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import validate
from werkzeug.datastructures import FileStorage

from mcf.kit.auth import current_principal, requires
from mcf.kit.errors import Forbidden
from mcf.kit.http import NO_NUL, each, links, problem_responses
from mcf.kit.idempotency import REPLAYED
from mcf.kit.values import HEADER_KEY_PATTERN
from mcf.order_report import service
from mcf.order_report.domain import (
    MAX_IDEMPOTENCY_KEY,
    MAX_NOTES,
    MAX_PHOTOS,
    MAX_TOYS,
    MIN_PHOTOS_CHECK_IN,
    REACTION_MAX,
    REACTION_MIN,
    Actor,
    CheckIn,
    Photo,
    Report,
    ToyReaction,
)
from mcf.order_report.ports import CheckIns, ImageInspector, OrderGateway, PhotoStore, Reports, Upload

IDEMPOTENCY_HEADER = "Idempotency-Key"

PHOTO_TYPES = "image/jpeg, image/png, image/webp"
Clock = Callable[[], datetime]
# flask-smorest documents the form's schema but not how its file part is encoded (PITFALLS.md): completed here.
MULTIPART_ENCODING = {"content": {"multipart/form-data": {"encoding": {"photos": {"contentType": PHOTO_TYPES}}}}}
# The report's toys travel as one JSON part (multipart forms are flat): the contract says so (encoding), and says
# the array's rules, so a caller (and schemathesis) builds a part the service accepts.
REPORT_ENCODING = {"content": {"multipart/form-data": {"encoding": {"photos": {"contentType": PHOTO_TYPES},
                                                                    "toys": {"contentType": "application/json"}}}}}
TOY_NAME = r"^[^\x00]*\S[^\x00]*$"  # 1..80 characters, not only spaces (the core strips them)


def acting() -> Actor:
    """The person the service token acts for (its verified ``on_behalf_of``), else the calling service."""
    actor = current_principal().actor
    return Actor(actor.role, actor.subject)


class IdempotencyKeySchema(ma.Schema):
    class Meta:
        unknown = ma.EXCLUDE  # every other header

    idempotency_key = ma.fields.String(
        data_key=IDEMPOTENCY_HEADER, required=True,
        validate=[validate.Length(1, MAX_IDEMPOTENCY_KEY), validate.Regexp(HEADER_KEY_PATTERN)],
        metadata={"description": "One per submission, chosen by the device (a UUID). Sent again with the same "
                                 "content it returns what the first stored (200, Idempotent-Replayed: true) "
                                 "and publishes nothing again; with other content it is a 422 idempotency-key-reused."})


class PhotosField(ma.fields.Field):
    """The multipart file part ``photos`` (one or more files), put into the form by ``MultipartForm``."""

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, list) or not all(isinstance(f, FileStorage) for f in value):
            raise ma.ValidationError("Send photos as files of the multipart body.")
        return tuple(Upload(f.filename or "photo", f.read()) for f in value)


class MultipartForm(ma.Schema):
    """A multipart body: its form fields, and its files under ``photos`` (flask-smorest parses only the form)."""

    class Meta:
        unknown = ma.RAISE

    @ma.pre_load
    def _with_files(self, data, **_kwargs):
        merged = {key: data[key] for key in data}
        unexpected = sorted(set(request.files) - {"photos"})
        if unexpected:
            raise ma.ValidationError({name: ["Unknown file field; photos go in 'photos'."] for name in unexpected})
        files = [f for f in request.files.getlist("photos") if f.filename or f.content_length]
        if files:
            merged["photos"] = files
        return merged


class CheckInForm(MultipartForm):
    photos = PhotosField(required=True, metadata={
        "type": "array", "items": {"type": "string", "format": "binary"}, "minItems": MIN_PHOTOS_CHECK_IN,
        "maxItems": MAX_PHOTOS,
        "description": f"1..{MAX_PHOTOS} photos (JPEG, PNG or WebP; checked by their bytes; EXIF removed)"})
    # Form fields are text: an absent one is None (a callable default, so the contract says no "null").
    time = ma.fields.AwareDateTime(load_default=lambda: None, allow_none=False, metadata={
        "description": "When the worker checked in (the device's clock, for offline check-ins); default now"})
    lat = ma.fields.Float(load_default=lambda: None, allow_none=False, validate=validate.Range(-90, 90),
                          metadata={"description": "Coarse latitude; stored rounded to 2 decimals; with "
                                                  "lon (one alone is no location)"})
    lon = ma.fields.Float(load_default=lambda: None, allow_none=False, validate=validate.Range(-180, 180),
                          metadata={"description": "Coarse longitude; stored rounded to 2 decimals"})

    @ma.post_load
    def _both_or_neither(self, data, **_kwargs):
        # A location is both coordinates; one alone is no location (a multipart contract cannot say "both").
        if data.get("lat") is None or data.get("lon") is None:
            data["lat"] = data["lon"] = None
        return data


class ToyReactionSchema(ma.Schema):
    class Meta:
        unknown = ma.RAISE

    toy = ma.fields.String(required=True, validate=[validate.Length(1, 80), validate.Regexp(TOY_NAME)])
    reaction = ma.fields.Integer(required=True, strict=True, validate=validate.Range(REACTION_MIN, REACTION_MAX),
                                 metadata={"description": "The cat's reaction: 1 (ignored it) .. 5 (adored it)"})
    comment = ma.fields.String(load_default=None, allow_none=True,
                               validate=[validate.Length(max=500), validate.Regexp(NO_NUL)])


class JsonText(ma.fields.Field):
    """A form field holding JSON text (multipart forms are flat): parsed, then validated by ``schema``."""

    def __init__(self, schema: ma.Schema, **kwargs):
        super().__init__(**kwargs)
        self.inner = schema

    def _deserialize(self, value, attr, data, **kwargs):
        try:
            parsed = json.loads(value)
        except (TypeError, ValueError):
            raise ma.ValidationError("Must be JSON text.") from None
        return self.inner.load(parsed)


class ReportForm(MultipartForm):
    toys = JsonText(ToyReactionSchema(many=True), required=True, metadata={
        "type": "array", "minItems": 1, "maxItems": MAX_TOYS,
        "items": {"type": "object", "additionalProperties": False, "required": ["toy", "reaction"], "properties": {
            "toy": {"type": "string", "minLength": 1, "maxLength": 80, "pattern": TOY_NAME},
            "reaction": {"type": "integer", "minimum": REACTION_MIN, "maximum": REACTION_MAX,
                         "description": "The cat's reaction: 1 (ignored it) .. 5 (adored it)"},
            "comment": {"type": "string", "nullable": True, "maxLength": 500, "pattern": NO_NUL}}},
        "description": "The toys tested, each named once: one part of JSON text (content type application/json)",
        "example": [{"toy": "feather wand", "reaction": 5}, {"toy": "laser", "reaction": 2}]})
    duration_minutes = ma.fields.Integer(required=True, validate=validate.Range(1, 24 * 60))
    notes = ma.fields.String(load_default=None, validate=validate.Length(max=MAX_NOTES))
    photos = PhotosField(load_default=tuple, metadata={
        "type": "array", "items": {"type": "string", "format": "binary"}, "maxItems": MAX_PHOTOS,
        "description": f"0..{MAX_PHOTOS} photos (JPEG, PNG or WebP; checked by their bytes; EXIF removed)"})


class LocationSchema(ma.Schema):
    lat = ma.fields.Float(required=True)
    lon = ma.fields.Float(required=True)


class PhotoLinkSchema(ma.Schema):
    photo_id = ma.fields.UUID(required=True)
    content_type = ma.fields.String(required=True)
    width = ma.fields.Integer(required=True)
    height = ma.fields.Integer(required=True)
    size = ma.fields.Integer(required=True, metadata={"description": "Bytes of the stored (cleaned) photo"})
    url = ma.fields.String(required=True)
    thumbnail_url = ma.fields.String(required=True)


class CheckInSchema(ma.Schema):
    order_id = ma.fields.UUID(required=True)
    worker_id = ma.fields.UUID(required=True)
    checked_in_at = ma.fields.AwareDateTime(required=True)
    location = ma.fields.Nested(LocationSchema, allow_none=True)
    photos = ma.fields.List(ma.fields.Nested(PhotoLinkSchema), required=True)
    recorded_at = ma.fields.AwareDateTime(required=True)


class ToyReactionOutSchema(ma.Schema):
    toy = ma.fields.String(required=True)
    reaction = ma.fields.Integer(required=True)
    comment = ma.fields.String(allow_none=True)


class ReportSchema(ma.Schema):
    report_id = ma.fields.String(required=True)
    order_id = ma.fields.UUID(required=True)
    worker_id = ma.fields.UUID(required=True)
    toys = ma.fields.List(ma.fields.Nested(ToyReactionOutSchema), required=True)
    notes = ma.fields.String(allow_none=True)
    duration_minutes = ma.fields.Integer(required=True)
    photos = ma.fields.List(ma.fields.Nested(PhotoLinkSchema), required=True)
    filed_at = ma.fields.AwareDateTime(required=True)


class OrderRecordSchema(ma.Schema):
    order_id = ma.fields.UUID(required=True)
    client_id = ma.fields.UUID(required=True)
    check_in = ma.fields.Nested(CheckInSchema, required=True)
    report = ma.fields.Nested(ReportSchema, allow_none=True, metadata={"description": "null until filed"})


def _photo_links(photos: tuple[Photo, ...]) -> list[dict]:
    return [{**vars(p), "url": url_for("photos.PhotoById", photo_id=p.photo_id),
             "thumbnail_url": url_for("photos.Thumbnail", photo_id=p.photo_id)} for p in photos]


def present_check_in(check_in: CheckIn) -> dict:
    return {"order_id": check_in.order_id, "worker_id": check_in.worker_id, "checked_in_at": check_in.checked_in_at,
            "location": None if check_in.location is None else vars(check_in.location),
            "photos": _photo_links(check_in.photos), "recorded_at": check_in.recorded_at}


def present_report(report: Report) -> dict:
    return {"report_id": report.report_id, "order_id": report.order_id, "worker_id": report.worker_id,
            "toys": [vars(t) for t in report.toys], "notes": report.notes,
            "duration_minutes": report.duration_minutes, "photos": _photo_links(report.photos),
            "filed_at": report.filed_at}


def _status(outcome: service.Outcome) -> tuple[int, dict]:
    return (201, {}) if outcome.created else (200, {REPLAYED: "true"})


def _utcnow() -> datetime:
    return datetime.now(timezone.utc)


def blueprints(check_ins: CheckIns, reports: Reports, orders: OrderGateway, inspector: ImageInspector,
               photos: PhotoStore, clock: Clock = _utcnow) -> list[Blueprint]:
    blp = Blueprint("order_reports", __name__, url_prefix="/orders",
                    description="Workers' check-ins and reports of orders")

    @blp.route("/<uuid:order_id>/check-in")
    class CheckInView(MethodView):
        OPERATION_IDS = {"post": "checkIn"}

        @requires("service", on_behalf_of=("worker",))
        @blp.arguments(IdempotencyKeySchema, location="headers")
        @blp.arguments(CheckInForm, location="form", content_type="multipart/form-data")
        @blp.doc(requestBody=MULTIPART_ENCODING)
        @blp.response(201, CheckInSchema)
        @blp.doc(**links(201, **each({"order_id": "$response.body#/order_id"}, "getOrderReport", "fileReport")))
        @blp.alt_response(200, schema=CheckInSchema, description="A replay of an earlier submission with the "
                          "same Idempotency-Key: what it stored (header Idempotent-Replayed: true)")
        @problem_responses(blp, 401, 403, 404, 409, 413, 503, descriptions={413: "The request is larger than allowed"})
        def post(self, headers, form, order_id):
            """The assigned worker checks in: at least one photo, the time, optionally a coarse location.

            The order (asked of order-service) must be this worker's, ``confirmed`` and its kit ready; someone
            else's order or none: 404; not ready: 409 ``order-not-ready``; already checked in with another key:
            409 ``already-checked-in``; a photo that is not a real JPEG/PNG/WebP, too large or of bad dimensions:
            422 ``bad-image``. Publishes ``report.checked_in`` (order-service starts the order)."""
            actor = acting()
            if actor.role != "worker":
                raise Forbidden("only the assigned worker checks in")
            outcome = service.check_in(check_ins, orders, inspector, photos, service.CheckInCommand(
                order_id=str(order_id), worker_id=actor.subject, idempotency_key=headers["idempotency_key"],
                photos=form["photos"], time=form["time"], lat=form["lat"], lon=form["lon"]), clock())
            return (present_check_in(outcome.value), *_status(outcome))

    @blp.route("/<uuid:order_id>/report")
    class ReportView(MethodView):
        OPERATION_IDS = {"post": "fileReport", "get": "getOrderReport"}

        @requires("service", on_behalf_of=("worker",))
        @blp.arguments(IdempotencyKeySchema, location="headers")
        @blp.arguments(ReportForm, location="form", content_type="multipart/form-data")
        @blp.doc(requestBody=REPORT_ENCODING)
        @blp.response(201, ReportSchema)
        @blp.doc(**links(201, getOrderReport={"order_id": "$response.body#/order_id"}))
        @blp.alt_response(200, schema=ReportSchema, description="A replay of an earlier submission with the "
                          "same Idempotency-Key: what it stored (header Idempotent-Replayed: true)")
        @problem_responses(blp, 401, 403, 404, 409, 413, descriptions={413: "The request is larger than allowed"})
        def post(self, headers, form, order_id):
            """The worker who checked in files the report: the toys tested and the cat's reaction to each (1..5),
            notes, the duration, photos. No check-in yet: 409 ``not-checked-in``; already reported with another
            key: 409 ``already-reported``. Publishes ``report.filed`` (order-service completes the order)."""
            actor = acting()
            if actor.role != "worker":
                raise Forbidden("only the worker who checked in files the report")
            toys = tuple(ToyReaction(t["toy"], t["reaction"], t["comment"]) for t in form["toys"])
            outcome = service.file_report(check_ins, reports, inspector, photos, service.ReportCommand(
                order_id=str(order_id), worker_id=actor.subject, idempotency_key=headers["idempotency_key"],
                toys=toys, duration_minutes=form["duration_minutes"], notes=form["notes"], photos=form["photos"]),
                clock())
            return (present_report(outcome.value), *_status(outcome))

        @requires("service")
        @blp.response(200, OrderRecordSchema)
        @problem_responses(blp, 401, 404)
        def get(self, order_id):
            """The order's check-in and report (``report`` null until filed), with links to the photos. For the
            worker who wrote it, the order's client, managers and services; anyone else: 404."""
            record = service.read_order_record(check_ins, reports, str(order_id), acting())
            return {"order_id": record.check_in.order_id, "client_id": record.check_in.client_id,
                    "check_in": present_check_in(record.check_in),
                    "report": None if record.report is None else present_report(record.report)}

    photos_blp = Blueprint("photos", __name__, url_prefix="/photos", description="Check-in and report photos")

    def _send(photo_id, thumbnail: bool) -> Response:
        stored = service.open_photo(photos, str(photo_id), acting(), thumbnail)
        response = Response(stream_with_context(stored.chunks), mimetype=stored.content_type)
        response.headers["Content-Length"] = str(stored.length)
        response.headers["Cache-Control"] = "private, max-age=86400"
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response

    image_content = {t.strip(): {"schema": {"type": "string", "format": "binary"}} for t in PHOTO_TYPES.split(",")}

    @photos_blp.route("/<uuid:photo_id>")
    class PhotoById(MethodView):
        OPERATION_IDS = {"get": "getPhoto"}

        @requires("service")
        @photos_blp.doc(responses={"200": {"description": "The photo as stored (metadata removed)",
                                           "content": image_content}})
        @problem_responses(photos_blp, 401, 404)
        def get(self, photo_id):
            """A photo, for the readers of the check-in or report it belongs to; anyone else: 404."""
            return _send(photo_id, thumbnail=False)

    @photos_blp.route("/<uuid:photo_id>/thumbnail")
    class Thumbnail(MethodView):
        OPERATION_IDS = {"get": "getPhotoThumbnail"}

        @requires("service")
        @photos_blp.doc(responses={"200": {"description": "A JPEG at most 320 pixels a side, for listings",
                                           "content": {"image/jpeg": {"schema": {"type": "string",
                                                                                 "format": "binary"}}}}})
        @problem_responses(photos_blp, 401, 404)
        def get(self, photo_id):
            """A photo's thumbnail, for the same readers as the photo."""
            return _send(photo_id, thumbnail=True)

    return [blp, photos_blp]
