"""The candidate read model in PostgreSQL, as peewee models bound to the service's database; the match is one
plain-SQL query that filters through a GIN index and ranks by the domain's score computed in SQL, so only the few
best rows leave the server.

Shape (docs/adr/0030-matching-read-model-and-one-query-match.md):
- ``candidates``: one row per worker. ``match_keys`` holds ``<toy category>@<district>`` for every pair the worker
  serves, so "serves this category in this district" is one GIN probe (partial index: active workers only).
  ``available_minutes`` is the availability as an ``int4multirange`` of minutes of the local week, so "available
  for the whole slot" is one containment test. Per-category completions live on the row (``jsonb``: at most seven
  keys); per-client completions in ``client_affinity`` (unbounded, one probe per match for the client's rows).
- ``bookings``: the slots held by orders, one per order; ``tracked_orders``: what matching knows of each order,
  for re-holding a slot and counting open demand.
"""
from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Mapping

import peewee
from playhouse.postgres_ext import ArrayField, BinaryJSONField

from mcf.kit import db
from mcf.kit.db import Migration, PeeweeUnitOfWork
from mcf.matching.domain import (
    AFFINITY_SATURATION,
    EXPERIENCE_SATURATION,
    LOAD_SATURATION,
    MAX_RATING,
    MAX_TEST_SCORE,
    WEIGHTS,
    Booking,
    Candidate,
    MatchRequest,
    TrackedOrder,
    Window,
    merged_ranges,
)
from mcf.matching.ports import Shortlist, ShortlistEntry

MIGRATIONS = (
    Migration("matching:0001_read_model", """
        CREATE TABLE candidates (
            worker_id uuid PRIMARY KEY,
            active boolean NOT NULL DEFAULT false,
            toy_categories text[] NOT NULL DEFAULT '{}',
            districts text[] NOT NULL DEFAULT '{}',
            match_keys text[] NOT NULL DEFAULT '{}',
            availability jsonb NOT NULL DEFAULT '[]',
            available_minutes int4multirange NOT NULL DEFAULT '{}',
            rating double precision NOT NULL DEFAULT 0,
            test_score double precision NOT NULL DEFAULT 0,
            completed integer NOT NULL DEFAULT 0,
            cancelled integer NOT NULL DEFAULT 0,
            declined integer NOT NULL DEFAULT 0,
            current_load integer NOT NULL DEFAULT 0,
            category_completed jsonb NOT NULL DEFAULT '{}',
            updated_at timestamptz
        );
        CREATE INDEX candidates_match_keys ON candidates USING gin (match_keys) WHERE active;

        CREATE TABLE client_affinity (
            client_id uuid NOT NULL,
            worker_id uuid NOT NULL,
            completed integer NOT NULL,
            PRIMARY KEY (client_id, worker_id)
        );

        CREATE TABLE tracked_orders (
            order_id uuid PRIMARY KEY,
            state text NOT NULL CHECK (state IN ('open', 'offered', 'booked', 'closed')),
            client_id uuid,
            toy_category text,
            district text,
            slot_start timestamptz,
            slot_end timestamptz,
            worker_id uuid,
            counted boolean NOT NULL DEFAULT false
        );
        CREATE INDEX tracked_orders_open ON tracked_orders (district, slot_start) WHERE state <> 'closed';

        CREATE TABLE bookings (
            order_id uuid PRIMARY KEY,
            worker_id uuid NOT NULL,
            slot_start timestamptz NOT NULL,
            slot_end timestamptz NOT NULL
        );
        CREATE INDEX bookings_worker ON bookings (worker_id, slot_start);
        CREATE INDEX bookings_slot ON bookings (slot_start);
    """),
    # worker-profile's per-worker version of the facts last applied: an older one arriving later is ignored.
    Migration("matching:0002_profile_version", """
        ALTER TABLE candidates ADD COLUMN profile_version integer NOT NULL DEFAULT 0;
    """),
)

# A slot is at most 8 hours long, so a booking overlapping [start, end) started after start - 8 h (keeps the
# bookings probe an index range scan).
MAX_SLOT = timedelta(hours=8)
MAX_SLOT_SQL = "interval '8 hours'"


def _float(value: float) -> str:
    return f"{value!r}::float8"


def score_sql() -> str:
    """domain.score in SQL, term by term in the same order, on the aliases ``c`` (candidates) and ``with_client``."""
    w = WEIGHTS
    terms = [
        f"{_float(w['rating'])} * (LEAST(GREATEST(c.rating, 0::float8), {_float(MAX_RATING)}) / {_float(MAX_RATING)})",
        f"{_float(w['test_score'])} * (LEAST(GREATEST(c.test_score, 0::float8), {_float(MAX_TEST_SCORE)}) / "
        f"{_float(MAX_TEST_SCORE)})",
        f"{_float(w['client_affinity'])} * (LEAST(with_client, {AFFINITY_SATURATION})::float8 / "
        f"{AFFINITY_SATURATION}::float8)",
        f"{_float(w['category_experience'])} * (LEAST(COALESCE((c.category_completed ->> %(category)s)::int, 0), "
        f"{EXPERIENCE_SATURATION})::float8 / {EXPERIENCE_SATURATION}::float8)",
        f"{_float(w['reliability'])} * ((c.completed + 1)::float8 / (c.completed + c.declined + 2)::float8)",
        f"{_float(w['load'])} * (1.0::float8 - LEAST(c.current_load, {LOAD_SATURATION})::float8 / "
        f"{LOAD_SATURATION}::float8)",
    ]
    return "0::float8 + " + " + ".join(f"({t})" for t in terms)


CANDIDATE_COLUMNS = ("worker_id, active, toy_categories, districts, availability, rating, test_score, completed, "
                     "cancelled, declined, current_load, category_completed, updated_at")


def match_key(toy_category: str, district: str) -> str:
    return f"{toy_category}@{district}"


def multirange_literal(windows) -> str:
    return "{" + ",".join(f"[{lo},{hi})" for lo, hi in merged_ranges(windows)) + "}"


def _filters(request: MatchRequest) -> tuple[str, dict]:
    """The WHERE clause of every filter, on alias ``c``, and its parameters."""
    params = {"key": match_key(request.toy_category, request.district), "start": request.slot_start,
              "end": request.slot_end, "excluded": sorted(request.exclude_worker_ids)}
    clauses = ["c.active", "c.match_keys @> ARRAY[%(key)s]::text[]"]
    for i, (lo, hi) in enumerate(request.week_ranges):
        params[f"lo{i}"], params[f"hi{i}"] = lo, hi
        clauses.append(f"c.available_minutes @> int4range(%(lo{i})s, %(hi{i})s)")
    clauses.append("NOT (c.worker_id = ANY(%(excluded)s::uuid[]))")
    clauses.append(f"""NOT EXISTS (SELECT 1 FROM bookings b WHERE b.worker_id = c.worker_id
        AND b.slot_start < %(end)s AND b.slot_start > %(start)s::timestamptz - {MAX_SLOT_SQL}
        AND b.slot_end > %(start)s)""")
    return " AND ".join(clauses), params


class MultirangeField(peewee.Field):
    """An ``int4multirange`` column, written as its text literal (``multirange_literal``)."""

    field_type = "int4multirange"


class CandidateRow(peewee.Model):
    worker_id = peewee.UUIDField(primary_key=True)
    active = peewee.BooleanField()
    toy_categories = ArrayField(peewee.TextField)
    districts = ArrayField(peewee.TextField)
    match_keys = ArrayField(peewee.TextField)
    availability = BinaryJSONField()
    available_minutes = MultirangeField()
    rating = peewee.DoubleField()
    test_score = peewee.DoubleField()
    completed = peewee.IntegerField()
    cancelled = peewee.IntegerField()
    declined = peewee.IntegerField()
    current_load = peewee.IntegerField()
    category_completed = BinaryJSONField()
    updated_at = peewee.DateTimeField(null=True)
    profile_version = peewee.IntegerField(default=0)

    class Meta:
        table_name = "candidates"


class ClientAffinityRow(peewee.Model):
    client_id = peewee.UUIDField()
    worker_id = peewee.UUIDField()
    completed = peewee.IntegerField()

    class Meta:
        table_name = "client_affinity"
        primary_key = peewee.CompositeKey("client_id", "worker_id")


class TrackedOrderRow(peewee.Model):
    order_id = peewee.UUIDField(primary_key=True)
    state = peewee.TextField()
    client_id = peewee.UUIDField(null=True)
    toy_category = peewee.TextField(null=True)
    district = peewee.TextField(null=True)
    slot_start = peewee.DateTimeField(null=True)
    slot_end = peewee.DateTimeField(null=True)
    worker_id = peewee.UUIDField(null=True)
    counted = peewee.BooleanField()

    class Meta:
        table_name = "tracked_orders"


class BookingRow(peewee.Model):
    order_id = peewee.UUIDField(primary_key=True)
    worker_id = peewee.UUIDField()
    slot_start = peewee.DateTimeField()
    slot_end = peewee.DateTimeField()

    class Meta:
        table_name = "bookings"


def _candidate(values: Mapping) -> Candidate:
    """From a row's values by column name: a CandidateRow's ``__data__`` or a row of the match query."""
    return Candidate(
        worker_id=str(values["worker_id"]), active=values["active"], toy_categories=tuple(values["toy_categories"]),
        districts=tuple(values["districts"]),
        availability=tuple(Window.parse(w["weekday"], w["start"], w["end"]) for w in values["availability"]),
        rating=values["rating"], test_score=values["test_score"], completed=values["completed"],
        cancelled=values["cancelled"], declined=values["declined"], current_load=values["current_load"],
        category_completed=dict(values["category_completed"]), updated_at=values["updated_at"],
        profile_version=values.get("profile_version", 0))


def candidate_row(candidate: Candidate) -> tuple:
    """The row's values in ``CANDIDATE_COLUMNS`` order plus match_keys and available_minutes (for COPY)."""
    return (candidate.worker_id, candidate.active, list(candidate.toy_categories), list(candidate.districts),
            json.dumps([w.to_dict() for w in candidate.availability]), candidate.rating, candidate.test_score,
            candidate.completed, candidate.cancelled, candidate.declined, candidate.current_load,
            json.dumps(candidate.category_completed, sort_keys=True), candidate.updated_at,
            sorted({match_key(t, d) for t in candidate.toy_categories for d in candidate.districts}),
            multirange_literal(candidate.availability))


def _candidate_fields(candidate: Candidate) -> dict:
    return dict(
        worker_id=candidate.worker_id, active=candidate.active, toy_categories=list(candidate.toy_categories),
        districts=list(candidate.districts), availability=[w.to_dict() for w in candidate.availability],
        rating=candidate.rating, test_score=candidate.test_score, completed=candidate.completed,
        cancelled=candidate.cancelled, declined=candidate.declined, current_load=candidate.current_load,
        category_completed=dict(candidate.category_completed), updated_at=candidate.updated_at,
        match_keys=sorted({match_key(t, d) for t in candidate.toy_categories for d in candidate.districts}),
        available_minutes=multirange_literal(candidate.availability), profile_version=candidate.profile_version)


def _rows(cursor) -> list[dict]:
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


class PeeweeCandidateStore:
    """The candidates on peewee models; the match itself (``shortlist``, ``supply``) is the one SQL query of
    ADR 0030, which the query builder would only obscure."""

    def __init__(self, database: peewee.Database):
        self.database = database
        self.rows = db.bound(CandidateRow, database)
        self.affinity = db.bound(ClientAffinityRow, database)

    def get(self, worker_id: str) -> Candidate | None:
        # FOR UPDATE: a worker's facts and its counters are read-modify-written; two consumers must not interleave.
        row = self.rows.select().where(self.rows.worker_id == worker_id).for_update().first()
        return _candidate(row.__data__) if row else None

    def save(self, candidate: Candidate) -> None:
        fields = _candidate_fields(candidate)
        self.rows.insert(**fields).on_conflict(
            conflict_target=[self.rows.worker_id],
            preserve=[getattr(self.rows, name) for name in fields if name != "worker_id"]).execute()

    def shortlist(self, request: MatchRequest, size: int) -> Shortlist:
        # Score and count narrow rows (id, score) over the whole pool; fetch full rows only for the few best.
        where, params = _filters(request)
        params.update(category=request.toy_category, client=request.client_id, size=size)
        score = score_sql().replace("with_client", "COALESCE(a.completed, 0)")
        rows = _rows(self.database.execute_sql(f"""
            WITH best AS (
                SELECT c.worker_id, {score} AS score, COALESCE(a.completed, 0) AS with_client,
                       count(*) OVER () AS supply
                FROM candidates c
                LEFT JOIN client_affinity a ON a.worker_id = c.worker_id AND a.client_id = %(client)s::uuid
                WHERE {where}
                ORDER BY score DESC, c.worker_id
                LIMIT %(size)s
            )
            SELECT {', '.join('c.' + n.strip() for n in CANDIDATE_COLUMNS.split(','))}, best.with_client, best.supply
            FROM best JOIN candidates c ON c.worker_id = best.worker_id
            ORDER BY best.score DESC, best.worker_id""", params))
        if not rows:
            return Shortlist([], 0)
        return Shortlist([ShortlistEntry(_candidate(row), with_client=row["with_client"]) for row in rows],
                         supply=rows[0]["supply"])

    def supply(self, request: MatchRequest) -> int:
        where, params = _filters(request)
        return self.database.execute_sql(f"SELECT count(*) FROM candidates c WHERE {where}", params).fetchone()[0]

    def add_client_completion(self, worker_id: str, client_id: str) -> None:
        affinity = self.affinity
        affinity.insert(client_id=client_id, worker_id=worker_id, completed=1).on_conflict(
            conflict_target=[affinity.client_id, affinity.worker_id],
            update={affinity.completed: affinity.completed + 1}).execute()

    def client_completions(self, worker_id: str) -> dict[str, int]:
        query = self.affinity.select().where(self.affinity.worker_id == worker_id)
        return {str(row.client_id): row.completed for row in query}


def _tracked(row: TrackedOrderRow) -> TrackedOrder:
    return TrackedOrder(str(row.order_id), row.state, str(row.client_id) if row.client_id else None,
                        row.toy_category, row.district, row.slot_start, row.slot_end,
                        str(row.worker_id) if row.worker_id else None, row.counted)


def _booking(row: BookingRow) -> Booking:
    return Booking(str(row.order_id), str(row.worker_id), row.slot_start, row.slot_end)


class PeeweeOrderTracker:
    def __init__(self, database: peewee.Database):
        self.rows = db.bound(TrackedOrderRow, database)
        self.bookings = db.bound(BookingRow, database)

    def get(self, order_id: str) -> TrackedOrder | None:
        row = self.rows.select().where(self.rows.order_id == order_id).first()
        return _tracked(row) if row else None

    def save(self, order: TrackedOrder) -> None:
        fields = dict(order_id=order.order_id, state=order.state, client_id=order.client_id,
                      toy_category=order.toy_category, district=order.district, slot_start=order.slot_start,
                      slot_end=order.slot_end, worker_id=order.worker_id, counted=order.counted)
        self.rows.insert(**fields).on_conflict(
            conflict_target=[self.rows.order_id],
            preserve=[getattr(self.rows, name) for name in fields if name != "order_id"]).execute()

    def open_demand(self, district: str, start: datetime, end: datetime) -> int:
        rows = self.rows
        return rows.select().where(
            (rows.district == district) & (rows.state != "closed") & (rows.slot_start < end)
            & (rows.slot_start > start - MAX_SLOT) & (rows.slot_end > start)).count()

    def booking(self, order_id: str) -> Booking | None:
        row = self.bookings.select().where(self.bookings.order_id == order_id).first()
        return _booking(row) if row else None

    def book(self, booking: Booking) -> bool:
        inserted = self.bookings.insert(
            order_id=booking.order_id, worker_id=booking.worker_id, slot_start=booking.slot_start,
            slot_end=booking.slot_end).on_conflict_ignore().returning(self.bookings.order_id).execute()
        return len(list(inserted)) == 1

    def free(self, order_id: str) -> Booking | None:
        freed = list(self.bookings.delete().where(self.bookings.order_id == order_id)
                     .returning(self.bookings).execute())
        return _booking(freed[0]) if freed else None

    def bookings_of(self, worker_id: str) -> list[Booking]:
        query = (self.bookings.select().where(self.bookings.worker_id == worker_id)
                 .order_by(self.bookings.slot_start))
        return [_booking(row) for row in query]


class MatchingUnitOfWork(PeeweeUnitOfWork):
    def __init__(self, database: peewee.Database):
        super().__init__(database)
        self.candidates = PeeweeCandidateStore(database)
        self.orders = PeeweeOrderTracker(database)
