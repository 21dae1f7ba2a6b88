from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ...client import AuthenticatedClient, Client
from ...models.client_cat import ClientCat
from ...models.problem import Problem
from ...models.problem_cat_not_found import ProblemCatNotFound
from ...models.problem_dependency_refused import ProblemDependencyRefused
from ...models.problem_erased import ProblemErased
from ...models.problem_forbidden import ProblemForbidden
from ...models.problem_invalid_credentials import ProblemInvalidCredentials
from ...models.problem_no_active_test import ProblemNoActiveTest
from ...models.problem_not_found import ProblemNotFound
from ...models.problem_too_many_attempts import ProblemTooManyAttempts
from ...models.problem_too_many_requests import ProblemTooManyRequests
from ...models.problem_unauthorized import ProblemUnauthorized
from ...models.problem_unknown_order import ProblemUnknownOrder
from ...models.problem_unknown_worker import ProblemUnknownWorker
from ...types import Response


def _get_kwargs(
    client_id: UUID,
    cat_id: UUID,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/internal/clients/{client_id}/cats/{cat_id}".format(
            client_id=quote(str(client_id), safe=""),
            cat_id=quote(str(cat_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> (
    ClientCat
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
    | ProblemForbidden
    | ProblemInvalidCredentials
    | ProblemUnauthorized
):
    if response.status_code == 200:
        response_200 = ClientCat.from_dict(response.json())

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
    ClientCat
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
    | ProblemForbidden
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
    client_id: UUID,
    cat_id: UUID,
    *,
    client: AuthenticatedClient,
) -> Response[
    ClientCat
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
    | ProblemForbidden
    | ProblemInvalidCredentials
    | ProblemUnauthorized
]:
    """A client's e-mail and locale and one of its cats: order-service reads them here rather than from
    a request body. A service acting for a client may ask only about that client; a cat that is not the
    client's is 404.

     A client's e-mail and locale and one of its cats: order-service reads them here rather than from
    a request body. A service acting for a client may ask only about that client; a cat that is not the
    client's is 404.

    Needs a bearer token with the role service.

    Args:
        client_id (UUID):
        cat_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ClientCat | Problem | ProblemCatNotFound | ProblemErased | ProblemNoActiveTest | ProblemNotFound | ProblemUnknownOrder | ProblemUnknownWorker | Problem | ProblemDependencyRefused | ProblemTooManyAttempts | ProblemTooManyRequests | Problem | ProblemForbidden | Problem | ProblemInvalidCredentials | ProblemUnauthorized]
    """

    kwargs = _get_kwargs(
        client_id=client_id,
        cat_id=cat_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    client_id: UUID,
    cat_id: UUID,
    *,
    client: AuthenticatedClient,
) -> (
    ClientCat
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
    | ProblemForbidden
    | ProblemInvalidCredentials
    | ProblemUnauthorized
    | None
):
    """A client's e-mail and locale and one of its cats: order-service reads them here rather than from
    a request body. A service acting for a client may ask only about that client; a cat that is not the
    client's is 404.

     A client's e-mail and locale and one of its cats: order-service reads them here rather than from
    a request body. A service acting for a client may ask only about that client; a cat that is not the
    client's is 404.

    Needs a bearer token with the role service.

    Args:
        client_id (UUID):
        cat_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ClientCat | Problem | ProblemCatNotFound | ProblemErased | ProblemNoActiveTest | ProblemNotFound | ProblemUnknownOrder | ProblemUnknownWorker | Problem | ProblemDependencyRefused | ProblemTooManyAttempts | ProblemTooManyRequests | Problem | ProblemForbidden | Problem | ProblemInvalidCredentials | ProblemUnauthorized
    """

    return sync_detailed(
        client_id=client_id,
        cat_id=cat_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    client_id: UUID,
    cat_id: UUID,
    *,
    client: AuthenticatedClient,
) -> Response[
    ClientCat
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
    | ProblemForbidden
    | ProblemInvalidCredentials
    | ProblemUnauthorized
]:
    """A client's e-mail and locale and one of its cats: order-service reads them here rather than from
    a request body. A service acting for a client may ask only about that client; a cat that is not the
    client's is 404.

     A client's e-mail and locale and one of its cats: order-service reads them here rather than from
    a request body. A service acting for a client may ask only about that client; a cat that is not the
    client's is 404.

    Needs a bearer token with the role service.

    Args:
        client_id (UUID):
        cat_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ClientCat | Problem | ProblemCatNotFound | ProblemErased | ProblemNoActiveTest | ProblemNotFound | ProblemUnknownOrder | ProblemUnknownWorker | Problem | ProblemDependencyRefused | ProblemTooManyAttempts | ProblemTooManyRequests | Problem | ProblemForbidden | Problem | ProblemInvalidCredentials | ProblemUnauthorized]
    """

    kwargs = _get_kwargs(
        client_id=client_id,
        cat_id=cat_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    client_id: UUID,
    cat_id: UUID,
    *,
    client: AuthenticatedClient,
) -> (
    ClientCat
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
    | ProblemForbidden
    | ProblemInvalidCredentials
    | ProblemUnauthorized
    | None
):
    """A client's e-mail and locale and one of its cats: order-service reads them here rather than from
    a request body. A service acting for a client may ask only about that client; a cat that is not the
    client's is 404.

     A client's e-mail and locale and one of its cats: order-service reads them here rather than from
    a request body. A service acting for a client may ask only about that client; a cat that is not the
    client's is 404.

    Needs a bearer token with the role service.

    Args:
        client_id (UUID):
        cat_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ClientCat | Problem | ProblemCatNotFound | ProblemErased | ProblemNoActiveTest | ProblemNotFound | ProblemUnknownOrder | ProblemUnknownWorker | Problem | ProblemDependencyRefused | ProblemTooManyAttempts | ProblemTooManyRequests | Problem | ProblemForbidden | Problem | ProblemInvalidCredentials | ProblemUnauthorized
    """

    return (
        await asyncio_detailed(
            client_id=client_id,
            cat_id=cat_id,
            client=client,
        )
    ).parsed
