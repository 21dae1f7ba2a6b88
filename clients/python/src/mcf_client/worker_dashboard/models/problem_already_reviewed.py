from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.problem_already_reviewed_status import ProblemAlreadyReviewedStatus
from ..models.problem_already_reviewed_type import ProblemAlreadyReviewedType
from ..types import UNSET, Unset

T = TypeVar("T", bound="ProblemAlreadyReviewed")


@_attrs_define
class ProblemAlreadyReviewed:
    """The order is reviewed already (409).

    Example:
        {'correlation_id': '4bf92f3577b34da6a3ce929d0e0e4736', 'detail': 'The order is reviewed already.', 'instance':
            '/orders/00000000-0000-4000-8000-0000000000b1', 'status': 409, 'title': 'The order is reviewed already', 'type':
            'urn:mcf:problem:already-reviewed'}

    Attributes:
        status (ProblemAlreadyReviewedStatus):
        title (str):
        type_ (ProblemAlreadyReviewedType):
        correlation_id (str | Unset):
        detail (str | Unset):
        instance (str | Unset):
    """

    status: ProblemAlreadyReviewedStatus
    title: str
    type_: ProblemAlreadyReviewedType
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
        status = ProblemAlreadyReviewedStatus(d.pop("status"))

        title = d.pop("title")

        type_ = ProblemAlreadyReviewedType(d.pop("type"))

        correlation_id = d.pop("correlation_id", UNSET)

        detail = d.pop("detail", UNSET)

        instance = d.pop("instance", UNSET)

        problem_already_reviewed = cls(
            status=status,
            title=title,
            type_=type_,
            correlation_id=correlation_id,
            detail=detail,
            instance=instance,
        )

        return problem_already_reviewed
