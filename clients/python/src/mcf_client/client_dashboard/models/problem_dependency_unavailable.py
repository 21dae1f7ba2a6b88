from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.problem_dependency_unavailable_status import (
    ProblemDependencyUnavailableStatus,
)
from ..models.problem_dependency_unavailable_type import (
    ProblemDependencyUnavailableType,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="ProblemDependencyUnavailable")


@_attrs_define
class ProblemDependencyUnavailable:
    """A dependency did not answer in time (or answered something unusable) (503).

    Example:
        {'correlation_id': '4bf92f3577b34da6a3ce929d0e0e4736', 'detail': 'A dependency did not answer in time (or
            answered something unusable).', 'instance': '/orders/00000000-0000-4000-8000-0000000000b1', 'service':
            'payment', 'status': 503, 'title': 'A dependency did not answer in time (or answered something unusable)',
            'type': 'urn:mcf:problem:dependency-unavailable'}

    Attributes:
        status (ProblemDependencyUnavailableStatus):
        title (str):
        type_ (ProblemDependencyUnavailableType):
        correlation_id (str | Unset):
        detail (str | Unset):
        instance (str | Unset):
        service (str | Unset): The dependency that did not answer or refused
    """

    status: ProblemDependencyUnavailableStatus
    title: str
    type_: ProblemDependencyUnavailableType
    correlation_id: str | Unset = UNSET
    detail: str | Unset = UNSET
    instance: str | Unset = UNSET
    service: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        status = self.status.value

        title = self.title

        type_ = self.type_.value

        correlation_id = self.correlation_id

        detail = self.detail

        instance = self.instance

        service = self.service

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
        if service is not UNSET:
            field_dict["service"] = service

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        status = ProblemDependencyUnavailableStatus(d.pop("status"))

        title = d.pop("title")

        type_ = ProblemDependencyUnavailableType(d.pop("type"))

        correlation_id = d.pop("correlation_id", UNSET)

        detail = d.pop("detail", UNSET)

        instance = d.pop("instance", UNSET)

        service = d.pop("service", UNSET)

        problem_dependency_unavailable = cls(
            status=status,
            title=title,
            type_=type_,
            correlation_id=correlation_id,
            detail=detail,
            instance=instance,
            service=service,
        )

        return problem_dependency_unavailable
