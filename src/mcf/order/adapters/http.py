"""The order HTTP adapter: requests become use-case calls, results become responses."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Callable

import jwt
import marshmallow as ma
from flask import current_app, request, url_for
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import validate

from mcf.kit import idempotency
from mcf.kit.auth import current_principal, decode_assertion, requires
from mcf.kit.errors import Forbidden, Unauthorized
from mcf.kit.http import UtcDateTime, each, links, problem_responses
from mcf.kit.shared_schemas import DurationMinutes, FortuneSchema, PickupPointSchema
from mcf.order import service
from mcf.order.domain import (
    TOY_CATEGORIES,
    Address,
    Order,
    OrderStatus,
)
from mcf.order.ports import (
    CLIENT_FACTS_ASSERTION,
    CLIENT_FACTS_OWNER,
    ClientDirectory,
    ClientFacts,
    LiveOrderQuery,
    LiveOrders,
    MatchingGateway,
    UnitOfWork,
)

LOCALES = ("en", "ru")
STATUSES = tuple(s.value for s in OrderStatus)
Clock = Callable[[], datetime]


class AddressSchema(ma.Schema):
    city = ma.fields.String(required=True, validate=validate.Length(1, 80), metadata={"example": "Kazan"})
    district = ma.fields.String(required=True, validate=validate.Length(1, 80), metadata={"example": "Vakhitovsky"})
    street = ma.fields.String(required=True, validate=validate.Length(1, 120), metadata={"example": "Baumana"})
    building = ma.fields.String(required=True, validate=validate.Length(1, 20), metadata={"example": "5"})
    apartment = ma.fields.String(load_default=None, allow_none=True, validate=validate.Length(max=20),
                                 metadata={"example": "12"})
    notes = ma.fields.String(load_default=None, allow_none=True, validate=validate.Length(max=500),
                             metadata={"example": "The cat hides under the sofa."})


class PlaceOrderSchema(ma.Schema):
    """A client's order as client-dashboard sends it on the client's behalf. The client is the token's verified
    ``on_behalf_of`` claim; the e-mail, locale and cat name come from client-dashboard, their owner."""

    class Meta:
        unknown = ma.RAISE

    cat_id = ma.fields.UUID(required=True, metadata={
        "description": "One of the client's cats (else 404 cat-not-found)"})
    toy_category = ma.fields.String(required=True, validate=validate.OneOf(TOY_CATEGORIES))
    slot_start = UtcDateTime(required=True, metadata={
        "description": "ISO 8601 with an offset; at least 30 minutes from now (else 409 slot-too-soon)"})
    duration_minutes = DurationMinutes()
    address = ma.fields.Nested(AddressSchema, required=True)


class PriceSchema(ma.Schema):
    amount_minor = ma.fields.Integer(required=True, metadata={"description": "Integer minor units",
                                                              "example": 180000})
    currency = ma.fields.String(required=True, metadata={"example": "RUB"})
    breakdown = ma.fields.Dict(metadata={"description": "matching-service's explanation of the price"})


class OfferSchema(ma.Schema):
    worker_id = ma.fields.UUID(required=True)
    expires_at = ma.fields.AwareDateTime(required=True)


class KitSchema(ma.Schema):
    ready = ma.fields.Boolean(required=True)
    ready_at = ma.fields.AwareDateTime(allow_none=True)
    pickup_point = ma.fields.Nested(PickupPointSchema, allow_none=True)
    fortune = ma.fields.Nested(FortuneSchema, allow_none=True)


class CancellationSchema(ma.Schema):
    cancelled_by = ma.fields.String(required=True, validate=validate.OneOf(("client", "platform")),
                                    metadata={"example": "platform"})
    reason = ma.fields.String(required=True, metadata={
        "description": "Why: client_cancelled, no_candidates, payment_failed, ...", "example": "no_candidates"})
    previous_status = ma.fields.String(required=True, metadata={"example": "placed"})
    cancelled_at = ma.fields.AwareDateTime(required=True)


class RefundSchema(ma.Schema):
    refund_id = ma.fields.String(required=True)
    amount_minor = ma.fields.Integer(required=True)
    currency = ma.fields.String(required=True)
    policy = ma.fields.String(allow_none=True)


class OrderSchema(ma.Schema):
    id = ma.fields.UUID(required=True)
    status = ma.fields.String(required=True, validate=validate.OneOf(STATUSES))
    client_id = ma.fields.UUID(required=True)
    client_email = ma.fields.Email(required=True)
    cat_id = ma.fields.UUID(required=True)
    cat_name = ma.fields.String(allow_none=True)
    toy_category = ma.fields.String(required=True)
    slot_start = ma.fields.AwareDateTime(required=True)
    slot_end = ma.fields.AwareDateTime(required=True)
    duration_minutes = ma.fields.Integer(required=True)
    address = ma.fields.Nested(AddressSchema, required=True)
    locale = ma.fields.String(required=True)
    worker_id = ma.fields.UUID(allow_none=True, metadata={"description": "The worker who accepted the offer"})
    offer = ma.fields.Nested(OfferSchema, allow_none=True, metadata={"description": "The open offer, if any"})
    price = ma.fields.Nested(PriceSchema, allow_none=True)
    kit = ma.fields.Nested(KitSchema, required=True)
    payment_id = ma.fields.String(allow_none=True)
    paid = ma.fields.Boolean(required=True)
    paid_at = ma.fields.AwareDateTime(allow_none=True)
    refunds = ma.fields.List(ma.fields.Nested(RefundSchema), metadata={"description": "As payment-service "
                                                                                   "reported them"})
    report_id = ma.fields.String(allow_none=True)
    cancellation = ma.fields.Nested(CancellationSchema, allow_none=True)
    started_at = ma.fields.AwareDateTime(allow_none=True)
    completed_at = ma.fields.AwareDateTime(allow_none=True)
    expired_at = ma.fields.AwareDateTime(allow_none=True)
    created_at = ma.fields.AwareDateTime(required=True)
    updated_at = ma.fields.AwareDateTime(required=True)
    version = ma.fields.Integer(required=True)


class LiveOrderSchema(ma.Schema):
    """An order as listings show it (the live-orders table; may lag the order itself by a moment)."""

    order_id = ma.fields.UUID(required=True)
    version = ma.fields.Integer(required=True)
    status = ma.fields.String(required=True)
    client_id = ma.fields.String(required=True)
    worker_id = ma.fields.String(allow_none=True)
    offered_worker_id = ma.fields.String(allow_none=True)
    offer_expires_at = ma.fields.AwareDateTime(allow_none=True)
    toy_category = ma.fields.String(required=True)
    slot_start = ma.fields.AwareDateTime(required=True)
    slot_end = ma.fields.AwareDateTime(required=True)
    city = ma.fields.String(required=True)
    district = ma.fields.String(required=True)
    price = ma.fields.Nested(PriceSchema, allow_none=True)
    paid = ma.fields.Boolean(required=True)
    kit_ready = ma.fields.Boolean(required=True)
    placed_at = ma.fields.AwareDateTime(required=True)
    updated_at = ma.fields.AwareDateTime(required=True)


class ListOrdersQuery(ma.Schema):
    client_id = ma.fields.UUID(load_default=None)
    worker_id = ma.fields.UUID(load_default=None, metadata={"description": "Orders offered or assigned to"})
    status = ma.fields.String(load_default=None, validate=validate.OneOf(STATUSES))
    current = ma.fields.Boolean(load_default=False, metadata={"description": "Only placed, confirmed, in_progress"})
    limit = ma.fields.Integer(load_default=50, validate=validate.Range(1, service.MAX_LIST_LIMIT))
    after_slot_start = UtcDateTime(load_default=None, metadata={
        "description": "Keyset paging, with after_order_id: the orders after that row (slot_start, order_id) in "
                       "the listing's order. Alone: the orders whose slot starts at or before it."})
    after_order_id = ma.fields.UUID(load_default=None, metadata={
        "description": "Keyset paging: the last order seen. Alone, its slot_start is read from the order itself "
                       "(404 if the caller cannot see that order)."})


class CancelSchema(ma.Schema):
    class Meta:
        unknown = ma.RAISE

    reason = ma.fields.String(load_default=None, allow_none=True, validate=validate.Length(1, 200))


class TransitionSchema(ma.Schema):
    """Internal transitions, normally driven by events (payment, report); for services and operators' tools."""

    class Meta:
        unknown = ma.RAISE

    to = ma.fields.String(required=True, validate=validate.OneOf(("confirmed", "in_progress", "completed",
                                                                   "expired")))
    payment_id = ma.fields.String(load_default=None, validate=validate.Length(1, 100),
                                  metadata={"description": "Required for confirmed"})
    worker_id = ma.fields.UUID(load_default=None, metadata={"description": "Required for in_progress, completed"})
    report_id = ma.fields.String(load_default=None, validate=validate.Length(1, 100),
                                 metadata={"description": "Required for completed"})
    at = UtcDateTime(load_default=None, metadata={"description": "When it happened (default: now)"})

    NEEDS = {"confirmed": ("payment_id",), "in_progress": ("worker_id",), "completed": ("worker_id", "report_id"),
             "expired": ()}
    # What each target needs, in the contract (kit.http.SchemaRulesPlugin) as _needs enforces it.
    OPENAPI_RULES = {"oneOf": [
        {"properties": {"to": {"type": "string", "enum": [to]},
                        **{name: {"type": "string"} for name in needs}},
         "required": ["to", *needs]} for to, needs in NEEDS.items()]}

    @ma.validates_schema
    def _needs(self, data, **_kwargs):
        missing = {name: [f"Required to move an order to {data['to']}."]
                   for name in self.NEEDS.get(data.get("to"), ()) if data.get(name) is None}
        if missing:
            raise ma.ValidationError(missing)


def present(order: Order) -> dict:
    kit = order.kit
    cancellation = order.cancellation
    return {
        "id": order.id, "status": order.status.value, "client_id": order.client_id,
        "client_email": order.client_email, "cat_id": order.cat_id, "cat_name": order.cat_name,
        "toy_category": order.toy_category, "slot_start": order.slot.start, "slot_end": order.slot.end,
        "duration_minutes": order.slot.duration_minutes, "address": vars(order.address), "locale": order.locale,
        "worker_id": order.worker_id,
        "offer": {"worker_id": order.offer.worker_id, "expires_at": order.offer.expires_at} if order.offer else None,
        "price": None if order.price is None else {"amount_minor": order.price.amount_minor,
                                                   "currency": order.price.currency,
                                                   "breakdown": order.price.breakdown},
        "kit": {"ready": kit is not None, "ready_at": kit.ready_at if kit else None,
                "pickup_point": kit.pickup_point if kit else None, "fortune": kit.fortune if kit else None},
        "payment_id": order.payment_id, "paid": order.paid, "paid_at": order.paid_at,
        "refunds": [{k: r.get(k) for k in ("refund_id", "amount_minor", "currency", "policy")}
                    for r in order.refunds],
        "report_id": order.report_id,
        "cancellation": None if cancellation is None else {
            "cancelled_by": cancellation.by.value, "reason": cancellation.reason,
            "previous_status": cancellation.previous_status.value, "cancelled_at": cancellation.at},
        "started_at": order.started_at, "completed_at": order.completed_at, "expired_at": order.expired_at,
        "created_at": order.created_at, "updated_at": order.updated_at, "version": order.version,
    }


def _utcnow() -> datetime:
    return datetime.now(timezone.utc)


KeyHeaders = idempotency.key_headers(required=False, description=(
    "Optional, chosen per action of the person the token acts for: a retry with the same key and body gets the "
    "first response again (header Idempotent-Replayed: true) and changes nothing; the same key with another "
    "request is 422 idempotency-key-reused (docs/adr/0061)."))


CLIENT_ASSERTION_HEADER = "MCF-Client-Assertion"


class PlaceOrderHeaders(KeyHeaders):
    client_assertion = ma.fields.String(data_key=CLIENT_ASSERTION_HEADER, load_default=None, metadata={
        "description": "Optional, from client-dashboard only (docs/adr/0184): a JWT it signs for order-service, "
                       "good for 60 seconds, asserting the client's e-mail and locale and the cat's name "
                       "(claims client_id, cat_id, email, locale, cat_name, idempotency_key). It must name the "
                       "client the token acts for, the body's cat_id and this request's Idempotency-Key; then "
                       "order-service does not call client-dashboard back. Invalid or expired: 401; from another "
                       "caller, or about another client, cat or request: 403. Absent: the facts are read from "
                       "client-dashboard."})


def _asserted_facts(assertion: str | None, client_id: str, cat_id: str,
                    idempotency_key: str | None) -> ClientFacts | None:
    """The client facts client-dashboard signed for this very request, or None without an assertion."""
    if assertion is None:
        return None
    try:
        issuer, claims = decode_assertion(current_app.config["MCF_SETTINGS"].jwt_secret, assertion,
                                          CLIENT_FACTS_ASSERTION, audience=current_app.config["MCF_SERVICE"])
        facts = ClientFacts(client_id=claims["client_id"], email=claims["email"], locale=claims["locale"],
                            cat_id=claims["cat_id"], cat_name=claims["cat_name"])
    except (jwt.PyJWTError, KeyError) as exc:
        raise Unauthorized(f"The client assertion is not valid: {exc!r}.") from exc
    if not all(isinstance(value, str) and value for value in vars(facts).values()):
        raise Unauthorized("The client assertion's facts must be non-empty strings.")
    # Only the owner of clients and cats asserts their facts, and only on its own call.
    if issuer != CLIENT_FACTS_OWNER or current_principal().subject != CLIENT_FACTS_OWNER:
        raise Forbidden(f"only {CLIENT_FACTS_OWNER}, calling itself, may assert a client's facts")
    if (facts.client_id, facts.cat_id, claims.get("idempotency_key")) != (client_id, cat_id, idempotency_key):
        raise Forbidden("the client assertion is about another client, cat or request")
    return facts


def _snapshot(order: Order) -> dict:
    return OrderSchema().dump(present(order))


def _key(headers: dict, command: str, **parts) -> service.CommandKey | None:
    """The command's key, scoped to the acting principal (the person a service acts for)."""
    if headers.get("idempotency_key") is None:
        return None
    actor = current_principal().actor
    return service.CommandKey(
        principal=f"{actor.role}:{actor.subject}", key=headers["idempotency_key"], snapshot=_snapshot,
        fingerprint=idempotency.fingerprint(command, body=request.get_json(silent=True), **parts))


def _respond(result: Order | service.Replay, status: int = 200, **headers):
    if isinstance(result, service.Replay):
        return idempotency.replayed(result.response, status, headers)
    return present(result), status, headers


def blueprint(uow_factory: Callable[[], UnitOfWork], matching: MatchingGateway, live: LiveOrders,
              clients: ClientDirectory, policy: service.OrderPolicy = service.DEFAULT_POLICY,
              clock: Clock = _utcnow) -> Blueprint:
    blp = Blueprint("orders", __name__, url_prefix="/orders", description="Clients' toy-testing orders")

    @blp.route("")
    class Orders(MethodView):
        OPERATION_IDS = {"post": "placeOrder", "get": "listOrders"}

        @requires("service", on_behalf_of=("client",))
        @blp.arguments(PlaceOrderHeaders, location="headers")
        @blp.arguments(PlaceOrderSchema, example={
            "cat_id": "00000000-0000-4000-8000-0000000000c1", "toy_category": "feathers",
            "slot_start": "2030-01-07T10:00:00+03:00", "duration_minutes": 60,
            "address": {"city": "Moscow", "district": "Arbat", "street": "Arbat", "building": "12", "apartment": "4",
                        "notes": "Ring twice"}})
        @blp.response(201, OrderSchema, headers={"Location": {"schema": {"type": "string"}}})
        @blp.doc(**links(201, **each({"order_id": "$response.body#/id"}, "getOrder", "cancelOrder", "acceptOffer",
                                      "declineOffer", "transitionOrder")))
        @problem_responses(blp, 401, 403, 404, 409, 503, descriptions={
            404: "cat-not-found: the cat is not the client's",
            409: "slot-too-soon: the slot starts in less than 30 minutes"})
        def post(self, headers, body):
            """Place an order for the client the service token acts for (client-dashboard's): matched and priced
            by matching-service, stored ``placed`` with an offer to the best candidate, with its events and the
            client's notice, in one transaction. The client's e-mail and the cat come from client-dashboard:
            signed in the MCF-Client-Assertion header, or else read from it (``getClientCat``).

            Nobody fits: still 201, the order ``cancelled`` by the platform (``no_candidates``) and the client
            told. A cat not the client's: 404 ``cat-not-found``; a slot less than 30 minutes ahead: 409
            ``slot-too-soon`` (a rule of the clock). matching- or client-dashboard unavailable: 503
            (``urn:mcf:problem:dependency-unavailable``), nothing stored. With an Idempotency-Key done before
            (even concurrently): the first 201 again, and no second order, offer or e-mail.
            """
            key = _key(headers, "place_order")
            client = current_principal().actor
            asserted = _asserted_facts(headers["client_assertion"], client.subject, str(body["cat_id"]),
                                       headers["idempotency_key"])
            command = service.client_order_command(clients, service.ClientOrder(
                client_id=client.subject, cat_id=str(body["cat_id"]), toy_category=body["toy_category"],
                slot_start=body["slot_start"], duration_minutes=body["duration_minutes"],
                address=Address(**body["address"]), asserted=asserted))
            result = service.place_order(uow_factory(), matching, command, clock(), policy, key)
            order_id = result.response["id"] if isinstance(result, service.Replay) else result.id
            return _respond(result, 201, Location=url_for("orders.OrderById", order_id=order_id))

        @requires("service")
        @blp.arguments(ListOrdersQuery, location="query")
        @blp.response(200, LiveOrderSchema(many=True))
        @problem_responses(blp, 401, 403, 404, descriptions={
            404: "after_order_id alone names no order the caller can see"})
        def get(self, args):
            """List orders from the live-orders table, newest slot first. A service acting for a client lists the
            client's orders, for a worker the orders offered or assigned to it; for a manager, or for nobody, it
            filters freely. Eventually consistent:
            a change shows here a moment after it happened (GET /orders/{id} is always current)."""
            principal = current_principal().actor
            query = LiveOrderQuery(
                client_id=str(args["client_id"]) if args["client_id"] else None,
                worker_id=str(args["worker_id"]) if args["worker_id"] else None,
                statuses=(args["status"],) if args["status"] else (), current_only=args["current"],
                limit=args["limit"], after=_after(args, principal, uow_factory))
            return [vars(row) for row in service.list_orders(live, query, principal.role, principal.subject)]

    @blp.route("/<uuid:order_id>")
    class OrderById(MethodView):
        OPERATION_IDS = {"get": "getOrder"}

        @requires("service")
        @blp.response(200, OrderSchema)
        @problem_responses(blp, 401, 404)
        def get(self, order_id):
            """One order, current. Acting for a client, a service sees only the client's orders; for a worker,
            only those offered or assigned to it (else 404)."""
            principal = current_principal().actor
            return present(service.get_order(uow_factory(), str(order_id), principal.role, principal.subject))

    @blp.route("/<uuid:order_id>/cancel")
    class CancelOrder(MethodView):
        OPERATION_IDS = {"post": "cancelOrder"}

        @requires("service")
        @blp.arguments(KeyHeaders, location="headers")
        @blp.arguments(CancelSchema, required=False, example={"reason": "The cat is at the vet"})
        @blp.response(200, OrderSchema)
        @problem_responses(blp, 401, 403, 404, 409)
        def post(self, headers, body, order_id):
            """Cancel a ``placed`` or ``confirmed`` order: acting for a client, its own (``cancelled_by: client``);
            for a manager or for nobody, any (``platform``). Any other state: 409, nothing changed."""
            principal = current_principal().actor
            key = _key(headers, "cancel_order", order_id=str(order_id))
            return _respond(service.cancel_order(uow_factory(), str(order_id), principal.role, principal.subject,
                                                 (body or {}).get("reason"), clock(), key))

    @blp.route("/<uuid:order_id>/offer/accept")
    class AcceptOffer(MethodView):
        OPERATION_IDS = {"post": "acceptOffer"}

        @requires("service", on_behalf_of=("worker",))
        @blp.arguments(KeyHeaders, location="headers")
        @blp.response(200, OrderSchema)
        @problem_responses(blp, 401, 403, 404, 409)
        def post(self, headers, order_id):
            """The offered worker (the service token acts for it) takes the order while the offer is open. A lost
            race or a closed offer: 409. A retry with the Idempotency-Key of an accept done: its response again."""
            principal = current_principal().actor
            key = _key(headers, "accept_offer", order_id=str(order_id))
            return _respond(service.accept_offer(uow_factory(), str(order_id), principal.subject, clock(), key))

    @blp.route("/<uuid:order_id>/offer/decline")
    class DeclineOffer(MethodView):
        OPERATION_IDS = {"post": "declineOffer"}

        @requires("service", on_behalf_of=("worker",))
        @blp.arguments(KeyHeaders, location="headers")
        @blp.response(200, OrderSchema)
        @problem_responses(blp, 401, 403, 404, 409)
        def post(self, headers, order_id):
            """The offered worker says no; the order goes to the next candidate, or is cancelled when none is
            left. The response is the order after re-matching, as the declining worker may see it (so usually
            404 on a later GET). A retry with the Idempotency-Key of a decline done: the order as the decline left
            it, and nothing declined or re-matched again."""
            principal = current_principal().actor
            key = _key(headers, "decline_offer", order_id=str(order_id))
            return _respond(service.decline_offer(uow_factory(), matching, str(order_id), principal.subject,
                                                  clock(), policy, key))

    @blp.route("/<uuid:order_id>/transitions")
    class Transition(MethodView):
        OPERATION_IDS = {"post": "transitionOrder"}

        @requires("service", on_behalf_of=())
        @blp.arguments(TransitionSchema, example={
            "to": "confirmed", "payment_id": "00000000-0000-4000-8000-0000000000a1"})
        @blp.response(200, OrderSchema)
        @problem_responses(blp, 401, 403, 404, 409)
        def post(self, body, order_id):
            """Internal transitions (service role): the moves events normally make — ``confirmed`` (paid),
            ``in_progress`` (checked in), ``completed`` (report filed), ``expired``. Illegal: 409, nothing changed."""
            return present(_transition(uow_factory(), str(order_id), body, clock()))

    return blp


NIL_ORDER_ID = "00000000-0000-0000-0000-000000000000"


def _after(args: dict, principal, uow_factory: Callable[[], UnitOfWork]) -> tuple[datetime, str] | None:
    """The keyset cursor of a listing; either half alone is completed (see ListOrdersQuery)."""
    slot, order_id = args["after_slot_start"], args["after_order_id"]
    if slot is None and order_id is None:
        return None
    if order_id is None:
        return slot, NIL_ORDER_ID  # (slot, nil) precedes every order at that slot: the slot itself is included
    if slot is None:
        slot = service.get_order(uow_factory(), str(order_id), principal.role, principal.subject).slot.start
    return slot, str(order_id)


def _transition(uow: UnitOfWork, order_id: str, body: dict, now: datetime) -> Order:
    to, at = body["to"], body["at"] or now

    def need(name: str) -> str:
        return str(body[name])  # TransitionSchema requires it for this target

    try:
        if to == "confirmed":
            return service.on_payment_succeeded(uow, order_id, need("payment_id"), now, strict=True)
        if to == "in_progress":
            return service.on_checked_in(uow, order_id, need("worker_id"), at, now, strict=True)
        if to == "completed":
            return service.on_report_filed(uow, order_id, need("worker_id"), need("report_id"), at, now,
                                           strict=True)
        return service.expire_order(uow, order_id, now)
    except service.UnknownOrder:
        raise service.NotFound(f"order {order_id} does not exist") from None
