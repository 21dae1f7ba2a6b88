from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.problem_validation_error_status import ProblemValidationErrorStatus
from ..models.problem_validation_error_type import ProblemValidationErrorType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.problem_validation_error_errors import ProblemValidationErrorErrors


T = TypeVar("T", bound="ProblemValidationError")


@_attrs_define
class ProblemValidationError:
    """The request does not match the schema (422).

    Example:
        {'correlation_id': '4bf92f3577b34da6a3ce929d0e0e4736', 'detail': 'The request does not match the schema.',
            'errors': {'json': {'duration_minutes': ['Must be a multiple of 15.']}}, 'instance':
            '/orders/00000000-0000-4000-8000-0000000000b1', 'status': 422, 'title': 'The request does not match the schema',
            'type': 'urn:mcf:problem:validation-error'}

    Attributes:
        errors (ProblemValidationErrorErrors): For validation errors: location -> field -> messages
        status (ProblemValidationErrorStatus):
        title (str):
        type_ (ProblemValidationErrorType):
        correlation_id (str | Unset):
        detail (str | Unset):
        instance (str | Unset):
    """

    errors: ProblemValidationErrorErrors
    status: ProblemValidationErrorStatus
    title: str
    type_: ProblemValidationErrorType
    correlation_id: str | Unset = UNSET
    detail: str | Unset = UNSET
    instance: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        errors = self.errors.to_dict()

        status = self.status.value

        title = self.title

        type_ = self.type_.value

        correlation_id = self.correlation_id

        detail = self.detail

        instance = self.instance

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "errors": errors,
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
        from ..models.problem_validation_error_errors import (
            ProblemValidationErrorErrors,
        )

        d = dict(src_dict)
        errors = ProblemValidationErrorErrors.from_dict(d.pop("errors"))

        status = ProblemValidationErrorStatus(d.pop("status"))

        title = d.pop("title")

        type_ = ProblemValidationErrorType(d.pop("type"))

        correlation_id = d.pop("correlation_id", UNSET)

        detail = d.pop("detail", UNSET)

        instance = d.pop("instance", UNSET)

        problem_validation_error = cls(
            errors=errors,
            status=status,
            title=title,
            type_=type_,
            correlation_id=correlation_id,
            detail=detail,
            instance=instance,
        )

        return problem_validation_error
