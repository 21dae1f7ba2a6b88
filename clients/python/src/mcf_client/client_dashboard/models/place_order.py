from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar
from uuid import UUID

from attrs import define as _attrs_define

from ..models.place_order_toy_category import PlaceOrderToyCategory

if TYPE_CHECKING:
    from ..models.address import Address


T = TypeVar("T", bound="PlaceOrder")


@_attrs_define
class PlaceOrder:
    """
    Attributes:
        address (Address):
        cat_id (UUID): One of the client's own cats
        duration_minutes (int):
        slot_start (datetime.datetime): ISO 8601 with an offset
        toy_category (PlaceOrderToyCategory):
    """

    address: Address
    cat_id: UUID
    duration_minutes: int
    slot_start: datetime.datetime
    toy_category: PlaceOrderToyCategory

    def to_dict(self) -> dict[str, Any]:
        address = self.address.to_dict()

        cat_id = str(self.cat_id)

        duration_minutes = self.duration_minutes

        slot_start = self.slot_start.isoformat()

        toy_category = self.toy_category.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "address": address,
                "cat_id": cat_id,
                "duration_minutes": duration_minutes,
                "slot_start": slot_start,
                "toy_category": toy_category,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.address import Address

        d = dict(src_dict)
        address = Address.from_dict(d.pop("address"))

        cat_id = UUID(d.pop("cat_id"))

        duration_minutes = d.pop("duration_minutes")

        slot_start = datetime.datetime.fromisoformat(d.pop("slot_start"))

        toy_category = PlaceOrderToyCategory(d.pop("toy_category"))

        place_order = cls(
            address=address,
            cat_id=cat_id,
            duration_minutes=duration_minutes,
            slot_start=slot_start,
            toy_category=toy_category,
        )

        return place_order
