"""Schemas and fields that several services' HTTP bodies share, declared once.

The order's kit is answered by order-service (its owner) and passed on unchanged by client-dashboard and
worker-dashboard: its pick-up point and fortune have one shape everywhere, so they are one schema each, and each
service's OpenAPI document names them ``PickupPoint`` and ``Fortune`` as before. A price's breakdown is
matching-service's, passed on by both dashboards: ``Breakdown``. A session's length is checked by
client-dashboard before it calls order-service and by order-service itself: one field, ``DurationMinutes``.
"""
from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from mcf.kit.values import DURATION_STEP, MAX_DURATION, MIN_DURATION


class BreakdownSchema(ma.Schema):
    """How matching-service arrived at the price."""

    base_minor = ma.fields.Integer(required=True, metadata={"description": "Hourly rate of the toy category",
                                                            "example": 120000})
    duration_factor = ma.fields.Float(required=True, metadata={"description": "Billed hours", "example": 1.5})
    rating_tier = ma.fields.String(required=True, metadata={"description": "standard, experienced or top",
                                                             "example": "standard"})
    tier_factor = ma.fields.Float(required=True, metadata={"example": 1.0})
    surge_factor = ma.fields.Float(required=True, metadata={"description": "Demand against supply, capped",
                                                              "example": 1.0})
    minimum_applied = ma.fields.Boolean(required=True, metadata={"example": False})


class PickupPointSchema(ma.Schema):
    """Where the worker collects the kit, as inventory-service named it."""

    id = ma.fields.String(required=True)
    name = ma.fields.String(required=True, metadata={"example": "Toy library on Lenina"})
    address = ma.fields.String(required=True, metadata={"example": "Kazan, Lenina st. 12"})


class FortuneSchema(ma.Schema):
    """The kit's fortune cookie: the partner's, or the house's when the partner did not answer in time."""

    text = ma.fields.String(required=True, metadata={"example": "A warm windowsill is waiting for you."})
    locale = ma.fields.String(allow_none=True, metadata={"example": "en"})
    source = ma.fields.String(allow_none=True, metadata={"enum": ["partner", "house"]})


class DurationMinutes(ma.fields.Integer):
    """A session's length as the marketplace takes it: a whole number of minutes, MIN_DURATION..MAX_DURATION, in
    steps of DURATION_STEP. Out of range it is refused with the range's message alone; in range but off the step,
    with ``Must be a multiple of <step>.``"""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", True)
        super().__init__(strict=True, validate=validate.Range(MIN_DURATION, MAX_DURATION),
                         metadata={"multipleOf": DURATION_STEP}, **kwargs)

    def _validate(self, value):
        super()._validate(value)  # the range first
        if value % DURATION_STEP:
            raise ma.ValidationError(f"Must be a multiple of {DURATION_STEP}.")
