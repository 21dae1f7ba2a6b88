from http import HTTPStatus
from io import BytesIO
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.problem_cat_not_found import ProblemCatNotFound
from ...models.problem_dependency_refused import ProblemDependencyRefused
from ...models.problem_dependency_unavailable import ProblemDependencyUnavailable
from ...models.problem_erased import ProblemErased
from ...models.problem_invalid_credentials import ProblemInvalidCredentials
from ...models.problem_no_active_test import ProblemNoActiveTest
from ...models.problem_not_found import ProblemNotFound
from ...models.problem_not_ready import ProblemNotReady
from ...models.problem_too_many_attempts import ProblemTooManyAttempts
from ...models.problem_too_many_requests import ProblemTooManyRequests
from ...models.problem_unauthorized import ProblemUnauthorized
from ...models.problem_unknown_order import ProblemUnknownOrder
from ...models.problem_unknown_worker import ProblemUnknownWorker
from ...types import File, Response


def _get_kwargs(
    photo_id: UUID,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/photos/{photo_id}/thumbnail".format(
            photo_id=quote(str(photo_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> (
    File
    | Problem
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
    if response.status_code == 200:
        response_200 = File(payload=BytesIO(response.content))

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
    File
    | Problem
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
    photo_id: UUID,
    *,
    client: AuthenticatedClient,
) -> Response[
    File
    | Problem
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
    """A photo's thumbnail, for the same reader.

     A photo's thumbnail, for the same reader.

    Needs a bearer token with the role worker.

    Args:
        photo_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[File | Problem | ProblemCatNotFound | ProblemErased | ProblemNoActiveTest | ProblemNotFound | ProblemUnknownOrder | ProblemUnknownWorker | Problem | ProblemDependencyRefused | ProblemTooManyAttempts | ProblemTooManyRequests | Problem | ProblemDependencyUnavailable | ProblemNotReady | Problem | ProblemInvalidCredentials | ProblemUnauthorized]
    """

    kwargs = _get_kwargs(
        photo_id=photo_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    photo_id: UUID,
    *,
    client: AuthenticatedClient,
) -> (
    File
    | Problem
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
    """A photo's thumbnail, for the same reader.

     A photo's thumbnail, for the same reader.

    Needs a bearer token with the role worker.

    Args:
        photo_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        File | Problem | ProblemCatNotFound | ProblemErased | ProblemNoActiveTest | ProblemNotFound | ProblemUnknownOrder | ProblemUnknownWorker | Problem | ProblemDependencyRefused | ProblemTooManyAttempts | ProblemTooManyRequests | Problem | ProblemDependencyUnavailable | ProblemNotReady | Problem | ProblemInvalidCredentials | ProblemUnauthorized
    """

    return sync_detailed(
        photo_id=photo_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    photo_id: UUID,
    *,
    client: AuthenticatedClient,
) -> Response[
    File
    | Problem
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
    """A photo's thumbnail, for the same reader.

     A photo's thumbnail, for the same reader.

    Needs a bearer token with the role worker.

    Args:
        photo_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[File | Problem | ProblemCatNotFound | ProblemErased | ProblemNoActiveTest | ProblemNotFound | ProblemUnknownOrder | ProblemUnknownWorker | Problem | ProblemDependencyRefused | ProblemTooManyAttempts | ProblemTooManyRequests | Problem | ProblemDependencyUnavailable | ProblemNotReady | Problem | ProblemInvalidCredentials | ProblemUnauthorized]
    """

    kwargs = _get_kwargs(
        photo_id=photo_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    photo_id: UUID,
    *,
    client: AuthenticatedClient,
) -> (
    File
    | Problem
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
    """A photo's thumbnail, for the same reader.

     A photo's thumbnail, for the same reader.

    Needs a bearer token with the role worker.

    Args:
        photo_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        File | Problem | ProblemCatNotFound | ProblemErased | ProblemNoActiveTest | ProblemNotFound | ProblemUnknownOrder | ProblemUnknownWorker | Problem | ProblemDependencyRefused | ProblemTooManyAttempts | ProblemTooManyRequests | Problem | ProblemDependencyUnavailable | ProblemNotReady | Problem | ProblemInvalidCredentials | ProblemUnauthorized
    """

    return (
        await asyncio_detailed(
            photo_id=photo_id,
            client=client,
        )
    ).parsed
