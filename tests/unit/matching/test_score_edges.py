"""The score's edges, worked out by hand from the rule in docs/adr/0030 (0.30 rating/5 + 0.15 test/100 + 0.15
min(with client, 5)/5 + 0.15 min(in category, 20)/20 + 0.15 (completed + 1)/(completed + declined + 2) + 0.10
(1 - min(load, 5)/5)), each value clamped to [0, 1]; the reasons a manager sees are the parts rounded to four
decimal places."""
import pytest

from mcf.kit.errors import InvalidInput
from mcf.matching.domain import Candidate, MatchRequest, Window, score

from .strategies import MONDAY


def worker(**facts) -> Candidate:
    return Candidate("w-1", True, ("balls",), ("Arbat",), (Window(0, 0, 1440),), **facts)


def test_the_reasons_are_shown_to_four_decimal_places_and_the_score_is_exact():
    s = score(worker(rating=4.2, test_score=33.0, declined=5, category_completed={"balls": 3}), "balls", 0)
    assert s.reasons == {"rating": 0.252, "test_score": 0.0495, "client_affinity": 0.0,
                         "category_experience": 0.0225, "reliability": 0.0214,  # 0.15 / 7 = 0.0214285...
                         "load": 0.1}
    assert abs(s.score - (0.252 + 0.0495 + 0.0225 + 0.15 / 7 + 0.1)) < 1e-12
    assert (s.worker_id, s.rating) == ("w-1", 4.2)


def _refused(field: str, detail: str, **changes):
    request = dict(order_id=None, client_id=None, toy_category="balls", slot_start=MONDAY, duration_minutes=60,
                   district="Arbat")
    with pytest.raises(InvalidInput) as caught:
        MatchRequest(**{**request, **changes})
    assert caught.value.extensions == {"field": field}
    assert caught.value.detail == detail


def test_a_request_names_the_field_it_refuses_and_why():
    _refused("toy_category", "unknown toy category 'yarn'", toy_category="yarn")
    _refused("slot_start", "slot_start must carry a timezone", slot_start=MONDAY.replace(tzinfo=None))
    for minutes in (15, 29, 50, 495):  # below 30, off the 15-minute step, above 480
        _refused("duration_minutes", "duration_minutes must be 30..480 in steps of 15", duration_minutes=minutes)
    for minutes in (30, 45, 480):
        assert MatchRequest(None, None, "balls", MONDAY, minutes, "Arbat").duration_minutes == minutes
