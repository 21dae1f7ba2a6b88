from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="PhotoLink")


@_attrs_define
class PhotoLink:
    """
    Attributes:
        content_type (str | Unset):
        height (int | Unset):
        photo_id (str | Unset):
        size (int | Unset):
        thumbnail_url (str | Unset): A JPEG at most 320 px a side
        url (str | Unset): The photo, here
        width (int | Unset):
    """

    content_type: str | Unset = UNSET
    height: int | Unset = UNSET
    photo_id: str | Unset = UNSET
    size: int | Unset = UNSET
    thumbnail_url: str | Unset = UNSET
    url: str | Unset = UNSET
    width: int | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        content_type = self.content_type

        height = self.height

        photo_id = self.photo_id

        size = self.size

        thumbnail_url = self.thumbnail_url

        url = self.url

        width = self.width

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if content_type is not UNSET:
            field_dict["content_type"] = content_type
        if height is not UNSET:
            field_dict["height"] = height
        if photo_id is not UNSET:
            field_dict["photo_id"] = photo_id
        if size is not UNSET:
            field_dict["size"] = size
        if thumbnail_url is not UNSET:
            field_dict["thumbnail_url"] = thumbnail_url
        if url is not UNSET:
            field_dict["url"] = url
        if width is not UNSET:
            field_dict["width"] = width

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        content_type = d.pop("content_type", UNSET)

        height = d.pop("height", UNSET)

        photo_id = d.pop("photo_id", UNSET)

        size = d.pop("size", UNSET)

        thumbnail_url = d.pop("thumbnail_url", UNSET)

        url = d.pop("url", UNSET)

        width = d.pop("width", UNSET)

        photo_link = cls(
            content_type=content_type,
            height=height,
            photo_id=photo_id,
            size=size,
            thumbnail_url=thumbnail_url,
            url=url,
            width=width,
        )

        return photo_link
