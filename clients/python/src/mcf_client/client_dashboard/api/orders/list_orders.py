from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.list_orders_state import ListOrdersState
from ...models.order_summary import OrderSummary
from ...models.problem import Problem
from ...models.problem_bad_image import ProblemBadImage
from ...models.problem_dependency_refused import ProblemDependencyRefused
from ...models.problem_dependency_unavailable import ProblemDependencyUnavailable
from ...models.problem_idempotency_key_reused import ProblemIdempotencyKeyReused
from ...models.problem_invalid_answer import ProblemInvalidAnswer
from ...models.problem_invalid_credentials import ProblemInvalidCredentials
from ...models.problem_invalid_input import ProblemInvalidInput
from ...models.problem_invalid_test import ProblemInvalidTest
from ...models.problem_not_ready import ProblemNotReady
from ...models.problem_template_data import ProblemTemplateData
from ...models.problem_too_many_attempts import ProblemTooManyAttempts
from ...models.problem_too_many_requests import ProblemTooManyRequests
from ...models.problem_unauthorized import ProblemUnauthorized
from ...models.problem_unknown_template import ProblemUnknownTemplate
from ...models.problem_validation_error import ProblemValidationError
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    state: ListOrdersState | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_state: str | Unset = UNSET
    if not isinstance(state, Unset):
        json_state = state.value

    params["state"] = json_state

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/orders",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
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
    | ProblemDependencyRefused
    | ProblemTooManyAttempts
    | ProblemTooManyRequests
    | ProblemDependencyUnavailable
    | ProblemNotReady
    | ProblemInvalidCredentials
    | ProblemUnauthorized
    | list[OrderSummary]
):
    if response.status_code == 200:
        response_200 = []
        _response_200 = response.json()
        for response_200_item_data in _response_200:
            response_200_item = OrderSummary.from_dict(response_200_item_data)

            response_200.append(response_200_item)

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
    Problem
    | ProblemBadImage
    | ProblemIdempotencyKeyReused
    | ProblemInvalidAnswer
    | ProblemInvalidInput
    | ProblemInvalidTest
    | ProblemTemplateData
    | ProblemUnknownTemplate
    | ProblemValidationError
    | ProblemDependencyRefused
    | ProblemTooManyAttempts
    | ProblemTooManyRequests
    | ProblemDependencyUnavailable
    | ProblemNotReady
    | ProblemInvalidCredentials
    | ProblemUnauthorized
    | list[OrderSummary]
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
    state: ListOrdersState | Unset = UNSET,
) -> Response[
    Problem
    | ProblemBadImage
    | ProblemIdempotencyKeyReused
    | ProblemInvalidAnswer
    | ProblemInvalidInput
    | ProblemInvalidTest
    | ProblemTemplateData
    | ProblemUnknownTemplate
    | ProblemValidationError
    | ProblemDependencyRefused
    | ProblemTooManyAttempts
    | ProblemTooManyRequests
    | ProblemDependencyUnavailable
    | ProblemNotReady
    | ProblemInvalidCredentials
    | ProblemUnauthorized
    | list[OrderSummary]
]:
    """The client's orders: current (soonest first) or past (latest first); GET /orders/{id} for one's
    details.

     The client's orders: current (soonest first) or past (latest first); GET /orders/{id} for one's
    details.

    Needs a bearer token with the role client.

    Args:
        state (ListOrdersState | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | ProblemBadImage | ProblemIdempotencyKeyReused | ProblemInvalidAnswer | ProblemInvalidInput | ProblemInvalidTest | ProblemTemplateData | ProblemUnknownTemplate | ProblemValidationError | Problem | ProblemDependencyRefused | ProblemTooManyAttempts | ProblemTooManyRequests | Problem | ProblemDependencyUnavailable | ProblemNotReady | Problem | ProblemInvalidCredentials | ProblemUnauthorized | list[OrderSummary]]
    """

    kwargs = _get_kwargs(
        state=state,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    state: ListOrdersState | Unset = UNSET,
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
    | ProblemDependencyRefused
    | ProblemTooManyAttempts
    | ProblemTooManyRequests
    | ProblemDependencyUnavailable
    | ProblemNotReady
    | ProblemInvalidCredentials
    | ProblemUnauthorized
    | list[OrderSummary]
    | None
):
    """The client's orders: current (soonest first) or past (latest first); GET /orders/{id} for one's
    details.

     The client's orders: current (soonest first) or past (latest first); GET /orders/{id} for one's
    details.

    Needs a bearer token with the role client.

    Args:
        state (ListOrdersState | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | ProblemBadImage | ProblemIdempotencyKeyReused | ProblemInvalidAnswer | ProblemInvalidInput | ProblemInvalidTest | ProblemTemplateData | ProblemUnknownTemplate | ProblemValidationError | Problem | ProblemDependencyRefused | ProblemTooManyAttempts | ProblemTooManyRequests | Problem | ProblemDependencyUnavailable | ProblemNotReady | Problem | ProblemInvalidCredentials | ProblemUnauthorized | list[OrderSummary]
    """

    return sync_detailed(
        client=client,
        state=state,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    state: ListOrdersState | Unset = UNSET,
) -> Response[
    Problem
    | ProblemBadImage
    | ProblemIdempotencyKeyReused
    | ProblemInvalidAnswer
    | ProblemInvalidInput
    | ProblemInvalidTest
    | ProblemTemplateData
    | ProblemUnknownTemplate
    | ProblemValidationError
    | ProblemDependencyRefused
    | ProblemTooManyAttempts
    | ProblemTooManyRequests
    | ProblemDependencyUnavailable
    | ProblemNotReady
    | ProblemInvalidCredentials
    | ProblemUnauthorized
    | list[OrderSummary]
]:
    """The client's orders: current (soonest first) or past (latest first); GET /orders/{id} for one's
    details.

     The client's orders: current (soonest first) or past (latest first); GET /orders/{id} for one's
    details.

    Needs a bearer token with the role client.

    Args:
        state (ListOrdersState | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | ProblemBadImage | ProblemIdempotencyKeyReused | ProblemInvalidAnswer | ProblemInvalidInput | ProblemInvalidTest | ProblemTemplateData | ProblemUnknownTemplate | ProblemValidationError | Problem | ProblemDependencyRefused | ProblemTooManyAttempts | ProblemTooManyRequests | Problem | ProblemDependencyUnavailable | ProblemNotReady | Problem | ProblemInvalidCredentials | ProblemUnauthorized | list[OrderSummary]]
    """

    kwargs = _get_kwargs(
        state=state,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    state: ListOrdersState | Unset = UNSET,
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
    | ProblemDependencyRefused
    | ProblemTooManyAttempts
    | ProblemTooManyRequests
    | ProblemDependencyUnavailable
    | ProblemNotReady
    | ProblemInvalidCredentials
    | ProblemUnauthorized
    | list[OrderSummary]
    | None
):
    """The client's orders: current (soonest first) or past (latest first); GET /orders/{id} for one's
    details.

     The client's orders: current (soonest first) or past (latest first); GET /orders/{id} for one's
    details.

    Needs a bearer token with the role client.

    Args:
        state (ListOrdersState | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | ProblemBadImage | ProblemIdempotencyKeyReused | ProblemInvalidAnswer | ProblemInvalidInput | ProblemInvalidTest | ProblemTemplateData | ProblemUnknownTemplate | ProblemValidationError | Problem | ProblemDependencyRefused | ProblemTooManyAttempts | ProblemTooManyRequests | Problem | ProblemDependencyUnavailable | ProblemNotReady | Problem | ProblemInvalidCredentials | ProblemUnauthorized | list[OrderSummary]
    """

    return (
        await asyncio_detailed(
            client=client,
            state=state,
        )
    ).parsed
