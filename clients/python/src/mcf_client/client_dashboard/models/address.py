from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="Address")


@_attrs_define
class Address:
    """
    Attributes:
        building (str):  Example: 5.
        city (str):  Example: Kazan.
        district (str):  Example: Vakhitovsky.
        street (str):  Example: Baumana.
        apartment (None | str | Unset):  Example: 12.
        notes (None | str | Unset):  Example: The cat hides under the sofa..
    """

    building: str
    city: str
    district: str
    street: str
    apartment: None | str | Unset = UNSET
    notes: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        building = self.building

        city = self.city

        district = self.district

        street = self.street

        apartment: None | str | Unset
        if isinstance(self.apartment, Unset):
            apartment = UNSET
        else:
            apartment = self.apartment

        notes: None | str | Unset
        if isinstance(self.notes, Unset):
            notes = UNSET
        else:
            notes = self.notes

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "building": building,
                "city": city,
                "district": district,
                "street": street,
            }
        )
        if apartment is not UNSET:
            field_dict["apartment"] = apartment
        if notes is not UNSET:
            field_dict["notes"] = notes

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        building = d.pop("building")

        city = d.pop("city")

        district = d.pop("district")

        street = d.pop("street")

        def _parse_apartment(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        apartment = _parse_apartment(d.pop("apartment", UNSET))

        def _parse_notes(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        notes = _parse_notes(d.pop("notes", UNSET))

        address = cls(
            building=building,
            city=city,
            district=district,
            street=street,
            apartment=apartment,
            notes=notes,
        )

        return address
