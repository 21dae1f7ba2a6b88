"""matching benchmark: one match over a read model of 100,000 candidates, beside a plain indexed query.

``run(settings)`` loads the candidates (COPY) into ``<prefix>matching`` (prefix ``mcf_bench_`` by default), then
times N matches (the use case: the shortlist query, the demand query, re-scoring and pricing in Python) and, in
the same run and interleaved with them, the plain indexed PostgreSQL query over the same table ("active workers
serving this category in this district, best rated first": one GIN probe, a sort, a LIMIT). Returns rows
``(name, {"n", "p50_ms", "p95_ms", "p99_ms", "mean_ms", ...})``; the database is dropped afterwards.

    python -m tests.bench.bench_matching [--candidates 100000] [--matches 300]
"""
from __future__ import annotations

import argparse
import csv
import io
import random
import statistics
import sys
import time
import uuid
from datetime import datetime, timedelta, timezone

import psycopg2
import psycopg2.extensions

from mcf.kit import db
from mcf.kit.config import Settings
from mcf.matching import service
from mcf.matching.adapters.storage import MatchingUnitOfWork, candidate_row, match_key
from mcf.matching.domain import TOY_CATEGORIES, Candidate, MatchRequest, Window

DISTRICTS = ("Arbat", "Khamovniki", "Tverskoy", "Presnensky", "Basmanny", "Zamoskvorechye", "Yakimanka",
             "Meshchansky", "Dorogomilovo", "Sokolniki", "Lefortovo", "Taganka", "Khamovniki-South", "Ramenki",
             "Marfino", "Ostankino")
SCHEDULES = (
    [(d, "09:00", "18:00") for d in range(5)],
    [(d, "17:00", "22:00") for d in range(5)],
    [(d, "10:00", "20:00") for d in (5, 6)],
    [(d, "08:00", "23:00") for d in range(7)],
    [(d, "07:00", "12:00") for d in range(6)],
    [(d, "12:00", "24:00") for d in range(7)],
)
WEEK_START = datetime(2026, 11, 30, tzinfo=timezone.utc)  # a Monday
BASELINE_SQL = ("SELECT worker_id, rating FROM candidates WHERE active AND match_keys @> ARRAY[%s]::text[] "
                "ORDER BY rating DESC, worker_id LIMIT %s")
COLUMNS = ("worker_id, active, toy_categories, districts, availability, rating, test_score, completed, cancelled, "
           "declined, current_load, category_completed, updated_at, match_keys, available_minutes")


def _candidates(count: int, rng: random.Random):
    for i in range(count):
        categories = tuple(rng.sample(TOY_CATEGORIES, rng.randint(1, 3)))
        completed = rng.randint(0, 200)
        yield Candidate(
            worker_id=str(uuid.UUID(int=rng.getrandbits(128), version=4)), active=rng.random() < 0.9,
            toy_categories=categories, districts=tuple(rng.sample(DISTRICTS, rng.randint(1, 3))),
            availability=tuple(Window.parse(*w) for w in SCHEDULES[i % len(SCHEDULES)]),
            rating=round(rng.uniform(2.5, 5.0), 2), test_score=float(rng.randint(50, 100)), completed=completed,
            cancelled=rng.randint(0, 5), declined=rng.randint(0, 10), current_load=rng.randint(0, 4),
            category_completed={c: rng.randint(0, completed // len(categories)) for c in categories})


def _copy(conn, table: str, columns: str, rows) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow(["" if v is None else _pg(v) for v in row])
    buffer.seek(0)
    with conn.cursor() as cur:
        cur.copy_expert(f"COPY {table} ({columns}) FROM STDIN WITH (FORMAT csv)", buffer)


def _pg(value):
    if isinstance(value, list):
        return "{" + ",".join(f'"{v}"' for v in value) + "}"
    if isinstance(value, bool):
        return "t" if value else "f"
    return value


def load(database, count: int, rng: random.Random) -> list[str]:
    """COPY ``count`` candidates, some bookings, client affinity and open orders; returns the worker ids."""
    conn = database.connection()
    ids = []
    rows = []
    for candidate in _candidates(count, rng):
        ids.append(candidate.worker_id)
        rows.append(candidate_row(candidate))
    _copy(conn, "candidates", COLUMNS, rows)
    bookings = []
    for i in range(count // 5):
        start = WEEK_START + timedelta(minutes=30 * rng.randint(0, 2 * 24 * 7))
        bookings.append((str(uuid.UUID(int=i + 1)), rng.choice(ids), start,
                         start + timedelta(minutes=rng.choice((60, 120, 180)))))
    _copy(conn, "bookings", "order_id, worker_id, slot_start, slot_end", bookings)
    clients = [str(uuid.UUID(int=10**9 + i)) for i in range(2_000)]
    affinity = {(rng.choice(clients), rng.choice(ids)): rng.randint(1, 6) for _ in range(count // 2)}
    _copy(conn, "client_affinity", "client_id, worker_id, completed", [(c, w, n) for (c, w), n in affinity.items()])
    orders = []
    for i in range(count // 10):
        start = WEEK_START + timedelta(minutes=30 * rng.randint(0, 2 * 24 * 7))
        orders.append((str(uuid.UUID(int=2 * 10**9 + i)), "open", rng.choice(clients), rng.choice(TOY_CATEGORIES),
                       rng.choice(DISTRICTS), start, start + timedelta(hours=1)))
    _copy(conn, "tracked_orders", "order_id, state, client_id, toy_category, district, slot_start, slot_end", orders)
    conn.commit()
    # VACUUM merges the GIN pending list the COPY left behind, as autovacuum would on a live read model.
    raw = psycopg2.connect(settings_dsn(database))
    try:
        raw.autocommit = True
        raw.cursor().execute("VACUUM ANALYZE")
    finally:
        raw.close()
    return clients


def settings_dsn(database) -> str:
    params = database.connect_params
    return psycopg2.extensions.make_dsn(dbname=database.database, host=params.get("host"), port=params.get("port"),
                                        user=params.get("user"), password=params.get("password"))


def _requests(n: int, clients: list[str], rng: random.Random) -> list[MatchRequest]:
    out = []
    for _ in range(n):
        day = rng.randint(0, 6)
        hour = rng.randint(6, 19) - 3  # 09:00-22:00 Moscow, in UTC
        out.append(MatchRequest(
            order_id=None, client_id=rng.choice(clients), toy_category=rng.choice(TOY_CATEGORIES),
            slot_start=WEEK_START + timedelta(days=day, hours=hour, minutes=rng.choice((0, 30))),
            duration_minutes=rng.choice((60, 90, 120)), district=rng.choice(DISTRICTS[:8]), limit=5))
    return out


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def _row(latencies: list[float], **extra) -> dict:
    return {"n": len(latencies), "p50_ms": round(_percentile(latencies, 50), 3),
            "p95_ms": round(_percentile(latencies, 95), 3), "p99_ms": round(_percentile(latencies, 99), 3),
            "mean_ms": round(statistics.fmean(latencies), 3), **extra}


def run(settings: Settings | None = None, *, candidates: int = 100_000, matches: int = 300, seed: int = 42,
        keep: bool = False) -> list[tuple[str, dict]]:
    from mcf.matching.app import postgres

    settings = (settings or Settings.from_env().with_(db_prefix="mcf_bench_"))
    name = settings.database_name("matching")
    db.drop_database(settings, name)
    database = postgres(settings)
    rng = random.Random(seed)
    try:
        with database.connection_context():
            started = time.perf_counter()
            clients = load(database, candidates, rng)
            load_seconds = time.perf_counter() - started
            requests = _requests(matches, clients, rng)
            for request in requests[:20]:  # warm the caches and the plan
                service.match(MatchingUnitOfWork(database), request)
                database.execute_sql(BASELINE_SQL, (match_key(request.toy_category, request.district), 5)).fetchall()
            match_ms, baseline_ms, found, supply = [], [], [], []
            for request in requests:
                t0 = time.perf_counter()
                result = service.match(MatchingUnitOfWork(database), request)
                t1 = time.perf_counter()
                database.execute_sql(BASELINE_SQL, (match_key(request.toy_category, request.district),
                                                    request.limit)).fetchall()
                t2 = time.perf_counter()
                match_ms.append((t1 - t0) * 1000)
                baseline_ms.append((t2 - t1) * 1000)
                found.append(len(result.candidates))
                supply.append(result.supply)
    finally:
        database.close_all()
        if not keep:
            db.drop_database(settings, name)
    match = _row(match_ms, candidates=candidates, load_s=round(load_seconds, 1),
                 mean_supply=round(statistics.fmean(supply)), mean_returned=round(statistics.fmean(found), 1))
    baseline = _row(baseline_ms, candidates=candidates)
    match["p99_x_baseline"] = round(match["p99_ms"] / baseline["p99_ms"], 2)
    return [(f"match: one POST /matches use case, {candidates:,} candidates", match),
            ("baseline: plain indexed query (GIN probe, ORDER BY rating LIMIT 5)", baseline)]


def table(rows: list[tuple[str, dict]]) -> str:
    lines = [f"{'benchmark':66} {'n':>5} {'p50 ms':>8} {'p99 ms':>8} {'mean ms':>8}  notes"]
    for name, row in rows:
        notes = ", ".join(f"{k}={v}" for k, v in row.items() if k not in ("n", "p50_ms", "p95_ms", "p99_ms", "mean_ms"))
        lines.append(f"{name:66} {row['n']:5d} {row['p50_ms']:8.2f} {row['p99_ms']:8.2f} {row['mean_ms']:8.2f}  "
                     f"{notes}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.bench_matching")
    parser.add_argument("--candidates", type=int, default=100_000)
    parser.add_argument("--matches", type=int, default=300)
    args = parser.parse_args(argv)
    print(table(run(candidates=args.candidates, matches=args.matches)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
