from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.problem_dependency_refused import ProblemDependencyRefused
from ...models.problem_dependency_unavailable import ProblemDependencyUnavailable
from ...models.problem_forbidden import ProblemForbidden
from ...models.problem_invalid_credentials import ProblemInvalidCredentials
from ...models.problem_not_ready import ProblemNotReady
from ...models.problem_too_many_attempts import ProblemTooManyAttempts
from ...models.problem_too_many_requests import ProblemTooManyRequests
from ...models.problem_unauthorized import ProblemUnauthorized
from ...models.worker_order import WorkerOrder
from ...types import Response


def _get_kwargs() -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/history",
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> (
    Problem
    | ProblemDependencyRefused
    | ProblemTooManyAttempts
    | ProblemTooManyRequests
    | ProblemDependencyUnavailable
    | ProblemNotReady
    | ProblemForbidden
    | ProblemInvalidCredentials
    | ProblemUnauthorized
    | list[WorkerOrder]
):
    if response.status_code == 200:
        response_200 = []
        _response_200 = response.json()
        for response_200_item_data in _response_200:
            response_200_item = WorkerOrder.from_dict(response_200_item_data)

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

    if response.status_code == 403:

        def _parse_response_403(data: object) -> Problem | ProblemForbidden:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_403_type_0 = ProblemForbidden.from_dict(data)

                return response_403_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_403_type_1 = Problem.from_dict(data)

            return response_403_type_1

        response_403 = _parse_response_403(response.json())

        return response_403

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
    | ProblemDependencyRefused
    | ProblemTooManyAttempts
    | ProblemTooManyRequests
    | ProblemDependencyUnavailable
    | ProblemNotReady
    | ProblemForbidden
    | ProblemInvalidCredentials
    | ProblemUnauthorized
    | list[WorkerOrder]
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
) -> Response[
    Problem
    | ProblemDependencyRefused
    | ProblemTooManyAttempts
    | ProblemTooManyRequests
    | ProblemDependencyUnavailable
    | ProblemNotReady
    | ProblemForbidden
    | ProblemInvalidCredentials
    | ProblemUnauthorized
    | list[WorkerOrder]
]:
    """The worker's finished orders (completed, cancelled, expired), latest first.

     The worker's finished orders (completed, cancelled, expired), latest first.

    Needs a bearer token with the role worker.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | ProblemDependencyRefused | ProblemTooManyAttempts | ProblemTooManyRequests | Problem | ProblemDependencyUnavailable | ProblemNotReady | Problem | ProblemForbidden | Problem | ProblemInvalidCredentials | ProblemUnauthorized | list[WorkerOrder]]
    """

    kwargs = _get_kwargs()

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
) -> (
    Problem
    | ProblemDependencyRefused
    | ProblemTooManyAttempts
    | ProblemTooManyRequests
    | ProblemDependencyUnavailable
    | ProblemNotReady
    | ProblemForbidden
    | ProblemInvalidCredentials
    | ProblemUnauthorized
    | list[WorkerOrder]
    | None
):
    """The worker's finished orders (completed, cancelled, expired), latest first.

     The worker's finished orders (completed, cancelled, expired), latest first.

    Needs a bearer token with the role worker.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | ProblemDependencyRefused | ProblemTooManyAttempts | ProblemTooManyRequests | Problem | ProblemDependencyUnavailable | ProblemNotReady | Problem | ProblemForbidden | Problem | ProblemInvalidCredentials | ProblemUnauthorized | list[WorkerOrder]
    """

    return sync_detailed(
        client=client,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
) -> Response[
    Problem
    | ProblemDependencyRefused
    | ProblemTooManyAttempts
    | ProblemTooManyRequests
    | ProblemDependencyUnavailable
    | ProblemNotReady
    | ProblemForbidden
    | ProblemInvalidCredentials
    | ProblemUnauthorized
    | list[WorkerOrder]
]:
    """The worker's finished orders (completed, cancelled, expired), latest first.

     The worker's finished orders (completed, cancelled, expired), latest first.

    Needs a bearer token with the role worker.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | ProblemDependencyRefused | ProblemTooManyAttempts | ProblemTooManyRequests | Problem | ProblemDependencyUnavailable | ProblemNotReady | Problem | ProblemForbidden | Problem | ProblemInvalidCredentials | ProblemUnauthorized | list[WorkerOrder]]
    """

    kwargs = _get_kwargs()

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
) -> (
    Problem
    | ProblemDependencyRefused
    | ProblemTooManyAttempts
    | ProblemTooManyRequests
    | ProblemDependencyUnavailable
    | ProblemNotReady
    | ProblemForbidden
    | ProblemInvalidCredentials
    | ProblemUnauthorized
    | list[WorkerOrder]
    | None
):
    """The worker's finished orders (completed, cancelled, expired), latest first.

     The worker's finished orders (completed, cancelled, expired), latest first.

    Needs a bearer token with the role worker.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | ProblemDependencyRefused | ProblemTooManyAttempts | ProblemTooManyRequests | Problem | ProblemDependencyUnavailable | ProblemNotReady | Problem | ProblemForbidden | Problem | ProblemInvalidCredentials | ProblemUnauthorized | list[WorkerOrder]
    """

    return (
        await asyncio_detailed(
            client=client,
        )
    ).parsed
