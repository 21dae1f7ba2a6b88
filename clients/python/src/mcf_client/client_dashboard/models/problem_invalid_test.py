from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.problem_invalid_test_status import ProblemInvalidTestStatus
from ..models.problem_invalid_test_type import ProblemInvalidTestType
from ..types import UNSET, Unset

T = TypeVar("T", bound="ProblemInvalidTest")


@_attrs_define
class ProblemInvalidTest:
    """A test edit is refused (422).

    Example:
        {'correlation_id': '4bf92f3577b34da6a3ce929d0e0e4736', 'detail': 'A test edit is refused.', 'instance':
            '/orders/00000000-0000-4000-8000-0000000000b1', 'question_id': '00000000-0000-4000-8000-0000000000e1', 'status':
            422, 'title': 'A test edit is refused', 'type': 'urn:mcf:problem:invalid-test'}

    Attributes:
        status (ProblemInvalidTestStatus):
        title (str):
        type_ (ProblemInvalidTestType):
        correlation_id (str | Unset):
        detail (str | Unset):
        instance (str | Unset):
        question_id (str | Unset): The question an answer or a test edit is refused for
    """

    status: ProblemInvalidTestStatus
    title: str
    type_: ProblemInvalidTestType
    correlation_id: str | Unset = UNSET
    detail: str | Unset = UNSET
    instance: str | Unset = UNSET
    question_id: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        status = self.status.value

        title = self.title

        type_ = self.type_.value

        correlation_id = self.correlation_id

        detail = self.detail

        instance = self.instance

        question_id = self.question_id

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
        if question_id is not UNSET:
            field_dict["question_id"] = question_id

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        status = ProblemInvalidTestStatus(d.pop("status"))

        title = d.pop("title")

        type_ = ProblemInvalidTestType(d.pop("type"))

        correlation_id = d.pop("correlation_id", UNSET)

        detail = d.pop("detail", UNSET)

        instance = d.pop("instance", UNSET)

        question_id = d.pop("question_id", UNSET)

        problem_invalid_test = cls(
            status=status,
            title=title,
            type_=type_,
            correlation_id=correlation_id,
            detail=detail,
            instance=instance,
            question_id=question_id,
        )

        return problem_invalid_test
