from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.order import Order
from ...models.place_order import PlaceOrder
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: PlaceOrder,
    idempotency_key: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/orders",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Order | Problem:
    if response.status_code == 201:
        response_201 = Order.from_dict(response.json())

        return response_201

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

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
) -> Response[Order | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: PlaceOrder,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[Order | Problem]:
    """Place an order for one of the client's cats (another's cat is 404).

     A retry with the same Idempotency-Key places nothing again and answers with the first order; the
    same
    key with another body is 422. The 201 may carry an order that is already ``cancelled``: when no
    worker
    can take it, order-service cancels it at once (``cancellation.cancelled_by`` ``platform``,
    ``cancellation.reason`` ``no_candidates``); look at ``status`` before paying.

    Needs a bearer token with the role client.

    Args:
        idempotency_key (None | str | Unset):
        body (PlaceOrder):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Order | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: PlaceOrder,
    idempotency_key: None | str | Unset = UNSET,
) -> Order | Problem | None:
    """Place an order for one of the client's cats (another's cat is 404).

     A retry with the same Idempotency-Key places nothing again and answers with the first order; the
    same
    key with another body is 422. The 201 may carry an order that is already ``cancelled``: when no
    worker
    can take it, order-service cancels it at once (``cancellation.cancelled_by`` ``platform``,
    ``cancellation.reason`` ``no_candidates``); look at ``status`` before paying.

    Needs a bearer token with the role client.

    Args:
        idempotency_key (None | str | Unset):
        body (PlaceOrder):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Order | Problem
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: PlaceOrder,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[Order | Problem]:
    """Place an order for one of the client's cats (another's cat is 404).

     A retry with the same Idempotency-Key places nothing again and answers with the first order; the
    same
    key with another body is 422. The 201 may carry an order that is already ``cancelled``: when no
    worker
    can take it, order-service cancels it at once (``cancellation.cancelled_by`` ``platform``,
    ``cancellation.reason`` ``no_candidates``); look at ``status`` before paying.

    Needs a bearer token with the role client.

    Args:
        idempotency_key (None | str | Unset):
        body (PlaceOrder):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Order | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: PlaceOrder,
    idempotency_key: None | str | Unset = UNSET,
) -> Order | Problem | None:
    """Place an order for one of the client's cats (another's cat is 404).

     A retry with the same Idempotency-Key places nothing again and answers with the first order; the
    same
    key with another body is 422. The 201 may carry an order that is already ``cancelled``: when no
    worker
    can take it, order-service cancels it at once (``cancellation.cancelled_by`` ``platform``,
    ``cancellation.reason`` ``no_candidates``); look at ``status`` before paying.

    Needs a bearer token with the role client.

    Args:
        idempotency_key (None | str | Unset):
        body (PlaceOrder):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Order | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
