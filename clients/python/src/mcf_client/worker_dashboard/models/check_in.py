from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.location import Location
    from ..models.photo_link import PhotoLink


T = TypeVar("T", bound="CheckIn")


@_attrs_define
class CheckIn:
    """
    Attributes:
        checked_in_at (datetime.datetime):
        order_id (str):
        location (Location | None | Unset): Rounded to ~1 km
        photos (list[PhotoLink] | Unset):
        recorded_at (datetime.datetime | Unset):
        worker_id (str | Unset):
    """

    checked_in_at: datetime.datetime
    order_id: str
    location: Location | None | Unset = UNSET
    photos: list[PhotoLink] | Unset = UNSET
    recorded_at: datetime.datetime | Unset = UNSET
    worker_id: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.location import Location

        checked_in_at = self.checked_in_at.isoformat()

        order_id = self.order_id

        location: dict[str, Any] | None | Unset
        if isinstance(self.location, Unset):
            location = UNSET
        elif isinstance(self.location, Location):
            location = self.location.to_dict()
        else:
            location = self.location

        photos: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.photos, Unset):
            photos = []
            for photos_item_data in self.photos:
                photos_item = photos_item_data.to_dict()
                photos.append(photos_item)

        recorded_at: str | Unset = UNSET
        if not isinstance(self.recorded_at, Unset):
            recorded_at = self.recorded_at.isoformat()

        worker_id = self.worker_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "checked_in_at": checked_in_at,
                "order_id": order_id,
            }
        )
        if location is not UNSET:
            field_dict["location"] = location
        if photos is not UNSET:
            field_dict["photos"] = photos
        if recorded_at is not UNSET:
            field_dict["recorded_at"] = recorded_at
        if worker_id is not UNSET:
            field_dict["worker_id"] = worker_id

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.location import Location
        from ..models.photo_link import PhotoLink

        d = dict(src_dict)
        checked_in_at = datetime.datetime.fromisoformat(d.pop("checked_in_at"))

        order_id = d.pop("order_id")

        def _parse_location(data: object) -> Location | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                location_type_0 = Location.from_dict(data)

                return location_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Location | None | Unset, data)

        location = _parse_location(d.pop("location", UNSET))

        _photos = d.pop("photos", UNSET)
        photos: list[PhotoLink] | Unset = UNSET
        if _photos is not UNSET:
            photos = []
            for photos_item_data in _photos:
                photos_item = PhotoLink.from_dict(photos_item_data)

                photos.append(photos_item)

        _recorded_at = d.pop("recorded_at", UNSET)
        recorded_at: datetime.datetime | Unset
        if isinstance(_recorded_at, Unset):
            recorded_at = UNSET
        else:
            recorded_at = datetime.datetime.fromisoformat(_recorded_at)

        worker_id = d.pop("worker_id", UNSET)

        check_in = cls(
            checked_in_at=checked_in_at,
            order_id=order_id,
            location=location,
            photos=photos,
            recorded_at=recorded_at,
            worker_id=worker_id,
        )

        return check_in
