from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.problem_idempotency_key_reused_status import (
    ProblemIdempotencyKeyReusedStatus,
)
from ..models.problem_idempotency_key_reused_type import ProblemIdempotencyKeyReusedType
from ..types import UNSET, Unset

T = TypeVar("T", bound="ProblemIdempotencyKeyReused")


@_attrs_define
class ProblemIdempotencyKeyReused:
    """The Idempotency-Key was used for a different request (ADR 0061) (422).

    Example:
        {'correlation_id': '4bf92f3577b34da6a3ce929d0e0e4736', 'detail': 'The Idempotency-Key was used for a different
            request (ADR 0061).', 'field': 'slot_start', 'instance': '/orders/00000000-0000-4000-8000-0000000000b1',
            'payment_id': '00000000-0000-4000-8000-0000000000c1', 'status': 422, 'title': 'The Idempotency-Key was used for
            a different request (ADR 0061)', 'type': 'urn:mcf:problem:idempotency-key-reused'}

    Attributes:
        status (ProblemIdempotencyKeyReusedStatus):
        title (str):
        type_ (ProblemIdempotencyKeyReusedType):
        correlation_id (str | Unset):
        detail (str | Unset):
        field (str | Unset): The input field a business rule refused
        instance (str | Unset):
        payment_id (str | Unset): The payment that settles or holds the matter
    """

    status: ProblemIdempotencyKeyReusedStatus
    title: str
    type_: ProblemIdempotencyKeyReusedType
    correlation_id: str | Unset = UNSET
    detail: str | Unset = UNSET
    field: str | Unset = UNSET
    instance: str | Unset = UNSET
    payment_id: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        status = self.status.value

        title = self.title

        type_ = self.type_.value

        correlation_id = self.correlation_id

        detail = self.detail

        field = self.field

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
        if field is not UNSET:
            field_dict["field"] = field
        if instance is not UNSET:
            field_dict["instance"] = instance
        if payment_id is not UNSET:
            field_dict["payment_id"] = payment_id

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        status = ProblemIdempotencyKeyReusedStatus(d.pop("status"))

        title = d.pop("title")

        type_ = ProblemIdempotencyKeyReusedType(d.pop("type"))

        correlation_id = d.pop("correlation_id", UNSET)

        detail = d.pop("detail", UNSET)

        field = d.pop("field", UNSET)

        instance = d.pop("instance", UNSET)

        payment_id = d.pop("payment_id", UNSET)

        problem_idempotency_key_reused = cls(
            status=status,
            title=title,
            type_=type_,
            correlation_id=correlation_id,
            detail=detail,
            field=field,
            instance=instance,
            payment_id=payment_id,
        )

        return problem_idempotency_key_reused
