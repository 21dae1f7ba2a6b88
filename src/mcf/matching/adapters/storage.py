"""The candidate read model in PostgreSQL, in plain SQL: the match is one query that filters through a GIN index
and ranks by the domain's score computed in SQL, so only the few best rows leave the server.

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
from dataclasses import replace
from datetime import datetime

import peewee

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


def _candidate(row) -> Candidate:
    (worker_id, active, categories, districts, availability, rating, test_score, completed, cancelled, declined,
     load, category_completed, updated_at) = row[:13]
    return Candidate(
        worker_id=str(worker_id), active=active, toy_categories=tuple(categories), districts=tuple(districts),
        availability=tuple(Window.parse(w["weekday"], w["start"], w["end"]) for w in availability),
        rating=rating, test_score=test_score, completed=completed, cancelled=cancelled, declined=declined,
        current_load=load, category_completed=dict(category_completed), updated_at=updated_at)


def candidate_row(candidate: Candidate) -> tuple:
    """The row's values in ``CANDIDATE_COLUMNS`` order plus match_keys and available_minutes (also for COPY)."""
    return (candidate.worker_id, candidate.active, list(candidate.toy_categories), list(candidate.districts),
            json.dumps([w.to_dict() for w in candidate.availability]), candidate.rating, candidate.test_score,
            candidate.completed, candidate.cancelled, candidate.declined, candidate.current_load,
            json.dumps(candidate.category_completed, sort_keys=True), candidate.updated_at,
            sorted({match_key(t, d) for t in candidate.toy_categories for d in candidate.districts}),
            multirange_literal(candidate.availability))


class PostgresCandidateStore:
    def __init__(self, database: peewee.Database):
        self.database = database
        self._shortlist_sql = None

    def get(self, worker_id: str) -> Candidate | None:
        # FOR UPDATE: a worker's facts and its counters are read-modify-written; two consumers must not interleave.
        row = self.database.execute_sql(
            f"SELECT {CANDIDATE_COLUMNS}, profile_version FROM candidates WHERE worker_id = %s FOR UPDATE",
            (worker_id,)).fetchone()
        return replace(_candidate(row), profile_version=row[13]) if row else None

    def save(self, candidate: Candidate) -> None:
        columns = CANDIDATE_COLUMNS + ", match_keys, available_minutes, profile_version"
        names = [c.strip() for c in columns.split(",")]
        updates = ", ".join(f"{n} = EXCLUDED.{n}" for n in names if n != "worker_id")
        self.database.execute_sql(
            f"INSERT INTO candidates ({columns}) VALUES ({', '.join(['%s'] * len(names))}) "
            f"ON CONFLICT (worker_id) DO UPDATE SET {updates}", (*candidate_row(candidate), candidate.profile_version))

    def shortlist(self, request: MatchRequest, size: int) -> Shortlist:
        # Score and count narrow rows (id, score) over the whole pool; fetch full rows only for the few best.
        where, params = _filters(request)
        params.update(category=request.toy_category, client=request.client_id, size=size)
        score = score_sql().replace("with_client", "COALESCE(a.completed, 0)")
        rows = self.database.execute_sql(f"""
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
            ORDER BY best.score DESC, best.worker_id""", params).fetchall()
        if not rows:
            return Shortlist([], 0)
        return Shortlist([ShortlistEntry(_candidate(row), with_client=row[13]) for row in rows], supply=rows[0][14])

    def supply(self, request: MatchRequest) -> int:
        where, params = _filters(request)
        return self.database.execute_sql(f"SELECT count(*) FROM candidates c WHERE {where}", params).fetchone()[0]

    def add_client_completion(self, worker_id: str, client_id: str) -> None:
        self.database.execute_sql(
            "INSERT INTO client_affinity (client_id, worker_id, completed) VALUES (%s, %s, 1) "
            "ON CONFLICT (client_id, worker_id) DO UPDATE SET completed = client_affinity.completed + 1",
            (client_id, worker_id))

    def client_completions(self, worker_id: str) -> dict[str, int]:
        rows = self.database.execute_sql(
            "SELECT client_id, completed FROM client_affinity WHERE worker_id = %s", (worker_id,)).fetchall()
        return {str(client): n for client, n in rows}


ORDER_COLUMNS = "order_id, state, client_id, toy_category, district, slot_start, slot_end, worker_id, counted"


class PostgresOrderTracker:
    def __init__(self, database: peewee.Database):
        self.database = database

    def get(self, order_id: str) -> TrackedOrder | None:
        row = self.database.execute_sql(
            f"SELECT {ORDER_COLUMNS} FROM tracked_orders WHERE order_id = %s", (order_id,)).fetchone()
        if row is None:
            return None
        order_id, state, client_id, category, district, start, end, worker_id, counted = row
        return TrackedOrder(str(order_id), state, str(client_id) if client_id else None, category, district, start,
                            end, str(worker_id) if worker_id else None, counted)

    def save(self, order: TrackedOrder) -> None:
        names = [n.strip() for n in ORDER_COLUMNS.split(",")]
        updates = ", ".join(f"{n} = EXCLUDED.{n}" for n in names if n != "order_id")
        self.database.execute_sql(
            f"INSERT INTO tracked_orders ({ORDER_COLUMNS}) VALUES ({', '.join(['%s'] * len(names))}) "
            f"ON CONFLICT (order_id) DO UPDATE SET {updates}",
            (order.order_id, order.state, order.client_id, order.toy_category, order.district, order.slot_start,
             order.slot_end, order.worker_id, order.counted))

    def open_demand(self, district: str, start: datetime, end: datetime) -> int:
        return self.database.execute_sql(
            "SELECT count(*) FROM tracked_orders WHERE district = %s AND state <> 'closed' "
            f"AND slot_start < %s AND slot_start > %s::timestamptz - {MAX_SLOT_SQL} AND slot_end > %s",
            (district, end, start, start)).fetchone()[0]

    def booking(self, order_id: str) -> Booking | None:
        row = self.database.execute_sql(
            "SELECT order_id, worker_id, slot_start, slot_end FROM bookings WHERE order_id = %s",
            (order_id,)).fetchone()
        return Booking(str(row[0]), str(row[1]), row[2], row[3]) if row else None

    def book(self, booking: Booking) -> bool:
        return self.database.execute_sql(
            "INSERT INTO bookings (order_id, worker_id, slot_start, slot_end) VALUES (%s, %s, %s, %s) "
            "ON CONFLICT (order_id) DO NOTHING RETURNING 1",
            (booking.order_id, booking.worker_id, booking.slot_start, booking.slot_end)).fetchone() is not None

    def free(self, order_id: str) -> Booking | None:
        row = self.database.execute_sql(
            "DELETE FROM bookings WHERE order_id = %s RETURNING order_id, worker_id, slot_start, slot_end",
            (order_id,)).fetchone()
        return Booking(str(row[0]), str(row[1]), row[2], row[3]) if row else None

    def bookings_of(self, worker_id: str) -> list[Booking]:
        rows = self.database.execute_sql(
            "SELECT order_id, worker_id, slot_start, slot_end FROM bookings WHERE worker_id = %s ORDER BY slot_start",
            (worker_id,)).fetchall()
        return [Booking(str(r[0]), str(r[1]), r[2], r[3]) for r in rows]


class MatchingUnitOfWork(PeeweeUnitOfWork):
    def __init__(self, database: peewee.Database):
        super().__init__(database)
        self.candidates = PostgresCandidateStore(database)
        self.orders = PostgresOrderTracker(database)
