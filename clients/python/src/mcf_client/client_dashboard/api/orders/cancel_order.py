from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ...client import AuthenticatedClient, Client
from ...models.order import Order
from ...models.problem import Problem
from ...models.problem_already_checked_in import ProblemAlreadyCheckedIn
from ...models.problem_already_reported import ProblemAlreadyReported
from ...models.problem_bad_image import ProblemBadImage
from ...models.problem_cat_not_found import ProblemCatNotFound
from ...models.problem_check_in_time_out_of_range import ProblemCheckInTimeOutOfRange
from ...models.problem_concurrent_update import ProblemConcurrentUpdate
from ...models.problem_conflict import ProblemConflict
from ...models.problem_dependency_refused import ProblemDependencyRefused
from ...models.problem_dependency_unavailable import ProblemDependencyUnavailable
from ...models.problem_email_taken import ProblemEmailTaken
from ...models.problem_forbidden import ProblemForbidden
from ...models.problem_idempotency_key_reused import ProblemIdempotencyKeyReused
from ...models.problem_illegal_transition import ProblemIllegalTransition
from ...models.problem_invalid_credentials import ProblemInvalidCredentials
from ...models.problem_invalid_input import ProblemInvalidInput
from ...models.problem_not_checked_in import ProblemNotCheckedIn
from ...models.problem_not_found import ProblemNotFound
from ...models.problem_not_ready import ProblemNotReady
from ...models.problem_offer_not_open import ProblemOfferNotOpen
from ...models.problem_order_already_paid import ProblemOrderAlreadyPaid
from ...models.problem_order_cancelled import ProblemOrderCancelled
from ...models.problem_order_not_payable import ProblemOrderNotPayable
from ...models.problem_order_not_ready import ProblemOrderNotReady
from ...models.problem_price_mismatch import ProblemPriceMismatch
from ...models.problem_slot_too_soon import ProblemSlotTooSoon
from ...models.problem_too_many_attempts import ProblemTooManyAttempts
from ...models.problem_too_many_requests import ProblemTooManyRequests
from ...models.problem_unauthorized import ProblemUnauthorized
from ...models.problem_unknown_order import ProblemUnknownOrder
from ...models.problem_validation_error import ProblemValidationError
from ...types import UNSET, Response, Unset


def _get_kwargs(
    order_id: UUID,
    *,
    idempotency_key: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/orders/{order_id}/cancel".format(
            order_id=quote(str(order_id), safe=""),
        ),
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> (
    Order
    | Problem
    | ProblemAlreadyCheckedIn
    | ProblemAlreadyReported
    | ProblemBadImage
    | ProblemCatNotFound
    | ProblemCheckInTimeOutOfRange
    | ProblemConcurrentUpdate
    | ProblemConflict
    | ProblemDependencyRefused
    | ProblemDependencyUnavailable
    | ProblemEmailTaken
    | ProblemForbidden
    | ProblemIdempotencyKeyReused
    | ProblemIllegalTransition
    | ProblemInvalidCredentials
    | ProblemInvalidInput
    | ProblemNotCheckedIn
    | ProblemNotFound
    | ProblemNotReady
    | ProblemOfferNotOpen
    | ProblemOrderAlreadyPaid
    | ProblemOrderCancelled
    | ProblemOrderNotPayable
    | ProblemOrderNotReady
    | ProblemPriceMismatch
    | ProblemSlotTooSoon
    | ProblemTooManyAttempts
    | ProblemTooManyRequests
    | ProblemUnauthorized
    | ProblemUnknownOrder
    | ProblemValidationError
):
    if response.status_code == 200:
        response_200 = Order.from_dict(response.json())

        return response_200

    if response.status_code == 401:

        def _parse_response_401(
            data: object,
        ) -> Problem | ProblemInvalidCredentials | ProblemUnauthorized:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_401_type_0 = ProblemUnauthorized.from_dict(data)

                return response_401_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_401_type_1 = ProblemInvalidCredentials.from_dict(data)

                return response_401_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_401_type_2 = Problem.from_dict(data)

            return response_401_type_2

        response_401 = _parse_response_401(response.json())

        return response_401

    if response.status_code == 404:

        def _parse_response_404(
            data: object,
        ) -> Problem | ProblemCatNotFound | ProblemNotFound | ProblemUnknownOrder:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_404_type_0 = ProblemNotFound.from_dict(data)

                return response_404_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_404_type_1 = ProblemUnknownOrder.from_dict(data)

                return response_404_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_404_type_2 = ProblemCatNotFound.from_dict(data)

                return response_404_type_2
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_404_type_3 = Problem.from_dict(data)

            return response_404_type_3

        response_404 = _parse_response_404(response.json())

        return response_404

    if response.status_code == 409:

        def _parse_response_409(
            data: object,
        ) -> (
            Problem
            | ProblemAlreadyCheckedIn
            | ProblemAlreadyReported
            | ProblemCheckInTimeOutOfRange
            | ProblemConcurrentUpdate
            | ProblemConflict
            | ProblemEmailTaken
            | ProblemIllegalTransition
            | ProblemNotCheckedIn
            | ProblemOfferNotOpen
            | ProblemOrderAlreadyPaid
            | ProblemOrderCancelled
            | ProblemOrderNotPayable
            | ProblemOrderNotReady
            | ProblemPriceMismatch
            | ProblemSlotTooSoon
        ):
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_409_type_0 = ProblemConflict.from_dict(data)

                return response_409_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_409_type_1 = ProblemConcurrentUpdate.from_dict(data)

                return response_409_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_409_type_2 = ProblemSlotTooSoon.from_dict(data)

                return response_409_type_2
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_409_type_3 = ProblemIllegalTransition.from_dict(data)

                return response_409_type_3
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_409_type_4 = ProblemOfferNotOpen.from_dict(data)

                return response_409_type_4
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_409_type_5 = ProblemOrderNotPayable.from_dict(data)

                return response_409_type_5
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_409_type_6 = ProblemPriceMismatch.from_dict(data)

                return response_409_type_6
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_409_type_7 = ProblemOrderAlreadyPaid.from_dict(data)

                return response_409_type_7
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_409_type_8 = ProblemOrderCancelled.from_dict(data)

                return response_409_type_8
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_409_type_9 = ProblemAlreadyCheckedIn.from_dict(data)

                return response_409_type_9
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_409_type_10 = ProblemAlreadyReported.from_dict(data)

                return response_409_type_10
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_409_type_11 = ProblemOrderNotReady.from_dict(data)

                return response_409_type_11
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_409_type_12 = ProblemNotCheckedIn.from_dict(data)

                return response_409_type_12
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_409_type_13 = ProblemCheckInTimeOutOfRange.from_dict(data)

                return response_409_type_13
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_409_type_14 = ProblemEmailTaken.from_dict(data)

                return response_409_type_14
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_409_type_15 = Problem.from_dict(data)

            return response_409_type_15

        response_409 = _parse_response_409(response.json())

        return response_409

    if response.status_code == 422:

        def _parse_response_422(
            data: object,
        ) -> (
            Problem
            | ProblemBadImage
            | ProblemIdempotencyKeyReused
            | ProblemInvalidInput
            | ProblemValidationError
        ):
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_422_type_0 = ProblemValidationError.from_dict(data)

                return response_422_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_422_type_1 = ProblemInvalidInput.from_dict(data)

                return response_422_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_422_type_2 = ProblemIdempotencyKeyReused.from_dict(data)

                return response_422_type_2
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_422_type_3 = ProblemBadImage.from_dict(data)

                return response_422_type_3
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_422_type_4 = Problem.from_dict(data)

            return response_422_type_4

        response_422 = _parse_response_422(response.json())

        return response_422

    if response.status_code == 503:

        def _parse_response_503(
            data: object,
        ) -> Problem | ProblemDependencyUnavailable | ProblemNotReady:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_503_type_0 = ProblemDependencyUnavailable.from_dict(data)

                return response_503_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_503_type_1 = ProblemNotReady.from_dict(data)

                return response_503_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_503_type_2 = Problem.from_dict(data)

            return response_503_type_2

        response_503 = _parse_response_503(response.json())

        return response_503

    def _parse_response_default(
        data: object,
    ) -> (
        Problem
        | ProblemAlreadyCheckedIn
        | ProblemAlreadyReported
        | ProblemBadImage
        | ProblemCatNotFound
        | ProblemCheckInTimeOutOfRange
        | ProblemConcurrentUpdate
        | ProblemConflict
        | ProblemDependencyRefused
        | ProblemDependencyUnavailable
        | ProblemEmailTaken
        | ProblemForbidden
        | ProblemIdempotencyKeyReused
        | ProblemIllegalTransition
        | ProblemInvalidCredentials
        | ProblemInvalidInput
        | ProblemNotCheckedIn
        | ProblemNotFound
        | ProblemNotReady
        | ProblemOfferNotOpen
        | ProblemOrderAlreadyPaid
        | ProblemOrderCancelled
        | ProblemOrderNotPayable
        | ProblemOrderNotReady
        | ProblemPriceMismatch
        | ProblemSlotTooSoon
        | ProblemTooManyAttempts
        | ProblemTooManyRequests
        | ProblemUnauthorized
        | ProblemUnknownOrder
        | ProblemValidationError
    ):
        try:
            if not isinstance(data, dict):
                raise TypeError()
            response_default_type_0 = ProblemUnauthorized.from_dict(data)

            return response_default_type_0
        except (TypeError, ValueError, AttributeError, KeyError):
            pass
        try:
            if not isinstance(data, dict):
                raise TypeError()
            response_default_type_1 = ProblemInvalidCredentials.from_dict(data)

            return response_default_type_1
        except (TypeError, ValueError, AttributeError, KeyError):
            pass
        try:
            if not isinstance(data, dict):
                raise TypeError()
            response_default_type_2 = ProblemForbidden.from_dict(data)

            return response_default_type_2
        except (TypeError, ValueError, AttributeError, KeyError):
            pass
        try:
            if not isinstance(data, dict):
                raise TypeError()
            response_default_type_3 = ProblemNotFound.from_dict(data)

            return response_default_type_3
        except (TypeError, ValueError, AttributeError, KeyError):
            pass
        try:
            if not isinstance(data, dict):
                raise TypeError()
            response_default_type_4 = ProblemUnknownOrder.from_dict(data)

            return response_default_type_4
        except (TypeError, ValueError, AttributeError, KeyError):
            pass
        try:
            if not isinstance(data, dict):
                raise TypeError()
            response_default_type_5 = ProblemCatNotFound.from_dict(data)

            return response_default_type_5
        except (TypeError, ValueError, AttributeError, KeyError):
            pass
        try:
            if not isinstance(data, dict):
                raise TypeError()
            response_default_type_6 = ProblemConflict.from_dict(data)

            return response_default_type_6
        except (TypeError, ValueError, AttributeError, KeyError):
            pass
        try:
            if not isinstance(data, dict):
                raise TypeError()
            response_default_type_7 = ProblemConcurrentUpdate.from_dict(data)

            return response_default_type_7
        except (TypeError, ValueError, AttributeError, KeyError):
            pass
        try:
            if not isinstance(data, dict):
                raise TypeError()
            response_default_type_8 = ProblemSlotTooSoon.from_dict(data)

            return response_default_type_8
        except (TypeError, ValueError, AttributeError, KeyError):
            pass
        try:
            if not isinstance(data, dict):
                raise TypeError()
            response_default_type_9 = ProblemIllegalTransition.from_dict(data)

            return response_default_type_9
        except (TypeError, ValueError, AttributeError, KeyError):
            pass
        try:
            if not isinstance(data, dict):
                raise TypeError()
            response_default_type_10 = ProblemOfferNotOpen.from_dict(data)

            return response_default_type_10
        except (TypeError, ValueError, AttributeError, KeyError):
            pass
        try:
            if not isinstance(data, dict):
                raise TypeError()
            response_default_type_11 = ProblemOrderNotPayable.from_dict(data)

            return response_default_type_11
        except (TypeError, ValueError, AttributeError, KeyError):
            pass
        try:
            if not isinstance(data, dict):
                raise TypeError()
            response_default_type_12 = ProblemPriceMismatch.from_dict(data)

            return response_default_type_12
        except (TypeError, ValueError, AttributeError, KeyError):
            pass
        try:
            if not isinstance(data, dict):
                raise TypeError()
            response_default_type_13 = ProblemOrderAlreadyPaid.from_dict(data)

            return response_default_type_13
        except (TypeError, ValueError, AttributeError, KeyError):
            pass
        try:
            if not isinstance(data, dict):
                raise TypeError()
            response_default_type_14 = ProblemOrderCancelled.from_dict(data)

            return response_default_type_14
        except (TypeError, ValueError, AttributeError, KeyError):
            pass
        try:
            if not isinstance(data, dict):
                raise TypeError()
            response_default_type_15 = ProblemAlreadyCheckedIn.from_dict(data)

            return response_default_type_15
        except (TypeError, ValueError, AttributeError, KeyError):
            pass
        try:
            if not isinstance(data, dict):
                raise TypeError()
            response_default_type_16 = ProblemAlreadyReported.from_dict(data)

            return response_default_type_16
        except (TypeError, ValueError, AttributeError, KeyError):
            pass
        try:
            if not isinstance(data, dict):
                raise TypeError()
            response_default_type_17 = ProblemOrderNotReady.from_dict(data)

            return response_default_type_17
        except (TypeError, ValueError, AttributeError, KeyError):
            pass
        try:
            if not isinstance(data, dict):
                raise TypeError()
            response_default_type_18 = ProblemNotCheckedIn.from_dict(data)

            return response_default_type_18
        except (TypeError, ValueError, AttributeError, KeyError):
            pass
        try:
            if not isinstance(data, dict):
                raise TypeError()
            response_default_type_19 = ProblemCheckInTimeOutOfRange.from_dict(data)

            return response_default_type_19
        except (TypeError, ValueError, AttributeError, KeyError):
            pass
        try:
            if not isinstance(data, dict):
                raise TypeError()
            response_default_type_20 = ProblemEmailTaken.from_dict(data)

            return response_default_type_20
        except (TypeError, ValueError, AttributeError, KeyError):
            pass
        try:
            if not isinstance(data, dict):
                raise TypeError()
            response_default_type_21 = ProblemValidationError.from_dict(data)

            return response_default_type_21
        except (TypeError, ValueError, AttributeError, KeyError):
            pass
        try:
            if not isinstance(data, dict):
                raise TypeError()
            response_default_type_22 = ProblemInvalidInput.from_dict(data)

            return response_default_type_22
        except (TypeError, ValueError, AttributeError, KeyError):
            pass
        try:
            if not isinstance(data, dict):
                raise TypeError()
            response_default_type_23 = ProblemIdempotencyKeyReused.from_dict(data)

            return response_default_type_23
        except (TypeError, ValueError, AttributeError, KeyError):
            pass
        try:
            if not isinstance(data, dict):
                raise TypeError()
            response_default_type_24 = ProblemBadImage.from_dict(data)

            return response_default_type_24
        except (TypeError, ValueError, AttributeError, KeyError):
            pass
        try:
            if not isinstance(data, dict):
                raise TypeError()
            response_default_type_25 = ProblemTooManyRequests.from_dict(data)

            return response_default_type_25
        except (TypeError, ValueError, AttributeError, KeyError):
            pass
        try:
            if not isinstance(data, dict):
                raise TypeError()
            response_default_type_26 = ProblemTooManyAttempts.from_dict(data)

            return response_default_type_26
        except (TypeError, ValueError, AttributeError, KeyError):
            pass
        try:
            if not isinstance(data, dict):
                raise TypeError()
            response_default_type_27 = ProblemDependencyRefused.from_dict(data)

            return response_default_type_27
        except (TypeError, ValueError, AttributeError, KeyError):
            pass
        try:
            if not isinstance(data, dict):
                raise TypeError()
            response_default_type_28 = ProblemDependencyUnavailable.from_dict(data)

            return response_default_type_28
        except (TypeError, ValueError, AttributeError, KeyError):
            pass
        try:
            if not isinstance(data, dict):
                raise TypeError()
            response_default_type_29 = ProblemNotReady.from_dict(data)

            return response_default_type_29
        except (TypeError, ValueError, AttributeError, KeyError):
            pass
        if not isinstance(data, dict):
            raise TypeError()
        response_default_type_30 = Problem.from_dict(data)

        return response_default_type_30

    response_default = _parse_response_default(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[
    Order
    | Problem
    | ProblemAlreadyCheckedIn
    | ProblemAlreadyReported
    | ProblemBadImage
    | ProblemCatNotFound
    | ProblemCheckInTimeOutOfRange
    | ProblemConcurrentUpdate
    | ProblemConflict
    | ProblemDependencyRefused
    | ProblemDependencyUnavailable
    | ProblemEmailTaken
    | ProblemForbidden
    | ProblemIdempotencyKeyReused
    | ProblemIllegalTransition
    | ProblemInvalidCredentials
    | ProblemInvalidInput
    | ProblemNotCheckedIn
    | ProblemNotFound
    | ProblemNotReady
    | ProblemOfferNotOpen
    | ProblemOrderAlreadyPaid
    | ProblemOrderCancelled
    | ProblemOrderNotPayable
    | ProblemOrderNotReady
    | ProblemPriceMismatch
    | ProblemSlotTooSoon
    | ProblemTooManyAttempts
    | ProblemTooManyRequests
    | ProblemUnauthorized
    | ProblemUnknownOrder
    | ProblemValidationError
]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    order_id: UUID,
    *,
    client: AuthenticatedClient,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[
    Order
    | Problem
    | ProblemAlreadyCheckedIn
    | ProblemAlreadyReported
    | ProblemBadImage
    | ProblemCatNotFound
    | ProblemCheckInTimeOutOfRange
    | ProblemConcurrentUpdate
    | ProblemConflict
    | ProblemDependencyRefused
    | ProblemDependencyUnavailable
    | ProblemEmailTaken
    | ProblemForbidden
    | ProblemIdempotencyKeyReused
    | ProblemIllegalTransition
    | ProblemInvalidCredentials
    | ProblemInvalidInput
    | ProblemNotCheckedIn
    | ProblemNotFound
    | ProblemNotReady
    | ProblemOfferNotOpen
    | ProblemOrderAlreadyPaid
    | ProblemOrderCancelled
    | ProblemOrderNotPayable
    | ProblemOrderNotReady
    | ProblemPriceMismatch
    | ProblemSlotTooSoon
    | ProblemTooManyAttempts
    | ProblemTooManyRequests
    | ProblemUnauthorized
    | ProblemUnknownOrder
    | ProblemValidationError
]:
    """Cancel one of the client's orders (a paid one is refunded by payment-service). A retry with the same
    Idempotency-Key answers with the first cancellation.

     Cancel one of the client's orders (a paid one is refunded by payment-service). A retry with the same
    Idempotency-Key answers with the first cancellation.

    Needs a bearer token with the role client.

    Args:
        order_id (UUID):
        idempotency_key (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Order | Problem | ProblemAlreadyCheckedIn | ProblemAlreadyReported | ProblemBadImage | ProblemCatNotFound | ProblemCheckInTimeOutOfRange | ProblemConcurrentUpdate | ProblemConflict | ProblemDependencyRefused | ProblemDependencyUnavailable | ProblemEmailTaken | ProblemForbidden | ProblemIdempotencyKeyReused | ProblemIllegalTransition | ProblemInvalidCredentials | ProblemInvalidInput | ProblemNotCheckedIn | ProblemNotFound | ProblemNotReady | ProblemOfferNotOpen | ProblemOrderAlreadyPaid | ProblemOrderCancelled | ProblemOrderNotPayable | ProblemOrderNotReady | ProblemPriceMismatch | ProblemSlotTooSoon | ProblemTooManyAttempts | ProblemTooManyRequests | ProblemUnauthorized | ProblemUnknownOrder | ProblemValidationError | Problem | ProblemAlreadyCheckedIn | ProblemAlreadyReported | ProblemCheckInTimeOutOfRange | ProblemConcurrentUpdate | ProblemConflict | ProblemEmailTaken | ProblemIllegalTransition | ProblemNotCheckedIn | ProblemOfferNotOpen | ProblemOrderAlreadyPaid | ProblemOrderCancelled | ProblemOrderNotPayable | ProblemOrderNotReady | ProblemPriceMismatch | ProblemSlotTooSoon | Problem | ProblemBadImage | ProblemIdempotencyKeyReused | ProblemInvalidInput | ProblemValidationError | Problem | ProblemCatNotFound | ProblemNotFound | ProblemUnknownOrder | Problem | ProblemDependencyUnavailable | ProblemNotReady | Problem | ProblemInvalidCredentials | ProblemUnauthorized]
    """

    kwargs = _get_kwargs(
        order_id=order_id,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    order_id: UUID,
    *,
    client: AuthenticatedClient,
    idempotency_key: None | str | Unset = UNSET,
) -> (
    Order
    | Problem
    | ProblemAlreadyCheckedIn
    | ProblemAlreadyReported
    | ProblemBadImage
    | ProblemCatNotFound
    | ProblemCheckInTimeOutOfRange
    | ProblemConcurrentUpdate
    | ProblemConflict
    | ProblemDependencyRefused
    | ProblemDependencyUnavailable
    | ProblemEmailTaken
    | ProblemForbidden
    | ProblemIdempotencyKeyReused
    | ProblemIllegalTransition
    | ProblemInvalidCredentials
    | ProblemInvalidInput
    | ProblemNotCheckedIn
    | ProblemNotFound
    | ProblemNotReady
    | ProblemOfferNotOpen
    | ProblemOrderAlreadyPaid
    | ProblemOrderCancelled
    | ProblemOrderNotPayable
    | ProblemOrderNotReady
    | ProblemPriceMismatch
    | ProblemSlotTooSoon
    | ProblemTooManyAttempts
    | ProblemTooManyRequests
    | ProblemUnauthorized
    | ProblemUnknownOrder
    | ProblemValidationError
    | None
):
    """Cancel one of the client's orders (a paid one is refunded by payment-service). A retry with the same
    Idempotency-Key answers with the first cancellation.

     Cancel one of the client's orders (a paid one is refunded by payment-service). A retry with the same
    Idempotency-Key answers with the first cancellation.

    Needs a bearer token with the role client.

    Args:
        order_id (UUID):
        idempotency_key (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Order | Problem | ProblemAlreadyCheckedIn | ProblemAlreadyReported | ProblemBadImage | ProblemCatNotFound | ProblemCheckInTimeOutOfRange | ProblemConcurrentUpdate | ProblemConflict | ProblemDependencyRefused | ProblemDependencyUnavailable | ProblemEmailTaken | ProblemForbidden | ProblemIdempotencyKeyReused | ProblemIllegalTransition | ProblemInvalidCredentials | ProblemInvalidInput | ProblemNotCheckedIn | ProblemNotFound | ProblemNotReady | ProblemOfferNotOpen | ProblemOrderAlreadyPaid | ProblemOrderCancelled | ProblemOrderNotPayable | ProblemOrderNotReady | ProblemPriceMismatch | ProblemSlotTooSoon | ProblemTooManyAttempts | ProblemTooManyRequests | ProblemUnauthorized | ProblemUnknownOrder | ProblemValidationError | Problem | ProblemAlreadyCheckedIn | ProblemAlreadyReported | ProblemCheckInTimeOutOfRange | ProblemConcurrentUpdate | ProblemConflict | ProblemEmailTaken | ProblemIllegalTransition | ProblemNotCheckedIn | ProblemOfferNotOpen | ProblemOrderAlreadyPaid | ProblemOrderCancelled | ProblemOrderNotPayable | ProblemOrderNotReady | ProblemPriceMismatch | ProblemSlotTooSoon | Problem | ProblemBadImage | ProblemIdempotencyKeyReused | ProblemInvalidInput | ProblemValidationError | Problem | ProblemCatNotFound | ProblemNotFound | ProblemUnknownOrder | Problem | ProblemDependencyUnavailable | ProblemNotReady | Problem | ProblemInvalidCredentials | ProblemUnauthorized
    """

    return sync_detailed(
        order_id=order_id,
        client=client,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    order_id: UUID,
    *,
    client: AuthenticatedClient,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[
    Order
    | Problem
    | ProblemAlreadyCheckedIn
    | ProblemAlreadyReported
    | ProblemBadImage
    | ProblemCatNotFound
    | ProblemCheckInTimeOutOfRange
    | ProblemConcurrentUpdate
    | ProblemConflict
    | ProblemDependencyRefused
    | ProblemDependencyUnavailable
    | ProblemEmailTaken
    | ProblemForbidden
    | ProblemIdempotencyKeyReused
    | ProblemIllegalTransition
    | ProblemInvalidCredentials
    | ProblemInvalidInput
    | ProblemNotCheckedIn
    | ProblemNotFound
    | ProblemNotReady
    | ProblemOfferNotOpen
    | ProblemOrderAlreadyPaid
    | ProblemOrderCancelled
    | ProblemOrderNotPayable
    | ProblemOrderNotReady
    | ProblemPriceMismatch
    | ProblemSlotTooSoon
    | ProblemTooManyAttempts
    | ProblemTooManyRequests
    | ProblemUnauthorized
    | ProblemUnknownOrder
    | ProblemValidationError
]:
    """Cancel one of the client's orders (a paid one is refunded by payment-service). A retry with the same
    Idempotency-Key answers with the first cancellation.

     Cancel one of the client's orders (a paid one is refunded by payment-service). A retry with the same
    Idempotency-Key answers with the first cancellation.

    Needs a bearer token with the role client.

    Args:
        order_id (UUID):
        idempotency_key (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Order | Problem | ProblemAlreadyCheckedIn | ProblemAlreadyReported | ProblemBadImage | ProblemCatNotFound | ProblemCheckInTimeOutOfRange | ProblemConcurrentUpdate | ProblemConflict | ProblemDependencyRefused | ProblemDependencyUnavailable | ProblemEmailTaken | ProblemForbidden | ProblemIdempotencyKeyReused | ProblemIllegalTransition | ProblemInvalidCredentials | ProblemInvalidInput | ProblemNotCheckedIn | ProblemNotFound | ProblemNotReady | ProblemOfferNotOpen | ProblemOrderAlreadyPaid | ProblemOrderCancelled | ProblemOrderNotPayable | ProblemOrderNotReady | ProblemPriceMismatch | ProblemSlotTooSoon | ProblemTooManyAttempts | ProblemTooManyRequests | ProblemUnauthorized | ProblemUnknownOrder | ProblemValidationError | Problem | ProblemAlreadyCheckedIn | ProblemAlreadyReported | ProblemCheckInTimeOutOfRange | ProblemConcurrentUpdate | ProblemConflict | ProblemEmailTaken | ProblemIllegalTransition | ProblemNotCheckedIn | ProblemOfferNotOpen | ProblemOrderAlreadyPaid | ProblemOrderCancelled | ProblemOrderNotPayable | ProblemOrderNotReady | ProblemPriceMismatch | ProblemSlotTooSoon | Problem | ProblemBadImage | ProblemIdempotencyKeyReused | ProblemInvalidInput | ProblemValidationError | Problem | ProblemCatNotFound | ProblemNotFound | ProblemUnknownOrder | Problem | ProblemDependencyUnavailable | ProblemNotReady | Problem | ProblemInvalidCredentials | ProblemUnauthorized]
    """

    kwargs = _get_kwargs(
        order_id=order_id,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    order_id: UUID,
    *,
    client: AuthenticatedClient,
    idempotency_key: None | str | Unset = UNSET,
) -> (
    Order
    | Problem
    | ProblemAlreadyCheckedIn
    | ProblemAlreadyReported
    | ProblemBadImage
    | ProblemCatNotFound
    | ProblemCheckInTimeOutOfRange
    | ProblemConcurrentUpdate
    | ProblemConflict
    | ProblemDependencyRefused
    | ProblemDependencyUnavailable
    | ProblemEmailTaken
    | ProblemForbidden
    | ProblemIdempotencyKeyReused
    | ProblemIllegalTransition
    | ProblemInvalidCredentials
    | ProblemInvalidInput
    | ProblemNotCheckedIn
    | ProblemNotFound
    | ProblemNotReady
    | ProblemOfferNotOpen
    | ProblemOrderAlreadyPaid
    | ProblemOrderCancelled
    | ProblemOrderNotPayable
    | ProblemOrderNotReady
    | ProblemPriceMismatch
    | ProblemSlotTooSoon
    | ProblemTooManyAttempts
    | ProblemTooManyRequests
    | ProblemUnauthorized
    | ProblemUnknownOrder
    | ProblemValidationError
    | None
):
    """Cancel one of the client's orders (a paid one is refunded by payment-service). A retry with the same
    Idempotency-Key answers with the first cancellation.

     Cancel one of the client's orders (a paid one is refunded by payment-service). A retry with the same
    Idempotency-Key answers with the first cancellation.

    Needs a bearer token with the role client.

    Args:
        order_id (UUID):
        idempotency_key (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Order | Problem | ProblemAlreadyCheckedIn | ProblemAlreadyReported | ProblemBadImage | ProblemCatNotFound | ProblemCheckInTimeOutOfRange | ProblemConcurrentUpdate | ProblemConflict | ProblemDependencyRefused | ProblemDependencyUnavailable | ProblemEmailTaken | ProblemForbidden | ProblemIdempotencyKeyReused | ProblemIllegalTransition | ProblemInvalidCredentials | ProblemInvalidInput | ProblemNotCheckedIn | ProblemNotFound | ProblemNotReady | ProblemOfferNotOpen | ProblemOrderAlreadyPaid | ProblemOrderCancelled | ProblemOrderNotPayable | ProblemOrderNotReady | ProblemPriceMismatch | ProblemSlotTooSoon | ProblemTooManyAttempts | ProblemTooManyRequests | ProblemUnauthorized | ProblemUnknownOrder | ProblemValidationError | Problem | ProblemAlreadyCheckedIn | ProblemAlreadyReported | ProblemCheckInTimeOutOfRange | ProblemConcurrentUpdate | ProblemConflict | ProblemEmailTaken | ProblemIllegalTransition | ProblemNotCheckedIn | ProblemOfferNotOpen | ProblemOrderAlreadyPaid | ProblemOrderCancelled | ProblemOrderNotPayable | ProblemOrderNotReady | ProblemPriceMismatch | ProblemSlotTooSoon | Problem | ProblemBadImage | ProblemIdempotencyKeyReused | ProblemInvalidInput | ProblemValidationError | Problem | ProblemCatNotFound | ProblemNotFound | ProblemUnknownOrder | Problem | ProblemDependencyUnavailable | ProblemNotReady | Problem | ProblemInvalidCredentials | ProblemUnauthorized
    """

    return (
        await asyncio_detailed(
            order_id=order_id,
            client=client,
            idempotency_key=idempotency_key,
        )
    ).parsed
