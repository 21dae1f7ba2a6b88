from __future__ import annotations

from collections.abc import Mapping
from io import BytesIO
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .. import types
from ..types import UNSET, File, FileTypes, Unset

T = TypeVar("T", bound="FileReportBody")


@_attrs_define
class FileReportBody:
    """
    Attributes:
        duration_minutes (int):
        toys (str): JSON: [{"toy", "reaction": 1..5}]
        notes (str | Unset):
        photos (list[File] | Unset): JPEG, PNG or WebP; resized on the device before upload
    """

    duration_minutes: int
    toys: str
    notes: str | Unset = UNSET
    photos: list[File] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        duration_minutes = self.duration_minutes

        toys = self.toys

        notes = self.notes

        photos: list[FileTypes] | Unset = UNSET
        if not isinstance(self.photos, Unset):
            photos = []
            for photos_item_data in self.photos:
                photos_item = photos_item_data.to_tuple()

                photos.append(photos_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
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

        files.append(("toys", (None, str(self.toys).encode(), "text/plain")))

        if not isinstance(self.notes, Unset):
            files.append(("notes", (None, str(self.notes).encode(), "text/plain")))

        if not isinstance(self.photos, Unset):
            for photos_item_element in self.photos:
                files.append(("photos", photos_item_element.to_tuple()))

        for prop_name, prop in self.additional_properties.items():
            files.append((prop_name, (None, str(prop).encode(), "text/plain")))

        return files

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        duration_minutes = d.pop("duration_minutes")

        toys = d.pop("toys")

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

        file_report_body.additional_properties = d
        return file_report_body

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
