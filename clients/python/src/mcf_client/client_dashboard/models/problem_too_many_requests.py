from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.problem_too_many_requests_status import ProblemTooManyRequestsStatus
from ..models.problem_too_many_requests_type import ProblemTooManyRequestsType
from ..types import UNSET, Unset

T = TypeVar("T", bound="ProblemTooManyRequests")


@_attrs_define
class ProblemTooManyRequests:
    """A rate limit is used up; retry after Retry-After (429).

    Example:
        {'correlation_id': '4bf92f3577b34da6a3ce929d0e0e4736', 'detail': 'A rate limit is used up; retry after Retry-
            After.', 'instance': '/orders/00000000-0000-4000-8000-0000000000b1', 'retry_after_seconds': 60, 'status': 429,
            'title': 'A rate limit is used up; retry after Retry-After', 'type': 'urn:mcf:problem:too-many-requests'}

    Attributes:
        retry_after_seconds (int): Seconds until another try is allowed (as in Retry-After)
        status (ProblemTooManyRequestsStatus):
        title (str):
        type_ (ProblemTooManyRequestsType):
        correlation_id (str | Unset):
        detail (str | Unset):
        instance (str | Unset):
    """

    retry_after_seconds: int
    status: ProblemTooManyRequestsStatus
    title: str
    type_: ProblemTooManyRequestsType
    correlation_id: str | Unset = UNSET
    detail: str | Unset = UNSET
    instance: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        retry_after_seconds = self.retry_after_seconds

        status = self.status.value

        title = self.title

        type_ = self.type_.value

        correlation_id = self.correlation_id

        detail = self.detail

        instance = self.instance

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "retry_after_seconds": retry_after_seconds,
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
        retry_after_seconds = d.pop("retry_after_seconds")

        status = ProblemTooManyRequestsStatus(d.pop("status"))

        title = d.pop("title")

        type_ = ProblemTooManyRequestsType(d.pop("type"))

        correlation_id = d.pop("correlation_id", UNSET)

        detail = d.pop("detail", UNSET)

        instance = d.pop("instance", UNSET)

        problem_too_many_requests = cls(
            retry_after_seconds=retry_after_seconds,
            status=status,
            title=title,
            type_=type_,
            correlation_id=correlation_id,
            detail=detail,
            instance=instance,
        )

        return problem_too_many_requests
