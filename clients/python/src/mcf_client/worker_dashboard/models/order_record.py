from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.check_in import CheckIn
    from ..models.report import Report


T = TypeVar("T", bound="OrderRecord")


@_attrs_define
class OrderRecord:
    """
    Attributes:
        check_in (CheckIn):
        order_id (str):
        report (None | Report | Unset):
    """

    check_in: CheckIn
    order_id: str
    report: None | Report | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.report import Report

        check_in = self.check_in.to_dict()

        order_id = self.order_id

        report: dict[str, Any] | None | Unset
        if isinstance(self.report, Unset):
            report = UNSET
        elif isinstance(self.report, Report):
            report = self.report.to_dict()
        else:
            report = self.report

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "check_in": check_in,
                "order_id": order_id,
            }
        )
        if report is not UNSET:
            field_dict["report"] = report

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.check_in import CheckIn
        from ..models.report import Report

        d = dict(src_dict)
        check_in = CheckIn.from_dict(d.pop("check_in"))

        order_id = d.pop("order_id")

        def _parse_report(data: object) -> None | Report | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                report_type_0 = Report.from_dict(data)

                return report_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Report | Unset, data)

        report = _parse_report(d.pop("report", UNSET))

        order_record = cls(
            check_in=check_in,
            order_id=order_id,
            report=report,
        )

        return order_record
