from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="ToyReactionOut")


@_attrs_define
class ToyReactionOut:
    """
    Attributes:
        reaction (int):
        toy (str):
        comment (None | str | Unset):
    """

    reaction: int
    toy: str
    comment: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        reaction = self.reaction

        toy = self.toy

        comment: None | str | Unset
        if isinstance(self.comment, Unset):
            comment = UNSET
        else:
            comment = self.comment

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "reaction": reaction,
                "toy": toy,
            }
        )
        if comment is not UNSET:
            field_dict["comment"] = comment

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        reaction = d.pop("reaction")

        toy = d.pop("toy")

        def _parse_comment(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        comment = _parse_comment(d.pop("comment", UNSET))

        toy_reaction_out = cls(
            reaction=reaction,
            toy=toy,
            comment=comment,
        )

        return toy_reaction_out
