from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.fortune import Fortune
    from ..models.pickup_point import PickupPoint


T = TypeVar("T", bound="Kit")


@_attrs_define
class Kit:
    """
    Attributes:
        ready (bool):
        fortune (Fortune | None | Unset):
        pickup_point (None | PickupPoint | Unset):
        ready_at (datetime.datetime | None | Unset):
    """

    ready: bool
    fortune: Fortune | None | Unset = UNSET
    pickup_point: None | PickupPoint | Unset = UNSET
    ready_at: datetime.datetime | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.fortune import Fortune
        from ..models.pickup_point import PickupPoint

        ready = self.ready

        fortune: dict[str, Any] | None | Unset
        if isinstance(self.fortune, Unset):
            fortune = UNSET
        elif isinstance(self.fortune, Fortune):
            fortune = self.fortune.to_dict()
        else:
            fortune = self.fortune

        pickup_point: dict[str, Any] | None | Unset
        if isinstance(self.pickup_point, Unset):
            pickup_point = UNSET
        elif isinstance(self.pickup_point, PickupPoint):
            pickup_point = self.pickup_point.to_dict()
        else:
            pickup_point = self.pickup_point

        ready_at: None | str | Unset
        if isinstance(self.ready_at, Unset):
            ready_at = UNSET
        elif isinstance(self.ready_at, datetime.datetime):
            ready_at = self.ready_at.isoformat()
        else:
            ready_at = self.ready_at

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "ready": ready,
            }
        )
        if fortune is not UNSET:
            field_dict["fortune"] = fortune
        if pickup_point is not UNSET:
            field_dict["pickup_point"] = pickup_point
        if ready_at is not UNSET:
            field_dict["ready_at"] = ready_at

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.fortune import Fortune
        from ..models.pickup_point import PickupPoint

        d = dict(src_dict)
        ready = d.pop("ready")

        def _parse_fortune(data: object) -> Fortune | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                fortune_type_0 = Fortune.from_dict(data)

                return fortune_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Fortune | None | Unset, data)

        fortune = _parse_fortune(d.pop("fortune", UNSET))

        def _parse_pickup_point(data: object) -> None | PickupPoint | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                pickup_point_type_0 = PickupPoint.from_dict(data)

                return pickup_point_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PickupPoint | Unset, data)

        pickup_point = _parse_pickup_point(d.pop("pickup_point", UNSET))

        def _parse_ready_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                ready_at_type_0 = datetime.datetime.fromisoformat(data)

                return ready_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        ready_at = _parse_ready_at(d.pop("ready_at", UNSET))

        kit = cls(
            ready=ready,
            fortune=fortune,
            pickup_point=pickup_point,
            ready_at=ready_at,
        )

        return kit
