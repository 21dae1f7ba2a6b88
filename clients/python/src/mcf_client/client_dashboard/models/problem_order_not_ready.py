from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.problem_order_not_ready_status import ProblemOrderNotReadyStatus
from ..models.problem_order_not_ready_type import ProblemOrderNotReadyType
from ..types import UNSET, Unset

T = TypeVar("T", bound="ProblemOrderNotReady")


@_attrs_define
class ProblemOrderNotReady:
    """The order's kit is not ready for pick-up (409).

    Example:
        {'correlation_id': '4bf92f3577b34da6a3ce929d0e0e4736', 'detail': "The order's kit is not ready for pick-up.",
            'instance': '/orders/00000000-0000-4000-8000-0000000000b1', 'order_status': 'completed', 'status': 409, 'title':
            "The order's kit is not ready for pick-up", 'type': 'urn:mcf:problem:order-not-ready'}

    Attributes:
        order_status (str): The order's status that forbids the request
        status (ProblemOrderNotReadyStatus):
        title (str):
        type_ (ProblemOrderNotReadyType):
        correlation_id (str | Unset):
        detail (str | Unset):
        instance (str | Unset):
    """

    order_status: str
    status: ProblemOrderNotReadyStatus
    title: str
    type_: ProblemOrderNotReadyType
    correlation_id: str | Unset = UNSET
    detail: str | Unset = UNSET
    instance: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        order_status = self.order_status

        status = self.status.value

        title = self.title

        type_ = self.type_.value

        correlation_id = self.correlation_id

        detail = self.detail

        instance = self.instance

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "order_status": order_status,
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
        order_status = d.pop("order_status")

        status = ProblemOrderNotReadyStatus(d.pop("status"))

        title = d.pop("title")

        type_ = ProblemOrderNotReadyType(d.pop("type"))

        correlation_id = d.pop("correlation_id", UNSET)

        detail = d.pop("detail", UNSET)

        instance = d.pop("instance", UNSET)

        problem_order_not_ready = cls(
            order_status=order_status,
            status=status,
            title=title,
            type_=type_,
            correlation_id=correlation_id,
            detail=detail,
            instance=instance,
        )

        return problem_order_not_ready
