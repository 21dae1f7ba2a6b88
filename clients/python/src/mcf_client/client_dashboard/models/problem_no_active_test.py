from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.problem_no_active_test_status import ProblemNoActiveTestStatus
from ..models.problem_no_active_test_type import ProblemNoActiveTestType
from ..types import UNSET, Unset

T = TypeVar("T", bound="ProblemNoActiveTest")


@_attrs_define
class ProblemNoActiveTest:
    """No test is active (404).

    Example:
        {'correlation_id': '4bf92f3577b34da6a3ce929d0e0e4736', 'detail': 'No test is active.', 'instance':
            '/orders/00000000-0000-4000-8000-0000000000b1', 'status': 404, 'title': 'No test is active', 'type':
            'urn:mcf:problem:no-active-test'}

    Attributes:
        status (ProblemNoActiveTestStatus):
        title (str):
        type_ (ProblemNoActiveTestType):
        correlation_id (str | Unset):
        detail (str | Unset):
        instance (str | Unset):
    """

    status: ProblemNoActiveTestStatus
    title: str
    type_: ProblemNoActiveTestType
    correlation_id: str | Unset = UNSET
    detail: str | Unset = UNSET
    instance: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        status = self.status.value

        title = self.title

        type_ = self.type_.value

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
        status = ProblemNoActiveTestStatus(d.pop("status"))

        title = d.pop("title")

        type_ = ProblemNoActiveTestType(d.pop("type"))

        correlation_id = d.pop("correlation_id", UNSET)

        detail = d.pop("detail", UNSET)

        instance = d.pop("instance", UNSET)

        problem_no_active_test = cls(
            status=status,
            title=title,
            type_=type_,
            correlation_id=correlation_id,
            detail=detail,
            instance=instance,
        )

        return problem_no_active_test
