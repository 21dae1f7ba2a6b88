from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.file_report_body_toys_item_reaction import FileReportBodyToysItemReaction

T = TypeVar("T", bound="FileReportBodyToysItem")


@_attrs_define
class FileReportBodyToysItem:
    """
    Attributes:
        reaction (FileReportBodyToysItemReaction):
        toy (str):
    """

    reaction: FileReportBodyToysItemReaction
    toy: str

    def to_dict(self) -> dict[str, Any]:
        reaction = self.reaction.value

        toy = self.toy

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "reaction": reaction,
                "toy": toy,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        reaction = FileReportBodyToysItemReaction(d.pop("reaction"))

        toy = d.pop("toy")

        file_report_body_toys_item = cls(
            reaction=reaction,
            toy=toy,
        )

        return file_report_body_toys_item
