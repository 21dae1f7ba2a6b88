from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.problem_concurrent_update_status import ProblemConcurrentUpdateStatus
from ..models.problem_concurrent_update_type import ProblemConcurrentUpdateType
from ..types import UNSET, Unset

T = TypeVar("T", bound="ProblemConcurrentUpdate")


@_attrs_define
class ProblemConcurrentUpdate:
    """Someone else changed it between our read and our write; read it again (409).

    Example:
        {'correlation_id': '4bf92f3577b34da6a3ce929d0e0e4736', 'detail': 'Someone else changed it between our read and
            our write; read it again.', 'expected_version': 3, 'instance': '/orders/00000000-0000-4000-8000-0000000000b1',
            'status': 409, 'title': 'Someone else changed it between our read and our write; read it again', 'type':
            'urn:mcf:problem:concurrent-update'}

    Attributes:
        status (ProblemConcurrentUpdateStatus):
        title (str):
        type_ (ProblemConcurrentUpdateType):
        correlation_id (str | Unset):
        detail (str | Unset):
        expected_version (int | Unset): The version a lost concurrent update had read
        instance (str | Unset):
    """

    status: ProblemConcurrentUpdateStatus
    title: str
    type_: ProblemConcurrentUpdateType
    correlation_id: str | Unset = UNSET
    detail: str | Unset = UNSET
    expected_version: int | Unset = UNSET
    instance: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        status = self.status.value

        title = self.title

        type_ = self.type_.value

        correlation_id = self.correlation_id

        detail = self.detail

        expected_version = self.expected_version

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
        if expected_version is not UNSET:
            field_dict["expected_version"] = expected_version
        if instance is not UNSET:
            field_dict["instance"] = instance

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        status = ProblemConcurrentUpdateStatus(d.pop("status"))

        title = d.pop("title")

        type_ = ProblemConcurrentUpdateType(d.pop("type"))

        correlation_id = d.pop("correlation_id", UNSET)

        detail = d.pop("detail", UNSET)

        expected_version = d.pop("expected_version", UNSET)

        instance = d.pop("instance", UNSET)

        problem_concurrent_update = cls(
            status=status,
            title=title,
            type_=type_,
            correlation_id=correlation_id,
            detail=detail,
            expected_version=expected_version,
            instance=instance,
        )

        return problem_concurrent_update
