"""Response schemas that several services' HTTP answers share, declared once.

The order's kit is answered by order-service (its owner) and passed on unchanged by client-dashboard and
worker-dashboard: its pick-up point and fortune have one shape everywhere, so they are one schema each, and each
service's OpenAPI document names them ``PickupPoint`` and ``Fortune`` as before.
"""
from __future__ import annotations

import marshmallow as ma


class PickupPointSchema(ma.Schema):
    """Where the worker collects the kit, as inventory-service named it."""

    id = ma.fields.String(required=True)
    name = ma.fields.String(required=True)
    address = ma.fields.String(required=True)


class FortuneSchema(ma.Schema):
    """The kit's fortune cookie: the partner's, or the house's when the partner did not answer in time."""

    text = ma.fields.String(required=True)
    locale = ma.fields.String(allow_none=True)
    source = ma.fields.String(allow_none=True, metadata={"enum": ["partner", "house"]})
