from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.problem_already_reported_status import ProblemAlreadyReportedStatus
from ..models.problem_already_reported_type import ProblemAlreadyReportedType
from ..types import UNSET, Unset

T = TypeVar("T", bound="ProblemAlreadyReported")


@_attrs_define
class ProblemAlreadyReported:
    """The order has a report already (409).

    Example:
        {'correlation_id': '4bf92f3577b34da6a3ce929d0e0e4736', 'detail': 'The order has a report already.', 'instance':
            '/orders/00000000-0000-4000-8000-0000000000b1', 'report_id': '00000000-0000-4000-8000-0000000000d1', 'status':
            409, 'title': 'The order has a report already', 'type': 'urn:mcf:problem:already-reported'}

    Attributes:
        status (ProblemAlreadyReportedStatus):
        title (str):
        type_ (ProblemAlreadyReportedType):
        correlation_id (str | Unset):
        detail (str | Unset):
        instance (str | Unset):
        report_id (str | Unset): The report the order already has
    """

    status: ProblemAlreadyReportedStatus
    title: str
    type_: ProblemAlreadyReportedType
    correlation_id: str | Unset = UNSET
    detail: str | Unset = UNSET
    instance: str | Unset = UNSET
    report_id: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        status = self.status.value

        title = self.title

        type_ = self.type_.value

        correlation_id = self.correlation_id

        detail = self.detail

        instance = self.instance

        report_id = self.report_id

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
        if report_id is not UNSET:
            field_dict["report_id"] = report_id

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        status = ProblemAlreadyReportedStatus(d.pop("status"))

        title = d.pop("title")

        type_ = ProblemAlreadyReportedType(d.pop("type"))

        correlation_id = d.pop("correlation_id", UNSET)

        detail = d.pop("detail", UNSET)

        instance = d.pop("instance", UNSET)

        report_id = d.pop("report_id", UNSET)

        problem_already_reported = cls(
            status=status,
            title=title,
            type_=type_,
            correlation_id=correlation_id,
            detail=detail,
            instance=instance,
            report_id=report_id,
        )

        return problem_already_reported
