from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.problem_dependency_refused_status import ProblemDependencyRefusedStatus
from ..models.problem_dependency_refused_type import ProblemDependencyRefusedType
from ..types import UNSET, Unset

T = TypeVar("T", bound="ProblemDependencyRefused")


@_attrs_define
class ProblemDependencyRefused:
    """Another service refused this service's credentials (502).

    Example:
        {'correlation_id': '4bf92f3577b34da6a3ce929d0e0e4736', 'detail': "Another service refused this service's
            credentials.", 'instance': '/orders/00000000-0000-4000-8000-0000000000b1', 'service': 'payment', 'status': 502,
            'title': "Another service refused this service's credentials", 'type': 'urn:mcf:problem:dependency-refused'}

    Attributes:
        service (str): The dependency that did not answer or refused
        status (ProblemDependencyRefusedStatus):
        title (str):
        type_ (ProblemDependencyRefusedType):
        correlation_id (str | Unset):
        detail (str | Unset):
        instance (str | Unset):
    """

    service: str
    status: ProblemDependencyRefusedStatus
    title: str
    type_: ProblemDependencyRefusedType
    correlation_id: str | Unset = UNSET
    detail: str | Unset = UNSET
    instance: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        service = self.service

        status = self.status.value

        title = self.title

        type_ = self.type_.value

        correlation_id = self.correlation_id

        detail = self.detail

        instance = self.instance

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "service": service,
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
        service = d.pop("service")

        status = ProblemDependencyRefusedStatus(d.pop("status"))

        title = d.pop("title")

        type_ = ProblemDependencyRefusedType(d.pop("type"))

        correlation_id = d.pop("correlation_id", UNSET)

        detail = d.pop("detail", UNSET)

        instance = d.pop("instance", UNSET)

        problem_dependency_refused = cls(
            service=service,
            status=status,
            title=title,
            type_=type_,
            correlation_id=correlation_id,
            detail=detail,
            instance=instance,
        )

        return problem_dependency_refused
