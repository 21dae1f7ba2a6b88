from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ...client import AuthenticatedClient, Client
from ...models.cat import Cat
from ...models.change_cat import ChangeCat
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    cat_id: UUID,
    *,
    body: ChangeCat,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/cats/{cat_id}".format(
            cat_id=quote(str(cat_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Cat | Problem:
    if response.status_code == 200:
        response_200 = Cat.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())

        return response_422

    response_default = Problem.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Cat | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    cat_id: UUID,
    *,
    client: AuthenticatedClient,
    body: ChangeCat,
) -> Response[Cat | Problem]:
    """Change some of a cat's fields: at least one (an empty body is 422, docs/adr/0051).

     Change some of a cat's fields: at least one (an empty body is 422, docs/adr/0051).

    Needs a bearer token with the role client.

    Args:
        cat_id (UUID):
        body (ChangeCat):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Cat | Problem]
    """

    kwargs = _get_kwargs(
        cat_id=cat_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    cat_id: UUID,
    *,
    client: AuthenticatedClient,
    body: ChangeCat,
) -> Cat | Problem | None:
    """Change some of a cat's fields: at least one (an empty body is 422, docs/adr/0051).

     Change some of a cat's fields: at least one (an empty body is 422, docs/adr/0051).

    Needs a bearer token with the role client.

    Args:
        cat_id (UUID):
        body (ChangeCat):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Cat | Problem
    """

    return sync_detailed(
        cat_id=cat_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    cat_id: UUID,
    *,
    client: AuthenticatedClient,
    body: ChangeCat,
) -> Response[Cat | Problem]:
    """Change some of a cat's fields: at least one (an empty body is 422, docs/adr/0051).

     Change some of a cat's fields: at least one (an empty body is 422, docs/adr/0051).

    Needs a bearer token with the role client.

    Args:
        cat_id (UUID):
        body (ChangeCat):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Cat | Problem]
    """

    kwargs = _get_kwargs(
        cat_id=cat_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    cat_id: UUID,
    *,
    client: AuthenticatedClient,
    body: ChangeCat,
) -> Cat | Problem | None:
    """Change some of a cat's fields: at least one (an empty body is 422, docs/adr/0051).

     Change some of a cat's fields: at least one (an empty body is 422, docs/adr/0051).

    Needs a bearer token with the role client.

    Args:
        cat_id (UUID):
        body (ChangeCat):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Cat | Problem
    """

    return (
        await asyncio_detailed(
            cat_id=cat_id,
            client=client,
            body=body,
        )
    ).parsed
