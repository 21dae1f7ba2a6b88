"""order-report's use cases: check in, file a report, read them and their photos.

Idempotency: a submission carries an Idempotency-Key. The same key with the same content returns what the first
submission stored (``created`` False) and stores, and publishes, nothing more; the same key with other content is
refused; another key for an order already checked in (or reported) is a conflict. Photos are checked before
anything is stored; if a concurrent duplicate wins the race for the order, the photos this one stored are removed.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Callable

from mcf.kit.errors import Conflict, NotFound
from mcf.order_report.domain import (
    Actor,
    AlreadyCheckedIn,
    AlreadyReported,
    CheckIn,
    Location,
    Photo,
    Report,
    Submission,
    ToyReaction,
    photo_readable_by,
    to_millis,
)
from mcf.order_report.ports import (
    CheckIns,
    Duplicate,
    ImageInspector,
    OrderGateway,
    PhotoOwner,
    PhotoStore,
    Reports,
    StoredPhotoFile,
    Upload,
)


@dataclass(frozen=True)
class CheckInCommand:
    order_id: str
    worker_id: str
    idempotency_key: str
    photos: tuple[Upload, ...]
    time: datetime | None = None
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True)
class ReportCommand:
    order_id: str
    worker_id: str
    idempotency_key: str
    toys: tuple[ToyReaction, ...]
    duration_minutes: int
    notes: str | None = None
    photos: tuple[Upload, ...] = ()


@dataclass(frozen=True)
class Outcome:
    value: CheckIn | Report
    created: bool  # False: a replay of an earlier submission with the same key


@dataclass(frozen=True)
class OrderRecord:
    check_in: CheckIn | None
    report: Report | None


@dataclass(frozen=True)
class _Replay:
    """The answer to a submission whose order already has its record (a check-in, or a report): the same key and
    content replays the stored record (``created`` False); another worker's order is NotFound; anything else is the
    kind's conflict. ``vanished``: the twin that won the race for the order left no record to replay."""

    conflict: type[Conflict]
    vanished: str
    not_yours: str
    taken: str
    members: Callable[[Any], dict]  # what the conflict says of the stored record

    def __call__(self, existing: CheckIn | Report | None, worker_id: str, submission: Submission) -> Outcome:
        if existing is None:
            raise self.conflict(self.vanished)
        if existing.worker_id != worker_id:
            raise NotFound(self.not_yours)
        if submission.replays(existing.submission):
            return Outcome(existing, False)
        raise self.conflict(self.taken, **self.members(existing))


_REPLAY_CHECK_IN = _Replay(AlreadyCheckedIn, "the order was checked in by another submission",
                           "no such order assigned to this worker", "the order is already checked in",
                           lambda c: {"checked_in_at": c.checked_in_at.isoformat()})
_REPLAY_REPORT = _Replay(AlreadyReported, "the order was reported by another submission",
                         "no such order checked in by this worker", "the order already has a report",
                         lambda r: {"report_id": r.report_id})


def fingerprint(kind: str, fields: dict, photos: tuple[Upload, ...]) -> str:
    digest = hashlib.sha256(kind.encode())
    digest.update(json.dumps(fields, sort_keys=True, default=str).encode())
    for upload in photos:
        digest.update(hashlib.sha256(upload.data).digest())
    return digest.hexdigest()


def _store_photos(inspector: ImageInspector, store: PhotoStore, owner: PhotoOwner,
                  uploads: tuple[Upload, ...]) -> tuple[Photo, ...]:
    clean = [inspector.inspect(upload) for upload in uploads]  # every photo checked before any is stored
    stored: list[Photo] = []
    try:
        for image in clean:
            stored.append(store.put(owner, image))
    except Exception:
        store.delete([p.photo_id for p in stored])
        raise
    return tuple(stored)


def check_in(check_ins: CheckIns, orders: OrderGateway, inspector: ImageInspector, photos: PhotoStore,
             command: CheckInCommand, now: datetime) -> Outcome:
    """The worker starts the session: photos, the time (theirs or now), maybe a coarse location."""
    now = to_millis(now)
    location = None if command.lat is None or command.lon is None else Location.coarse(command.lat, command.lon)
    submission = Submission(command.idempotency_key, fingerprint(
        "check_in", {"order_id": command.order_id, "worker_id": command.worker_id, "time": command.time,
                     "location": location}, command.photos))
    existing = check_ins.get(command.order_id)
    if existing is not None:
        return _REPLAY_CHECK_IN(existing, command.worker_id, submission)
    when = to_millis(command.time) if command.time else now
    CheckIn.check_time(when, now)
    order = CheckIn.require_checkable(orders.get_order(command.order_id), command.worker_id)
    CheckIn.check_photo_count(len(command.photos))
    owner = PhotoOwner(order.order_id, command.worker_id, order.client_id, "check_in")
    stored = _store_photos(inspector, photos, owner, command.photos)

    def add() -> CheckIn:
        record = CheckIn.record(order, command.worker_id, when, location, stored, submission, now)
        check_ins.add(record)
        return record

    return _add_or_replay(photos, stored, add, lambda: _REPLAY_CHECK_IN(
        check_ins.get(command.order_id), command.worker_id, submission))


def _add_or_replay(photos: PhotoStore, stored: tuple[Photo, ...], add: Callable[[], CheckIn | Report],
                   replay: Callable[[], Outcome]) -> Outcome:
    """Store the record the photos were stored for; a twin submission that won the race is replayed instead. The
    photos of a record that is not stored are deleted."""
    try:
        record = add()
    except Duplicate:
        photos.delete([p.photo_id for p in stored])
        return replay()
    except Exception:
        photos.delete([p.photo_id for p in stored])
        raise
    return Outcome(record, True)


def file_report(check_ins: CheckIns, reports: Reports, inspector: ImageInspector, photos: PhotoStore,
                command: ReportCommand, now: datetime) -> Outcome:
    """The worker ends the session: the toys tested with the cat's reaction to each, notes, duration, photos."""
    now = to_millis(now)
    submission = Submission(command.idempotency_key, fingerprint(
        "report", {"order_id": command.order_id, "worker_id": command.worker_id,
                   "toys": [vars(t) for t in command.toys], "notes": command.notes,
                   "duration_minutes": command.duration_minutes}, command.photos))
    existing = reports.get(command.order_id)
    if existing is not None:
        return _REPLAY_REPORT(existing, command.worker_id, submission)
    checked = Report.require_checked_in(check_ins.get(command.order_id), command.worker_id)
    # The rules first: no photo is stored for a report that would be refused anyway.
    Report.check_contents(command.toys, command.notes, command.duration_minutes, len(command.photos))
    owner = PhotoOwner(checked.order_id, command.worker_id, checked.client_id, "report")
    stored = _store_photos(inspector, photos, owner, command.photos)

    def add() -> Report:
        report = Report.file(checked, command.worker_id, command.toys, command.notes, command.duration_minutes,
                             stored, submission, now)
        reports.add(report)
        return report

    return _add_or_replay(photos, stored, add, lambda: _REPLAY_REPORT(
        reports.get(command.order_id), command.worker_id, submission))


def read_order_record(check_ins: CheckIns, reports: Reports, order_id: str, actor: Actor) -> OrderRecord:
    """The check-in and report of an order, for their readers only (the worker, the order's client, managers,
    services); anyone else — and an order with neither — gets NotFound, never a hint that it exists."""
    check_in_ = check_ins.get(order_id)
    if check_in_ is None or not check_in_.readable_by(actor):
        raise NotFound(f"no report for order {order_id}")
    report = reports.get(order_id)
    return OrderRecord(check_in_, report if report is not None and report.readable_by(actor) else None)


def open_photo(photos: PhotoStore, photo_id: str, actor: Actor, thumbnail: bool = False) -> StoredPhotoFile:
    stored = photos.open(photo_id, thumbnail)
    if stored is None or not photo_readable_by(actor, stored.owner.worker_id, stored.owner.client_id):
        raise NotFound(f"no photo {photo_id}")
    return stored
