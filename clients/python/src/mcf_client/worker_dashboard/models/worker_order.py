from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.worker_order_role import WorkerOrderRole
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.address import Address
    from ..models.kit import Kit
    from ..models.offer import Offer
    from ..models.price import Price


T = TypeVar("T", bound="WorkerOrder")


@_attrs_define
class WorkerOrder:
    """
    Attributes:
        id (UUID):
        role (WorkerOrderRole):
        slot_start (datetime.datetime):
        status (str):
        toy_category (str):
        address (Address | Unset):
        cat_name (None | str | Unset):
        city (str | Unset):
        completed_at (None | str | Unset):
        district (str | Unset):
        duration_minutes (int | Unset):
        kit (Kit | None | Unset):
        kit_ready (bool | Unset):
        offer (None | Offer | Unset):
        offer_expires_at (datetime.datetime | None | Unset):
        paid (bool | Unset):
        price (None | Price | Unset):
        slot_end (datetime.datetime | Unset):
        started_at (None | str | Unset):
        worker_id (None | str | Unset):
    """

    id: UUID
    role: WorkerOrderRole
    slot_start: datetime.datetime
    status: str
    toy_category: str
    address: Address | Unset = UNSET
    cat_name: None | str | Unset = UNSET
    city: str | Unset = UNSET
    completed_at: None | str | Unset = UNSET
    district: str | Unset = UNSET
    duration_minutes: int | Unset = UNSET
    kit: Kit | None | Unset = UNSET
    kit_ready: bool | Unset = UNSET
    offer: None | Offer | Unset = UNSET
    offer_expires_at: datetime.datetime | None | Unset = UNSET
    paid: bool | Unset = UNSET
    price: None | Price | Unset = UNSET
    slot_end: datetime.datetime | Unset = UNSET
    started_at: None | str | Unset = UNSET
    worker_id: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.kit import Kit
        from ..models.offer import Offer
        from ..models.price import Price

        id = str(self.id)

        role = self.role.value

        slot_start = self.slot_start.isoformat()

        status = self.status

        toy_category = self.toy_category

        address: dict[str, Any] | Unset = UNSET
        if not isinstance(self.address, Unset):
            address = self.address.to_dict()

        cat_name: None | str | Unset
        if isinstance(self.cat_name, Unset):
            cat_name = UNSET
        else:
            cat_name = self.cat_name

        city = self.city

        completed_at: None | str | Unset
        if isinstance(self.completed_at, Unset):
            completed_at = UNSET
        else:
            completed_at = self.completed_at

        district = self.district

        duration_minutes = self.duration_minutes

        kit: dict[str, Any] | None | Unset
        if isinstance(self.kit, Unset):
            kit = UNSET
        elif isinstance(self.kit, Kit):
            kit = self.kit.to_dict()
        else:
            kit = self.kit

        kit_ready = self.kit_ready

        offer: dict[str, Any] | None | Unset
        if isinstance(self.offer, Unset):
            offer = UNSET
        elif isinstance(self.offer, Offer):
            offer = self.offer.to_dict()
        else:
            offer = self.offer

        offer_expires_at: None | str | Unset
        if isinstance(self.offer_expires_at, Unset):
            offer_expires_at = UNSET
        elif isinstance(self.offer_expires_at, datetime.datetime):
            offer_expires_at = self.offer_expires_at.isoformat()
        else:
            offer_expires_at = self.offer_expires_at

        paid = self.paid

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

        started_at: None | str | Unset
        if isinstance(self.started_at, Unset):
            started_at = UNSET
        else:
            started_at = self.started_at

        worker_id: None | str | Unset
        if isinstance(self.worker_id, Unset):
            worker_id = UNSET
        else:
            worker_id = self.worker_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "role": role,
                "slot_start": slot_start,
                "status": status,
                "toy_category": toy_category,
            }
        )
        if address is not UNSET:
            field_dict["address"] = address
        if cat_name is not UNSET:
            field_dict["cat_name"] = cat_name
        if city is not UNSET:
            field_dict["city"] = city
        if completed_at is not UNSET:
            field_dict["completed_at"] = completed_at
        if district is not UNSET:
            field_dict["district"] = district
        if duration_minutes is not UNSET:
            field_dict["duration_minutes"] = duration_minutes
        if kit is not UNSET:
            field_dict["kit"] = kit
        if kit_ready is not UNSET:
            field_dict["kit_ready"] = kit_ready
        if offer is not UNSET:
            field_dict["offer"] = offer
        if offer_expires_at is not UNSET:
            field_dict["offer_expires_at"] = offer_expires_at
        if paid is not UNSET:
            field_dict["paid"] = paid
        if price is not UNSET:
            field_dict["price"] = price
        if slot_end is not UNSET:
            field_dict["slot_end"] = slot_end
        if started_at is not UNSET:
            field_dict["started_at"] = started_at
        if worker_id is not UNSET:
            field_dict["worker_id"] = worker_id

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.address import Address
        from ..models.kit import Kit
        from ..models.offer import Offer
        from ..models.price import Price

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        role = WorkerOrderRole(d.pop("role"))

        slot_start = datetime.datetime.fromisoformat(d.pop("slot_start"))

        status = d.pop("status")

        toy_category = d.pop("toy_category")

        _address = d.pop("address", UNSET)
        address: Address | Unset
        if isinstance(_address, Unset):
            address = UNSET
        else:
            address = Address.from_dict(_address)

        def _parse_cat_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        cat_name = _parse_cat_name(d.pop("cat_name", UNSET))

        city = d.pop("city", UNSET)

        def _parse_completed_at(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        completed_at = _parse_completed_at(d.pop("completed_at", UNSET))

        district = d.pop("district", UNSET)

        duration_minutes = d.pop("duration_minutes", UNSET)

        def _parse_kit(data: object) -> Kit | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                kit_type_0 = Kit.from_dict(data)

                return kit_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Kit | None | Unset, data)

        kit = _parse_kit(d.pop("kit", UNSET))

        kit_ready = d.pop("kit_ready", UNSET)

        def _parse_offer(data: object) -> None | Offer | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                offer_type_0 = Offer.from_dict(data)

                return offer_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Offer | Unset, data)

        offer = _parse_offer(d.pop("offer", UNSET))

        def _parse_offer_expires_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                offer_expires_at_type_0 = datetime.datetime.fromisoformat(data)

                return offer_expires_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        offer_expires_at = _parse_offer_expires_at(d.pop("offer_expires_at", UNSET))

        paid = d.pop("paid", UNSET)

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

        def _parse_started_at(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        started_at = _parse_started_at(d.pop("started_at", UNSET))

        def _parse_worker_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        worker_id = _parse_worker_id(d.pop("worker_id", UNSET))

        worker_order = cls(
            id=id,
            role=role,
            slot_start=slot_start,
            status=status,
            toy_category=toy_category,
            address=address,
            cat_name=cat_name,
            city=city,
            completed_at=completed_at,
            district=district,
            duration_minutes=duration_minutes,
            kit=kit,
            kit_ready=kit_ready,
            offer=offer,
            offer_expires_at=offer_expires_at,
            paid=paid,
            price=price,
            slot_end=slot_end,
            started_at=started_at,
            worker_id=worker_id,
        )

        worker_order.additional_properties = d
        return worker_order

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
