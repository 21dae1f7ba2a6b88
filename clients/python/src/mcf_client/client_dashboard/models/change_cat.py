from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.change_cat_favourite_toys_item import ChangeCatFavouriteToysItem
from ..types import UNSET, Unset

T = TypeVar("T", bound="ChangeCat")


@_attrs_define
class ChangeCat:
    """
    Attributes:
        age_years (int | Unset):
        favourite_toys (list[ChangeCatFavouriteToysItem] | Unset):
        name (str | Unset):
        notes (None | str | Unset):
    """

    age_years: int | Unset = UNSET
    favourite_toys: list[ChangeCatFavouriteToysItem] | Unset = UNSET
    name: str | Unset = UNSET
    notes: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        age_years = self.age_years

        favourite_toys: list[str] | Unset = UNSET
        if not isinstance(self.favourite_toys, Unset):
            favourite_toys = []
            for favourite_toys_item_data in self.favourite_toys:
                favourite_toys_item = favourite_toys_item_data.value
                favourite_toys.append(favourite_toys_item)

        name = self.name

        notes: None | str | Unset
        if isinstance(self.notes, Unset):
            notes = UNSET
        else:
            notes = self.notes

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if age_years is not UNSET:
            field_dict["age_years"] = age_years
        if favourite_toys is not UNSET:
            field_dict["favourite_toys"] = favourite_toys
        if name is not UNSET:
            field_dict["name"] = name
        if notes is not UNSET:
            field_dict["notes"] = notes

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        age_years = d.pop("age_years", UNSET)

        _favourite_toys = d.pop("favourite_toys", UNSET)
        favourite_toys: list[ChangeCatFavouriteToysItem] | Unset = UNSET
        if _favourite_toys is not UNSET:
            favourite_toys = []
            for favourite_toys_item_data in _favourite_toys:
                favourite_toys_item = ChangeCatFavouriteToysItem(
                    favourite_toys_item_data
                )

                favourite_toys.append(favourite_toys_item)

        name = d.pop("name", UNSET)

        def _parse_notes(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        notes = _parse_notes(d.pop("notes", UNSET))

        change_cat = cls(
            age_years=age_years,
            favourite_toys=favourite_toys,
            name=name,
            notes=notes,
        )

        return change_cat
