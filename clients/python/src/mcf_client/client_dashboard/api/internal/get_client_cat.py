from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ...client import AuthenticatedClient, Client
from ...models.client_cat import ClientCat
from ...models.problem import Problem
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
) -> ClientCat | Problem:
    if response.status_code == 200:
        response_200 = ClientCat.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

    response_default = Problem.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ClientCat | Problem]:
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
) -> Response[ClientCat | Problem]:
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
        Response[ClientCat | Problem]
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
) -> ClientCat | Problem | None:
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
        ClientCat | Problem
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
) -> Response[ClientCat | Problem]:
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
        Response[ClientCat | Problem]
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
) -> ClientCat | Problem | None:
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
        ClientCat | Problem
    """

    return (
        await asyncio_detailed(
            client_id=client_id,
            cat_id=cat_id,
            client=client,
        )
    ).parsed
