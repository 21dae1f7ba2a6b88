"""MongoDB through pymongo: one database per service (nx-27017 locally, mongo:7 in production).

Keep to ordinary CRUD, indexes, GridFS and simple aggregations (STORES.md), and reach stored files through
``gridfs`` only: the stand-in cannot count ``fs.files`` directly. Store UUIDs as strings: the stand-in keeps
binary UUIDs as plain bytes and cannot match them in a filter, so native ``uuid.UUID`` values are refused here
(pymongo's default UUID representation) rather than silently unfindable.
"""
from __future__ import annotations

import gridfs
from pymongo import MongoClient
from pymongo.database import Database

from mcf.kit.config import Settings

SERVER_SELECTION_TIMEOUT_MS = 5_000
CONNECT_TIMEOUT_MS = 5_000
SOCKET_TIMEOUT_MS = 30_000


def connect(settings: Settings, service: str) -> Database:
    """The service's database; ``db.client`` is its MongoClient (thread-safe, pooled): close it at shutdown.

    pymongo connects lazily, so this never blocks; ``ping`` tells whether the server answers.
    """
    client: MongoClient = MongoClient(
        settings.mongo_url,
        appname=f"mcf-{service}",
        serverSelectionTimeoutMS=SERVER_SELECTION_TIMEOUT_MS,
        connectTimeoutMS=CONNECT_TIMEOUT_MS,
        socketTimeoutMS=SOCKET_TIMEOUT_MS,
        tz_aware=True,  # datetimes come back as aware UTC, like everywhere else in MCF
    )
    return client[settings.database_name(service)]


def close(db: Database) -> None:
    db.client.close()


def gridfs_bucket(db: Database, bucket_name: str = "fs") -> gridfs.GridFSBucket:
    return gridfs.GridFSBucket(db, bucket_name=bucket_name)


def ping(db: Database) -> bool:
    """Readiness: the server answers within the selection timeout."""
    try:
        return bool(db.command("ping").get("ok"))
    except Exception:  # noqa: BLE001 - any failure means "not ready"; the caller reports it
        return False
