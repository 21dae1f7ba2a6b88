from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.list_orders_state import ListOrdersState
from ...models.order_summary import OrderSummary
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    state: ListOrdersState | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_state: str | Unset = UNSET
    if not isinstance(state, Unset):
        json_state = state.value

    params["state"] = json_state

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/orders",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | list[OrderSummary]:
    if response.status_code == 200:
        response_200 = []
        _response_200 = response.json()
        for response_200_item_data in _response_200:
            response_200_item = OrderSummary.from_dict(response_200_item_data)

            response_200.append(response_200_item)

        return response_200

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

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
) -> Response[Problem | list[OrderSummary]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    state: ListOrdersState | Unset = UNSET,
) -> Response[Problem | list[OrderSummary]]:
    """The client's orders: current (soonest first) or past (latest first); GET /orders/{id} for one's
    details.

     The client's orders: current (soonest first) or past (latest first); GET /orders/{id} for one's
    details.

    Needs a bearer token with the role client.

    Args:
        state (ListOrdersState | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | list[OrderSummary]]
    """

    kwargs = _get_kwargs(
        state=state,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    state: ListOrdersState | Unset = UNSET,
) -> Problem | list[OrderSummary] | None:
    """The client's orders: current (soonest first) or past (latest first); GET /orders/{id} for one's
    details.

     The client's orders: current (soonest first) or past (latest first); GET /orders/{id} for one's
    details.

    Needs a bearer token with the role client.

    Args:
        state (ListOrdersState | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | list[OrderSummary]
    """

    return sync_detailed(
        client=client,
        state=state,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    state: ListOrdersState | Unset = UNSET,
) -> Response[Problem | list[OrderSummary]]:
    """The client's orders: current (soonest first) or past (latest first); GET /orders/{id} for one's
    details.

     The client's orders: current (soonest first) or past (latest first); GET /orders/{id} for one's
    details.

    Needs a bearer token with the role client.

    Args:
        state (ListOrdersState | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | list[OrderSummary]]
    """

    kwargs = _get_kwargs(
        state=state,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    state: ListOrdersState | Unset = UNSET,
) -> Problem | list[OrderSummary] | None:
    """The client's orders: current (soonest first) or past (latest first); GET /orders/{id} for one's
    details.

     The client's orders: current (soonest first) or past (latest first); GET /orders/{id} for one's
    details.

    Needs a bearer token with the role client.

    Args:
        state (ListOrdersState | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | list[OrderSummary]
    """

    return (
        await asyncio_detailed(
            client=client,
            state=state,
        )
    ).parsed
