from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.photo_link import PhotoLink
    from ..models.toy_reaction_out import ToyReactionOut


T = TypeVar("T", bound="Report")


@_attrs_define
class Report:
    """
    Attributes:
        duration_minutes (int):
        filed_at (datetime.datetime):
        order_id (str):
        report_id (str):
        toys (list[ToyReactionOut]):
        notes (None | str | Unset):
        photos (list[PhotoLink] | Unset):
        worker_id (str | Unset):
    """

    duration_minutes: int
    filed_at: datetime.datetime
    order_id: str
    report_id: str
    toys: list[ToyReactionOut]
    notes: None | str | Unset = UNSET
    photos: list[PhotoLink] | Unset = UNSET
    worker_id: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        duration_minutes = self.duration_minutes

        filed_at = self.filed_at.isoformat()

        order_id = self.order_id

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

        photos: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.photos, Unset):
            photos = []
            for photos_item_data in self.photos:
                photos_item = photos_item_data.to_dict()
                photos.append(photos_item)

        worker_id = self.worker_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "duration_minutes": duration_minutes,
                "filed_at": filed_at,
                "order_id": order_id,
                "report_id": report_id,
                "toys": toys,
            }
        )
        if notes is not UNSET:
            field_dict["notes"] = notes
        if photos is not UNSET:
            field_dict["photos"] = photos
        if worker_id is not UNSET:
            field_dict["worker_id"] = worker_id

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.photo_link import PhotoLink
        from ..models.toy_reaction_out import ToyReactionOut

        d = dict(src_dict)
        duration_minutes = d.pop("duration_minutes")

        filed_at = datetime.datetime.fromisoformat(d.pop("filed_at"))

        order_id = d.pop("order_id")

        report_id = d.pop("report_id")

        toys = []
        _toys = d.pop("toys")
        for toys_item_data in _toys:
            toys_item = ToyReactionOut.from_dict(toys_item_data)

            toys.append(toys_item)

        def _parse_notes(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        notes = _parse_notes(d.pop("notes", UNSET))

        _photos = d.pop("photos", UNSET)
        photos: list[PhotoLink] | Unset = UNSET
        if _photos is not UNSET:
            photos = []
            for photos_item_data in _photos:
                photos_item = PhotoLink.from_dict(photos_item_data)

                photos.append(photos_item)

        worker_id = d.pop("worker_id", UNSET)

        report = cls(
            duration_minutes=duration_minutes,
            filed_at=filed_at,
            order_id=order_id,
            report_id=report_id,
            toys=toys,
            notes=notes,
            photos=photos,
            worker_id=worker_id,
        )

        return report
