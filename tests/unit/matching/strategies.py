"""hypothesis strategies for matching: worlds built on purpose (issue 18). Every world holds candidates who pass every
filter of its request and candidates who each fail exactly one named filter, so a property about matches is about
real matches, not about empty results. ``rule_score`` is docs/adr/0030's score written out again, independently of
mcf.matching.domain."""
from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone

from hypothesis import event
from hypothesis import strategies as st

from mcf.matching.domain import FILTERS, TOY_CATEGORIES, Booking, Candidate, MatchRequest, Window

DISTRICTS = ("Arbat", "Khamovniki", "Tverskoy", "Basmanny")
CLIENTS = tuple(str(uuid.UUID(int=i + 1)) for i in range(3))
MONDAY = datetime(2026, 11, 30, 6, 0, tzinfo=timezone.utc)  # 09:00 in Moscow


def rule_score(c: Candidate, category: str, with_client: int) -> float:
    """ADR 0030: 0.30 rating/5 + 0.15 test/100 + 0.15 min(with client, 5)/5 + 0.15 min(in category, 20)/20
    + 0.15 (completed + 1)/(completed + declined + 2) + 0.10 (1 - min(load, 5)/5)."""
    return (0.30 * c.rating / 5 + 0.15 * c.test_score / 100 + 0.15 * min(with_client, 5) / 5
            + 0.15 * min(c.category_completed.get(category, 0), 20) / 20
            + 0.15 * (c.completed + 1) / (c.completed + c.declined + 2) + 0.10 * (1 - min(c.current_load, 5) / 5))


@st.composite
def match_requests(draw):
    """(weekday, request): a slot on one Moscow day between 09:00 and 23:00 (MONDAY is 09:00 local, Moscow is UTC+3
    all year)."""
    day = draw(st.integers(0, 6))
    start = MONDAY + timedelta(days=day, minutes=15 * draw(st.integers(0, 24)))  # 09:00 .. 15:00 local
    return day, MatchRequest(order_id=None, client_id=draw(st.sampled_from(CLIENTS)),
                             toy_category=draw(st.sampled_from(TOY_CATEGORIES)), slot_start=start,
                             duration_minutes=draw(st.sampled_from([30, 45, 60, 120, 240, 480])),
                             district=draw(st.sampled_from(DISTRICTS)), limit=draw(st.integers(1, 6)))


@st.composite
def eligible(draw, worker_id, day, request):
    """A candidate who passes every filter for ``request``: active, its category and district, available all day."""
    others = draw(st.sets(st.sampled_from(TOY_CATEGORIES), max_size=2))
    return Candidate(
        worker_id=worker_id, active=True, toy_categories=tuple(sorted(others | {request.toy_category})),
        districts=tuple(sorted(set(draw(st.sets(st.sampled_from(DISTRICTS), max_size=1))) | {request.district})),
        availability=(Window(day, draw(st.sampled_from([0, 8 * 60, 9 * 60])), 24 * 60),),
        rating=draw(st.sampled_from([0.0, 2.5, 3.5, 4.2, 4.5, 5.0])), test_score=float(draw(st.integers(0, 100))),
        completed=draw(st.integers(0, 30)), declined=draw(st.integers(0, 6)), current_load=draw(st.integers(0, 7)),
        category_completed={request.toy_category: draw(st.integers(0, 25))})


def broken(candidate: Candidate, how: str, day: int, request: MatchRequest):
    """The eligible ``candidate`` made to fail exactly the filter ``how``; (candidate, its bookings, excluded)."""
    bookings, excluded = [], set()
    if how == "active":
        candidate = Candidate(**{**candidate.__dict__, "active": False})
    elif how == "toy_category":
        rest = tuple(c for c in candidate.toy_categories if c != request.toy_category)
        candidate = Candidate(**{**candidate.__dict__, "toy_categories": rest})
    elif how == "district":
        candidate = Candidate(**{**candidate.__dict__,
                                 "districts": tuple(d for d in candidate.districts if d != request.district)})
    elif how == "availability":
        candidate = Candidate(**{**candidate.__dict__, "availability": (Window((day + 1) % 7, 0, 24 * 60),)})
    elif how == "not_booked":  # a booking that overlaps the slot's last minute
        end = request.slot_end
        bookings.append(Booking(str(uuid.uuid4()), candidate.worker_id, end - timedelta(minutes=1),
                                end + timedelta(minutes=30)))
    else:
        excluded.add(candidate.worker_id)
    return candidate, bookings, excluded


@st.composite
def worlds(draw, max_good: int = 8, max_bad: int = 8):
    """(request, good, bad, bookings, affinity): ``good`` pass every filter, ``bad`` maps a worker id to (candidate,
    the one filter it fails); ``bookings`` also hold bookings of good candidates that touch the slot without
    overlapping it; ``affinity`` maps (client, worker) to the orders they completed together."""
    day, request = draw(match_requests())
    n_good, n_bad = draw(st.integers(1, max_good)), draw(st.integers(0, max_bad))
    ids = [str(uuid.UUID(int=1000 + i)) for i in range(n_good + n_bad)]
    good = [draw(eligible(i, day, request)) for i in ids[:n_good]]
    bad, bookings, excluded = {}, [], set()
    order = draw(st.permutations(FILTERS))  # the ineligible fail the filters in turn: six of them fail all six
    for i, worker_id in enumerate(ids[n_good:]):
        how = order[i % len(order)]
        candidate, held, out = broken(draw(eligible(worker_id, day, request)), how, day, request)
        bad[worker_id] = (candidate, how)
        bookings += held
        excluded |= out
    # bookings that do not overlap the slot: they end exactly when it starts or start exactly when it ends
    for c in draw(st.lists(st.sampled_from(good), max_size=3)):
        bookings.append(Booking(str(uuid.uuid4()), c.worker_id, request.slot_start - timedelta(hours=1),
                                request.slot_start))
        bookings.append(Booking(str(uuid.uuid4()), c.worker_id, request.slot_end, request.slot_end +
                                timedelta(hours=1)))
    affinity = {(request.client_id, c.worker_id): draw(st.integers(1, 7))
                for c in draw(st.lists(st.sampled_from(good), max_size=4))}
    limit = request.limit  # half the worlds with two or more eligible ask for fewer, so the ranking leaves one out
    if n_good >= 2 and draw(st.booleans()):
        limit = draw(st.integers(1, n_good - 1))
    request = MatchRequest(**{**request.__dict__, "exclude_worker_ids": frozenset(excluded), "limit": limit})
    event(f"eligible: {min(n_good, 4)}{'+' if n_good >= 4 else ''}; ineligible: {n_bad}")
    return request, good, bad, bookings, affinity
