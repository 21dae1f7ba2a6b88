from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.problem_bad_image_status import ProblemBadImageStatus
from ..models.problem_bad_image_type import ProblemBadImageType
from ..types import UNSET, Unset

T = TypeVar("T", bound="ProblemBadImage")


@_attrs_define
class ProblemBadImage:
    """A photo is empty, too large or not an image (422).

    Example:
        {'correlation_id': '4bf92f3577b34da6a3ce929d0e0e4736', 'detail': 'A photo is empty, too large or not an image.',
            'field': 'slot_start', 'height': 9000, 'instance': '/orders/00000000-0000-4000-8000-0000000000b1', 'max_bytes':
            10485760, 'status': 422, 'title': 'A photo is empty, too large or not an image', 'type': 'urn:mcf:problem:bad-
            image', 'width': 12000}

    Attributes:
        field (str): The input field a business rule refused
        status (ProblemBadImageStatus):
        title (str):
        type_ (ProblemBadImageType):
        correlation_id (str | Unset):
        detail (str | Unset):
        height (int | Unset): The refused photo's height in pixels
        instance (str | Unset):
        max_bytes (int | Unset): The largest photo accepted, in bytes
        width (int | Unset): The refused photo's width in pixels
    """

    field: str
    status: ProblemBadImageStatus
    title: str
    type_: ProblemBadImageType
    correlation_id: str | Unset = UNSET
    detail: str | Unset = UNSET
    height: int | Unset = UNSET
    instance: str | Unset = UNSET
    max_bytes: int | Unset = UNSET
    width: int | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        field = self.field

        status = self.status.value

        title = self.title

        type_ = self.type_.value

        correlation_id = self.correlation_id

        detail = self.detail

        height = self.height

        instance = self.instance

        max_bytes = self.max_bytes

        width = self.width

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "field": field,
                "status": status,
                "title": title,
                "type": type_,
            }
        )
        if correlation_id is not UNSET:
            field_dict["correlation_id"] = correlation_id
        if detail is not UNSET:
            field_dict["detail"] = detail
        if height is not UNSET:
            field_dict["height"] = height
        if instance is not UNSET:
            field_dict["instance"] = instance
        if max_bytes is not UNSET:
            field_dict["max_bytes"] = max_bytes
        if width is not UNSET:
            field_dict["width"] = width

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        field = d.pop("field")

        status = ProblemBadImageStatus(d.pop("status"))

        title = d.pop("title")

        type_ = ProblemBadImageType(d.pop("type"))

        correlation_id = d.pop("correlation_id", UNSET)

        detail = d.pop("detail", UNSET)

        height = d.pop("height", UNSET)

        instance = d.pop("instance", UNSET)

        max_bytes = d.pop("max_bytes", UNSET)

        width = d.pop("width", UNSET)

        problem_bad_image = cls(
            field=field,
            status=status,
            title=title,
            type_=type_,
            correlation_id=correlation_id,
            detail=detail,
            height=height,
            instance=instance,
            max_bytes=max_bytes,
            width=width,
        )

        return problem_bad_image
