from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.problem_email_taken_status import ProblemEmailTakenStatus
from ..models.problem_email_taken_type import ProblemEmailTakenType
from ..types import UNSET, Unset

T = TypeVar("T", bound="ProblemEmailTaken")


@_attrs_define
class ProblemEmailTaken:
    """An account with this e-mail exists already (409).

    Example:
        {'correlation_id': '4bf92f3577b34da6a3ce929d0e0e4736', 'detail': 'An account with this e-mail exists already.',
            'field': 'slot_start', 'instance': '/orders/00000000-0000-4000-8000-0000000000b1', 'status': 409, 'title': 'An
            account with this e-mail exists already', 'type': 'urn:mcf:problem:email-taken'}

    Attributes:
        field (str): The input field a business rule refused
        status (ProblemEmailTakenStatus):
        title (str):
        type_ (ProblemEmailTakenType):
        correlation_id (str | Unset):
        detail (str | Unset):
        instance (str | Unset):
    """

    field: str
    status: ProblemEmailTakenStatus
    title: str
    type_: ProblemEmailTakenType
    correlation_id: str | Unset = UNSET
    detail: str | Unset = UNSET
    instance: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        field = self.field

        status = self.status.value

        title = self.title

        type_ = self.type_.value

        correlation_id = self.correlation_id

        detail = self.detail

        instance = self.instance

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "field": field,
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
        field = d.pop("field")

        status = ProblemEmailTakenStatus(d.pop("status"))

        title = d.pop("title")

        type_ = ProblemEmailTakenType(d.pop("type"))

        correlation_id = d.pop("correlation_id", UNSET)

        detail = d.pop("detail", UNSET)

        instance = d.pop("instance", UNSET)

        problem_email_taken = cls(
            field=field,
            status=status,
            title=title,
            type_=type_,
            correlation_id=correlation_id,
            detail=detail,
            instance=instance,
        )

        return problem_email_taken
