from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ...client import AuthenticatedClient, Client
from ...models.check_in import CheckIn
from ...models.check_in_body import CheckInBody
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    order_id: UUID,
    *,
    body: CheckInBody,
    idempotency_key: str,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/orders/{order_id}/check-in".format(
            order_id=quote(str(order_id), safe=""),
        ),
    }

    _kwargs["files"] = body.to_multipart()

    headers["Content-Type"] = "multipart/form-data; boundary=+++"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CheckIn | Problem:
    if response.status_code == 200:
        response_200 = CheckIn.from_dict(response.json())

        return response_200

    if response.status_code == 201:
        response_201 = CheckIn.from_dict(response.json())

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
) -> Response[CheckIn | Problem]:
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
    body: CheckInBody,
    idempotency_key: str,
) -> Response[CheckIn | Problem]:
    """Check in at the client's place with at least one photo (order-report records it; the order moves
    to in progress a moment later).

     Check in at the client's place with at least one photo (order-report records it; the order moves
    to in progress a moment later).

    Needs a bearer token with the role worker.

    Args:
        order_id (UUID):
        idempotency_key (str):
        body (CheckInBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CheckIn | Problem]
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
    body: CheckInBody,
    idempotency_key: str,
) -> CheckIn | Problem | None:
    """Check in at the client's place with at least one photo (order-report records it; the order moves
    to in progress a moment later).

     Check in at the client's place with at least one photo (order-report records it; the order moves
    to in progress a moment later).

    Needs a bearer token with the role worker.

    Args:
        order_id (UUID):
        idempotency_key (str):
        body (CheckInBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CheckIn | Problem
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
    body: CheckInBody,
    idempotency_key: str,
) -> Response[CheckIn | Problem]:
    """Check in at the client's place with at least one photo (order-report records it; the order moves
    to in progress a moment later).

     Check in at the client's place with at least one photo (order-report records it; the order moves
    to in progress a moment later).

    Needs a bearer token with the role worker.

    Args:
        order_id (UUID):
        idempotency_key (str):
        body (CheckInBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CheckIn | Problem]
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
    body: CheckInBody,
    idempotency_key: str,
) -> CheckIn | Problem | None:
    """Check in at the client's place with at least one photo (order-report records it; the order moves
    to in progress a moment later).

     Check in at the client's place with at least one photo (order-report records it; the order moves
    to in progress a moment later).

    Needs a bearer token with the role worker.

    Args:
        order_id (UUID):
        idempotency_key (str):
        body (CheckInBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CheckIn | Problem
    """

    return (
        await asyncio_detailed(
            order_id=order_id,
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
