from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.problem_checks import ProblemChecks
    from ..models.problem_errors import ProblemErrors


T = TypeVar("T", bound="Problem")


@_attrs_define
class Problem:
    """
    Attributes:
        status (int):
        title (str):
        type_ (str):  Example: urn:mcf:problem:validation-error.
        attempt_status (str | Unset): The attempt's status that forbids the request
        checked_in_at (str | Unset): When the order was checked in already (ISO 8601)
        checks (ProblemChecks | Unset): Readiness: dependency -> ok | down
        correlation_id (str | Unset):
        deadline (str | Unset): When the attempt's time ran out (ISO 8601)
        detail (str | Unset):
        errors (ProblemErrors | Unset): For validation errors: location -> field -> messages
        expected_version (int | Unset): The version a lost concurrent update had read
        field (str | Unset): The input field a business rule refused
        height (int | Unset): The refused photo's height in pixels
        instance (str | Unset):
        kit_status (str | Unset): The kit's status that forbids the request
        max_bytes (int | Unset): The largest photo accepted, in bytes
        notification_status (str | Unset): The notification's status that forbids it
        order_status (str | Unset): The order's status that forbids the request
        payment_id (str | Unset): The payment that settles or holds the matter
        question_id (str | Unset): The question an answer or a test edit is refused for
        report_id (str | Unset): The report the order already has
        requested (str | Unset): The status an illegal transition asked for
        retry_after_seconds (int | Unset): Seconds until a retake (worker-testing) or another login (a rate limit) is
            allowed
        retry_at (str | Unset): When a retake is allowed (ISO 8601)
        service (str | Unset): The dependency that did not answer
        width (int | Unset): The refused photo's width in pixels
    """

    status: int
    title: str
    type_: str
    attempt_status: str | Unset = UNSET
    checked_in_at: str | Unset = UNSET
    checks: ProblemChecks | Unset = UNSET
    correlation_id: str | Unset = UNSET
    deadline: str | Unset = UNSET
    detail: str | Unset = UNSET
    errors: ProblemErrors | Unset = UNSET
    expected_version: int | Unset = UNSET
    field: str | Unset = UNSET
    height: int | Unset = UNSET
    instance: str | Unset = UNSET
    kit_status: str | Unset = UNSET
    max_bytes: int | Unset = UNSET
    notification_status: str | Unset = UNSET
    order_status: str | Unset = UNSET
    payment_id: str | Unset = UNSET
    question_id: str | Unset = UNSET
    report_id: str | Unset = UNSET
    requested: str | Unset = UNSET
    retry_after_seconds: int | Unset = UNSET
    retry_at: str | Unset = UNSET
    service: str | Unset = UNSET
    width: int | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        status = self.status

        title = self.title

        type_ = self.type_

        attempt_status = self.attempt_status

        checked_in_at = self.checked_in_at

        checks: dict[str, Any] | Unset = UNSET
        if not isinstance(self.checks, Unset):
            checks = self.checks.to_dict()

        correlation_id = self.correlation_id

        deadline = self.deadline

        detail = self.detail

        errors: dict[str, Any] | Unset = UNSET
        if not isinstance(self.errors, Unset):
            errors = self.errors.to_dict()

        expected_version = self.expected_version

        field = self.field

        height = self.height

        instance = self.instance

        kit_status = self.kit_status

        max_bytes = self.max_bytes

        notification_status = self.notification_status

        order_status = self.order_status

        payment_id = self.payment_id

        question_id = self.question_id

        report_id = self.report_id

        requested = self.requested

        retry_after_seconds = self.retry_after_seconds

        retry_at = self.retry_at

        service = self.service

        width = self.width

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "status": status,
                "title": title,
                "type": type_,
            }
        )
        if attempt_status is not UNSET:
            field_dict["attempt_status"] = attempt_status
        if checked_in_at is not UNSET:
            field_dict["checked_in_at"] = checked_in_at
        if checks is not UNSET:
            field_dict["checks"] = checks
        if correlation_id is not UNSET:
            field_dict["correlation_id"] = correlation_id
        if deadline is not UNSET:
            field_dict["deadline"] = deadline
        if detail is not UNSET:
            field_dict["detail"] = detail
        if errors is not UNSET:
            field_dict["errors"] = errors
        if expected_version is not UNSET:
            field_dict["expected_version"] = expected_version
        if field is not UNSET:
            field_dict["field"] = field
        if height is not UNSET:
            field_dict["height"] = height
        if instance is not UNSET:
            field_dict["instance"] = instance
        if kit_status is not UNSET:
            field_dict["kit_status"] = kit_status
        if max_bytes is not UNSET:
            field_dict["max_bytes"] = max_bytes
        if notification_status is not UNSET:
            field_dict["notification_status"] = notification_status
        if order_status is not UNSET:
            field_dict["order_status"] = order_status
        if payment_id is not UNSET:
            field_dict["payment_id"] = payment_id
        if question_id is not UNSET:
            field_dict["question_id"] = question_id
        if report_id is not UNSET:
            field_dict["report_id"] = report_id
        if requested is not UNSET:
            field_dict["requested"] = requested
        if retry_after_seconds is not UNSET:
            field_dict["retry_after_seconds"] = retry_after_seconds
        if retry_at is not UNSET:
            field_dict["retry_at"] = retry_at
        if service is not UNSET:
            field_dict["service"] = service
        if width is not UNSET:
            field_dict["width"] = width

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.problem_checks import ProblemChecks
        from ..models.problem_errors import ProblemErrors

        d = dict(src_dict)
        status = d.pop("status")

        title = d.pop("title")

        type_ = d.pop("type")

        attempt_status = d.pop("attempt_status", UNSET)

        checked_in_at = d.pop("checked_in_at", UNSET)

        _checks = d.pop("checks", UNSET)
        checks: ProblemChecks | Unset
        if isinstance(_checks, Unset):
            checks = UNSET
        else:
            checks = ProblemChecks.from_dict(_checks)

        correlation_id = d.pop("correlation_id", UNSET)

        deadline = d.pop("deadline", UNSET)

        detail = d.pop("detail", UNSET)

        _errors = d.pop("errors", UNSET)
        errors: ProblemErrors | Unset
        if isinstance(_errors, Unset):
            errors = UNSET
        else:
            errors = ProblemErrors.from_dict(_errors)

        expected_version = d.pop("expected_version", UNSET)

        field = d.pop("field", UNSET)

        height = d.pop("height", UNSET)

        instance = d.pop("instance", UNSET)

        kit_status = d.pop("kit_status", UNSET)

        max_bytes = d.pop("max_bytes", UNSET)

        notification_status = d.pop("notification_status", UNSET)

        order_status = d.pop("order_status", UNSET)

        payment_id = d.pop("payment_id", UNSET)

        question_id = d.pop("question_id", UNSET)

        report_id = d.pop("report_id", UNSET)

        requested = d.pop("requested", UNSET)

        retry_after_seconds = d.pop("retry_after_seconds", UNSET)

        retry_at = d.pop("retry_at", UNSET)

        service = d.pop("service", UNSET)

        width = d.pop("width", UNSET)

        problem = cls(
            status=status,
            title=title,
            type_=type_,
            attempt_status=attempt_status,
            checked_in_at=checked_in_at,
            checks=checks,
            correlation_id=correlation_id,
            deadline=deadline,
            detail=detail,
            errors=errors,
            expected_version=expected_version,
            field=field,
            height=height,
            instance=instance,
            kit_status=kit_status,
            max_bytes=max_bytes,
            notification_status=notification_status,
            order_status=order_status,
            payment_id=payment_id,
            question_id=question_id,
            report_id=report_id,
            requested=requested,
            retry_after_seconds=retry_after_seconds,
            retry_at=retry_at,
            service=service,
            width=width,
        )

        return problem
