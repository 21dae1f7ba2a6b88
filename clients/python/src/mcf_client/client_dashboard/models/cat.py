from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="Cat")


@_attrs_define
class Cat:
    """
    Attributes:
        age_years (int):
        created_at (datetime.datetime):
        favourite_toys (list[str]):
        id (UUID):
        name (str):
        updated_at (datetime.datetime):
        notes (None | str | Unset):
    """

    age_years: int
    created_at: datetime.datetime
    favourite_toys: list[str]
    id: UUID
    name: str
    updated_at: datetime.datetime
    notes: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        age_years = self.age_years

        created_at = self.created_at.isoformat()

        favourite_toys = self.favourite_toys

        id = str(self.id)

        name = self.name

        updated_at = self.updated_at.isoformat()

        notes: None | str | Unset
        if isinstance(self.notes, Unset):
            notes = UNSET
        else:
            notes = self.notes

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "age_years": age_years,
                "created_at": created_at,
                "favourite_toys": favourite_toys,
                "id": id,
                "name": name,
                "updated_at": updated_at,
            }
        )
        if notes is not UNSET:
            field_dict["notes"] = notes

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        age_years = d.pop("age_years")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        favourite_toys = cast(list[str], d.pop("favourite_toys"))

        id = UUID(d.pop("id"))

        name = d.pop("name")

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        def _parse_notes(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        notes = _parse_notes(d.pop("notes", UNSET))

        cat = cls(
            age_years=age_years,
            created_at=created_at,
            favourite_toys=favourite_toys,
            id=id,
            name=name,
            updated_at=updated_at,
            notes=notes,
        )

        return cat
