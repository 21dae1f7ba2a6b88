"""matching's use cases through fakes: the read model follows worker and order events."""
import uuid
from datetime import datetime, timedelta, timezone

import pytest

from mcf.kit.errors import InvalidInput, NotFound
from mcf.matching import service
from mcf.matching.domain import MatchRequest, Window

from .fakes import FakeUnitOfWork

WORKER, OTHER, CLIENT = (str(uuid.UUID(int=i)) for i in (1, 2, 3))
SLOT = datetime(2026, 11, 30, 7, 0, tzinfo=timezone.utc)  # Monday 10:00 in Moscow
AT = datetime(2026, 11, 20, tzinfo=timezone.utc)


def _facts(worker_id=WORKER, **changes):
    base = dict(worker_id=worker_id, toy_categories=("laser", "mice"), districts=("Arbat",),
                availability=(Window.parse(0, "09:00", "18:00"),), rating=4.0, test_score=80.0)
    return service.WorkerFacts(**{**base, **changes})


def _request(**changes):
    base = dict(order_id=None, client_id=CLIENT, toy_category="laser", slot_start=SLOT, duration_minutes=60,
                district="Arbat")
    return MatchRequest(**{**base, **changes})


@pytest.fixture
def uow():
    uow = FakeUnitOfWork()
    service.apply_worker_event(uow, "registered", _facts(), AT)
    service.apply_worker_event(uow, "activated", service.WorkerFacts(WORKER), AT)
    return uow


def _ids(uow, **changes):
    return [m.scored.worker_id for m in service.match(uow, _request(**changes)).candidates]


def test_a_registered_worker_is_matched_only_once_activated():
    uow = FakeUnitOfWork()
    service.apply_worker_event(uow, "registered", _facts(), AT)
    assert _ids(uow) == []
    service.apply_worker_event(uow, "activated", service.WorkerFacts(WORKER), AT)
    assert _ids(uow) == [WORKER]
    service.apply_worker_event(uow, "deactivated", service.WorkerFacts(WORKER, active=True), AT)
    assert _ids(uow) == [] and uow.candidates.get(WORKER).active is False


def test_a_partial_event_changes_only_what_it_carries(uow):
    service.apply_worker_event(uow, "rating_changed", service.WorkerFacts(WORKER, rating=4.9), AT)
    candidate = uow.candidates.get(WORKER)
    assert candidate.rating == 4.9 and candidate.districts == ("Arbat",) and candidate.active


def test_a_stale_worker_version_is_ignored_whatever_the_arrival_order():
    uow = FakeUnitOfWork()
    service.apply_worker_event(uow, "registered", _facts(version=1, active=False), AT)
    service.apply_worker_event(uow, "activated", _facts(version=2, active=True), AT)
    service.apply_worker_event(uow, "deactivated", _facts(version=4, active=False), AT)
    # version 3 (a rating change made before the deactivation) arrives last: older than what was applied
    stale = service.apply_worker_event(uow, "rating_changed", _facts(version=3, active=True, rating=4.9), AT)
    again = service.apply_worker_event(uow, "activated", _facts(version=2, active=True), AT)
    candidate = uow.candidates.get(WORKER)
    assert stale == again == candidate
    assert candidate.active is False and candidate.rating == 4.0 and candidate.profile_version == 4
    assert _ids(uow) == []
    service.apply_worker_event(uow, "activated", _facts(version=5, active=True), AT)
    assert _ids(uow) == [WORKER] and uow.candidates.get(WORKER).profile_version == 5


def test_each_filter_excludes(uow):
    assert _ids(uow) == [WORKER]
    assert _ids(uow, toy_category="balls") == []
    assert _ids(uow, district="Tverskoy") == []
    assert _ids(uow, slot_start=SLOT + timedelta(hours=8)) == []  # 18:00 Moscow: outside the window
    assert _ids(uow, slot_start=SLOT + timedelta(hours=7, minutes=30)) == []  # 17:30-18:30: runs past the window
    assert _ids(uow, slot_start=SLOT - timedelta(hours=1), duration_minutes=540 - 60) == [WORKER]  # 09:00-17:00
    assert _ids(uow, exclude_worker_ids=frozenset({WORKER})) == []


def test_an_offer_holds_the_slot_and_a_decline_frees_it_and_counts(uow):
    service.order_created(uow, order_id="o1", client_id=CLIENT, toy_category="laser", district="Arbat",
                          slot_start=SLOT, slot_end=SLOT + timedelta(hours=1))
    service.order_offered(uow, order_id="o1", worker_id=WORKER, client_id=CLIENT, toy_category="laser",
                          district="Arbat", slot_start=SLOT, slot_end=SLOT + timedelta(hours=1))
    assert _ids(uow) == [] and uow.candidates.get(WORKER).current_load == 1
    assert _ids(uow, slot_start=SLOT + timedelta(hours=1)) == [WORKER]  # back to back is fine
    service.offer_declined(uow, order_id="o1", worker_id=WORKER)
    candidate = uow.candidates.get(WORKER)
    assert _ids(uow) == [WORKER] and candidate.current_load == 0 and candidate.declined == 1


def test_accept_and_confirm_keep_one_booking(uow):
    service.order_offered(uow, order_id="o1", worker_id=WORKER, client_id=CLIENT, toy_category="laser",
                          district="Arbat", slot_start=SLOT, slot_end=SLOT + timedelta(hours=1))
    service.order_assigned(uow, order_id="o1", worker_id=WORKER)
    service.order_assigned(uow, order_id="o1", worker_id=WORKER)
    assert uow.candidates.get(WORKER).current_load == 1 and len(uow.orders.bookings) == 1


def test_a_completion_counts_once_for_the_category_and_the_client(uow):
    service.order_offered(uow, order_id="o1", worker_id=WORKER, client_id=CLIENT, toy_category="laser",
                          district="Arbat", slot_start=SLOT, slot_end=SLOT + timedelta(hours=1))
    for _ in range(2):  # a second, different event about the same completion
        service.order_completed(uow, order_id="o1", client_id=CLIENT, worker_id=WORKER, toy_category="laser")
    candidate = uow.candidates.get(WORKER)
    assert (candidate.completed, candidate.category_completed, candidate.current_load) == (1, {"laser": 1}, 0)
    assert uow.candidates.affinity == {(CLIENT, WORKER): 1}
    [match] = service.match(uow, _request()).candidates
    assert match.scored.reasons["client_affinity"] == round(0.15 / 5, 4)
    assert match.scored.reasons["category_experience"] == round(0.15 / 20, 4)


def test_cancel_and_expire_free_the_slot(uow):
    for order_id, close in (("o1", lambda: service.order_cancelled(uow, order_id="o1", worker_id=WORKER)),
                            ("o2", lambda: service.order_expired(uow, order_id="o2"))):
        service.order_offered(uow, order_id=order_id, worker_id=WORKER, client_id=CLIENT, toy_category="laser",
                              district="Arbat", slot_start=SLOT, slot_end=SLOT + timedelta(hours=1))
        assert _ids(uow) == []
        close()
        assert _ids(uow) == [WORKER]
    assert uow.candidates.get(WORKER).cancelled == 1 and uow.candidates.get(WORKER).current_load == 0


def test_open_demand_raises_the_price(uow):
    calm = service.match(uow, _request()).candidates[0].price
    for i in range(3):
        service.order_created(uow, order_id=f"d{i}", client_id=CLIENT, toy_category="mice", district="Arbat",
                              slot_start=SLOT, slot_end=SLOT + timedelta(minutes=30))
    busy = service.match(uow, _request()).candidates[0].price
    assert busy.surge_factor > calm.surge_factor and busy.amount_minor > calm.amount_minor


def test_a_quote_uses_the_given_rating(uow):
    plain = service.quote(uow, _request(), None)
    top = service.quote(uow, _request(), 4.8)
    assert (plain.rating_tier, top.rating_tier) == ("standard", "top") and top.amount_minor > plain.amount_minor


def test_bad_input_is_refused():
    with pytest.raises(InvalidInput):
        _request(duration_minutes=50)
    with pytest.raises(InvalidInput):
        service.match(FakeUnitOfWork(), _request(limit=0))
    with pytest.raises(NotFound):
        service.get_candidate(FakeUnitOfWork(), OTHER)
