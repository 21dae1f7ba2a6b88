from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.order import Order
from ...models.place_order import PlaceOrder
from ...models.problem import Problem
from ...models.problem_bad_image import ProblemBadImage
from ...models.problem_cat_not_found import ProblemCatNotFound
from ...models.problem_dependency_refused import ProblemDependencyRefused
from ...models.problem_dependency_unavailable import ProblemDependencyUnavailable
from ...models.problem_erased import ProblemErased
from ...models.problem_idempotency_key_reused import ProblemIdempotencyKeyReused
from ...models.problem_invalid_answer import ProblemInvalidAnswer
from ...models.problem_invalid_credentials import ProblemInvalidCredentials
from ...models.problem_invalid_input import ProblemInvalidInput
from ...models.problem_invalid_test import ProblemInvalidTest
from ...models.problem_no_active_test import ProblemNoActiveTest
from ...models.problem_not_found import ProblemNotFound
from ...models.problem_not_ready import ProblemNotReady
from ...models.problem_template_data import ProblemTemplateData
from ...models.problem_too_many_attempts import ProblemTooManyAttempts
from ...models.problem_too_many_requests import ProblemTooManyRequests
from ...models.problem_unauthorized import ProblemUnauthorized
from ...models.problem_unknown_order import ProblemUnknownOrder
from ...models.problem_unknown_template import ProblemUnknownTemplate
from ...models.problem_unknown_worker import ProblemUnknownWorker
from ...models.problem_validation_error import ProblemValidationError
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: PlaceOrder,
    idempotency_key: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/orders",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> (
    Order
    | Problem
    | ProblemBadImage
    | ProblemIdempotencyKeyReused
    | ProblemInvalidAnswer
    | ProblemInvalidInput
    | ProblemInvalidTest
    | ProblemTemplateData
    | ProblemUnknownTemplate
    | ProblemValidationError
    | ProblemCatNotFound
    | ProblemErased
    | ProblemNoActiveTest
    | ProblemNotFound
    | ProblemUnknownOrder
    | ProblemUnknownWorker
    | ProblemDependencyRefused
    | ProblemTooManyAttempts
    | ProblemTooManyRequests
    | ProblemDependencyUnavailable
    | ProblemNotReady
    | ProblemInvalidCredentials
    | ProblemUnauthorized
):
    if response.status_code == 201:
        response_201 = Order.from_dict(response.json())

        return response_201

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
        ) -> (
            Problem
            | ProblemCatNotFound
            | ProblemErased
            | ProblemNoActiveTest
            | ProblemNotFound
            | ProblemUnknownOrder
            | ProblemUnknownWorker
        ):
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
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_404_type_3 = ProblemUnknownWorker.from_dict(data)

                return response_404_type_3
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_404_type_4 = ProblemErased.from_dict(data)

                return response_404_type_4
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_404_type_5 = ProblemNoActiveTest.from_dict(data)

                return response_404_type_5
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_404_type_6 = Problem.from_dict(data)

            return response_404_type_6

        response_404 = _parse_response_404(response.json())

        return response_404

    if response.status_code == 422:

        def _parse_response_422(
            data: object,
        ) -> (
            Problem
            | ProblemBadImage
            | ProblemIdempotencyKeyReused
            | ProblemInvalidAnswer
            | ProblemInvalidInput
            | ProblemInvalidTest
            | ProblemTemplateData
            | ProblemUnknownTemplate
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
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_422_type_4 = ProblemUnknownTemplate.from_dict(data)

                return response_422_type_4
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_422_type_5 = ProblemTemplateData.from_dict(data)

                return response_422_type_5
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_422_type_6 = ProblemInvalidAnswer.from_dict(data)

                return response_422_type_6
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_422_type_7 = ProblemInvalidTest.from_dict(data)

                return response_422_type_7
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_422_type_8 = Problem.from_dict(data)

            return response_422_type_8

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
        | ProblemDependencyRefused
        | ProblemTooManyAttempts
        | ProblemTooManyRequests
    ):
        try:
            if not isinstance(data, dict):
                raise TypeError()
            response_default_type_0 = ProblemTooManyRequests.from_dict(data)

            return response_default_type_0
        except (TypeError, ValueError, AttributeError, KeyError):
            pass
        try:
            if not isinstance(data, dict):
                raise TypeError()
            response_default_type_1 = ProblemTooManyAttempts.from_dict(data)

            return response_default_type_1
        except (TypeError, ValueError, AttributeError, KeyError):
            pass
        try:
            if not isinstance(data, dict):
                raise TypeError()
            response_default_type_2 = ProblemDependencyRefused.from_dict(data)

            return response_default_type_2
        except (TypeError, ValueError, AttributeError, KeyError):
            pass
        if not isinstance(data, dict):
            raise TypeError()
        response_default_type_3 = Problem.from_dict(data)

        return response_default_type_3

    response_default = _parse_response_default(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[
    Order
    | Problem
    | ProblemBadImage
    | ProblemIdempotencyKeyReused
    | ProblemInvalidAnswer
    | ProblemInvalidInput
    | ProblemInvalidTest
    | ProblemTemplateData
    | ProblemUnknownTemplate
    | ProblemValidationError
    | ProblemCatNotFound
    | ProblemErased
    | ProblemNoActiveTest
    | ProblemNotFound
    | ProblemUnknownOrder
    | ProblemUnknownWorker
    | ProblemDependencyRefused
    | ProblemTooManyAttempts
    | ProblemTooManyRequests
    | ProblemDependencyUnavailable
    | ProblemNotReady
    | ProblemInvalidCredentials
    | ProblemUnauthorized
]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: PlaceOrder,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[
    Order
    | Problem
    | ProblemBadImage
    | ProblemIdempotencyKeyReused
    | ProblemInvalidAnswer
    | ProblemInvalidInput
    | ProblemInvalidTest
    | ProblemTemplateData
    | ProblemUnknownTemplate
    | ProblemValidationError
    | ProblemCatNotFound
    | ProblemErased
    | ProblemNoActiveTest
    | ProblemNotFound
    | ProblemUnknownOrder
    | ProblemUnknownWorker
    | ProblemDependencyRefused
    | ProblemTooManyAttempts
    | ProblemTooManyRequests
    | ProblemDependencyUnavailable
    | ProblemNotReady
    | ProblemInvalidCredentials
    | ProblemUnauthorized
]:
    """Place an order for one of the client's cats (another's cat is 404).

     A retry with the same Idempotency-Key places nothing again and answers with the first order; the
    same
    key with another body is 422. The 201 may carry an order that is already ``cancelled``: when no
    worker
    can take it, order-service cancels it at once (``cancellation.cancelled_by`` ``platform``,
    ``cancellation.reason`` ``no_candidates``); look at ``status`` before paying.

    Needs a bearer token with the role client.

    Args:
        idempotency_key (None | str | Unset):
        body (PlaceOrder):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Order | Problem | ProblemBadImage | ProblemIdempotencyKeyReused | ProblemInvalidAnswer | ProblemInvalidInput | ProblemInvalidTest | ProblemTemplateData | ProblemUnknownTemplate | ProblemValidationError | Problem | ProblemCatNotFound | ProblemErased | ProblemNoActiveTest | ProblemNotFound | ProblemUnknownOrder | ProblemUnknownWorker | Problem | ProblemDependencyRefused | ProblemTooManyAttempts | ProblemTooManyRequests | Problem | ProblemDependencyUnavailable | ProblemNotReady | Problem | ProblemInvalidCredentials | ProblemUnauthorized]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: PlaceOrder,
    idempotency_key: None | str | Unset = UNSET,
) -> (
    Order
    | Problem
    | ProblemBadImage
    | ProblemIdempotencyKeyReused
    | ProblemInvalidAnswer
    | ProblemInvalidInput
    | ProblemInvalidTest
    | ProblemTemplateData
    | ProblemUnknownTemplate
    | ProblemValidationError
    | ProblemCatNotFound
    | ProblemErased
    | ProblemNoActiveTest
    | ProblemNotFound
    | ProblemUnknownOrder
    | ProblemUnknownWorker
    | ProblemDependencyRefused
    | ProblemTooManyAttempts
    | ProblemTooManyRequests
    | ProblemDependencyUnavailable
    | ProblemNotReady
    | ProblemInvalidCredentials
    | ProblemUnauthorized
    | None
):
    """Place an order for one of the client's cats (another's cat is 404).

     A retry with the same Idempotency-Key places nothing again and answers with the first order; the
    same
    key with another body is 422. The 201 may carry an order that is already ``cancelled``: when no
    worker
    can take it, order-service cancels it at once (``cancellation.cancelled_by`` ``platform``,
    ``cancellation.reason`` ``no_candidates``); look at ``status`` before paying.

    Needs a bearer token with the role client.

    Args:
        idempotency_key (None | str | Unset):
        body (PlaceOrder):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Order | Problem | ProblemBadImage | ProblemIdempotencyKeyReused | ProblemInvalidAnswer | ProblemInvalidInput | ProblemInvalidTest | ProblemTemplateData | ProblemUnknownTemplate | ProblemValidationError | Problem | ProblemCatNotFound | ProblemErased | ProblemNoActiveTest | ProblemNotFound | ProblemUnknownOrder | ProblemUnknownWorker | Problem | ProblemDependencyRefused | ProblemTooManyAttempts | ProblemTooManyRequests | Problem | ProblemDependencyUnavailable | ProblemNotReady | Problem | ProblemInvalidCredentials | ProblemUnauthorized
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: PlaceOrder,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[
    Order
    | Problem
    | ProblemBadImage
    | ProblemIdempotencyKeyReused
    | ProblemInvalidAnswer
    | ProblemInvalidInput
    | ProblemInvalidTest
    | ProblemTemplateData
    | ProblemUnknownTemplate
    | ProblemValidationError
    | ProblemCatNotFound
    | ProblemErased
    | ProblemNoActiveTest
    | ProblemNotFound
    | ProblemUnknownOrder
    | ProblemUnknownWorker
    | ProblemDependencyRefused
    | ProblemTooManyAttempts
    | ProblemTooManyRequests
    | ProblemDependencyUnavailable
    | ProblemNotReady
    | ProblemInvalidCredentials
    | ProblemUnauthorized
]:
    """Place an order for one of the client's cats (another's cat is 404).

     A retry with the same Idempotency-Key places nothing again and answers with the first order; the
    same
    key with another body is 422. The 201 may carry an order that is already ``cancelled``: when no
    worker
    can take it, order-service cancels it at once (``cancellation.cancelled_by`` ``platform``,
    ``cancellation.reason`` ``no_candidates``); look at ``status`` before paying.

    Needs a bearer token with the role client.

    Args:
        idempotency_key (None | str | Unset):
        body (PlaceOrder):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Order | Problem | ProblemBadImage | ProblemIdempotencyKeyReused | ProblemInvalidAnswer | ProblemInvalidInput | ProblemInvalidTest | ProblemTemplateData | ProblemUnknownTemplate | ProblemValidationError | Problem | ProblemCatNotFound | ProblemErased | ProblemNoActiveTest | ProblemNotFound | ProblemUnknownOrder | ProblemUnknownWorker | Problem | ProblemDependencyRefused | ProblemTooManyAttempts | ProblemTooManyRequests | Problem | ProblemDependencyUnavailable | ProblemNotReady | Problem | ProblemInvalidCredentials | ProblemUnauthorized]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: PlaceOrder,
    idempotency_key: None | str | Unset = UNSET,
) -> (
    Order
    | Problem
    | ProblemBadImage
    | ProblemIdempotencyKeyReused
    | ProblemInvalidAnswer
    | ProblemInvalidInput
    | ProblemInvalidTest
    | ProblemTemplateData
    | ProblemUnknownTemplate
    | ProblemValidationError
    | ProblemCatNotFound
    | ProblemErased
    | ProblemNoActiveTest
    | ProblemNotFound
    | ProblemUnknownOrder
    | ProblemUnknownWorker
    | ProblemDependencyRefused
    | ProblemTooManyAttempts
    | ProblemTooManyRequests
    | ProblemDependencyUnavailable
    | ProblemNotReady
    | ProblemInvalidCredentials
    | ProblemUnauthorized
    | None
):
    """Place an order for one of the client's cats (another's cat is 404).

     A retry with the same Idempotency-Key places nothing again and answers with the first order; the
    same
    key with another body is 422. The 201 may carry an order that is already ``cancelled``: when no
    worker
    can take it, order-service cancels it at once (``cancellation.cancelled_by`` ``platform``,
    ``cancellation.reason`` ``no_candidates``); look at ``status`` before paying.

    Needs a bearer token with the role client.

    Args:
        idempotency_key (None | str | Unset):
        body (PlaceOrder):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Order | Problem | ProblemBadImage | ProblemIdempotencyKeyReused | ProblemInvalidAnswer | ProblemInvalidInput | ProblemInvalidTest | ProblemTemplateData | ProblemUnknownTemplate | ProblemValidationError | Problem | ProblemCatNotFound | ProblemErased | ProblemNoActiveTest | ProblemNotFound | ProblemUnknownOrder | ProblemUnknownWorker | Problem | ProblemDependencyRefused | ProblemTooManyAttempts | ProblemTooManyRequests | Problem | ProblemDependencyUnavailable | ProblemNotReady | Problem | ProblemInvalidCredentials | ProblemUnauthorized
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
