"""The order HTTP adapter: requests become use-case calls, results become responses."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Callable

import marshmallow as ma
from flask import url_for
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import validate

from mcf.kit.auth import current_principal, requires
from mcf.kit.errors import Forbidden
from mcf.order import service
from mcf.order.domain import DURATION_STEP, MAX_DURATION, MIN_DURATION, TOY_CATEGORIES, Address, Order
from mcf.order.ports import UnitOfWork

LOCALES = ("en", "ru")


class AddressSchema(ma.Schema):
    city = ma.fields.String(required=True, validate=validate.Length(1, 80))
    district = ma.fields.String(required=True, validate=validate.Length(1, 80))
    street = ma.fields.String(required=True, validate=validate.Length(1, 120))
    building = ma.fields.String(required=True, validate=validate.Length(1, 20))
    apartment = ma.fields.String(load_default=None, allow_none=True, validate=validate.Length(max=20))
    notes = ma.fields.String(load_default=None, allow_none=True, validate=validate.Length(max=500))


class PlaceOrderSchema(ma.Schema):
    class Meta:
        unknown = ma.RAISE

    client_id = ma.fields.UUID(required=True)
    client_email = ma.fields.Email(required=True, metadata={"description": "Where the client's notices go"})
    cat_id = ma.fields.UUID(required=True)
    cat_name = ma.fields.String(load_default=None, allow_none=True, validate=validate.Length(1, 60))
    toy_category = ma.fields.String(required=True, validate=validate.OneOf(TOY_CATEGORIES))
    slot_start = ma.fields.AwareDateTime(required=True, metadata={"description": "ISO 8601 with an offset"})
    duration_minutes = ma.fields.Integer(required=True, strict=True,
                                         validate=validate.Range(MIN_DURATION, MAX_DURATION))
    address = ma.fields.Nested(AddressSchema, required=True)
    locale = ma.fields.String(load_default="en", validate=validate.OneOf(LOCALES))

    @ma.validates("duration_minutes")
    def _step(self, value, **_kwargs):
        if value % DURATION_STEP:
            raise ma.ValidationError(f"Must be a multiple of {DURATION_STEP}.")


class OrderSchema(ma.Schema):
    id = ma.fields.UUID(required=True)
    status = ma.fields.String(required=True)
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
    worker_id = ma.fields.UUID(allow_none=True)
    created_at = ma.fields.AwareDateTime(required=True)
    updated_at = ma.fields.AwareDateTime(required=True)
    version = ma.fields.Integer(required=True)


class OrderIdSchema(ma.Schema):
    order_id = ma.fields.UUID(required=True)


def _present(order: Order) -> dict:
    return {**vars(order), "status": order.status.value, "slot_start": order.slot.start,
            "slot_end": order.slot.end, "duration_minutes": order.slot.duration_minutes,
            "address": vars(order.address)}


def blueprint(uow_factory: Callable[[], UnitOfWork], clock: Callable[[], datetime] = lambda: datetime.now(
        timezone.utc)) -> Blueprint:
    blp = Blueprint("orders", __name__, url_prefix="/orders", description="Clients' toy-testing orders")

    @blp.route("")
    class Orders(MethodView):
        @requires("client", "service")
        @blp.arguments(PlaceOrderSchema)
        @blp.response(201, OrderSchema, headers={"Location": {"schema": {"type": "string"}}})
        @blp.alt_response(401, response="UNAUTHORIZED")
        @blp.alt_response(403, response="FORBIDDEN")
        def post(self, body):
            """Place an order: stored with its order.created event and the client's notice, in one transaction."""
            principal = current_principal()
            if principal.role == "client" and str(body["client_id"]) != principal.subject:
                raise Forbidden("a client can place orders only for itself")
            command = service.PlaceOrder(
                client_id=str(body["client_id"]), client_email=body["client_email"], cat_id=str(body["cat_id"]),
                cat_name=body["cat_name"], toy_category=body["toy_category"], slot_start=body["slot_start"],
                duration_minutes=body["duration_minutes"], address=Address(**body["address"]),
                locale=body["locale"])
            order = service.place_order(uow_factory(), command, clock())
            return _present(order), 201, {"Location": url_for("orders.OrderById", order_id=order.id)}

    @blp.route("/<uuid:order_id>")
    class OrderById(MethodView):
        @requires("client", "worker", "manager", "service")
        @blp.response(200, OrderSchema)
        @blp.alt_response(401, response="UNAUTHORIZED")
        @blp.alt_response(404, response="NOT_FOUND")
        def get(self, order_id):
            """One order. A client sees only its own orders, a worker only those assigned to it (else 404)."""
            principal = current_principal()
            return _present(service.get_order(uow_factory(), str(order_id), principal.role, principal.subject))

    return blp
