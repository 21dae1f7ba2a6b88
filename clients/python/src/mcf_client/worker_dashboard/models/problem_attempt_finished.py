from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.problem_attempt_finished_status import ProblemAttemptFinishedStatus
from ..models.problem_attempt_finished_type import ProblemAttemptFinishedType
from ..types import UNSET, Unset

T = TypeVar("T", bound="ProblemAttemptFinished")


@_attrs_define
class ProblemAttemptFinished:
    """The attempt is finished already (409).

    Example:
        {'attempt_status': 'submitted', 'correlation_id': '4bf92f3577b34da6a3ce929d0e0e4736', 'detail': 'The attempt is
            finished already.', 'instance': '/orders/00000000-0000-4000-8000-0000000000b1', 'status': 409, 'title': 'The
            attempt is finished already', 'type': 'urn:mcf:problem:attempt-finished'}

    Attributes:
        attempt_status (str): The attempt's status that forbids the request
        status (ProblemAttemptFinishedStatus):
        title (str):
        type_ (ProblemAttemptFinishedType):
        correlation_id (str | Unset):
        detail (str | Unset):
        instance (str | Unset):
    """

    attempt_status: str
    status: ProblemAttemptFinishedStatus
    title: str
    type_: ProblemAttemptFinishedType
    correlation_id: str | Unset = UNSET
    detail: str | Unset = UNSET
    instance: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        attempt_status = self.attempt_status

        status = self.status.value

        title = self.title

        type_ = self.type_.value

        correlation_id = self.correlation_id

        detail = self.detail

        instance = self.instance

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "attempt_status": attempt_status,
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
        attempt_status = d.pop("attempt_status")

        status = ProblemAttemptFinishedStatus(d.pop("status"))

        title = d.pop("title")

        type_ = ProblemAttemptFinishedType(d.pop("type"))

        correlation_id = d.pop("correlation_id", UNSET)

        detail = d.pop("detail", UNSET)

        instance = d.pop("instance", UNSET)

        problem_attempt_finished = cls(
            attempt_status=attempt_status,
            status=status,
            title=title,
            type_=type_,
            correlation_id=correlation_id,
            detail=detail,
            instance=instance,
        )

        return problem_attempt_finished
