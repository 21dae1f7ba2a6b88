"""In-memory fakes of worker-dashboard's ports, for the service layer's unit tests."""
from __future__ import annotations

import uuid

from mcf.kit.errors import Conflict, NotFound, Unauthorized
from mcf.kit.values import FileContent
from mcf.worker_dashboard.ports import Caller, CheckIn, Report, Submitted


class FakeOrders:
    def __init__(self):
        self.orders: dict[str, dict] = {}
        self.keys: list = []  # the Idempotency-Keys accept and decline were sent with

    def add(self, *, status="confirmed", offered_to=None, worker_id=None, slot_start="2030-01-01T10:00:00Z",
            **extra) -> dict:
        order = {"id": str(uuid.uuid4()), "status": status, "client_email": "human@example.com", "cat_name": "Murka",
                 "toy_category": "mice", "slot_start": slot_start, "worker_id": worker_id,
                 "offer": {"worker_id": offered_to, "expires_at": "2030-01-01T09:00:00Z"} if offered_to else None,
                 "address": {"city": "Moscow", "district": "Arbat", "street": "Arbat", "building": "10"},
                 "kit": {"ready": True, "pickup_point": {"name": "Point"}, "fortune": None}, **extra}
        self.orders[order["id"]] = order
        return order

    def _sees(self, order, worker_id):
        return worker_id in (order["worker_id"], (order["offer"] or {}).get("worker_id"))

    def for_worker(self, caller: Caller, *, current_only: bool) -> list[dict]:
        rows = []
        for o in self.orders.values():
            if self._sees(o, caller.worker_id) and (not current_only or o["status"] in ("placed", "confirmed",
                                                                                          "in_progress")):
                rows.append({"order_id": o["id"], "status": o["status"], "worker_id": o["worker_id"],
                             "offered_worker_id": (o["offer"] or {}).get("worker_id"), "slot_start": o["slot_start"],
                             "toy_category": o["toy_category"], "city": "Moscow", "district": "Arbat"})
        return rows

    def get(self, caller: Caller, order_id: str) -> dict | None:
        order = self.orders.get(order_id)
        return dict(order) if order and self._sees(order, caller.worker_id) else None

    def accept(self, caller: Caller, order_id: str, key: str | None = None) -> dict:
        self.keys.append(key)
        order = self.orders[order_id]
        if (order["offer"] or {}).get("worker_id") != caller.worker_id:
            raise Conflict("offer closed")
        order.update(worker_id=caller.worker_id, offer=None)
        return dict(order)

    def decline(self, caller: Caller, order_id: str, key: str | None = None) -> dict:
        self.keys.append(key)
        self.orders[order_id]["offer"] = None
        return dict(self.orders[order_id])


class FakeReports:
    def __init__(self):
        self.check_ins: dict[str, CheckIn] = {}
        self.reports: dict[str, Report] = {}
        self.wrong_order = False
        self.photos: dict[str, tuple[str, FileContent]] = {}   # photo id -> (worker id, file)

    def check_in(self, caller: Caller, check_in: CheckIn, key: str) -> Submitted:
        replayed = key in self.check_ins
        self.check_ins.setdefault(key, check_in)
        order_id = str(uuid.uuid4()) if self.wrong_order else self.check_ins[key].order_id
        return Submitted({"id": key, "order_id": order_id}, replayed)

    def file_report(self, caller: Caller, report: Report, key: str) -> Submitted:
        replayed = key in self.reports
        self.reports.setdefault(key, report)
        return Submitted({"id": key, "order_id": report.order_id}, replayed)

    def photo(self, caller: Caller, photo_id: str, thumbnail: bool = False) -> FileContent | None:
        owner, file = self.photos.get(photo_id, (None, None))
        return file if owner == caller.worker_id else None

    def report_of(self, caller: Caller, order_id: str) -> dict | None:
        for key, report in self.reports.items():
            if report.order_id == order_id:
                return {"id": key, "order_id": order_id}
        return None


class FakeProfiles:
    def __init__(self, email: str, password: str, token: str):
        self._account = (email, password, token)

    def log_in(self, email: str, password: str) -> str:
        known_email, known_password, token = self._account
        if (email, password) != (known_email, known_password):
            raise Unauthorized("the e-mail or the password is wrong")
        return token


class FakeHistory:
    def __init__(self, rows: list[dict]):
        self.rows = rows

    def for_worker(self, caller: Caller) -> list[dict]:
        return self.rows


def missing(*_args):
    raise NotFound("nope")
