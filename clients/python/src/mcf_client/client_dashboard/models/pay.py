from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="Pay")


@_attrs_define
class Pay:
    """
    Attributes:
        card_number (str):
    """

    card_number: str

    def to_dict(self) -> dict[str, Any]:
        card_number = self.card_number

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "card_number": card_number,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        card_number = d.pop("card_number")

        pay = cls(
            card_number=card_number,
        )

        return pay
