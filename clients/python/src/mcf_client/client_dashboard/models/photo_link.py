from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar
from uuid import UUID

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="PhotoLink")


@_attrs_define
class PhotoLink:
    """
    Attributes:
        content_type (str):
        height (int):
        photo_id (UUID):
        thumbnail_url (str): A JPEG at most 320 px a side
        url (str): The photo (GET with the client's token)
        width (int):
        size (int | Unset): Bytes of the stored photo (metadata removed)
    """

    content_type: str
    height: int
    photo_id: UUID
    thumbnail_url: str
    url: str
    width: int
    size: int | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        content_type = self.content_type

        height = self.height

        photo_id = str(self.photo_id)

        thumbnail_url = self.thumbnail_url

        url = self.url

        width = self.width

        size = self.size

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "content_type": content_type,
                "height": height,
                "photo_id": photo_id,
                "thumbnail_url": thumbnail_url,
                "url": url,
                "width": width,
            }
        )
        if size is not UNSET:
            field_dict["size"] = size

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        content_type = d.pop("content_type")

        height = d.pop("height")

        photo_id = UUID(d.pop("photo_id"))

        thumbnail_url = d.pop("thumbnail_url")

        url = d.pop("url")

        width = d.pop("width")

        size = d.pop("size", UNSET)

        photo_link = cls(
            content_type=content_type,
            height=height,
            photo_id=photo_id,
            thumbnail_url=thumbnail_url,
            url=url,
            width=width,
            size=size,
        )

        return photo_link
