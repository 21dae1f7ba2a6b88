from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.problem_cat_not_found_status import ProblemCatNotFoundStatus
from ..models.problem_cat_not_found_type import ProblemCatNotFoundType
from ..types import UNSET, Unset

T = TypeVar("T", bound="ProblemCatNotFound")


@_attrs_define
class ProblemCatNotFound:
    """The cat is not one of the client's (404).

    Example:
        {'correlation_id': '4bf92f3577b34da6a3ce929d0e0e4736', 'detail': "The cat is not one of the client's.", 'field':
            'slot_start', 'instance': '/orders/00000000-0000-4000-8000-0000000000b1', 'status': 404, 'title': "The cat is
            not one of the client's", 'type': 'urn:mcf:problem:cat-not-found'}

    Attributes:
        field (str): The input field a business rule refused
        status (ProblemCatNotFoundStatus):
        title (str):
        type_ (ProblemCatNotFoundType):
        correlation_id (str | Unset):
        detail (str | Unset):
        instance (str | Unset):
    """

    field: str
    status: ProblemCatNotFoundStatus
    title: str
    type_: ProblemCatNotFoundType
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

        status = ProblemCatNotFoundStatus(d.pop("status"))

        title = d.pop("title")

        type_ = ProblemCatNotFoundType(d.pop("type"))

        correlation_id = d.pop("correlation_id", UNSET)

        detail = d.pop("detail", UNSET)

        instance = d.pop("instance", UNSET)

        problem_cat_not_found = cls(
            field=field,
            status=status,
            title=title,
            type_=type_,
            correlation_id=correlation_id,
            detail=detail,
            instance=instance,
        )

        return problem_cat_not_found
