from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.add_cat_favourite_toys_item import AddCatFavouriteToysItem
from ..types import UNSET, Unset

T = TypeVar("T", bound="AddCat")


@_attrs_define
class AddCat:
    """
    Attributes:
        age_years (int):
        name (str):
        favourite_toys (list[AddCatFavouriteToysItem] | Unset):
        notes (None | str | Unset):
    """

    age_years: int
    name: str
    favourite_toys: list[AddCatFavouriteToysItem] | Unset = UNSET
    notes: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        age_years = self.age_years

        name = self.name

        favourite_toys: list[str] | Unset = UNSET
        if not isinstance(self.favourite_toys, Unset):
            favourite_toys = []
            for favourite_toys_item_data in self.favourite_toys:
                favourite_toys_item = favourite_toys_item_data.value
                favourite_toys.append(favourite_toys_item)

        notes: None | str | Unset
        if isinstance(self.notes, Unset):
            notes = UNSET
        else:
            notes = self.notes

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "age_years": age_years,
                "name": name,
            }
        )
        if favourite_toys is not UNSET:
            field_dict["favourite_toys"] = favourite_toys
        if notes is not UNSET:
            field_dict["notes"] = notes

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        age_years = d.pop("age_years")

        name = d.pop("name")

        _favourite_toys = d.pop("favourite_toys", UNSET)
        favourite_toys: list[AddCatFavouriteToysItem] | Unset = UNSET
        if _favourite_toys is not UNSET:
            favourite_toys = []
            for favourite_toys_item_data in _favourite_toys:
                favourite_toys_item = AddCatFavouriteToysItem(favourite_toys_item_data)

                favourite_toys.append(favourite_toys_item)

        def _parse_notes(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        notes = _parse_notes(d.pop("notes", UNSET))

        add_cat = cls(
            age_years=age_years,
            name=name,
            favourite_toys=favourite_toys,
            notes=notes,
        )

        return add_cat
