"""Matching invariants (hypothesis) over worlds built on purpose: every example holds candidates who pass every
filter and candidates who each fail exactly one named filter, so the properties are about real matches. Expected
answers come from the construction and from the scoring rule in docs/adr/0030 written out again here
(``rule_score``), never from the functions under test."""
import random
import uuid
from datetime import timedelta

from hypothesis import event, given, settings, target
from hypothesis import strategies as st

from mcf.matching import service
from mcf.matching.domain import FILTERS, TOY_CATEGORIES, Booking, Candidate, MatchRequest, Window, failed_filters

from .fakes import FakeUnitOfWork
from .strategies import CLIENTS, DISTRICTS, MONDAY

EXAMPLES = settings(max_examples=50, deadline=None)


def rule_score(c: Candidate, category: str, with_client: int) -> float:
    """ADR 0030: 0.30 rating/5 + 0.15 test/100 + 0.15 min(with client, 5)/5 + 0.15 min(in category, 20)/20
    + 0.15 (completed + 1)/(completed + declined + 2) + 0.10 (1 - min(load, 5)/5)."""
    return (0.30 * c.rating / 5 + 0.15 * c.test_score / 100 + 0.15 * min(with_client, 5) / 5
            + 0.15 * min(c.category_completed.get(category, 0), 20) / 20
            + 0.15 * (c.completed + 1) / (c.completed + c.declined + 2) + 0.10 * (1 - min(c.current_load, 5) / 5))


@st.composite
def match_requests(draw):
    """A slot on one Moscow day between 09:00 and 23:00 (MONDAY is 09:00 local, Moscow is UTC+3 all year)."""
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
def worlds(draw):
    day, request = draw(match_requests())
    n_good, n_bad = draw(st.integers(1, 8)), draw(st.integers(0, 8))
    ids = [str(uuid.UUID(int=1000 + i)) for i in range(n_good + n_bad)]
    good = [draw(eligible(i, day, request)) for i in ids[:n_good]]
    bad, bookings, excluded = {}, [], set()
    for worker_id in ids[n_good:]:
        how = draw(st.sampled_from(FILTERS))
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
    request = MatchRequest(**{**request.__dict__, "exclude_worker_ids": frozenset(excluded)})
    event(f"eligible: {min(n_good, 4)}{'+' if n_good >= 4 else ''}; ineligible: {n_bad}")
    return request, good, bad, bookings, affinity


def _uow(candidates, bookings, affinity):
    uow = FakeUnitOfWork()
    for candidate in candidates:
        uow.candidates.save(candidate)
    for booking in bookings:
        uow.orders.book(booking)
    uow.candidates.affinity.update(affinity)
    return uow


@EXAMPLES
@given(worlds())
def test_a_candidate_fails_exactly_the_filter_it_was_built_to_fail(world):
    request, good, bad, bookings, _ = world
    for candidate in good:
        assert failed_filters(candidate, request, bookings) == []
    for candidate, how in bad.values():
        assert failed_filters(candidate, request, bookings) == [how]


@EXAMPLES
@given(worlds())
def test_a_match_returns_the_best_eligible_candidates_by_the_rule_best_first(world):
    request, good, bad, bookings, affinity = world
    pool = good + [c for c, _ in bad.values()]
    result = service.match(_uow(pool, bookings, affinity), request)
    expected = {c.worker_id: rule_score(c, request.toy_category, affinity.get((request.client_id, c.worker_id), 0))
                for c in good}
    returned = [m.scored.worker_id for m in result.candidates]
    target(float(len(returned)), label="candidates returned")
    assert len(returned) == min(request.limit, len(good)) >= 1, "every example has someone to offer the order to"
    assert set(returned) <= set(expected), "nobody who fails a filter is returned"
    assert result.supply == len(good)
    for m in result.candidates:
        assert abs(m.scored.score - expected[m.scored.worker_id]) < 1e-9
    scores = [expected[w] for w in returned]
    assert all(a >= b - 1e-12 for a, b in zip(scores, scores[1:], strict=False)), "best first"
    left_out = [s for w, s in expected.items() if w not in returned]
    assert all(min(scores) >= s - 1e-12 for s in left_out), "nobody left out scores higher than one returned"


@EXAMPLES
@given(worlds(), st.randoms(use_true_random=False))
def test_equal_input_ranks_the_same_way_whatever_order_the_pool_is_read_in(world, rnd: random.Random):
    request, good, bad, bookings, affinity = world
    pool = good + [c for c, _ in bad.values()]
    first = service.match(_uow(pool, bookings, affinity), request)
    rnd.shuffle(pool)
    again = service.match(_uow(pool, bookings, affinity), request)
    assert again == first and first.candidates


@EXAMPLES
@given(worlds())
def test_the_reasons_are_the_rules_parts_and_add_up_to_the_score(world):
    request, good, _, bookings, affinity = world
    result = service.match(_uow(good, bookings, affinity), request)
    assert result.candidates
    by_id = {c.worker_id: c for c in good}
    for m in result.candidates:
        c = by_id[m.scored.worker_id]
        with_client = affinity.get((request.client_id, c.worker_id), 0)
        expected = {
            "rating": 0.30 * c.rating / 5, "test_score": 0.15 * c.test_score / 100,
            "client_affinity": 0.15 * min(with_client, 5) / 5,
            "category_experience": 0.15 * min(c.category_completed.get(request.toy_category, 0), 20) / 20,
            "reliability": 0.15 * (c.completed + 1) / (c.completed + c.declined + 2),
            "load": 0.10 * (1 - min(c.current_load, 5) / 5)}
        assert set(m.scored.reasons) == set(expected)
        for name, value in expected.items():  # shown rounded to 4 places
            assert abs(m.scored.reasons[name] - value) <= 0.00005 + 1e-12, name
        assert abs(sum(m.scored.reasons.values()) - m.scored.score) < 1e-3
        assert m.scored.rating == c.rating


def test_a_newcomer_scores_the_reliability_prior_and_a_free_calendar():
    day, request = 0, MatchRequest(None, CLIENTS[0], "balls", MONDAY, 60, "Arbat")
    newcomer = Candidate("w-new", True, ("balls",), ("Arbat",), (Window(day, 0, 24 * 60),))
    (m,) = service.match(_uow([newcomer], [], {}), request).candidates
    assert abs(m.scored.score - (0.15 * 0.5 + 0.10)) < 1e-12
