from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.problem_illegal_transition_status import ProblemIllegalTransitionStatus
from ..models.problem_illegal_transition_type import ProblemIllegalTransitionType
from ..types import UNSET, Unset

T = TypeVar("T", bound="ProblemIllegalTransition")


@_attrs_define
class ProblemIllegalTransition:
    """The status forbids the transition asked for (409).

    Example:
        {'correlation_id': '4bf92f3577b34da6a3ce929d0e0e4736', 'detail': 'The status forbids the transition asked for.',
            'instance': '/orders/00000000-0000-4000-8000-0000000000b1', 'order_status': 'completed', 'requested':
            'cancelled', 'status': 409, 'title': 'The status forbids the transition asked for', 'type':
            'urn:mcf:problem:illegal-transition'}

    Attributes:
        status (ProblemIllegalTransitionStatus):
        title (str):
        type_ (ProblemIllegalTransitionType):
        correlation_id (str | Unset):
        detail (str | Unset):
        instance (str | Unset):
        order_status (str | Unset): The order's status that forbids the request
        requested (str | Unset): The status an illegal transition asked for
    """

    status: ProblemIllegalTransitionStatus
    title: str
    type_: ProblemIllegalTransitionType
    correlation_id: str | Unset = UNSET
    detail: str | Unset = UNSET
    instance: str | Unset = UNSET
    order_status: str | Unset = UNSET
    requested: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        status = self.status.value

        title = self.title

        type_ = self.type_.value

        correlation_id = self.correlation_id

        detail = self.detail

        instance = self.instance

        order_status = self.order_status

        requested = self.requested

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
        if order_status is not UNSET:
            field_dict["order_status"] = order_status
        if requested is not UNSET:
            field_dict["requested"] = requested

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        status = ProblemIllegalTransitionStatus(d.pop("status"))

        title = d.pop("title")

        type_ = ProblemIllegalTransitionType(d.pop("type"))

        correlation_id = d.pop("correlation_id", UNSET)

        detail = d.pop("detail", UNSET)

        instance = d.pop("instance", UNSET)

        order_status = d.pop("order_status", UNSET)

        requested = d.pop("requested", UNSET)

        problem_illegal_transition = cls(
            status=status,
            title=title,
            type_=type_,
            correlation_id=correlation_id,
            detail=detail,
            instance=instance,
            order_status=order_status,
            requested=requested,
        )

        return problem_illegal_transition
