from http import HTTPStatus
from io import BytesIO
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...types import File, Response


def _get_kwargs(
    photo_id: UUID,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/photos/{photo_id}".format(
            photo_id=quote(str(photo_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> File | Problem:
    if response.status_code == 200:
        response_200 = File(payload=BytesIO(response.content))

        return response_200

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

    if response.status_code == 503:
        response_503 = Problem.from_dict(response.json())

        return response_503

    response_default = Problem.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[File | Problem]:
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
) -> Response[File | Problem]:
    """A photo of a check-in or report of the worker's own orders; anyone else's: 404.

     A photo of a check-in or report of the worker's own orders; anyone else's: 404.

    Needs a bearer token with the role worker.

    Args:
        photo_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[File | Problem]
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
) -> File | Problem | None:
    """A photo of a check-in or report of the worker's own orders; anyone else's: 404.

     A photo of a check-in or report of the worker's own orders; anyone else's: 404.

    Needs a bearer token with the role worker.

    Args:
        photo_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        File | Problem
    """

    return sync_detailed(
        photo_id=photo_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    photo_id: UUID,
    *,
    client: AuthenticatedClient,
) -> Response[File | Problem]:
    """A photo of a check-in or report of the worker's own orders; anyone else's: 404.

     A photo of a check-in or report of the worker's own orders; anyone else's: 404.

    Needs a bearer token with the role worker.

    Args:
        photo_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[File | Problem]
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
) -> File | Problem | None:
    """A photo of a check-in or report of the worker's own orders; anyone else's: 404.

     A photo of a check-in or report of the worker's own orders; anyone else's: 404.

    Needs a bearer token with the role worker.

    Args:
        photo_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        File | Problem
    """

    return (
        await asyncio_detailed(
            photo_id=photo_id,
            client=client,
        )
    ).parsed
