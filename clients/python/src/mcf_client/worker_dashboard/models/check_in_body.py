from __future__ import annotations

import datetime
from collections.abc import Mapping
from io import BytesIO
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from .. import types
from ..types import UNSET, File, Unset

T = TypeVar("T", bound="CheckInBody")


@_attrs_define
class CheckInBody:
    """
    Attributes:
        photos (list[File]): JPEG, PNG or WebP; resized on the device before upload
        latitude (float | Unset): With longitude; one alone is no location
        longitude (float | Unset):
        time (datetime.datetime | Unset):
    """

    photos: list[File]
    latitude: float | Unset = UNSET
    longitude: float | Unset = UNSET
    time: datetime.datetime | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        photos = []
        for photos_item_data in self.photos:
            photos_item = photos_item_data.to_tuple()

            photos.append(photos_item)

        latitude = self.latitude

        longitude = self.longitude

        time: str | Unset = UNSET
        if not isinstance(self.time, Unset):
            time = self.time.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "photos": photos,
            }
        )
        if latitude is not UNSET:
            field_dict["latitude"] = latitude
        if longitude is not UNSET:
            field_dict["longitude"] = longitude
        if time is not UNSET:
            field_dict["time"] = time

        return field_dict

    def to_multipart(self) -> types.RequestFiles:
        files: types.RequestFiles = []

        for photos_item_element in self.photos:
            files.append(("photos", photos_item_element.to_tuple()))

        if not isinstance(self.latitude, Unset):
            files.append(
                ("latitude", (None, str(self.latitude).encode(), "text/plain"))
            )

        if not isinstance(self.longitude, Unset):
            files.append(
                ("longitude", (None, str(self.longitude).encode(), "text/plain"))
            )

        if not isinstance(self.time, Unset):
            files.append(("time", (None, self.time.isoformat().encode(), "text/plain")))

        return files

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        photos = []
        _photos = d.pop("photos")
        for photos_item_data in _photos:
            photos_item = File(payload=BytesIO(photos_item_data))

            photos.append(photos_item)

        latitude = d.pop("latitude", UNSET)

        longitude = d.pop("longitude", UNSET)

        _time = d.pop("time", UNSET)
        time: datetime.datetime | Unset
        if isinstance(_time, Unset):
            time = UNSET
        else:
            time = datetime.datetime.fromisoformat(_time)

        check_in_body = cls(
            photos=photos,
            latitude=latitude,
            longitude=longitude,
            time=time,
        )

        return check_in_body
