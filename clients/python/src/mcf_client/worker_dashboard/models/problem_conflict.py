from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.problem_conflict_status import ProblemConflictStatus
from ..models.problem_conflict_type import ProblemConflictType
from ..types import UNSET, Unset

T = TypeVar("T", bound="ProblemConflict")


@_attrs_define
class ProblemConflict:
    """The resource's state forbids the request (409).

    Example:
        {'correlation_id': '4bf92f3577b34da6a3ce929d0e0e4736', 'detail': "The resource's state forbids the request.",
            'instance': '/orders/00000000-0000-4000-8000-0000000000b1', 'kit_status': 'ready', 'status': 409, 'title': "The
            resource's state forbids the request", 'type': 'urn:mcf:problem:conflict'}

    Attributes:
        status (ProblemConflictStatus):
        title (str):
        type_ (ProblemConflictType):
        correlation_id (str | Unset):
        detail (str | Unset):
        instance (str | Unset):
        kit_status (str | Unset): The kit's status that forbids the request
    """

    status: ProblemConflictStatus
    title: str
    type_: ProblemConflictType
    correlation_id: str | Unset = UNSET
    detail: str | Unset = UNSET
    instance: str | Unset = UNSET
    kit_status: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        status = self.status.value

        title = self.title

        type_ = self.type_.value

        correlation_id = self.correlation_id

        detail = self.detail

        instance = self.instance

        kit_status = self.kit_status

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
        if kit_status is not UNSET:
            field_dict["kit_status"] = kit_status

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        status = ProblemConflictStatus(d.pop("status"))

        title = d.pop("title")

        type_ = ProblemConflictType(d.pop("type"))

        correlation_id = d.pop("correlation_id", UNSET)

        detail = d.pop("detail", UNSET)

        instance = d.pop("instance", UNSET)

        kit_status = d.pop("kit_status", UNSET)

        problem_conflict = cls(
            status=status,
            title=title,
            type_=type_,
            correlation_id=correlation_id,
            detail=detail,
            instance=instance,
            kit_status=kit_status,
        )

        return problem_conflict
