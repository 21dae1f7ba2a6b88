from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ...client import AuthenticatedClient, Client
from ...models.order_report import OrderReport
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    order_id: UUID,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/orders/{order_id}/report".format(
            order_id=quote(str(order_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> OrderReport | Problem:
    if response.status_code == 200:
        response_200 = OrderReport.from_dict(response.json())

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
) -> Response[OrderReport | Problem]:
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
) -> Response[OrderReport | Problem]:
    """The check-in and report of one of the client's orders: the toys tested and the cat's reaction to
    each,
    notes, duration, links to the photos. Another client's order, or one nobody checked in yet: 404.

     The check-in and report of one of the client's orders: the toys tested and the cat's reaction to
    each,
    notes, duration, links to the photos. Another client's order, or one nobody checked in yet: 404.

    Needs a bearer token with the role client.

    Args:
        order_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[OrderReport | Problem]
    """

    kwargs = _get_kwargs(
        order_id=order_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    order_id: UUID,
    *,
    client: AuthenticatedClient,
) -> OrderReport | Problem | None:
    """The check-in and report of one of the client's orders: the toys tested and the cat's reaction to
    each,
    notes, duration, links to the photos. Another client's order, or one nobody checked in yet: 404.

     The check-in and report of one of the client's orders: the toys tested and the cat's reaction to
    each,
    notes, duration, links to the photos. Another client's order, or one nobody checked in yet: 404.

    Needs a bearer token with the role client.

    Args:
        order_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        OrderReport | Problem
    """

    return sync_detailed(
        order_id=order_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    order_id: UUID,
    *,
    client: AuthenticatedClient,
) -> Response[OrderReport | Problem]:
    """The check-in and report of one of the client's orders: the toys tested and the cat's reaction to
    each,
    notes, duration, links to the photos. Another client's order, or one nobody checked in yet: 404.

     The check-in and report of one of the client's orders: the toys tested and the cat's reaction to
    each,
    notes, duration, links to the photos. Another client's order, or one nobody checked in yet: 404.

    Needs a bearer token with the role client.

    Args:
        order_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[OrderReport | Problem]
    """

    kwargs = _get_kwargs(
        order_id=order_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    order_id: UUID,
    *,
    client: AuthenticatedClient,
) -> OrderReport | Problem | None:
    """The check-in and report of one of the client's orders: the toys tested and the cat's reaction to
    each,
    notes, duration, links to the photos. Another client's order, or one nobody checked in yet: 404.

     The check-in and report of one of the client's orders: the toys tested and the cat's reaction to
    each,
    notes, duration, links to the photos. Another client's order, or one nobody checked in yet: 404.

    Needs a bearer token with the role client.

    Args:
        order_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        OrderReport | Problem
    """

    return (
        await asyncio_detailed(
            order_id=order_id,
            client=client,
        )
    ).parsed
