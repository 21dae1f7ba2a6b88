from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.breakdown import Breakdown


T = TypeVar("T", bound="Price")


@_attrs_define
class Price:
    """
    Attributes:
        amount_minor (int): Integer minor units Example: 180000.
        currency (str):  Example: RUB.
        breakdown (Breakdown | Unset):
    """

    amount_minor: int
    currency: str
    breakdown: Breakdown | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        amount_minor = self.amount_minor

        currency = self.currency

        breakdown: dict[str, Any] | Unset = UNSET
        if not isinstance(self.breakdown, Unset):
            breakdown = self.breakdown.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "amount_minor": amount_minor,
                "currency": currency,
            }
        )
        if breakdown is not UNSET:
            field_dict["breakdown"] = breakdown

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.breakdown import Breakdown

        d = dict(src_dict)
        amount_minor = d.pop("amount_minor")

        currency = d.pop("currency")

        _breakdown = d.pop("breakdown", UNSET)
        breakdown: Breakdown | Unset
        if isinstance(_breakdown, Unset):
            breakdown = UNSET
        else:
            breakdown = Breakdown.from_dict(_breakdown)

        price = cls(
            amount_minor=amount_minor,
            currency=currency,
            breakdown=breakdown,
        )

        return price
