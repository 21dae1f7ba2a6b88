"""MongoDB storage of order-report: check-ins and reports as documents, photos in GridFS.

A check-in's and a report's ``_id`` is the order id: MongoDB's own primary-key uniqueness makes "one per order"
hold across processes with no extra index. Each document carries its integration events (kit.mongo_outbox), so
the document and its events are one atomic write. UUIDs are strings (kit.mongo).
"""
from __future__ import annotations

import uuid

import gridfs
from pymongo.database import Database

from mcf.kit import mongo
from mcf.kit.mongo_outbox import ensure_outbox_index, insert_with_events
from mcf.order_report.domain import (
    CheckIn,
    Location,
    Photo,
    Report,
    Submission,
    ToyReaction,
)
from mcf.order_report.events import integration_events
from mcf.order_report.ports import CleanImage, Duplicate, PhotoOwner, StoredPhotoFile

CHECK_INS, REPORTS, PHOTOS_BUCKET = "check_ins", "reports", "photos"
THUMBNAIL_SUFFIX = ".thumbnail"
CHUNK_BYTES = 255 * 1024


def ensure_indexes(db: Database) -> None:
    """Idempotent; run at start-up. Indexes for the relay's scan and the listings by worker and client."""
    for name in (CHECK_INS, REPORTS):
        ensure_outbox_index(db[name])
        db[name].create_index("worker_id")
        db[name].create_index("client_id")


def _photo_doc(photo: Photo) -> dict:
    return {"photo_id": photo.photo_id, "content_type": photo.content_type, "width": photo.width,
            "height": photo.height, "size": photo.size}


def _photo(doc: dict) -> Photo:
    return Photo(doc["photo_id"], doc["content_type"], doc["width"], doc["height"], doc["size"])


def _insert(collection, aggregate: CheckIn | Report, doc: dict, now) -> None:
    """The aggregate's document with its integration events (one write); Duplicate if the order has one."""
    events = [i for e in aggregate.events for i in integration_events(e)]
    if not insert_with_events(collection, doc, events, now):
        raise Duplicate(aggregate.order_id)
    aggregate.events.clear()


class MongoCheckIns:
    def __init__(self, db: Database):
        self.collection = db[CHECK_INS]

    def get(self, order_id: str) -> CheckIn | None:
        doc = self.collection.find_one({"_id": order_id}, {"outbox": 0})
        if doc is None:
            return None
        location = doc.get("location")
        return CheckIn(
            order_id=doc["_id"], worker_id=doc["worker_id"], client_id=doc["client_id"],
            checked_in_at=doc["checked_in_at"],
            location=Location(location["lat"], location["lon"]) if location else None,
            photos=tuple(_photo(p) for p in doc["photos"]),
            submission=Submission(doc["idempotency_key"], doc["fingerprint"]), recorded_at=doc["recorded_at"])

    def add(self, check_in: CheckIn) -> None:
        doc = {
            "_id": check_in.order_id, "order_id": check_in.order_id, "worker_id": check_in.worker_id,
            "client_id": check_in.client_id, "checked_in_at": check_in.checked_in_at,
            "location": None if check_in.location is None else {"lat": check_in.location.lat,
                                                                 "lon": check_in.location.lon},
            "photos": [_photo_doc(p) for p in check_in.photos],
            "idempotency_key": check_in.submission.key, "fingerprint": check_in.submission.fingerprint,
            "recorded_at": check_in.recorded_at,
        }
        _insert(self.collection, check_in, doc, check_in.recorded_at)


class MongoReports:
    def __init__(self, db: Database):
        self.collection = db[REPORTS]

    def get(self, order_id: str) -> Report | None:
        doc = self.collection.find_one({"_id": order_id}, {"outbox": 0})
        if doc is None:
            return None
        return Report(
            report_id=doc["report_id"], order_id=doc["_id"], worker_id=doc["worker_id"], client_id=doc["client_id"],
            toys=tuple(ToyReaction(t["toy"], t["reaction"], t.get("comment")) for t in doc["toys"]),
            notes=doc.get("notes"), duration_minutes=doc["duration_minutes"],
            photos=tuple(_photo(p) for p in doc["photos"]), filed_at=doc["filed_at"],
            submission=Submission(doc["idempotency_key"], doc["fingerprint"]))

    def add(self, report: Report) -> None:
        doc = {
            "_id": report.order_id, "report_id": report.report_id, "order_id": report.order_id,
            "worker_id": report.worker_id, "client_id": report.client_id,
            "toys": [{"toy": t.toy, "reaction": t.reaction, "comment": t.comment} for t in report.toys],
            "notes": report.notes, "duration_minutes": report.duration_minutes,
            "photos": [_photo_doc(p) for p in report.photos], "filed_at": report.filed_at,
            "idempotency_key": report.submission.key, "fingerprint": report.submission.fingerprint,
        }
        _insert(self.collection, report, doc, report.filed_at)


class GridFsPhotoStore:
    """Photos and their thumbnails in the GridFS bucket ``photos``, the owner in each file's metadata."""

    def __init__(self, db: Database):
        self.bucket = mongo.gridfs_bucket(db, PHOTOS_BUCKET)

    def put(self, owner: PhotoOwner, image: CleanImage) -> Photo:
        photo_id = str(uuid.uuid4())
        meta = {"order_id": owner.order_id, "worker_id": owner.worker_id, "client_id": owner.client_id,
                "kind": owner.kind}
        self.bucket.upload_from_stream_with_id(photo_id, photo_id, image.data, chunk_size_bytes=CHUNK_BYTES,
                                               metadata={**meta, "content_type": image.content_type})
        try:
            self.bucket.upload_from_stream_with_id(
                photo_id + THUMBNAIL_SUFFIX, photo_id + THUMBNAIL_SUFFIX, image.thumbnail,
                chunk_size_bytes=CHUNK_BYTES, metadata={**meta, "content_type": image.thumbnail_content_type})
        except Exception:
            self._delete(photo_id)
            raise
        return Photo(photo_id, image.content_type, image.width, image.height, len(image.data))

    def delete(self, photo_ids: list[str]) -> None:
        for photo_id in photo_ids:
            self._delete(photo_id)
            self._delete(photo_id + THUMBNAIL_SUFFIX)

    def _delete(self, file_id: str) -> None:
        try:
            self.bucket.delete(file_id)
        except gridfs.errors.NoFile:
            pass

    def open(self, photo_id: str, thumbnail: bool = False) -> StoredPhotoFile | None:
        try:
            stream = self.bucket.open_download_stream(photo_id + (THUMBNAIL_SUFFIX if thumbnail else ""))
        except gridfs.errors.NoFile:
            return None
        meta = stream.metadata or {}
        owner = PhotoOwner(meta["order_id"], meta["worker_id"], meta["client_id"], meta["kind"])

        def chunks():
            try:
                while True:
                    chunk = stream.readchunk()
                    if not chunk:
                        return
                    yield chunk
            finally:
                stream.close()

        return StoredPhotoFile(owner, meta["content_type"], stream.length, chunks())
