"""In-memory fakes of order-report's ports, for driving the service layer without I/O."""
from __future__ import annotations

import copy
import uuid

from mcf.order_report.domain import OrderView, Photo
from mcf.order_report.events import integration_events
from mcf.order_report.ports import BadImage, CleanImage, Duplicate, OrderServiceUnavailable, StoredPhotoFile


class FakeOrders:
    def __init__(self, *orders: OrderView):
        self.orders = {o.order_id: o for o in orders}
        self.down = False
        self.calls = 0

    def get_order(self, order_id):
        self.calls += 1
        if self.down:
            raise OrderServiceUnavailable("order-service did not answer")
        return self.orders.get(order_id)


class FakeInspector:
    """Accepts uploads whose bytes start with b"IMG"; anything else is a forged file."""

    def inspect(self, upload):
        if not upload.data.startswith(b"IMG"):
            raise BadImage(f"{upload.filename} is not an image", field="photos")
        return CleanImage("image/jpeg", upload.data.replace(b"GPS", b""), 640, 480, b"THUMB", "image/jpeg")


class FakePhotoStore:
    def __init__(self):
        self.files = {}  # photo_id -> (owner, CleanImage)
        self.fail_after = None

    def put(self, owner, image):
        if self.fail_after is not None and len(self.files) >= self.fail_after:
            raise RuntimeError("disk full")
        photo_id = str(uuid.uuid4())
        self.files[photo_id] = (owner, image)
        return Photo(photo_id, image.content_type, image.width, image.height, len(image.data))

    def delete(self, photo_ids):
        for photo_id in photo_ids:
            self.files.pop(photo_id, None)

    def open(self, photo_id, thumbnail=False):
        if photo_id not in self.files:
            return None
        owner, image = self.files[photo_id]
        data = image.thumbnail if thumbnail else image.data
        return StoredPhotoFile(owner, image.content_type, len(data), iter([data]))


class _FakeDocuments:
    """Documents keyed by order id, each with the integration events stored with it (the embedded outbox)."""

    def __init__(self):
        self.rows = {}
        self.outbox = []
        self.race = None  # a document another submission stores just before ours (a lost race)

    def get(self, order_id):
        return copy.deepcopy(self.rows.get(order_id))

    def add(self, value):
        if self.race is not None:
            winner, self.race = self.race, None
            self._store(winner)
        if value.order_id in self.rows:
            raise Duplicate(value.order_id)
        self._store(value)

    def _store(self, value):
        self.rows[value.order_id] = copy.deepcopy(value)
        self.rows[value.order_id].events = []
        self.outbox.extend(i for e in value.events for i in integration_events(e))
        value.events.clear()


class FakeCheckIns(_FakeDocuments):
    pass


class FakeReports(_FakeDocuments):
    pass
