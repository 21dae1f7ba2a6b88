from __future__ import annotations

import json
from collections.abc import Mapping
from io import BytesIO
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

from .. import types
from ..types import UNSET, File, FileTypes, Unset

if TYPE_CHECKING:
    from ..models.file_report_body_toys_item import FileReportBodyToysItem


T = TypeVar("T", bound="FileReportBody")


@_attrs_define
class FileReportBody:
    """
    Attributes:
        duration_minutes (int):
        toys (list[FileReportBodyToysItem]): The toys tested, each named once: one part of JSON text (content type
            application/json)
        notes (str | Unset):
        photos (list[File] | Unset): JPEG, PNG or WebP; resized on the device before upload
    """

    duration_minutes: int
    toys: list[FileReportBodyToysItem]
    notes: str | Unset = UNSET
    photos: list[File] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        duration_minutes = self.duration_minutes

        toys = []
        for toys_item_data in self.toys:
            toys_item = toys_item_data.to_dict()
            toys.append(toys_item)

        notes = self.notes

        photos: list[FileTypes] | Unset = UNSET
        if not isinstance(self.photos, Unset):
            photos = []
            for photos_item_data in self.photos:
                photos_item = photos_item_data.to_tuple()

                photos.append(photos_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "duration_minutes": duration_minutes,
                "toys": toys,
            }
        )
        if notes is not UNSET:
            field_dict["notes"] = notes
        if photos is not UNSET:
            field_dict["photos"] = photos

        return field_dict

    def to_multipart(self) -> types.RequestFiles:
        files: types.RequestFiles = []

        files.append(
            (
                "duration_minutes",
                (None, str(self.duration_minutes).encode(), "text/plain"),
            )
        )

        for toys_item_element in self.toys:
            files.append(
                (
                    "toys",
                    (
                        None,
                        json.dumps(toys_item_element.to_dict()).encode(),
                        "application/json",
                    ),
                )
            )

        if not isinstance(self.notes, Unset):
            files.append(("notes", (None, str(self.notes).encode(), "text/plain")))

        if not isinstance(self.photos, Unset):
            for photos_item_element in self.photos:
                files.append(("photos", photos_item_element.to_tuple()))

        return files

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.file_report_body_toys_item import FileReportBodyToysItem

        d = dict(src_dict)
        duration_minutes = d.pop("duration_minutes")

        toys = []
        _toys = d.pop("toys")
        for toys_item_data in _toys:
            toys_item = FileReportBodyToysItem.from_dict(toys_item_data)

            toys.append(toys_item)

        notes = d.pop("notes", UNSET)

        _photos = d.pop("photos", UNSET)
        photos: list[File] | Unset = UNSET
        if _photos is not UNSET:
            photos = []
            for photos_item_data in _photos:
                photos_item = File(payload=BytesIO(photos_item_data))

                photos.append(photos_item)

        file_report_body = cls(
            duration_minutes=duration_minutes,
            toys=toys,
            notes=notes,
            photos=photos,
        )

        return file_report_body
