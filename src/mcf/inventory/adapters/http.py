"""The inventory HTTP adapter: catalogue, stock and kits. Requests become use-case calls, nothing else."""
from __future__ import annotations

from typing import Callable

import marshmallow as ma
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import validate

from mcf.inventory import service
from mcf.inventory.domain import TOY_CATEGORIES, Kit
from mcf.inventory.ports import UnitOfWork
from mcf.kit.auth import current_principal, requires
from mcf.kit.http import problem_responses

# An internal service (docs/adr/0050): only service tokens; a service acting for a person passes it as
# on_behalf_of, and what that person may see is decided from the claim.
STAFF = {"on_behalf_of": ("manager", None)}  # a service on its own, or acting for a manager
ANYONE = {}


class PickupPointSchema(ma.Schema):
    id = ma.fields.UUID(required=True)
    name = ma.fields.String(required=True)
    city = ma.fields.String(required=True)
    district = ma.fields.String(required=True)
    address = ma.fields.String(required=True)


class ToySchema(ma.Schema):
    id = ma.fields.UUID(required=True)
    name = ma.fields.String(required=True)
    category = ma.fields.String(required=True)


class ToyQuerySchema(ma.Schema):
    category = ma.fields.String(load_default=None, validate=validate.OneOf(TOY_CATEGORIES))


class StockLevelSchema(ma.Schema):
    pickup_point_id = ma.fields.UUID(required=True)
    toy_id = ma.fields.UUID(required=True)
    toy_name = ma.fields.String(required=True)
    available = ma.fields.Integer(required=True, metadata={"description": "Units that can still be reserved"})
    reserved = ma.fields.Integer(required=True, metadata={"description": "Units held by kits"})


class StockQuerySchema(ma.Schema):
    pickup_point = ma.fields.UUID(load_default=None, metadata={"description": "Only this pick-up point"})


class RestockSchema(ma.Schema):
    class Meta:
        unknown = ma.RAISE

    pickup_point_id = ma.fields.UUID(required=True)
    toy_id = ma.fields.UUID(required=True)
    quantity = ma.fields.Integer(required=True, strict=True, validate=validate.Range(1, service.MAX_RESTOCK))


class KitItemSchema(ma.Schema):
    toy_id = ma.fields.UUID(required=True)
    name = ma.fields.String(required=True)
    quantity = ma.fields.Integer(required=True)


class MissingSchema(ma.Schema):
    toy_id = ma.fields.UUID(required=True)
    wanted = ma.fields.Integer(required=True)
    available = ma.fields.Integer(required=True)


class FortuneSchema(ma.Schema):
    text = ma.fields.String(required=True)
    locale = ma.fields.String(required=True)
    source = ma.fields.String(required=True, validate=validate.OneOf(("partner", "house")),
                              metadata={"description": "house: the partner did not answer in time"})
    fortune_id = ma.fields.String(allow_none=True)


class KitSchema(ma.Schema):
    order_id = ma.fields.UUID(required=True)
    kit_id = ma.fields.UUID(required=True)
    status = ma.fields.String(required=True, metadata={
        "description": "pending, awaiting_fortune (toys reserved), ready, shortage or cancelled"})
    toy_category = ma.fields.String(allow_none=True)
    pickup_point = ma.fields.Nested(PickupPointSchema, allow_none=True)
    items = ma.fields.List(ma.fields.Nested(KitItemSchema), required=True)
    missing = ma.fields.List(ma.fields.Nested(MissingSchema), required=True)
    fortune = ma.fields.Nested(FortuneSchema, allow_none=True)
    fortune_deadline = ma.fields.AwareDateTime(allow_none=True)
    created_at = ma.fields.AwareDateTime(required=True)
    updated_at = ma.fields.AwareDateTime(required=True)
    ready_at = ma.fields.AwareDateTime(allow_none=True)
    cancelled_at = ma.fields.AwareDateTime(allow_none=True)
    released = ma.fields.Boolean(required=True, metadata={"description": "Reserved toys went back to stock"})


def _present_kit(kit: Kit) -> dict:
    fortune = None if kit.fortune is None else {**vars(kit.fortune), "source": kit.fortune.source.value}
    return {**vars(kit), "status": kit.status.value, "pickup_point": vars(kit.pickup_point) if kit.pickup_point
            else None, "items": [vars(i) for i in kit.items], "missing": [vars(m) for m in kit.missing],
            "fortune": fortune}


def blueprints(uow_factory: Callable[[], UnitOfWork]) -> list[Blueprint]:
    catalogue = Blueprint("catalogue", __name__, url_prefix="", description="Pick-up points and toys")
    stock = Blueprint("stock", __name__, url_prefix="/stock", description="Toys in stock per pick-up point")
    kits = Blueprint("kits", __name__, url_prefix="/kits", description="The toy kit prepared for each order")

    @catalogue.route("/pickup-points")
    @requires("service", **ANYONE)
    @catalogue.response(200, PickupPointSchema(many=True))
    @problem_responses(catalogue, 401)
    @catalogue.doc(operationId="listPickupPoints")
    def pickup_points():
        """Every pick-up point where workers collect kits."""
        return service.list_pickup_points(uow_factory())

    @catalogue.route("/toys")
    @requires("service", **ANYONE)
    @catalogue.arguments(ToyQuerySchema, location="query")
    @catalogue.response(200, ToySchema(many=True))
    @problem_responses(catalogue, 401)
    @catalogue.doc(operationId="listToys")
    def toys(query):
        """The toy catalogue, optionally one category's."""
        return service.list_toys(uow_factory(), query["category"])

    @stock.route("")
    class Stock(MethodView):
        OPERATION_IDS = {"get": "listStock"}

        @requires("service", **STAFF)
        @stock.arguments(StockQuerySchema, location="query")
        @stock.response(200, StockLevelSchema(many=True))
        @problem_responses(stock, 401, 403, 404)
        def get(self, query):
            """Stock levels, for every pick-up point or one."""
            point = query["pickup_point"]
            return service.stock_levels(uow_factory(), str(point) if point else None)

    @stock.route("/restock")
    class Restock(MethodView):
        OPERATION_IDS = {"post": "restock"}

        @requires("service", **STAFF)
        @stock.arguments(RestockSchema, example={
        "toy_id": "00000000-0000-4000-8000-0000000000d1", "pickup_point_id": "00000000-0000-4000-8000-0000000000e1",
        "quantity": 20})
        @stock.response(200, StockLevelSchema)
        @problem_responses(stock, 401, 403, 404)
        def post(self, body):
            """Add units of a toy to a pick-up point's stock; returns the new level."""
            return service.restock(uow_factory(), str(body["pickup_point_id"]), str(body["toy_id"]),
                                   body["quantity"])

    @kits.route("/<uuid:order_id>")
    class KitByOrder(MethodView):
        OPERATION_IDS = {"get": "getKitOfOrder"}

        @requires("service", **ANYONE)
        @kits.response(200, KitSchema)
        @problem_responses(kits, 401, 404)
        def get(self, order_id):
            """The kit for an order: its state, pick-up point, toys and cookie. A client sees only its own."""
            principal = current_principal().actor
            kit = service.get_kit(uow_factory(), str(order_id), principal.role, principal.subject)
            return _present_kit(kit)

    return [catalogue, stock, kits]
