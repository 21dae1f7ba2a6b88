from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.check_in import CheckIn
    from ..models.report import Report


T = TypeVar("T", bound="OrderReport")


@_attrs_define
class OrderReport:
    """
    Attributes:
        check_in (CheckIn):
        order_id (UUID):
        report (None | Report | Unset):
        worker_id (None | str | Unset):
    """

    check_in: CheckIn
    order_id: UUID
    report: None | Report | Unset = UNSET
    worker_id: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.report import Report

        check_in = self.check_in.to_dict()

        order_id = str(self.order_id)

        report: dict[str, Any] | None | Unset
        if isinstance(self.report, Unset):
            report = UNSET
        elif isinstance(self.report, Report):
            report = self.report.to_dict()
        else:
            report = self.report

        worker_id: None | str | Unset
        if isinstance(self.worker_id, Unset):
            worker_id = UNSET
        else:
            worker_id = self.worker_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "check_in": check_in,
                "order_id": order_id,
            }
        )
        if report is not UNSET:
            field_dict["report"] = report
        if worker_id is not UNSET:
            field_dict["worker_id"] = worker_id

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.check_in import CheckIn
        from ..models.report import Report

        d = dict(src_dict)
        check_in = CheckIn.from_dict(d.pop("check_in"))

        order_id = UUID(d.pop("order_id"))

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

        def _parse_worker_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        worker_id = _parse_worker_id(d.pop("worker_id", UNSET))

        order_report = cls(
            check_in=check_in,
            order_id=order_id,
            report=report,
            worker_id=worker_id,
        )

        return order_report
