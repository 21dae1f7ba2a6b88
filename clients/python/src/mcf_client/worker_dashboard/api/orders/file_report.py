from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ...client import AuthenticatedClient, Client
from ...models.file_report_body import FileReportBody
from ...models.problem import Problem
from ...models.report import Report
from ...types import Response


def _get_kwargs(
    order_id: UUID,
    *,
    body: FileReportBody,
    idempotency_key: str,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/orders/{order_id}/report".format(
            order_id=quote(str(order_id), safe=""),
        ),
    }

    _kwargs["files"] = body.to_multipart()

    headers["Content-Type"] = "multipart/form-data; boundary=+++"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | Report:
    if response.status_code == 200:
        response_200 = Report.from_dict(response.json())

        return response_200

    if response.status_code == 201:
        response_201 = Report.from_dict(response.json())

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
) -> Response[Problem | Report]:
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
    body: FileReportBody,
    idempotency_key: str,
) -> Response[Problem | Report]:
    """File the order's report: the toys tested and the cat's reaction to each, notes, duration, photos.

     File the order's report: the toys tested and the cat's reaction to each, notes, duration, photos.

    Needs a bearer token with the role worker.

    Args:
        order_id (UUID):
        idempotency_key (str):
        body (FileReportBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | Report]
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
    body: FileReportBody,
    idempotency_key: str,
) -> Problem | Report | None:
    """File the order's report: the toys tested and the cat's reaction to each, notes, duration, photos.

     File the order's report: the toys tested and the cat's reaction to each, notes, duration, photos.

    Needs a bearer token with the role worker.

    Args:
        order_id (UUID):
        idempotency_key (str):
        body (FileReportBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | Report
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
    body: FileReportBody,
    idempotency_key: str,
) -> Response[Problem | Report]:
    """File the order's report: the toys tested and the cat's reaction to each, notes, duration, photos.

     File the order's report: the toys tested and the cat's reaction to each, notes, duration, photos.

    Needs a bearer token with the role worker.

    Args:
        order_id (UUID):
        idempotency_key (str):
        body (FileReportBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | Report]
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
    body: FileReportBody,
    idempotency_key: str,
) -> Problem | Report | None:
    """File the order's report: the toys tested and the cat's reaction to each, notes, duration, photos.

     File the order's report: the toys tested and the cat's reaction to each, notes, duration, photos.

    Needs a bearer token with the role worker.

    Args:
        order_id (UUID):
        idempotency_key (str):
        body (FileReportBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | Report
    """

    return (
        await asyncio_detailed(
            order_id=order_id,
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
