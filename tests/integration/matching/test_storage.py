"""The SQL shortlist on PostgreSQL agrees with the domain's filters and score over the same data: worlds built on
purpose (candidates who pass every filter beside candidates who each fail exactly one), so every example has
matches and every filter is met by the SQL."""
import random

from hypothesis import given, settings

from mcf.matching import service
from mcf.matching.adapters.storage import MatchingUnitOfWork
from mcf.matching.domain import FILTERS, Booking, Candidate, score
from tests.support.reach import Reach
from tests.unit.matching.strategies import worlds


def _load(database, pool, bookings, affinity):
    database.execute_sql("TRUNCATE candidates, client_affinity, tracked_orders, bookings")
    uow = MatchingUnitOfWork(database)
    for candidate in pool:
        uow.candidates.save(candidate)
    for booking in bookings:
        uow.orders.book(booking)
    for (client, worker), n in affinity.items():
        for _ in range(n):
            uow.candidates.add_client_completion(worker, client)


def test_the_sql_match_is_the_domains_match(database):
    reach = Reach()

    @settings(max_examples=40, deadline=None)
    @given(world=worlds())
    def check(world):
        request, good, bad, bookings, affinity = world
        reach.example()
        pool = good + [c for c, _ in bad.values()]
        with database.connection_context(), database.atomic() as tx:
            _load(database, pool, bookings, affinity)
            result = service.match(MatchingUnitOfWork(database), request)
            shortlist = MatchingUnitOfWork(database).candidates.shortlist(request, 100)
            supply = MatchingUnitOfWork(database).candidates.supply(request)
            tx.rollback()
        expected = sorted((score(c, request.toy_category, affinity.get((request.client_id, c.worker_id), 0))
                           for c in good), key=lambda s: (-s.score, s.worker_id))
        assert {e.candidate.worker_id for e in shortlist.entries} == {c.worker_id for c in good}, \
            "the SQL shortlist is the candidates built to pass every filter"
        assert shortlist.supply == supply == result.supply == len(good)
        assert [m.scored.worker_id for m in result.candidates] == [s.worker_id for s in expected[:request.limit]]
        for how in {how for _, how in bad.values()}:
            reach.saw(f"fails {how}")
        if len(good) > request.limit:
            reach.saw("the limit leaves an eligible candidate out")

    check()
    for how in FILTERS:  # the SQL applies each filter on its own (each met in the run, the mix varies)
        reach.at_least(f"fails {how}", 0.01)
    reach.at_least("the limit leaves an eligible candidate out", 0.1)


def test_a_candidate_round_trips_with_its_counters(clean):
    rng = random.Random(3)
    candidate = Candidate("8d2f3e4a-5b6c-4d7e-9f80-a1b2c3d4e5f6", True, ("laser",), ("Arbat", "Tverskoy"), (),
                          4.5, 90.0, 12, 1, 2, 3, {"laser": rng.randint(1, 9)})
    with clean.connection_context():
        uow = MatchingUnitOfWork(clean)
        uow.candidates.save(candidate)
        assert uow.candidates.get(candidate.worker_id) == candidate


def test_a_booking_is_held_once_and_freed_once(clean):
    from datetime import datetime, timedelta, timezone

    start = datetime(2026, 12, 1, 9, tzinfo=timezone.utc)
    booking = Booking("5f1c2b9e-8d4a-4e0b-9d3c-2a7f6e1b4c22", "8d2f3e4a-5b6c-4d7e-9f80-a1b2c3d4e5f6", start,
                      start + timedelta(hours=1))
    with clean.connection_context():
        orders = MatchingUnitOfWork(clean).orders
        assert orders.book(booking) and not orders.book(booking)
        assert orders.booking(booking.order_id) == booking
        assert orders.free(booking.order_id) == booking and orders.free(booking.order_id) is None
