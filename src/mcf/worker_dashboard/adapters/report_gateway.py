"""order-report: check-ins and reports, multipart with photos and an ``Idempotency-Key``.

``POST /orders/{order_id}/check-in`` (photos, time, lat, lon) and ``POST /orders/{order_id}/report`` (toys as JSON
text, duration_minutes, notes, photos) answer 201 with the new document, or 200 with the earlier one when the key
was seen; ``GET /orders/{order_id}/report`` is the order's record {order_id, client_id, check_in, report};
``GET /photos/{photo_id}[/thumbnail]`` a photo (contracts/openapi/order-report.yaml).
"""
from __future__ import annotations

import json

from mcf.kit.values import PHOTO_MEDIA_TYPES, FileContent, iso_utc
from mcf.worker_dashboard.adapters.upstream import ServiceClient, UpstreamAuth
from mcf.worker_dashboard.domain import Photo
from mcf.worker_dashboard.ports import Caller, CheckIn, Report, Submitted


def _multipart(fields: dict[str, str], photos: list[Photo]) -> list[tuple]:
    """Form fields and photos as one multipart body (fields as parts without a file name, so the body is
    multipart even when there is no photo)."""
    return ([(name, (None, value)) for name, value in fields.items()]
            + [("photos", (photo.filename, photo.data, photo.content_type)) for photo in photos])


class HttpReportGateway:
    def __init__(self, client: ServiceClient, auth: UpstreamAuth):
        self._client, self._auth = client, auth

    def check_in(self, caller: Caller, check_in: CheckIn, key: str) -> Submitted:
        form = {}
        if check_in.latitude is not None:
            form.update(lat=str(check_in.latitude), lon=str(check_in.longitude))
        if check_in.checked_in_at is not None:
            form["time"] = iso_utc(check_in.checked_in_at)
        response = self._client.call("POST", f"/orders/{check_in.order_id}/check-in",
                                     files=_multipart(form, check_in.photos), headers={"Idempotency-Key": key},
                                     on_behalf_of=self._auth.on_behalf_of(caller))
        return Submitted(self._client.json(response), replayed=response.status_code == 200)

    def file_report(self, caller: Caller, report: Report, key: str) -> Submitted:
        form = {"toys": json.dumps([{"toy": t.toy, "reaction": t.reaction} for t in report.toys]),
                "duration_minutes": str(report.duration_minutes)}
        if report.notes:
            form["notes"] = report.notes
        response = self._client.call("POST", f"/orders/{report.order_id}/report",
                                     files=_multipart(form, report.photos), headers={"Idempotency-Key": key},
                                     on_behalf_of=self._auth.on_behalf_of(caller))
        return Submitted(self._client.json(response), replayed=response.status_code == 200)

    def report_of(self, caller: Caller, order_id: str) -> dict | None:
        response = self._client.call("GET", f"/orders/{order_id}/report", missing_is_none=True,
                                     on_behalf_of=self._auth.on_behalf_of(caller))
        return None if response is None else self._client.json(response)

    def photo(self, caller: Caller, photo_id: str, thumbnail: bool = False) -> FileContent | None:
        path = f"/photos/{photo_id}" + ("/thumbnail" if thumbnail else "")
        return self._client.download(path, accept=PHOTO_MEDIA_TYPES, on_behalf_of=self._auth.on_behalf_of(caller))
