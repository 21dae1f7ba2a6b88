from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="Offer")


@_attrs_define
class Offer:
    """
    Attributes:
        expires_at (datetime.datetime):
        worker_id (str):
    """

    expires_at: datetime.datetime
    worker_id: str

    def to_dict(self) -> dict[str, Any]:
        expires_at = self.expires_at.isoformat()

        worker_id = self.worker_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "expires_at": expires_at,
                "worker_id": worker_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        expires_at = datetime.datetime.fromisoformat(d.pop("expires_at"))

        worker_id = d.pop("worker_id")

        offer = cls(
            expires_at=expires_at,
            worker_id=worker_id,
        )

        return offer
