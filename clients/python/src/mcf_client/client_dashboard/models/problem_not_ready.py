from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.problem_not_ready_status import ProblemNotReadyStatus
from ..models.problem_not_ready_type import ProblemNotReadyType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.problem_not_ready_checks import ProblemNotReadyChecks


T = TypeVar("T", bound="ProblemNotReady")


@_attrs_define
class ProblemNotReady:
    """A dependency of the service does not answer (readiness) (503).

    Example:
        {'checks': {'broker': 'down', 'database': 'ok'}, 'correlation_id': '4bf92f3577b34da6a3ce929d0e0e4736', 'detail':
            'A dependency of the service does not answer (readiness).', 'instance':
            '/orders/00000000-0000-4000-8000-0000000000b1', 'status': 503, 'title': 'A dependency of the service does not
            answer (readiness)', 'type': 'urn:mcf:problem:not-ready'}

    Attributes:
        checks (ProblemNotReadyChecks): Readiness: dependency -> ok | down
        status (ProblemNotReadyStatus):
        title (str):
        type_ (ProblemNotReadyType):
        correlation_id (str | Unset):
        detail (str | Unset):
        instance (str | Unset):
    """

    checks: ProblemNotReadyChecks
    status: ProblemNotReadyStatus
    title: str
    type_: ProblemNotReadyType
    correlation_id: str | Unset = UNSET
    detail: str | Unset = UNSET
    instance: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        checks = self.checks.to_dict()

        status = self.status.value

        title = self.title

        type_ = self.type_.value

        correlation_id = self.correlation_id

        detail = self.detail

        instance = self.instance

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "checks": checks,
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

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.problem_not_ready_checks import ProblemNotReadyChecks

        d = dict(src_dict)
        checks = ProblemNotReadyChecks.from_dict(d.pop("checks"))

        status = ProblemNotReadyStatus(d.pop("status"))

        title = d.pop("title")

        type_ = ProblemNotReadyType(d.pop("type"))

        correlation_id = d.pop("correlation_id", UNSET)

        detail = d.pop("detail", UNSET)

        instance = d.pop("instance", UNSET)

        problem_not_ready = cls(
            checks=checks,
            status=status,
            title=title,
            type_=type_,
            correlation_id=correlation_id,
            detail=detail,
            instance=instance,
        )

        return problem_not_ready
