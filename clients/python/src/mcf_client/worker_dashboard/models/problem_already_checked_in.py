from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.problem_already_checked_in_status import ProblemAlreadyCheckedInStatus
from ..models.problem_already_checked_in_type import ProblemAlreadyCheckedInType
from ..types import UNSET, Unset

T = TypeVar("T", bound="ProblemAlreadyCheckedIn")


@_attrs_define
class ProblemAlreadyCheckedIn:
    """The order is checked in already (409).

    Example:
        {'checked_in_at': '2030-01-01T09:05:00+00:00', 'correlation_id': '4bf92f3577b34da6a3ce929d0e0e4736', 'detail':
            'The order is checked in already.', 'instance': '/orders/00000000-0000-4000-8000-0000000000b1', 'status': 409,
            'title': 'The order is checked in already', 'type': 'urn:mcf:problem:already-checked-in'}

    Attributes:
        status (ProblemAlreadyCheckedInStatus):
        title (str):
        type_ (ProblemAlreadyCheckedInType):
        checked_in_at (datetime.datetime | Unset): When the order was checked in already
        correlation_id (str | Unset):
        detail (str | Unset):
        instance (str | Unset):
    """

    status: ProblemAlreadyCheckedInStatus
    title: str
    type_: ProblemAlreadyCheckedInType
    checked_in_at: datetime.datetime | Unset = UNSET
    correlation_id: str | Unset = UNSET
    detail: str | Unset = UNSET
    instance: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        status = self.status.value

        title = self.title

        type_ = self.type_.value

        checked_in_at: str | Unset = UNSET
        if not isinstance(self.checked_in_at, Unset):
            checked_in_at = self.checked_in_at.isoformat()

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
        if checked_in_at is not UNSET:
            field_dict["checked_in_at"] = checked_in_at
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
        status = ProblemAlreadyCheckedInStatus(d.pop("status"))

        title = d.pop("title")

        type_ = ProblemAlreadyCheckedInType(d.pop("type"))

        _checked_in_at = d.pop("checked_in_at", UNSET)
        checked_in_at: datetime.datetime | Unset
        if isinstance(_checked_in_at, Unset):
            checked_in_at = UNSET
        else:
            checked_in_at = datetime.datetime.fromisoformat(_checked_in_at)

        correlation_id = d.pop("correlation_id", UNSET)

        detail = d.pop("detail", UNSET)

        instance = d.pop("instance", UNSET)

        problem_already_checked_in = cls(
            status=status,
            title=title,
            type_=type_,
            checked_in_at=checked_in_at,
            correlation_id=correlation_id,
            detail=detail,
            instance=instance,
        )

        return problem_already_checked_in
