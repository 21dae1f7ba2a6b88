from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define

from ..models.order_status import OrderStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.address import Address
    from ..models.cancellation import Cancellation
    from ..models.kit import Kit
    from ..models.price import Price


T = TypeVar("T", bound="Order")


@_attrs_define
class Order:
    """
    Attributes:
        address (Address):
        cat_id (UUID):
        duration_minutes (int):
        id (UUID):
        slot_start (datetime.datetime):
        status (OrderStatus):
        toy_category (str):
        cancellation (Cancellation | None | Unset): Set once the order is cancelled (by the client, or by the platform:
            no_candidates, ...)
        cat_name (None | str | Unset):
        created_at (datetime.datetime | Unset):
        kit (Kit | None | Unset):
        paid (bool | Unset):
        payment_id (None | Unset | UUID):
        price (None | Price | Unset):
        slot_end (datetime.datetime | Unset):
        updated_at (datetime.datetime | Unset):
        worker_id (None | Unset | UUID):
    """

    address: Address
    cat_id: UUID
    duration_minutes: int
    id: UUID
    slot_start: datetime.datetime
    status: OrderStatus
    toy_category: str
    cancellation: Cancellation | None | Unset = UNSET
    cat_name: None | str | Unset = UNSET
    created_at: datetime.datetime | Unset = UNSET
    kit: Kit | None | Unset = UNSET
    paid: bool | Unset = UNSET
    payment_id: None | Unset | UUID = UNSET
    price: None | Price | Unset = UNSET
    slot_end: datetime.datetime | Unset = UNSET
    updated_at: datetime.datetime | Unset = UNSET
    worker_id: None | Unset | UUID = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.cancellation import Cancellation
        from ..models.kit import Kit
        from ..models.price import Price

        address = self.address.to_dict()

        cat_id = str(self.cat_id)

        duration_minutes = self.duration_minutes

        id = str(self.id)

        slot_start = self.slot_start.isoformat()

        status = self.status.value

        toy_category = self.toy_category

        cancellation: dict[str, Any] | None | Unset
        if isinstance(self.cancellation, Unset):
            cancellation = UNSET
        elif isinstance(self.cancellation, Cancellation):
            cancellation = self.cancellation.to_dict()
        else:
            cancellation = self.cancellation

        cat_name: None | str | Unset
        if isinstance(self.cat_name, Unset):
            cat_name = UNSET
        else:
            cat_name = self.cat_name

        created_at: str | Unset = UNSET
        if not isinstance(self.created_at, Unset):
            created_at = self.created_at.isoformat()

        kit: dict[str, Any] | None | Unset
        if isinstance(self.kit, Unset):
            kit = UNSET
        elif isinstance(self.kit, Kit):
            kit = self.kit.to_dict()
        else:
            kit = self.kit

        paid = self.paid

        payment_id: None | str | Unset
        if isinstance(self.payment_id, Unset):
            payment_id = UNSET
        elif isinstance(self.payment_id, UUID):
            payment_id = str(self.payment_id)
        else:
            payment_id = self.payment_id

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
        elif isinstance(self.worker_id, UUID):
            worker_id = str(self.worker_id)
        else:
            worker_id = self.worker_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "address": address,
                "cat_id": cat_id,
                "duration_minutes": duration_minutes,
                "id": id,
                "slot_start": slot_start,
                "status": status,
                "toy_category": toy_category,
            }
        )
        if cancellation is not UNSET:
            field_dict["cancellation"] = cancellation
        if cat_name is not UNSET:
            field_dict["cat_name"] = cat_name
        if created_at is not UNSET:
            field_dict["created_at"] = created_at
        if kit is not UNSET:
            field_dict["kit"] = kit
        if paid is not UNSET:
            field_dict["paid"] = paid
        if payment_id is not UNSET:
            field_dict["payment_id"] = payment_id
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
        from ..models.address import Address
        from ..models.cancellation import Cancellation
        from ..models.kit import Kit
        from ..models.price import Price

        d = dict(src_dict)
        address = Address.from_dict(d.pop("address"))

        cat_id = UUID(d.pop("cat_id"))

        duration_minutes = d.pop("duration_minutes")

        id = UUID(d.pop("id"))

        slot_start = datetime.datetime.fromisoformat(d.pop("slot_start"))

        status = OrderStatus(d.pop("status"))

        toy_category = d.pop("toy_category")

        def _parse_cancellation(data: object) -> Cancellation | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                cancellation_type_0 = Cancellation.from_dict(data)

                return cancellation_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Cancellation | None | Unset, data)

        cancellation = _parse_cancellation(d.pop("cancellation", UNSET))

        def _parse_cat_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        cat_name = _parse_cat_name(d.pop("cat_name", UNSET))

        _created_at = d.pop("created_at", UNSET)
        created_at: datetime.datetime | Unset
        if isinstance(_created_at, Unset):
            created_at = UNSET
        else:
            created_at = datetime.datetime.fromisoformat(_created_at)

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

        paid = d.pop("paid", UNSET)

        def _parse_payment_id(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                payment_id_type_0 = UUID(data)

                return payment_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        payment_id = _parse_payment_id(d.pop("payment_id", UNSET))

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

        def _parse_worker_id(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                worker_id_type_0 = UUID(data)

                return worker_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        worker_id = _parse_worker_id(d.pop("worker_id", UNSET))

        order = cls(
            address=address,
            cat_id=cat_id,
            duration_minutes=duration_minutes,
            id=id,
            slot_start=slot_start,
            status=status,
            toy_category=toy_category,
            cancellation=cancellation,
            cat_name=cat_name,
            created_at=created_at,
            kit=kit,
            paid=paid,
            payment_id=payment_id,
            price=price,
            slot_end=slot_end,
            updated_at=updated_at,
            worker_id=worker_id,
        )

        return order
