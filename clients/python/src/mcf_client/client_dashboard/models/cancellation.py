from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.cancellation_cancelled_by import CancellationCancelledBy

T = TypeVar("T", bound="Cancellation")


@_attrs_define
class Cancellation:
    """
    Attributes:
        cancelled_at (datetime.datetime):
        cancelled_by (CancellationCancelledBy):  Example: platform.
        previous_status (str):  Example: placed.
        reason (str): Why: client_cancelled, no_candidates, payment_failed, ... Example: no_candidates.
    """

    cancelled_at: datetime.datetime
    cancelled_by: CancellationCancelledBy
    previous_status: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        cancelled_at = self.cancelled_at.isoformat()

        cancelled_by = self.cancelled_by.value

        previous_status = self.previous_status

        reason = self.reason

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "cancelled_at": cancelled_at,
                "cancelled_by": cancelled_by,
                "previous_status": previous_status,
                "reason": reason,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        cancelled_at = datetime.datetime.fromisoformat(d.pop("cancelled_at"))

        cancelled_by = CancellationCancelledBy(d.pop("cancelled_by"))

        previous_status = d.pop("previous_status")

        reason = d.pop("reason")

        cancellation = cls(
            cancelled_at=cancelled_at,
            cancelled_by=cancelled_by,
            previous_status=previous_status,
            reason=reason,
        )

        return cancellation
