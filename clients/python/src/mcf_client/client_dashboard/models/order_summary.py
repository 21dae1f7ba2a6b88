from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.price import Price


T = TypeVar("T", bound="OrderSummary")


@_attrs_define
class OrderSummary:
    """
    Attributes:
        id (UUID):
        slot_start (datetime.datetime):
        status (str):
        toy_category (str):
        city (str | Unset):
        district (str | Unset):
        kit_ready (bool | Unset):
        paid (bool | Unset):
        placed_at (datetime.datetime | Unset):
        price (None | Price | Unset):
        slot_end (datetime.datetime | Unset):
        updated_at (datetime.datetime | Unset):
        worker_id (None | str | Unset):
    """

    id: UUID
    slot_start: datetime.datetime
    status: str
    toy_category: str
    city: str | Unset = UNSET
    district: str | Unset = UNSET
    kit_ready: bool | Unset = UNSET
    paid: bool | Unset = UNSET
    placed_at: datetime.datetime | Unset = UNSET
    price: None | Price | Unset = UNSET
    slot_end: datetime.datetime | Unset = UNSET
    updated_at: datetime.datetime | Unset = UNSET
    worker_id: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.price import Price

        id = str(self.id)

        slot_start = self.slot_start.isoformat()

        status = self.status

        toy_category = self.toy_category

        city = self.city

        district = self.district

        kit_ready = self.kit_ready

        paid = self.paid

        placed_at: str | Unset = UNSET
        if not isinstance(self.placed_at, Unset):
            placed_at = self.placed_at.isoformat()

        price: dict[str, Any] | None | Unset
        if isinstance(self.price, Unset):
            price = UNSET
        elif isinstance(self.price, Price):
            price = self.price.to_dict()
        else:
            price = self.price

        slot_end: str | Unset = UNSET
        if not isinstance(self.slot_end, Unset):
            slot_end = self.slot_end.isoformat()

        updated_at: str | Unset = UNSET
        if not isinstance(self.updated_at, Unset):
            updated_at = self.updated_at.isoformat()

        worker_id: None | str | Unset
        if isinstance(self.worker_id, Unset):
            worker_id = UNSET
        else:
            worker_id = self.worker_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "slot_start": slot_start,
                "status": status,
                "toy_category": toy_category,
            }
        )
        if city is not UNSET:
            field_dict["city"] = city
        if district is not UNSET:
            field_dict["district"] = district
        if kit_ready is not UNSET:
            field_dict["kit_ready"] = kit_ready
        if paid is not UNSET:
            field_dict["paid"] = paid
        if placed_at is not UNSET:
            field_dict["placed_at"] = placed_at
        if price is not UNSET:
            field_dict["price"] = price
        if slot_end is not UNSET:
            field_dict["slot_end"] = slot_end
        if updated_at is not UNSET:
            field_dict["updated_at"] = updated_at
        if worker_id is not UNSET:
            field_dict["worker_id"] = worker_id

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.price import Price

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        slot_start = datetime.datetime.fromisoformat(d.pop("slot_start"))

        status = d.pop("status")

        toy_category = d.pop("toy_category")

        city = d.pop("city", UNSET)

        district = d.pop("district", UNSET)

        kit_ready = d.pop("kit_ready", UNSET)

        paid = d.pop("paid", UNSET)

        _placed_at = d.pop("placed_at", UNSET)
        placed_at: datetime.datetime | Unset
        if isinstance(_placed_at, Unset):
            placed_at = UNSET
        else:
            placed_at = datetime.datetime.fromisoformat(_placed_at)

        def _parse_price(data: object) -> None | Price | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                price_type_0 = Price.from_dict(data)

                return price_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Price | Unset, data)

        price = _parse_price(d.pop("price", UNSET))

        _slot_end = d.pop("slot_end", UNSET)
        slot_end: datetime.datetime | Unset
        if isinstance(_slot_end, Unset):
            slot_end = UNSET
        else:
            slot_end = datetime.datetime.fromisoformat(_slot_end)

        _updated_at = d.pop("updated_at", UNSET)
        updated_at: datetime.datetime | Unset
        if isinstance(_updated_at, Unset):
            updated_at = UNSET
        else:
            updated_at = datetime.datetime.fromisoformat(_updated_at)

        def _parse_worker_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        worker_id = _parse_worker_id(d.pop("worker_id", UNSET))

        order_summary = cls(
            id=id,
            slot_start=slot_start,
            status=status,
            toy_category=toy_category,
            city=city,
            district=district,
            kit_ready=kit_ready,
            paid=paid,
            placed_at=placed_at,
            price=price,
            slot_end=slot_end,
            updated_at=updated_at,
            worker_id=worker_id,
        )

        return order_summary
