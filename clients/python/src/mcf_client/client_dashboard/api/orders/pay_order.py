from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ...client import AuthenticatedClient, Client
from ...models.pay import Pay
from ...models.payment import Payment
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    order_id: UUID,
    *,
    body: Pay,
    idempotency_key: str,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/orders/{order_id}/pay".format(
            order_id=quote(str(order_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Payment | Problem:
    if response.status_code == 200:
        response_200 = Payment.from_dict(response.json())

        return response_200

    if response.status_code == 201:
        response_201 = Payment.from_dict(response.json())

        return response_201

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = Problem.from_dict(response.json())

        return response_409

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())

        return response_422

    if response.status_code == 503:
        response_503 = Problem.from_dict(response.json())

        return response_503

    response_default = Problem.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Payment | Problem]:
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
    body: Pay,
    idempotency_key: str,
) -> Response[Payment | Problem]:
    """Pay for a placed, priced order with a card. Requires an Idempotency-Key header: a retry with the
    same
    key returns the same payment and charges nothing again.

     Pay for a placed, priced order with a card. Requires an Idempotency-Key header: a retry with the
    same
    key returns the same payment and charges nothing again.

    Needs a bearer token with the role client.

    Args:
        order_id (UUID):
        idempotency_key (str):
        body (Pay):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Payment | Problem]
    """

    kwargs = _get_kwargs(
        order_id=order_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    order_id: UUID,
    *,
    client: AuthenticatedClient,
    body: Pay,
    idempotency_key: str,
) -> Payment | Problem | None:
    """Pay for a placed, priced order with a card. Requires an Idempotency-Key header: a retry with the
    same
    key returns the same payment and charges nothing again.

     Pay for a placed, priced order with a card. Requires an Idempotency-Key header: a retry with the
    same
    key returns the same payment and charges nothing again.

    Needs a bearer token with the role client.

    Args:
        order_id (UUID):
        idempotency_key (str):
        body (Pay):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Payment | Problem
    """

    return sync_detailed(
        order_id=order_id,
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    order_id: UUID,
    *,
    client: AuthenticatedClient,
    body: Pay,
    idempotency_key: str,
) -> Response[Payment | Problem]:
    """Pay for a placed, priced order with a card. Requires an Idempotency-Key header: a retry with the
    same
    key returns the same payment and charges nothing again.

     Pay for a placed, priced order with a card. Requires an Idempotency-Key header: a retry with the
    same
    key returns the same payment and charges nothing again.

    Needs a bearer token with the role client.

    Args:
        order_id (UUID):
        idempotency_key (str):
        body (Pay):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Payment | Problem]
    """

    kwargs = _get_kwargs(
        order_id=order_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    order_id: UUID,
    *,
    client: AuthenticatedClient,
    body: Pay,
    idempotency_key: str,
) -> Payment | Problem | None:
    """Pay for a placed, priced order with a card. Requires an Idempotency-Key header: a retry with the
    same
    key returns the same payment and charges nothing again.

     Pay for a placed, priced order with a card. Requires an Idempotency-Key header: a retry with the
    same
    key returns the same payment and charges nothing again.

    Needs a bearer token with the role client.

    Args:
        order_id (UUID):
        idempotency_key (str):
        body (Pay):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Payment | Problem
    """

    return (
        await asyncio_detailed(
            order_id=order_id,
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
