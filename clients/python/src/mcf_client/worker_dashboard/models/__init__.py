"""Contains all the data models used in inputs/outputs"""

from .address import Address
from .breakdown import Breakdown
from .check_in import CheckIn
from .check_in_body import CheckInBody
from .file_report_body import FileReportBody
from .file_report_body_toys_item import FileReportBodyToysItem
from .file_report_body_toys_item_reaction import FileReportBodyToysItemReaction
from .fortune import Fortune
from .fortune_source import FortuneSource
from .health import Health
from .health_checks import HealthChecks
from .kit import Kit
from .location import Location
from .login import Login
from .offer import Offer
from .order_record import OrderRecord
from .photo_link import PhotoLink
from .pickup_point import PickupPoint
from .price import Price
from .problem import Problem
from .problem_already_checked_in import ProblemAlreadyCheckedIn
from .problem_already_checked_in_status import ProblemAlreadyCheckedInStatus
from .problem_already_checked_in_type import ProblemAlreadyCheckedInType
from .problem_already_reported import ProblemAlreadyReported
from .problem_already_reported_status import ProblemAlreadyReportedStatus
from .problem_already_reported_type import ProblemAlreadyReportedType
from .problem_bad_image import ProblemBadImage
from .problem_bad_image_status import ProblemBadImageStatus
from .problem_bad_image_type import ProblemBadImageType
from .problem_cat_not_found import ProblemCatNotFound
from .problem_cat_not_found_status import ProblemCatNotFoundStatus
from .problem_cat_not_found_type import ProblemCatNotFoundType
from .problem_check_in_time_out_of_range import ProblemCheckInTimeOutOfRange
from .problem_check_in_time_out_of_range_status import (
    ProblemCheckInTimeOutOfRangeStatus,
)
from .problem_check_in_time_out_of_range_type import ProblemCheckInTimeOutOfRangeType
from .problem_concurrent_update import ProblemConcurrentUpdate
from .problem_concurrent_update_status import ProblemConcurrentUpdateStatus
from .problem_concurrent_update_type import ProblemConcurrentUpdateType
from .problem_conflict import ProblemConflict
from .problem_conflict_status import ProblemConflictStatus
from .problem_conflict_type import ProblemConflictType
from .problem_dependency_refused import ProblemDependencyRefused
from .problem_dependency_refused_status import ProblemDependencyRefusedStatus
from .problem_dependency_refused_type import ProblemDependencyRefusedType
from .problem_dependency_unavailable import ProblemDependencyUnavailable
from .problem_dependency_unavailable_status import ProblemDependencyUnavailableStatus
from .problem_dependency_unavailable_type import ProblemDependencyUnavailableType
from .problem_email_taken import ProblemEmailTaken
from .problem_email_taken_status import ProblemEmailTakenStatus
from .problem_email_taken_type import ProblemEmailTakenType
from .problem_erased import ProblemErased
from .problem_erased_status import ProblemErasedStatus
from .problem_erased_type import ProblemErasedType
from .problem_forbidden import ProblemForbidden
from .problem_forbidden_status import ProblemForbiddenStatus
from .problem_forbidden_type import ProblemForbiddenType
from .problem_idempotency_key_reused import ProblemIdempotencyKeyReused
from .problem_idempotency_key_reused_status import ProblemIdempotencyKeyReusedStatus
from .problem_idempotency_key_reused_type import ProblemIdempotencyKeyReusedType
from .problem_illegal_transition import ProblemIllegalTransition
from .problem_illegal_transition_status import ProblemIllegalTransitionStatus
from .problem_illegal_transition_type import ProblemIllegalTransitionType
from .problem_invalid_credentials import ProblemInvalidCredentials
from .problem_invalid_credentials_status import ProblemInvalidCredentialsStatus
from .problem_invalid_credentials_type import ProblemInvalidCredentialsType
from .problem_invalid_input import ProblemInvalidInput
from .problem_invalid_input_status import ProblemInvalidInputStatus
from .problem_invalid_input_type import ProblemInvalidInputType
from .problem_not_checked_in import ProblemNotCheckedIn
from .problem_not_checked_in_status import ProblemNotCheckedInStatus
from .problem_not_checked_in_type import ProblemNotCheckedInType
from .problem_not_found import ProblemNotFound
from .problem_not_found_status import ProblemNotFoundStatus
from .problem_not_found_type import ProblemNotFoundType
from .problem_not_ready import ProblemNotReady
from .problem_not_ready_checks import ProblemNotReadyChecks
from .problem_not_ready_status import ProblemNotReadyStatus
from .problem_not_ready_type import ProblemNotReadyType
from .problem_offer_not_open import ProblemOfferNotOpen
from .problem_offer_not_open_status import ProblemOfferNotOpenStatus
from .problem_offer_not_open_type import ProblemOfferNotOpenType
from .problem_order_not_assigned import ProblemOrderNotAssigned
from .problem_order_not_assigned_status import ProblemOrderNotAssignedStatus
from .problem_order_not_assigned_type import ProblemOrderNotAssignedType
from .problem_order_not_finished import ProblemOrderNotFinished
from .problem_order_not_finished_status import ProblemOrderNotFinishedStatus
from .problem_order_not_finished_type import ProblemOrderNotFinishedType
from .problem_order_not_ready import ProblemOrderNotReady
from .problem_order_not_ready_status import ProblemOrderNotReadyStatus
from .problem_order_not_ready_type import ProblemOrderNotReadyType
from .problem_phone_taken import ProblemPhoneTaken
from .problem_phone_taken_status import ProblemPhoneTakenStatus
from .problem_phone_taken_type import ProblemPhoneTakenType
from .problem_rating_adjustment_mismatch import ProblemRatingAdjustmentMismatch
from .problem_rating_adjustment_mismatch_status import (
    ProblemRatingAdjustmentMismatchStatus,
)
from .problem_rating_adjustment_mismatch_type import ProblemRatingAdjustmentMismatchType
from .problem_slot_too_soon import ProblemSlotTooSoon
from .problem_slot_too_soon_status import ProblemSlotTooSoonStatus
from .problem_slot_too_soon_type import ProblemSlotTooSoonType
from .problem_too_many_attempts import ProblemTooManyAttempts
from .problem_too_many_attempts_status import ProblemTooManyAttemptsStatus
from .problem_too_many_attempts_type import ProblemTooManyAttemptsType
from .problem_too_many_requests import ProblemTooManyRequests
from .problem_too_many_requests_status import ProblemTooManyRequestsStatus
from .problem_too_many_requests_type import ProblemTooManyRequestsType
from .problem_unauthorized import ProblemUnauthorized
from .problem_unauthorized_status import ProblemUnauthorizedStatus
from .problem_unauthorized_type import ProblemUnauthorizedType
from .problem_under_age import ProblemUnderAge
from .problem_under_age_status import ProblemUnderAgeStatus
from .problem_under_age_type import ProblemUnderAgeType
from .problem_unknown_order import ProblemUnknownOrder
from .problem_unknown_order_status import ProblemUnknownOrderStatus
from .problem_unknown_order_type import ProblemUnknownOrderType
from .problem_unknown_worker import ProblemUnknownWorker
from .problem_unknown_worker_status import ProblemUnknownWorkerStatus
from .problem_unknown_worker_type import ProblemUnknownWorkerType
from .problem_validation_error import ProblemValidationError
from .problem_validation_error_errors import ProblemValidationErrorErrors
from .problem_validation_error_status import ProblemValidationErrorStatus
from .problem_validation_error_type import ProblemValidationErrorType
from .report import Report
from .token import Token
from .toy_reaction_out import ToyReactionOut
from .worker_order import WorkerOrder
from .worker_order_role import WorkerOrderRole

__all__ = (
    "Address",
    "Breakdown",
    "CheckIn",
    "CheckInBody",
    "FileReportBody",
    "FileReportBodyToysItem",
    "FileReportBodyToysItemReaction",
    "Fortune",
    "FortuneSource",
    "Health",
    "HealthChecks",
    "Kit",
    "Location",
    "Login",
    "Offer",
    "OrderRecord",
    "PhotoLink",
    "PickupPoint",
    "Price",
    "Problem",
    "ProblemAlreadyCheckedIn",
    "ProblemAlreadyCheckedInStatus",
    "ProblemAlreadyCheckedInType",
    "ProblemAlreadyReported",
    "ProblemAlreadyReportedStatus",
    "ProblemAlreadyReportedType",
    "ProblemBadImage",
    "ProblemBadImageStatus",
    "ProblemBadImageType",
    "ProblemCatNotFound",
    "ProblemCatNotFoundStatus",
    "ProblemCatNotFoundType",
    "ProblemCheckInTimeOutOfRange",
    "ProblemCheckInTimeOutOfRangeStatus",
    "ProblemCheckInTimeOutOfRangeType",
    "ProblemConcurrentUpdate",
    "ProblemConcurrentUpdateStatus",
    "ProblemConcurrentUpdateType",
    "ProblemConflict",
    "ProblemConflictStatus",
    "ProblemConflictType",
    "ProblemDependencyRefused",
    "ProblemDependencyRefusedStatus",
    "ProblemDependencyRefusedType",
    "ProblemDependencyUnavailable",
    "ProblemDependencyUnavailableStatus",
    "ProblemDependencyUnavailableType",
    "ProblemEmailTaken",
    "ProblemEmailTakenStatus",
    "ProblemEmailTakenType",
    "ProblemErased",
    "ProblemErasedStatus",
    "ProblemErasedType",
    "ProblemForbidden",
    "ProblemForbiddenStatus",
    "ProblemForbiddenType",
    "ProblemIdempotencyKeyReused",
    "ProblemIdempotencyKeyReusedStatus",
    "ProblemIdempotencyKeyReusedType",
    "ProblemIllegalTransition",
    "ProblemIllegalTransitionStatus",
    "ProblemIllegalTransitionType",
    "ProblemInvalidCredentials",
    "ProblemInvalidCredentialsStatus",
    "ProblemInvalidCredentialsType",
    "ProblemInvalidInput",
    "ProblemInvalidInputStatus",
    "ProblemInvalidInputType",
    "ProblemNotCheckedIn",
    "ProblemNotCheckedInStatus",
    "ProblemNotCheckedInType",
    "ProblemNotFound",
    "ProblemNotFoundStatus",
    "ProblemNotFoundType",
    "ProblemNotReady",
    "ProblemNotReadyChecks",
    "ProblemNotReadyStatus",
    "ProblemNotReadyType",
    "ProblemOfferNotOpen",
    "ProblemOfferNotOpenStatus",
    "ProblemOfferNotOpenType",
    "ProblemOrderNotAssigned",
    "ProblemOrderNotAssignedStatus",
    "ProblemOrderNotAssignedType",
    "ProblemOrderNotFinished",
    "ProblemOrderNotFinishedStatus",
    "ProblemOrderNotFinishedType",
    "ProblemOrderNotReady",
    "ProblemOrderNotReadyStatus",
    "ProblemOrderNotReadyType",
    "ProblemPhoneTaken",
    "ProblemPhoneTakenStatus",
    "ProblemPhoneTakenType",
    "ProblemRatingAdjustmentMismatch",
    "ProblemRatingAdjustmentMismatchStatus",
    "ProblemRatingAdjustmentMismatchType",
    "ProblemSlotTooSoon",
    "ProblemSlotTooSoonStatus",
    "ProblemSlotTooSoonType",
    "ProblemTooManyAttempts",
    "ProblemTooManyAttemptsStatus",
    "ProblemTooManyAttemptsType",
    "ProblemTooManyRequests",
    "ProblemTooManyRequestsStatus",
    "ProblemTooManyRequestsType",
    "ProblemUnauthorized",
    "ProblemUnauthorizedStatus",
    "ProblemUnauthorizedType",
    "ProblemUnderAge",
    "ProblemUnderAgeStatus",
    "ProblemUnderAgeType",
    "ProblemUnknownOrder",
    "ProblemUnknownOrderStatus",
    "ProblemUnknownOrderType",
    "ProblemUnknownWorker",
    "ProblemUnknownWorkerStatus",
    "ProblemUnknownWorkerType",
    "ProblemValidationError",
    "ProblemValidationErrorErrors",
    "ProblemValidationErrorStatus",
    "ProblemValidationErrorType",
    "Report",
    "Token",
    "ToyReactionOut",
    "WorkerOrder",
    "WorkerOrderRole",
)
