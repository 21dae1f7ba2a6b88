from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.problem_attempt_expired_status import ProblemAttemptExpiredStatus
from ..models.problem_attempt_expired_type import ProblemAttemptExpiredType
from ..types import UNSET, Unset

T = TypeVar("T", bound="ProblemAttemptExpired")


@_attrs_define
class ProblemAttemptExpired:
    """The attempt's time limit has passed (409).

    Example:
        {'correlation_id': '4bf92f3577b34da6a3ce929d0e0e4736', 'deadline': '2030-01-01T09:30:00+00:00', 'detail': "The
            attempt's time limit has passed.", 'instance': '/orders/00000000-0000-4000-8000-0000000000b1', 'status': 409,
            'title': "The attempt's time limit has passed", 'type': 'urn:mcf:problem:attempt-expired'}

    Attributes:
        deadline (datetime.datetime): When the attempt's time ran out
        status (ProblemAttemptExpiredStatus):
        title (str):
        type_ (ProblemAttemptExpiredType):
        correlation_id (str | Unset):
        detail (str | Unset):
        instance (str | Unset):
    """

    deadline: datetime.datetime
    status: ProblemAttemptExpiredStatus
    title: str
    type_: ProblemAttemptExpiredType
    correlation_id: str | Unset = UNSET
    detail: str | Unset = UNSET
    instance: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        deadline = self.deadline.isoformat()

        status = self.status.value

        title = self.title

        type_ = self.type_.value

        correlation_id = self.correlation_id

        detail = self.detail

        instance = self.instance

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "deadline": deadline,
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
        deadline = datetime.datetime.fromisoformat(d.pop("deadline"))

        status = ProblemAttemptExpiredStatus(d.pop("status"))

        title = d.pop("title")

        type_ = ProblemAttemptExpiredType(d.pop("type"))

        correlation_id = d.pop("correlation_id", UNSET)

        detail = d.pop("detail", UNSET)

        instance = d.pop("instance", UNSET)

        problem_attempt_expired = cls(
            deadline=deadline,
            status=status,
            title=title,
            type_=type_,
            correlation_id=correlation_id,
            detail=detail,
            instance=instance,
        )

        return problem_attempt_expired
