"""hypothesis strategies for matching: candidates, bookings and requests over a small world, so filters bite."""
from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone

from hypothesis import strategies as st

from mcf.matching.domain import TOY_CATEGORIES, Booking, Candidate, MatchRequest, Window

DISTRICTS = ("Arbat", "Khamovniki", "Tverskoy", "Basmanny")
CLIENTS = tuple(str(uuid.UUID(int=i + 1)) for i in range(3))
MONDAY = datetime(2026, 11, 30, 6, 0, tzinfo=timezone.utc)  # 09:00 in Moscow


@st.composite
def windows(draw):
    weekday = draw(st.integers(0, 6))
    start = draw(st.integers(0, 23)) * 60
    end = draw(st.integers(start // 60 + 1, 24)) * 60
    return Window(weekday, start, end)


@st.composite
def candidates(draw, worker_id: str):
    return Candidate(
        worker_id=worker_id,
        active=draw(st.booleans()),
        toy_categories=tuple(draw(st.sets(st.sampled_from(TOY_CATEGORIES), max_size=3))),
        districts=tuple(draw(st.sets(st.sampled_from(DISTRICTS), max_size=2))),
        availability=tuple(draw(st.lists(windows(), max_size=4))),
        rating=draw(st.sampled_from([0.0, 3.0, 3.5, 4.2, 4.5, 5.0])),
        test_score=float(draw(st.integers(0, 100))),
        completed=draw(st.integers(0, 30)),
        declined=draw(st.integers(0, 5)),
        current_load=draw(st.integers(0, 6)),
        category_completed={c: draw(st.integers(0, 25)) for c in draw(st.sets(st.sampled_from(TOY_CATEGORIES)))},
    )


@st.composite
def worlds(draw, max_workers: int = 12):
    """(candidates, bookings, affinity {(client, worker): n})."""
    ids = [str(uuid.UUID(int=1000 + i)) for i in range(draw(st.integers(0, max_workers)))]
    pool = [draw(candidates(worker_id)) for worker_id in ids]
    bookings = []
    for i, worker_id in enumerate(draw(st.lists(st.sampled_from(ids), max_size=8)) if ids else []):
        start = MONDAY + timedelta(hours=draw(st.integers(-6, 30)))
        bookings.append(Booking(str(uuid.UUID(int=50_000 + i)), worker_id, start,
                                start + timedelta(minutes=draw(st.sampled_from([30, 60, 120])))))
    affinity = {(draw(st.sampled_from(CLIENTS)), worker_id): draw(st.integers(1, 7))
                for worker_id in draw(st.lists(st.sampled_from(ids), max_size=6))} if ids else {}
    return pool, bookings, affinity


@st.composite
def requests(draw, worker_ids=()):
    return MatchRequest(
        order_id=None, client_id=draw(st.sampled_from(CLIENTS)),
        toy_category=draw(st.sampled_from(TOY_CATEGORIES)),
        slot_start=MONDAY + timedelta(minutes=15 * draw(st.integers(0, 4 * 24 * 7))),
        duration_minutes=draw(st.sampled_from([30, 45, 60, 120, 240, 480])),
        district=draw(st.sampled_from(DISTRICTS)),
        exclude_worker_ids=frozenset(draw(st.lists(st.sampled_from(list(worker_ids)), max_size=2)))
        if worker_ids else frozenset(),
        limit=draw(st.integers(1, 8)))
