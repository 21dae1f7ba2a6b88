"""Contains all the data models used in inputs/outputs"""

from .add_cat import AddCat
from .add_cat_favourite_toys_item import AddCatFavouriteToysItem
from .address import Address
from .breakdown import Breakdown
from .cancellation import Cancellation
from .cancellation_cancelled_by import CancellationCancelledBy
from .cat import Cat
from .change_cat import ChangeCat
from .change_cat_favourite_toys_item import ChangeCatFavouriteToysItem
from .check_in import CheckIn
from .client import Client
from .client_cat import ClientCat
from .client_cat_locale import ClientCatLocale
from .fortune import Fortune
from .fortune_source import FortuneSource
from .health import Health
from .health_checks import HealthChecks
from .kit import Kit
from .list_orders_state import ListOrdersState
from .location import Location
from .login import Login
from .order import Order
from .order_report import OrderReport
from .order_status import OrderStatus
from .order_summary import OrderSummary
from .pay import Pay
from .payment import Payment
from .payment_status import PaymentStatus
from .photo_link import PhotoLink
from .pickup_point import PickupPoint
from .place_order import PlaceOrder
from .place_order_toy_category import PlaceOrderToyCategory
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
from .problem_order_already_paid import ProblemOrderAlreadyPaid
from .problem_order_already_paid_status import ProblemOrderAlreadyPaidStatus
from .problem_order_already_paid_type import ProblemOrderAlreadyPaidType
from .problem_order_cancelled import ProblemOrderCancelled
from .problem_order_cancelled_status import ProblemOrderCancelledStatus
from .problem_order_cancelled_type import ProblemOrderCancelledType
from .problem_order_not_payable import ProblemOrderNotPayable
from .problem_order_not_payable_status import ProblemOrderNotPayableStatus
from .problem_order_not_payable_type import ProblemOrderNotPayableType
from .problem_order_not_ready import ProblemOrderNotReady
from .problem_order_not_ready_status import ProblemOrderNotReadyStatus
from .problem_order_not_ready_type import ProblemOrderNotReadyType
from .problem_price_mismatch import ProblemPriceMismatch
from .problem_price_mismatch_status import ProblemPriceMismatchStatus
from .problem_price_mismatch_type import ProblemPriceMismatchType
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
from .problem_unknown_order import ProblemUnknownOrder
from .problem_unknown_order_status import ProblemUnknownOrderStatus
from .problem_unknown_order_type import ProblemUnknownOrderType
from .problem_validation_error import ProblemValidationError
from .problem_validation_error_errors import ProblemValidationErrorErrors
from .problem_validation_error_status import ProblemValidationErrorStatus
from .problem_validation_error_type import ProblemValidationErrorType
from .report import Report
from .sign_up import SignUp
from .sign_up_locale import SignUpLocale
from .signed_up import SignedUp
from .token import Token
from .toy_reaction import ToyReaction

__all__ = (
    "AddCat",
    "AddCatFavouriteToysItem",
    "Address",
    "Breakdown",
    "Cancellation",
    "CancellationCancelledBy",
    "Cat",
    "ChangeCat",
    "ChangeCatFavouriteToysItem",
    "CheckIn",
    "Client",
    "ClientCat",
    "ClientCatLocale",
    "Fortune",
    "FortuneSource",
    "Health",
    "HealthChecks",
    "Kit",
    "ListOrdersState",
    "Location",
    "Login",
    "Order",
    "OrderReport",
    "OrderStatus",
    "OrderSummary",
    "Pay",
    "Payment",
    "PaymentStatus",
    "PhotoLink",
    "PickupPoint",
    "PlaceOrder",
    "PlaceOrderToyCategory",
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
    "ProblemOrderAlreadyPaid",
    "ProblemOrderAlreadyPaidStatus",
    "ProblemOrderAlreadyPaidType",
    "ProblemOrderCancelled",
    "ProblemOrderCancelledStatus",
    "ProblemOrderCancelledType",
    "ProblemOrderNotPayable",
    "ProblemOrderNotPayableStatus",
    "ProblemOrderNotPayableType",
    "ProblemOrderNotReady",
    "ProblemOrderNotReadyStatus",
    "ProblemOrderNotReadyType",
    "ProblemPriceMismatch",
    "ProblemPriceMismatchStatus",
    "ProblemPriceMismatchType",
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
    "ProblemUnknownOrder",
    "ProblemUnknownOrderStatus",
    "ProblemUnknownOrderType",
    "ProblemValidationError",
    "ProblemValidationErrorErrors",
    "ProblemValidationErrorStatus",
    "ProblemValidationErrorType",
    "Report",
    "SignUp",
    "SignUpLocale",
    "SignedUp",
    "Token",
    "ToyReaction",
)
