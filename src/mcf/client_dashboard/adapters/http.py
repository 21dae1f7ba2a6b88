"""client-dashboard's HTTP adapter: the clients' REST API. Requests become use-case calls, results responses."""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Callable

import marshmallow as ma
from flask import url_for
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import validate

from mcf.client_dashboard import service
from mcf.client_dashboard.domain import (
    LOCALES,
    MAX_CAT_AGE,
    MAX_CAT_NAME,
    MAX_CAT_NOTES,
    MAX_PASSWORD_LENGTH,
    MIN_PASSWORD_LENGTH,
    ORDER_STATES,
    TOY_CATEGORIES,
    Cat,
    Client,
)
from mcf.client_dashboard.ports import (
    OrderGateway,
    PasswordHasher,
    PaymentGateway,
    ReportGateway,
    TokenIssuer,
    UnitOfWork,
)
from mcf.kit import idempotency
from mcf.kit.auth import current_principal, requires
from mcf.kit.errors import Forbidden
from mcf.kit.http import (
    LOGIN_WITH_THE_SAME_CREDENTIALS,
    PatchSchema,
    UtcDateTime,
    each,
    links,
    photo_routes,
    problem_responses,
)
from mcf.kit.login_throttle import LoginThrottle, documents_rate_limit
from mcf.kit.shared_schemas import BreakdownSchema, DurationMinutes, FortuneSchema, PickupPointSchema
from mcf.kit.values import NAME_PATTERN


@dataclass(frozen=True)
class Dependencies:
    uow: Callable[[], UnitOfWork]
    hasher: PasswordHasher
    tokens: TokenIssuer
    orders: OrderGateway
    payments: PaymentGateway
    reports: ReportGateway
    throttle: LoginThrottle
    clock: Callable[[], datetime] = lambda: datetime.now(timezone.utc)


class Strict(ma.Schema):
    class Meta:
        unknown = ma.RAISE


# ---------------------------------------------------------------- schemas: accounts

def _mailbox(address: str) -> None:
    """What the document's ``format: email`` (RFC 5321's mailbox) allows beyond marshmallow's Email: ASCII, a local
    part of at most 64 characters, domain labels of at most 63. marshmallow took more, and the responses that echo
    the address (``Client``, ``ClientCat``: ``format: email``) then broke their own schema (stateful fuzzing)."""
    local, _, domain = address.rpartition("@")
    if not address.isascii() or len(local) > 64 or any(len(label) > 63 for label in domain.split(".")):
        raise ma.ValidationError("Not a valid email address.")


class SignUpSchema(Strict):
    email = ma.fields.Email(required=True, validate=[validate.Length(max=254), _mailbox])
    password = ma.fields.String(required=True, load_only=True,
                                validate=validate.Length(MIN_PASSWORD_LENGTH, MAX_PASSWORD_LENGTH))
    display_name = ma.fields.String(required=True, validate=[validate.Length(1, 80),
                                                             validate.Regexp(NAME_PATTERN)])
    locale = ma.fields.String(load_default="en", validate=validate.OneOf(LOCALES))


class LoginSchema(Strict):
    email = ma.fields.String(required=True, validate=validate.Length(1, 254))
    password = ma.fields.String(required=True, load_only=True, validate=validate.Length(1, MAX_PASSWORD_LENGTH))


class ClientSchema(ma.Schema):
    id = ma.fields.UUID(required=True)
    email = ma.fields.Email(required=True)
    display_name = ma.fields.String(required=True)
    locale = ma.fields.String(required=True)
    created_at = ma.fields.AwareDateTime(required=True)


class TokenSchema(ma.Schema):
    token = ma.fields.String(required=True, metadata={"description": "Bearer JWT with role client"})


class SignedUpSchema(TokenSchema):
    client = ma.fields.Nested(ClientSchema, required=True)


# ---------------------------------------------------------------- schemas: cats

class AddCatSchema(Strict):
    name = ma.fields.String(required=True, validate=[validate.Length(1, MAX_CAT_NAME), validate.Regexp(NAME_PATTERN)])
    age_years = ma.fields.Integer(required=True, strict=True, validate=validate.Range(0, MAX_CAT_AGE))
    favourite_toys = ma.fields.List(ma.fields.String(validate=validate.OneOf(TOY_CATEGORIES)), load_default=list,
                                    validate=validate.Length(max=len(TOY_CATEGORIES) * 2))
    notes = ma.fields.String(load_default=None, allow_none=True, validate=validate.Length(max=MAX_CAT_NOTES))


class ChangeCatSchema(PatchSchema):
    name = ma.fields.String(validate=[validate.Length(1, MAX_CAT_NAME), validate.Regexp(NAME_PATTERN)])
    age_years = ma.fields.Integer(strict=True, validate=validate.Range(0, MAX_CAT_AGE))
    favourite_toys = ma.fields.List(ma.fields.String(validate=validate.OneOf(TOY_CATEGORIES)),
                                    validate=validate.Length(max=len(TOY_CATEGORIES) * 2))
    notes = ma.fields.String(allow_none=True, validate=validate.Length(max=MAX_CAT_NOTES))


class CatSchema(ma.Schema):
    id = ma.fields.UUID(required=True)
    name = ma.fields.String(required=True)
    age_years = ma.fields.Integer(required=True)
    favourite_toys = ma.fields.List(ma.fields.String(), required=True)
    notes = ma.fields.String(allow_none=True)
    created_at = ma.fields.AwareDateTime(required=True)
    updated_at = ma.fields.AwareDateTime(required=True)


# ---------------------------------------------------------------- schemas: orders and payments

class AddressSchema(Strict):
    city = ma.fields.String(required=True, validate=validate.Length(1, 80), metadata={"example": "Kazan"})
    district = ma.fields.String(required=True, validate=validate.Length(1, 80), metadata={"example": "Vakhitovsky"})
    street = ma.fields.String(required=True, validate=validate.Length(1, 120), metadata={"example": "Baumana"})
    building = ma.fields.String(required=True, validate=validate.Length(1, 20), metadata={"example": "5"})
    apartment = ma.fields.String(load_default=None, allow_none=True, validate=validate.Length(max=20),
                                 metadata={"example": "12"})
    notes = ma.fields.String(load_default=None, allow_none=True, validate=validate.Length(max=500),
                             metadata={"example": "The cat hides under the sofa."})


class PlaceOrderSchema(Strict):
    cat_id = ma.fields.UUID(required=True, metadata={"description": "One of the client's own cats"})
    toy_category = ma.fields.String(required=True, validate=validate.OneOf(TOY_CATEGORIES))
    slot_start = UtcDateTime(required=True, metadata={"description": "ISO 8601 with an offset"})
    # order-service's limits (the marketplace's), checked here too so a client hears of them before any call
    duration_minutes = DurationMinutes()
    address = ma.fields.Nested(AddressSchema, required=True)


class PriceSchema(ma.Schema):
    amount_minor = ma.fields.Integer(required=True, metadata={"description": "Integer minor units",
                                                              "example": 180000})
    currency = ma.fields.String(required=True, metadata={"example": "RUB"})
    breakdown = ma.fields.Nested(BreakdownSchema)


class KitSchema(ma.Schema):
    ready = ma.fields.Boolean(required=True)
    ready_at = ma.fields.String(allow_none=True, metadata={"format": "date-time"})
    pickup_point = ma.fields.Nested(PickupPointSchema, allow_none=True)
    fortune = ma.fields.Nested(FortuneSchema, allow_none=True)


class CancellationSchema(ma.Schema):
    cancelled_by = ma.fields.String(required=True, metadata={"enum": ["client", "platform"], "example": "platform"})
    reason = ma.fields.String(required=True, metadata={
        "description": "Why: client_cancelled, no_candidates, payment_failed, ...", "example": "no_candidates"})
    previous_status = ma.fields.String(required=True, metadata={"example": "placed"})
    cancelled_at = ma.fields.String(required=True, metadata={"format": "date-time"})


class OrderSchema(ma.Schema):
    """order-service's order as the client sees it (fields order-service has not filled yet are absent)."""

    id = ma.fields.UUID(required=True)
    status = ma.fields.String(required=True, metadata={"enum": ["placed", "confirmed", "in_progress", "completed",
                                                                "cancelled", "expired"]})
    cat_id = ma.fields.UUID(required=True)
    cat_name = ma.fields.String(allow_none=True)
    toy_category = ma.fields.String(required=True)
    slot_start = ma.fields.String(required=True, metadata={"format": "date-time"})
    slot_end = ma.fields.String(metadata={"format": "date-time"})
    duration_minutes = ma.fields.Integer(required=True)
    address = ma.fields.Nested(AddressSchema, required=True)
    worker_id = ma.fields.UUID(allow_none=True)
    price = ma.fields.Nested(PriceSchema, allow_none=True)
    kit = ma.fields.Nested(KitSchema, allow_none=True)
    payment_id = ma.fields.UUID(allow_none=True)
    paid = ma.fields.Boolean()
    cancellation = ma.fields.Nested(CancellationSchema, allow_none=True, metadata={
        "description": "Set once the order is cancelled (by the client, or by the platform: no_candidates, ...)"})
    created_at = ma.fields.String(metadata={"format": "date-time"})
    updated_at = ma.fields.String(metadata={"format": "date-time"})


class OrderSummarySchema(ma.Schema):
    """An order in a listing (order-service's live-orders table; it may lag the order by a moment)."""

    id = ma.fields.UUID(required=True)
    status = ma.fields.String(required=True)
    toy_category = ma.fields.String(required=True)
    slot_start = ma.fields.String(required=True, metadata={"format": "date-time"})
    slot_end = ma.fields.String(metadata={"format": "date-time"})
    city = ma.fields.String()
    district = ma.fields.String()
    worker_id = ma.fields.String(allow_none=True)
    price = ma.fields.Nested(PriceSchema, allow_none=True)
    paid = ma.fields.Boolean()
    kit_ready = ma.fields.Boolean()
    placed_at = ma.fields.String(metadata={"format": "date-time"})
    updated_at = ma.fields.String(metadata={"format": "date-time"})


class OrdersQuerySchema(ma.Schema):
    state = ma.fields.String(validate=validate.OneOf(tuple(ORDER_STATES)), metadata={
        "description": "current: placed, confirmed, in_progress; past: completed, cancelled, expired; "
                       "absent: all"})


class PayHeadersSchema(ma.Schema):
    class Meta:
        unknown = ma.EXCLUDE

    idempotency_key = ma.fields.String(required=True, data_key="Idempotency-Key", validate=validate.Length(1, 200),
                                       metadata={"description": "Chosen by the client per payment attempt; "
                                                                "send the same key again to retry safely"})


ActionKeyHeaders = idempotency.key_headers(required=False, description=(
    "Optional, one per user action: send the same key again to retry safely (the first result, nothing done "
    "twice); without one, each request is an action of its own."))
# The key forwarded to order-service is the client's key in the client's own namespace (ADR 0061).
_ORDER_KEY_NAMESPACE = uuid.UUID("0f6b3a52-7d0e-4c39-b1d2-61a0e7c4d901")


def _action_key(headers: dict) -> str:
    return idempotency.derived_key(_ORDER_KEY_NAMESPACE, _me(), headers.get("idempotency_key"))


class PaySchema(Strict):
    card_number = ma.fields.String(required=True, load_only=True,
                                   validate=validate.Regexp(r"^[0-9]{12,19}$", error="12 to 19 digits."))


class PaymentSchema(ma.Schema):
    id = ma.fields.UUID(required=True)
    order_id = ma.fields.UUID(required=True)
    amount_minor = ma.fields.Integer(required=True)
    currency = ma.fields.String(required=True)
    status = ma.fields.String(required=True, metadata={"enum": ["succeeded", "failed", "pending"]})
    failure_reason = ma.fields.String(allow_none=True)
    created_at = ma.fields.String(metadata={"format": "date-time"})


class ClientCatSchema(ma.Schema):
    """What a service acting for a client may read about it and one of its cats (order-service placing)."""

    client_id = ma.fields.UUID(required=True)
    email = ma.fields.Email(required=True)
    locale = ma.fields.String(required=True, validate=validate.OneOf(LOCALES))
    cat_id = ma.fields.UUID(required=True)
    cat_name = ma.fields.String(required=True)


# ---------------------------------------------------------------- schemas: the worker's check-in and report

class PhotoLinkSchema(ma.Schema):
    """A photo of order-report's, linked here: the client fetches it through client-dashboard, which asks
    order-report acting for the client (the client's own token opens no internal service)."""

    photo_id = ma.fields.UUID(required=True)
    content_type = ma.fields.String(required=True)
    width = ma.fields.Integer(required=True)
    height = ma.fields.Integer(required=True)
    size = ma.fields.Integer(metadata={"description": "Bytes of the stored photo (metadata removed)"})
    url = ma.fields.Function(lambda photo: url_for("report.photo", photo_id=photo["photo_id"]), required=True,
                             metadata={"type": "string", "description": "The photo (GET with the client's token)"})
    thumbnail_url = ma.fields.Function(lambda photo: url_for("report.thumbnail", photo_id=photo["photo_id"]),
                                       required=True, metadata={"type": "string",
                                                                "description": "A JPEG at most 320 px a side"})


class LocationSchema(ma.Schema):
    lat = ma.fields.Float(required=True)
    lon = ma.fields.Float(required=True)


class CheckInSchema(ma.Schema):
    checked_in_at = ma.fields.String(required=True, metadata={"format": "date-time"})
    location = ma.fields.Nested(LocationSchema, allow_none=True, metadata={"description": "Rounded to ~1 km"})
    photos = ma.fields.List(ma.fields.Nested(PhotoLinkSchema), required=True)


class ToyReactionSchema(ma.Schema):
    toy = ma.fields.String(required=True)
    reaction = ma.fields.Integer(required=True, metadata={"description": "1 (ignored it) .. 5 (adored it)"})
    comment = ma.fields.String(allow_none=True)


class ReportSchema(ma.Schema):
    report_id = ma.fields.String(required=True)
    toys = ma.fields.List(ma.fields.Nested(ToyReactionSchema), required=True)
    notes = ma.fields.String(allow_none=True)
    duration_minutes = ma.fields.Integer(required=True)
    photos = ma.fields.List(ma.fields.Nested(PhotoLinkSchema), required=True)
    filed_at = ma.fields.String(required=True, metadata={"format": "date-time"})


class OrderReportSchema(ma.Schema):
    """The worker's check-in at the client's door and the report of the session (``report`` null until filed),
    as order-report keeps them; photo links point here, at client-dashboard."""

    order_id = ma.fields.UUID(required=True)
    worker_id = ma.fields.String(allow_none=True)
    check_in = ma.fields.Nested(CheckInSchema, required=True)
    report = ma.fields.Nested(ReportSchema, allow_none=True)


def _order_report(record: dict) -> dict:
    check_in, report = record.get("check_in") or {}, record.get("report")
    return {"order_id": record["order_id"], "worker_id": check_in.get("worker_id"), "check_in": check_in,
            "report": report or None}


def _client(client: Client) -> dict:
    return {"id": client.id, "email": client.email, "display_name": client.display_name, "locale": client.locale,
            "created_at": client.created_at}


def _cat(cat: Cat) -> dict:
    return {**vars(cat), "favourite_toys": list(cat.favourite_toys)}


def _me() -> str:
    return current_principal().subject


# ---------------------------------------------------------------- blueprints

def blueprints(deps: Dependencies) -> list[Blueprint]:
    return [_accounts(deps), _cats(deps), _orders(deps), _report(deps), _internal(deps)]


def _internal(deps: Dependencies) -> Blueprint:
    blp = Blueprint("internal", __name__, url_prefix="/internal",
                    description="For other MCF services (service tokens only): the facts client-dashboard owns")

    @blp.route("/clients/<uuid:client_id>/cats/<uuid:cat_id>", methods=["GET"])
    @requires("service")
    @blp.response(200, ClientCatSchema)
    @problem_responses(blp, 401, 403, 404)
    @blp.doc(operationId="getClientCat")
    def client_cat(client_id, cat_id):
        """A client's e-mail and locale and one of its cats: order-service reads them here rather than from
        a request body. A service acting for a client may ask only about that client; a cat that is not the
        client's is 404."""
        acting = current_principal().on_behalf_of
        if acting is not None and (acting.role != "client" or acting.subject != str(client_id)):
            raise Forbidden("a service acting for a client may read only that client's facts")
        client, cat = service.client_cat(deps.uow(), str(client_id), str(cat_id))
        return {"client_id": client.id, "email": client.email, "locale": client.locale, "cat_id": cat.id,
                "cat_name": cat.name}

    return blp


def _report(deps: Dependencies) -> Blueprint:
    blp = Blueprint("report", __name__, description="The worker's check-in and report of the client's orders, "
                                                    "with their photos (through order-report)")

    @blp.route("/orders/<uuid:order_id>/report", methods=["GET"])
    @requires("client")
    @blp.response(200, OrderReportSchema)
    @problem_responses(blp, 401, 404, 503)
    @blp.doc(operationId="getOrderReport")
    def order_report(order_id):
        """The check-in and report of one of the client's orders: the toys tested and the cat's reaction to each,
        notes, duration, links to the photos. Another client's order, or one nobody checked in yet: 404."""
        return _order_report(service.order_report(deps.orders, deps.reports, _me(), str(order_id)))

    photo_routes(blp, "client", lambda photo_id, thumbnail: service.report_photo(
        deps.reports, _me(), photo_id, thumbnail), whose="one of the client's orders")
    return blp


# Examples of the main answers, shown in the contract (every example is checked against its schema:
# tests/contract/test_openapi_examples.py). An order has none: Redocly's and Spectral's example checks (Ajv) refuse
# to compile a schema with a nullable reference (`allOf` + `nullable` without `type`, docs/adr/0170).
_CLIENT_EXAMPLE = {"id": "00000000-0000-4000-8000-0000000000f1", "email": "murka@cats.example",
                   "display_name": "Murka's human", "locale": "en", "created_at": "2030-01-01T09:00:00+00:00"}
_TOKEN_EXAMPLE = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIuLi4ifQ.c2lnbmF0dXJl"
_CAT_EXAMPLE = {"id": "00000000-0000-4000-8000-0000000000c1", "name": "Murka", "age_years": 3,
                "favourite_toys": ["feathers", "laser"], "notes": "Shy with strangers",
                "created_at": "2030-01-01T09:05:00+00:00", "updated_at": "2030-01-01T09:05:00+00:00"}
_PAYMENT_EXAMPLE = {"id": "00000000-0000-4000-8000-0000000000a1", "order_id": "00000000-0000-4000-8000-0000000000b1",
                    "status": "succeeded", "amount_minor": 180000, "currency": "RUB", "failure_reason": None,
                    "created_at": "2030-01-01T09:15:00+00:00"}


def _accounts(deps: Dependencies) -> Blueprint:
    blp = Blueprint("accounts", __name__, description="Sign-up, login and the client's own account")

    @blp.route("/signup", methods=["POST"])
    @blp.arguments(SignUpSchema, example={
        "email": "murka@cats.example", "password": "purr-purr-purr-42", "display_name": "Murka's human",
        "locale": "en"})
    @blp.response(201, SignedUpSchema, example={"client": _CLIENT_EXAMPLE, "token": _TOKEN_EXAMPLE})
    @blp.doc(**links(201, logIn=LOGIN_WITH_THE_SAME_CREDENTIALS))
    @problem_responses(blp, 409)
    def sign_up(body):
        """Open a client account (argon2-hashed password) and get a token for it. A taken e-mail is 409."""
        client, token = service.sign_up(deps.uow(), deps.hasher, deps.tokens, service.SignUp(**body), deps.clock())
        return {"client": _client(client), "token": token}

    @blp.route("/login", methods=["POST"])
    @blp.arguments(LoginSchema, example={"email": "murka@cats.example", "password": "purr-purr-purr-42"})
    @blp.response(200, TokenSchema, example={"token": _TOKEN_EXAMPLE})
    @problem_responses(blp, 401)
    @documents_rate_limit(blp)
    def log_in(body):
        """A token for an e-mail and password; the same 401 for an unknown e-mail and a wrong password.

        After too many failed logins for an e-mail, 429 with Retry-After (ADR 0120)."""
        return {"token": deps.throttle.attempt(body["email"], lambda: service.log_in(
            deps.uow(), deps.hasher, deps.tokens, body["email"], body["password"]))}

    @blp.route("/me", methods=["GET"])
    @requires("client")
    @blp.response(200, ClientSchema, example=_CLIENT_EXAMPLE)
    @problem_responses(blp, 401, 404)
    @blp.doc(operationId="getOwnAccount")
    def me():
        """The signed-in client's account."""
        return _client(service.get_client(deps.uow(), _me()))

    return blp


def _cats(deps: Dependencies) -> Blueprint:
    blp = Blueprint("cats", __name__, url_prefix="/cats", description="The client's cats")

    @blp.route("")
    class Cats(MethodView):
        OPERATION_IDS = {"get": "listCats", "post": "addCat"}

        @requires("client")
        @blp.response(200, CatSchema(many=True), example=[_CAT_EXAMPLE])
        @problem_responses(blp, 401)
        def get(self):
            """The client's cats, oldest first."""
            return [_cat(cat) for cat in service.list_cats(deps.uow(), _me())]

        @requires("client")
        @blp.arguments(AddCatSchema, example={
            "name": "Murka", "age_years": 3, "favourite_toys": ["feathers", "laser"], "notes": "Shy with strangers"})
        @blp.response(201, CatSchema, example=_CAT_EXAMPLE)
        @blp.doc(**links(201, **each({"cat_id": "$response.body#/id"}, "getCat", "changeCat", "removeCat")))
        @problem_responses(blp, 401)
        def post(self, body):
            """Add a cat: name, age, favourite toy categories, notes."""
            command = service.AddCat(body["name"], body["age_years"], tuple(body["favourite_toys"]), body["notes"])
            return _cat(service.add_cat(deps.uow(), _me(), command, deps.clock()))

    @blp.route("/<uuid:cat_id>")
    class CatById(MethodView):
        OPERATION_IDS = {"get": "getCat", "patch": "changeCat", "delete": "removeCat"}

        @requires("client")
        @blp.response(200, CatSchema, example=_CAT_EXAMPLE)
        @problem_responses(blp, 401, 404)
        def get(self, cat_id):
            """One of the client's cats (another client's cat is 404)."""
            return _cat(service.get_cat(deps.uow(), _me(), str(cat_id)))

        @requires("client")
        @blp.arguments(ChangeCatSchema, example={"age_years": 4, "favourite_toys": ["feathers", "mice"]})
        @blp.response(200, CatSchema, example=_CAT_EXAMPLE)
        @problem_responses(blp, 401, 404)
        def patch(self, body, cat_id):
            """Change some of a cat's fields: at least one (an empty body is 422, docs/adr/0051)."""
            return _cat(service.update_cat(deps.uow(), _me(), str(cat_id), body, deps.clock()))

        @requires("client")
        @blp.response(204)
        @problem_responses(blp, 401, 404)
        def delete(self, cat_id):
            """Remove a cat (its orders keep the name they were placed with)."""
            service.remove_cat(deps.uow(), _me(), str(cat_id))

    return blp


def _orders(deps: Dependencies) -> Blueprint:
    blp = Blueprint("orders", __name__, url_prefix="/orders",
                    description="The client's orders and payments (through order-service and payment-service)")

    @blp.route("")
    class Orders(MethodView):
        OPERATION_IDS = {"get": "listOrders", "post": "placeOrder"}

        @requires("client")
        @blp.arguments(OrdersQuerySchema, location="query")
        @blp.response(200, OrderSummarySchema(many=True))
        @problem_responses(blp, 401, 503)
        def get(self, query):
            """The client's orders: current (soonest first) or past (latest first); GET /orders/{id} for one's
            details."""
            return service.list_orders(deps.orders, _me(), query.get("state"))

        @requires("client")
        @blp.arguments(ActionKeyHeaders, location="headers")
        @blp.arguments(PlaceOrderSchema, example={
            "cat_id": "00000000-0000-4000-8000-0000000000c1", "toy_category": "feathers",
            "slot_start": "2030-01-07T10:00:00+03:00", "duration_minutes": 60,
            "address": {"city": "Moscow", "district": "Arbat", "street": "Arbat", "building": "12", "apartment": "4",
                        "notes": "Ring twice"}})
        @blp.response(201, OrderSchema)
        # Not to getOrderReport: a new order has no report, and its 404 is the answer (not a missing resource).
        @blp.doc(**links(201, **each({"order_id": "$response.body#/id"}, "getOrder", "cancelOrder", "payOrder",
                                      "listOrderPayments")))
        @problem_responses(blp, 401, 404, 503)
        def post(self, headers, body):
            """Place an order for one of the client's cats (another's cat is 404).

            A retry with the same Idempotency-Key places nothing again and answers with the first order; the same
            key with another body is 422. The 201 may carry an order that is already ``cancelled``: when no worker
            can take it, order-service cancels it at once (``cancellation.cancelled_by`` ``platform``,
            ``cancellation.reason`` ``no_candidates``); look at ``status`` before paying."""
            command = service.PlaceOrder(cat_id=str(body["cat_id"]), toy_category=body["toy_category"],
                                         slot_start=body["slot_start"], duration_minutes=body["duration_minutes"],
                                         address=body["address"], idempotency_key=_action_key(headers))
            return service.place_order(deps.uow(), deps.orders, _me(), command)

    @blp.route("/<uuid:order_id>", methods=["GET"])
    @requires("client")
    @blp.response(200, OrderSchema)
    @problem_responses(blp, 401, 404, 503)
    def get_order(order_id):
        """One of the client's orders (another client's order is 404)."""
        return service.get_order(deps.orders, _me(), str(order_id))

    @blp.route("/<uuid:order_id>/cancel", methods=["POST"])
    @requires("client")
    @blp.arguments(ActionKeyHeaders, location="headers")
    @blp.response(200, OrderSchema)
    @problem_responses(blp, 401, 404, 409, 503)
    def cancel_order(headers, order_id):
        """Cancel one of the client's orders (a paid one is refunded by payment-service). A retry with the same
        Idempotency-Key answers with the first cancellation."""
        return service.cancel_order(deps.orders, _me(), str(order_id), _action_key(headers))

    @blp.route("/<uuid:order_id>/pay", methods=["POST"])
    @requires("client")
    @blp.arguments(PayHeadersSchema, location="headers")
    @blp.arguments(PaySchema, example={"card_number": "4242424242424242"})
    @blp.response(201, PaymentSchema, description="A new payment (succeeded, failed or pending)",
                  example=_PAYMENT_EXAMPLE)
    @blp.alt_response(200, schema=PaymentSchema, description="The payment this Idempotency-Key made before")
    @problem_responses(blp, 401, 404, 409, 503)
    def pay_order(headers, body, order_id):
        """Pay for a placed, priced order with a card. Requires an Idempotency-Key header: a retry with the same
        key returns the same payment and charges nothing again."""
        result = service.pay_order(deps.uow(), deps.orders, deps.payments, _me(), str(order_id),
                                   body["card_number"], headers["idempotency_key"], deps.clock())
        return result.payment, 200 if result.replayed else 201

    @blp.route("/<uuid:order_id>/payments", methods=["GET"])
    @requires("client")
    @blp.response(200, PaymentSchema(many=True), example=[_PAYMENT_EXAMPLE])
    @problem_responses(blp, 401, 404, 503)
    @blp.doc(operationId="listOrderPayments")
    def order_payments(order_id):
        """The payments of one of the client's orders."""
        return service.order_payments(deps.orders, deps.payments, _me(), str(order_id))

    return blp
