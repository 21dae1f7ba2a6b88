from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="PickupPoint")


@_attrs_define
class PickupPoint:
    """
    Attributes:
        address (str):  Example: Kazan, Lenina st. 12.
        id (str):
        name (str):  Example: Toy library on Lenina.
    """

    address: str
    id: str
    name: str

    def to_dict(self) -> dict[str, Any]:
        address = self.address

        id = self.id

        name = self.name

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "address": address,
                "id": id,
                "name": name,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        address = d.pop("address")

        id = d.pop("id")

        name = d.pop("name")

        pickup_point = cls(
            address=address,
            id=id,
            name=name,
        )

        return pickup_point
