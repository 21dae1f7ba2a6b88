from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.problem_order_already_paid_status import ProblemOrderAlreadyPaidStatus
from ..models.problem_order_already_paid_type import ProblemOrderAlreadyPaidType
from ..types import UNSET, Unset

T = TypeVar("T", bound="ProblemOrderAlreadyPaid")


@_attrs_define
class ProblemOrderAlreadyPaid:
    """The order is paid already (409).

    Example:
        {'correlation_id': '4bf92f3577b34da6a3ce929d0e0e4736', 'detail': 'The order is paid already.', 'instance':
            '/orders/00000000-0000-4000-8000-0000000000b1', 'payment_id': '00000000-0000-4000-8000-0000000000c1', 'status':
            409, 'title': 'The order is paid already', 'type': 'urn:mcf:problem:order-already-paid'}

    Attributes:
        status (ProblemOrderAlreadyPaidStatus):
        title (str):
        type_ (ProblemOrderAlreadyPaidType):
        correlation_id (str | Unset):
        detail (str | Unset):
        instance (str | Unset):
        payment_id (str | Unset): The payment that settles or holds the matter
    """

    status: ProblemOrderAlreadyPaidStatus
    title: str
    type_: ProblemOrderAlreadyPaidType
    correlation_id: str | Unset = UNSET
    detail: str | Unset = UNSET
    instance: str | Unset = UNSET
    payment_id: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        status = self.status.value

        title = self.title

        type_ = self.type_.value

        correlation_id = self.correlation_id

        detail = self.detail

        instance = self.instance

        payment_id = self.payment_id

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
        if payment_id is not UNSET:
            field_dict["payment_id"] = payment_id

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        status = ProblemOrderAlreadyPaidStatus(d.pop("status"))

        title = d.pop("title")

        type_ = ProblemOrderAlreadyPaidType(d.pop("type"))

        correlation_id = d.pop("correlation_id", UNSET)

        detail = d.pop("detail", UNSET)

        instance = d.pop("instance", UNSET)

        payment_id = d.pop("payment_id", UNSET)

        problem_order_already_paid = cls(
            status=status,
            title=title,
            type_=type_,
            correlation_id=correlation_id,
            detail=detail,
            instance=instance,
            payment_id=payment_id,
        )

        return problem_order_already_paid
