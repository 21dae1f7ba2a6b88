"""Matching invariants (hypothesis) over worlds built on purpose (``strategies.worlds``): every example holds
candidates who pass every filter and candidates who each fail exactly one named filter, so the properties are about
real matches; each test also asserts that a meaningful share of its examples reach the case it is about
(``tests.support.reach``). Expected answers come from the construction and from the scoring rule in docs/adr/0030
written out again (``strategies.rule_score``), never from the functions under test."""
import random

from hypothesis import given, settings, target
from hypothesis import strategies as st

from mcf.matching import service
from mcf.matching.domain import FILTERS, Candidate, MatchRequest, Window, failed_filters
from tests.support.reach import Reach

from .fakes import FakeUnitOfWork
from .strategies import CLIENTS, MONDAY, rule_score, worlds

EXAMPLES = settings(max_examples=50, deadline=None)


def _uow(candidates, bookings, affinity):
    uow = FakeUnitOfWork()
    for candidate in candidates:
        uow.candidates.save(candidate)
    for booking in bookings:
        uow.orders.book(booking)
    uow.candidates.affinity.update(affinity)
    return uow


def test_a_candidate_fails_exactly_the_filter_it_was_built_to_fail():
    reach = Reach()

    @EXAMPLES
    @given(worlds())
    def check(world):
        request, good, bad, bookings, _ = world
        reach.example()
        for candidate in good:
            assert failed_filters(candidate, request, bookings) == []
        for candidate, how in bad.values():
            assert failed_filters(candidate, request, bookings) == [how]
        if bad:
            reach.saw("the pool holds ineligible candidates")
        for how in {how for _, how in bad.values()}:
            reach.saw(f"fails {how}")
        if len(bookings) > sum(1 for _, how in bad.values() if how == "not_booked"):
            reach.saw("an eligible candidate's booking touches the slot")

    check()
    reach.at_least("the pool holds ineligible candidates", 0.3)
    for how in FILTERS:  # hypothesis' mix of ineligible varies from run to run: each filter is met, some often
        reach.at_least(f"fails {how}", 0.01)
    reach.at_least("an eligible candidate's booking touches the slot", 0.1)


def test_a_match_returns_the_best_eligible_candidates_by_the_rule_best_first():
    reach = Reach()

    @EXAMPLES
    @given(worlds())
    def check(world):
        request, good, bad, bookings, affinity = world
        reach.example()
        pool = good + [c for c, _ in bad.values()]
        result = service.match(_uow(pool, bookings, affinity), request)
        expected = {c.worker_id: rule_score(c, request.toy_category,
                                            affinity.get((request.client_id, c.worker_id), 0)) for c in good}
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
        if bad:
            reach.saw("the pool holds ineligible candidates")
        if left_out:
            reach.saw("the limit leaves an eligible candidate out")
        if len(returned) >= 2:
            reach.saw("two or more are ranked")
        if any((request.client_id, w) in affinity for w in returned):
            reach.saw("one returned has worked for the client")

    check()
    reach.at_least("the pool holds ineligible candidates", 0.3)
    reach.at_least("the limit leaves an eligible candidate out", 0.15)
    reach.at_least("two or more are ranked", 0.1)
    reach.at_least("one returned has worked for the client", 0.1)


def test_equal_input_ranks_the_same_way_whatever_order_the_pool_is_read_in():
    reach = Reach()

    @EXAMPLES
    @given(worlds(), st.randoms(use_true_random=False))
    def check(world, rnd: random.Random):
        request, good, bad, bookings, affinity = world
        reach.example()
        pool = good + [c for c, _ in bad.values()]
        first = service.match(_uow(pool, bookings, affinity), request)
        rnd.shuffle(pool)
        again = service.match(_uow(pool, bookings, affinity), request)
        assert again == first and first.candidates
        if len(first.candidates) >= 2:
            reach.saw("two or more are ranked")

    check()
    reach.at_least("two or more are ranked", 0.1)


def test_the_reasons_are_the_rules_parts_and_add_up_to_the_score():
    reach = Reach()

    @EXAMPLES
    @given(worlds())
    def check(world):
        request, good, _, bookings, affinity = world
        reach.example()
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
        if any(m.scored.reasons["client_affinity"] > 0 for m in result.candidates):
            reach.saw("a returned candidate's client affinity counts")
        if any(m.scored.reasons["load"] < 0.10 for m in result.candidates):
            reach.saw("a returned candidate's load counts")

    check()
    reach.at_least("a returned candidate's client affinity counts", 0.1)
    reach.at_least("a returned candidate's load counts", 0.5)


def test_a_newcomer_scores_the_reliability_prior_and_a_free_calendar():
    day, request = 0, MatchRequest(None, CLIENTS[0], "balls", MONDAY, 60, "Arbat")
    newcomer = Candidate("w-new", True, ("balls",), ("Arbat",), (Window(day, 0, 24 * 60),))
    (m,) = service.match(_uow([newcomer], [], {}), request).candidates
    assert abs(m.scored.score - (0.15 * 0.5 + 0.10)) < 1e-12
