from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.health import Health
from ...models.problem import Problem
from ...models.problem_bad_image import ProblemBadImage
from ...models.problem_dependency_refused import ProblemDependencyRefused
from ...models.problem_dependency_unavailable import ProblemDependencyUnavailable
from ...models.problem_idempotency_key_reused import ProblemIdempotencyKeyReused
from ...models.problem_invalid_answer import ProblemInvalidAnswer
from ...models.problem_invalid_input import ProblemInvalidInput
from ...models.problem_invalid_test import ProblemInvalidTest
from ...models.problem_not_ready import ProblemNotReady
from ...models.problem_template_data import ProblemTemplateData
from ...models.problem_too_many_attempts import ProblemTooManyAttempts
from ...models.problem_too_many_requests import ProblemTooManyRequests
from ...models.problem_unknown_template import ProblemUnknownTemplate
from ...models.problem_validation_error import ProblemValidationError
from ...types import Response


def _get_kwargs() -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/ready",
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> (
    Health
    | Problem
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
):
    if response.status_code == 200:
        response_200 = Health.from_dict(response.json())

        return response_200

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
    Health
    | Problem
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
]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
) -> Response[
    Health
    | Problem
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
]:
    """Every dependency answers.

     Every dependency answers.

    Public: no token needed.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Health | Problem | ProblemBadImage | ProblemIdempotencyKeyReused | ProblemInvalidAnswer | ProblemInvalidInput | ProblemInvalidTest | ProblemTemplateData | ProblemUnknownTemplate | ProblemValidationError | Problem | ProblemDependencyRefused | ProblemTooManyAttempts | ProblemTooManyRequests | Problem | ProblemDependencyUnavailable | ProblemNotReady]
    """

    kwargs = _get_kwargs()

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
) -> (
    Health
    | Problem
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
    | None
):
    """Every dependency answers.

     Every dependency answers.

    Public: no token needed.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Health | Problem | ProblemBadImage | ProblemIdempotencyKeyReused | ProblemInvalidAnswer | ProblemInvalidInput | ProblemInvalidTest | ProblemTemplateData | ProblemUnknownTemplate | ProblemValidationError | Problem | ProblemDependencyRefused | ProblemTooManyAttempts | ProblemTooManyRequests | Problem | ProblemDependencyUnavailable | ProblemNotReady
    """

    return sync_detailed(
        client=client,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
) -> Response[
    Health
    | Problem
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
]:
    """Every dependency answers.

     Every dependency answers.

    Public: no token needed.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Health | Problem | ProblemBadImage | ProblemIdempotencyKeyReused | ProblemInvalidAnswer | ProblemInvalidInput | ProblemInvalidTest | ProblemTemplateData | ProblemUnknownTemplate | ProblemValidationError | Problem | ProblemDependencyRefused | ProblemTooManyAttempts | ProblemTooManyRequests | Problem | ProblemDependencyUnavailable | ProblemNotReady]
    """

    kwargs = _get_kwargs()

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
) -> (
    Health
    | Problem
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
    | None
):
    """Every dependency answers.

     Every dependency answers.

    Public: no token needed.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Health | Problem | ProblemBadImage | ProblemIdempotencyKeyReused | ProblemInvalidAnswer | ProblemInvalidInput | ProblemInvalidTest | ProblemTemplateData | ProblemUnknownTemplate | ProblemValidationError | Problem | ProblemDependencyRefused | ProblemTooManyAttempts | ProblemTooManyRequests | Problem | ProblemDependencyUnavailable | ProblemNotReady
    """

    return (
        await asyncio_detailed(
            client=client,
        )
    ).parsed
