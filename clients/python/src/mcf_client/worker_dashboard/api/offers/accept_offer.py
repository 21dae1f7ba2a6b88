from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.worker_order import WorkerOrder
from ...types import UNSET, Response, Unset


def _get_kwargs(
    order_id: UUID,
    *,
    idempotency_key: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/offers/{order_id}/accept".format(
            order_id=quote(str(order_id), safe=""),
        ),
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | WorkerOrder:
    if response.status_code == 200:
        response_200 = WorkerOrder.from_dict(response.json())

        return response_200

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
) -> Response[Problem | WorkerOrder]:
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
    idempotency_key: None | str | Unset = UNSET,
) -> Response[Problem | WorkerOrder]:
    """Take an order offered to this worker (a closed offer or a lost race: 409; a retry with the same
    Idempotency-Key: the first answer).

     Take an order offered to this worker (a closed offer or a lost race: 409; a retry with the same
    Idempotency-Key: the first answer).

    Needs a bearer token with the role worker.

    Args:
        order_id (UUID):
        idempotency_key (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | WorkerOrder]
    """

    kwargs = _get_kwargs(
        order_id=order_id,
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
    idempotency_key: None | str | Unset = UNSET,
) -> Problem | WorkerOrder | None:
    """Take an order offered to this worker (a closed offer or a lost race: 409; a retry with the same
    Idempotency-Key: the first answer).

     Take an order offered to this worker (a closed offer or a lost race: 409; a retry with the same
    Idempotency-Key: the first answer).

    Needs a bearer token with the role worker.

    Args:
        order_id (UUID):
        idempotency_key (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | WorkerOrder
    """

    return sync_detailed(
        order_id=order_id,
        client=client,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    order_id: UUID,
    *,
    client: AuthenticatedClient,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[Problem | WorkerOrder]:
    """Take an order offered to this worker (a closed offer or a lost race: 409; a retry with the same
    Idempotency-Key: the first answer).

     Take an order offered to this worker (a closed offer or a lost race: 409; a retry with the same
    Idempotency-Key: the first answer).

    Needs a bearer token with the role worker.

    Args:
        order_id (UUID):
        idempotency_key (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | WorkerOrder]
    """

    kwargs = _get_kwargs(
        order_id=order_id,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    order_id: UUID,
    *,
    client: AuthenticatedClient,
    idempotency_key: None | str | Unset = UNSET,
) -> Problem | WorkerOrder | None:
    """Take an order offered to this worker (a closed offer or a lost race: 409; a retry with the same
    Idempotency-Key: the first answer).

     Take an order offered to this worker (a closed offer or a lost race: 409; a retry with the same
    Idempotency-Key: the first answer).

    Needs a bearer token with the role worker.

    Args:
        order_id (UUID):
        idempotency_key (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | WorkerOrder
    """

    return (
        await asyncio_detailed(
            order_id=order_id,
            client=client,
            idempotency_key=idempotency_key,
        )
    ).parsed
