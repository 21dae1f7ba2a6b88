from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="Breakdown")


@_attrs_define
class Breakdown:
    """
    Attributes:
        base_minor (int): Hourly rate of the toy category Example: 120000.
        duration_factor (float): Billed hours Example: 1.5.
        minimum_applied (bool):  Example: False.
        rating_tier (str): standard, experienced or top Example: standard.
        surge_factor (float): Demand against supply, capped Example: 1.0.
        tier_factor (float):  Example: 1.0.
    """

    base_minor: int
    duration_factor: float
    minimum_applied: bool
    rating_tier: str
    surge_factor: float
    tier_factor: float

    def to_dict(self) -> dict[str, Any]:
        base_minor = self.base_minor

        duration_factor = self.duration_factor

        minimum_applied = self.minimum_applied

        rating_tier = self.rating_tier

        surge_factor = self.surge_factor

        tier_factor = self.tier_factor

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "base_minor": base_minor,
                "duration_factor": duration_factor,
                "minimum_applied": minimum_applied,
                "rating_tier": rating_tier,
                "surge_factor": surge_factor,
                "tier_factor": tier_factor,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        base_minor = d.pop("base_minor")

        duration_factor = d.pop("duration_factor")

        minimum_applied = d.pop("minimum_applied")

        rating_tier = d.pop("rating_tier")

        surge_factor = d.pop("surge_factor")

        tier_factor = d.pop("tier_factor")

        breakdown = cls(
            base_minor=base_minor,
            duration_factor=duration_factor,
            minimum_applied=minimum_applied,
            rating_tier=rating_tier,
            surge_factor=surge_factor,
            tier_factor=tier_factor,
        )

        return breakdown
