from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="Problem")


@_attrs_define
class Problem:
    """
    Attributes:
        status (int):  Example: 500.
        title (str):  Example: Internal Server Error.
        type_ (str):  Example: about:blank.
        correlation_id (str | Unset):
        detail (str | Unset):
        instance (str | Unset):
    """

    status: int
    title: str
    type_: str
    correlation_id: str | Unset = UNSET
    detail: str | Unset = UNSET
    instance: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        status = self.status

        title = self.title

        type_ = self.type_

        correlation_id = self.correlation_id

        detail = self.detail

        instance = self.instance

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "status": status,
                "title": title,
                "type": type_,
            }
        )
        if correlation_id is not UNSET:
            field_dict["correlation_id"] = correlation_id
        if detail is not UNSET:
            field_dict["detail"] = detail
        if instance is not UNSET:
            field_dict["instance"] = instance

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        status = d.pop("status")

        title = d.pop("title")

        type_ = d.pop("type")

        correlation_id = d.pop("correlation_id", UNSET)

        detail = d.pop("detail", UNSET)

        instance = d.pop("instance", UNSET)

        problem = cls(
            status=status,
            title=title,
            type_=type_,
            correlation_id=correlation_id,
            detail=detail,
            instance=instance,
        )

        return problem
