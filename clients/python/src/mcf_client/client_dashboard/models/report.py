from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.photo_link import PhotoLink
    from ..models.toy_reaction import ToyReaction


T = TypeVar("T", bound="Report")


@_attrs_define
class Report:
    """
    Attributes:
        duration_minutes (int):
        filed_at (datetime.datetime):
        photos (list[PhotoLink]):
        report_id (str):
        toys (list[ToyReaction]):
        notes (None | str | Unset):
    """

    duration_minutes: int
    filed_at: datetime.datetime
    photos: list[PhotoLink]
    report_id: str
    toys: list[ToyReaction]
    notes: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        duration_minutes = self.duration_minutes

        filed_at = self.filed_at.isoformat()

        photos = []
        for photos_item_data in self.photos:
            photos_item = photos_item_data.to_dict()
            photos.append(photos_item)

        report_id = self.report_id

        toys = []
        for toys_item_data in self.toys:
            toys_item = toys_item_data.to_dict()
            toys.append(toys_item)

        notes: None | str | Unset
        if isinstance(self.notes, Unset):
            notes = UNSET
        else:
            notes = self.notes

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "duration_minutes": duration_minutes,
                "filed_at": filed_at,
                "photos": photos,
                "report_id": report_id,
                "toys": toys,
            }
        )
        if notes is not UNSET:
            field_dict["notes"] = notes

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.photo_link import PhotoLink
        from ..models.toy_reaction import ToyReaction

        d = dict(src_dict)
        duration_minutes = d.pop("duration_minutes")

        filed_at = datetime.datetime.fromisoformat(d.pop("filed_at"))

        photos = []
        _photos = d.pop("photos")
        for photos_item_data in _photos:
            photos_item = PhotoLink.from_dict(photos_item_data)

            photos.append(photos_item)

        report_id = d.pop("report_id")

        toys = []
        _toys = d.pop("toys")
        for toys_item_data in _toys:
            toys_item = ToyReaction.from_dict(toys_item_data)

            toys.append(toys_item)

        def _parse_notes(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        notes = _parse_notes(d.pop("notes", UNSET))

        report = cls(
            duration_minutes=duration_minutes,
            filed_at=filed_at,
            photos=photos,
            report_id=report_id,
            toys=toys,
            notes=notes,
        )

        return report
