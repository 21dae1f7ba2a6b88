"""The ``Idempotency-Key`` header as every MCF HTTP adapter takes and forwards it.

A retried command (a timeout, a double click) carries the key of its first attempt; the service stores the key
with the command's effect in one transaction and answers a retry with the first result (payment: ADR 0011;
order: ADR 0061). A backend-for-frontend derives the key it forwards from the person and the client's key, so
two people choosing the same key never meet, and makes one up when the client sent none.

Keys are kept for ``Settings.idempotency_key_retention_seconds`` and then swept by ``sweeper`` (ADR 0146): a
periodic job of the service's workers process, one round per tick across replicas (the kit's TickClaim).
"""
from __future__ import annotations

import hashlib
import json
import uuid
from typing import TYPE_CHECKING, Any

import marshmallow as ma
from flask import Response, jsonify
from marshmallow import validate

if TYPE_CHECKING:  # a BFF without a database imports this module too: peewee only where a sweep runs
    import peewee

    from mcf.kit.runtime import PeriodicJob

HEADER = "Idempotency-Key"
REPLAYED = "Idempotent-Replayed"  # set to "true" on an answer that repeats the first one
MAX_LENGTH = 200


def key_headers(*, required: bool, description: str) -> type[ma.Schema]:
    """A headers schema (``@blp.arguments(..., location="headers")``) loading the key as ``idempotency_key``."""
    field = ma.fields.String(data_key=HEADER, required=required, validate=validate.Length(1, MAX_LENGTH),
                             metadata={"description": description},
                             **({} if required else {"load_default": None}))
    meta = type("Meta", (), {"unknown": ma.EXCLUDE})  # every other header
    return type("IdempotencyKeyHeaders", (ma.Schema,), {"Meta": meta, "idempotency_key": field})


def fingerprint(command: str, **parts: Any) -> str:
    """What a retry must repeat exactly: the command and its parts (path ids, the JSON body), canonically."""
    canonical = json.dumps({"command": command, **parts}, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def derived_key(namespace: uuid.UUID, scope: str, key: str | None) -> str:
    """The key to forward: the client's key in ``scope``'s namespace (deterministic, so a retry maps to the same
    key), or a fresh one when the client sent none (each request is then its own action)."""
    if key is None:
        return str(uuid.uuid4())
    return str(uuid.uuid5(namespace, f"{scope}:{key}"))


def replayed(body: dict, status: int, headers: dict[str, str] | None = None) -> Response:
    """The stored first response again, marked as a replay."""
    response = jsonify(body)
    response.status_code = status
    response.headers[REPLAYED] = "true"
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


SWEEP_BATCH = 1000


def sweep(database: peewee.Database, table: str, retention_seconds: float, *, batch: int = SWEEP_BATCH) -> int:
    """Delete the keys of ``table`` (a ``created_at`` column) older than ``retention_seconds`` on the database's
    clock, ``batch`` rows per transaction so a large backlog never holds one long lock; returns how many went.
    Rows a command holds right now (its claim not yet committed) are skipped, not waited for."""
    if not table.isidentifier():
        raise ValueError(f"not a plain table name: {table!r}")
    removed = 0
    with database.connection_context():
        while True:
            with database.atomic():
                cursor = database.execute_sql(
                    f"DELETE FROM {table} WHERE ctid IN (SELECT ctid FROM {table} "  # noqa: S608 - checked name
                    "WHERE created_at < now() - make_interval(secs => %s) LIMIT %s FOR UPDATE SKIP LOCKED)",
                    (retention_seconds, batch))
                count = cursor.rowcount
            removed += count
            if count < batch:
                return removed


def sweeper(database: peewee.Database, service: str, table: str, retention_seconds: float,
            interval_seconds: float) -> PeriodicJob:
    """The periodic job sweeping ``table``: ``<service>.idempotency-sweep``, one round per tick across replicas."""
    from mcf.kit import db  # the kit's periodic job and tick claim (db imports nothing of this module)

    return db.periodic_job(database, f"{service}.idempotency-sweep",
                           lambda: sweep(database, table, retention_seconds), interval_seconds)
