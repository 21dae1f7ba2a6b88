from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.problem_not_found_status import ProblemNotFoundStatus
from ..models.problem_not_found_type import ProblemNotFoundType
from ..types import UNSET, Unset

T = TypeVar("T", bound="ProblemNotFound")


@_attrs_define
class ProblemNotFound:
    """No such thing (or not one the caller may see) (404).

    Example:
        {'correlation_id': '4bf92f3577b34da6a3ce929d0e0e4736', 'detail': 'No such thing (or not one the caller may
            see).', 'field': 'slot_start', 'instance': '/orders/00000000-0000-4000-8000-0000000000b1', 'status': 404,
            'title': 'No such thing (or not one the caller may see)', 'type': 'urn:mcf:problem:not-found'}

    Attributes:
        status (ProblemNotFoundStatus):
        title (str):
        type_ (ProblemNotFoundType):
        correlation_id (str | Unset):
        detail (str | Unset):
        field (str | Unset): The input field a business rule refused
        instance (str | Unset):
    """

    status: ProblemNotFoundStatus
    title: str
    type_: ProblemNotFoundType
    correlation_id: str | Unset = UNSET
    detail: str | Unset = UNSET
    field: str | Unset = UNSET
    instance: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        status = self.status.value

        title = self.title

        type_ = self.type_.value

        correlation_id = self.correlation_id

        detail = self.detail

        field = self.field

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
        if field is not UNSET:
            field_dict["field"] = field
        if instance is not UNSET:
            field_dict["instance"] = instance

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        status = ProblemNotFoundStatus(d.pop("status"))

        title = d.pop("title")

        type_ = ProblemNotFoundType(d.pop("type"))

        correlation_id = d.pop("correlation_id", UNSET)

        detail = d.pop("detail", UNSET)

        field = d.pop("field", UNSET)

        instance = d.pop("instance", UNSET)

        problem_not_found = cls(
            status=status,
            title=title,
            type_=type_,
            correlation_id=correlation_id,
            detail=detail,
            field=field,
            instance=instance,
        )

        return problem_not_found
