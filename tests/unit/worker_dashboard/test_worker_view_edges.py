"""worker-dashboard's rules at their edges, the expected answers written from the rules (ADR 0100 and the domain's
docstring: an offer shows where roughly and when, the address, kit and cat's name only to the worker who took it,
the client's e-mail never; up to 6 photos of at most 8 MiB in JPEG, PNG or WebP; 1..20 toys rated 1..5; an
Idempotency-Key of 1..200 printable characters), never computed with the code."""
import uuid

import pytest

from mcf.kit.errors import InvalidInput, NotFound
from mcf.worker_dashboard.domain import (
    NotAssigned,
    Photo,
    ToyReaction,
    assigned_for,
    check_idempotency_key,
    check_photos,
    check_toys,
    is_current,
    is_offer,
    is_past,
    offered_to,
    submission_key,
    visible_order,
    worker_view,
)

ME, OTHER = "w-1", "w-2"
ADDRESS = {"city": "Moscow", "district": "Arbat", "street": "Arbat st", "building": "1"}


def order(status="placed", worker_id=None, offered=ME, **more):
    return {"id": "o-1", "status": status, "worker_id": worker_id, "offer": {"worker_id": offered} if offered else None,
            "address": ADDRESS, "kit": {"ready": True}, "cat_name": "Murka", "client_email": "c@example.com",
            "slot_start": "2031-03-14T09:00:00Z", **more}


def refused(error, call, detail, **extensions):
    with pytest.raises(error) as caught:
        call()
    assert caught.value.detail == detail
    assert caught.value.extensions == extensions


@pytest.mark.parametrize("status, is_open", [("placed", True), ("confirmed", True), ("in_progress", False),
                                             ("completed", False), ("cancelled", False), ("expired", False)])
def test_an_offer_is_open_to_the_offered_worker_while_nobody_took_the_order(status, is_open):
    assert offered_to(order(status), ME) is is_open and is_offer(order(status), ME) is is_open
    assert not offered_to(order(status), OTHER)
    assert not offered_to(order(status, worker_id=ME), ME)  # taken: no longer an offer


def test_a_live_orders_row_names_the_offered_worker_in_its_own_field():
    row = {"order_id": "o-1", "status": "placed", "offered_worker_id": ME}
    assert offered_to(row, ME) and not offered_to(row, OTHER)
    assert not offered_to({"status": "placed"}, ME)  # no offer at all is nobody's offer


@pytest.mark.parametrize("status, current, past", [
    ("placed", True, False), ("confirmed", True, False), ("in_progress", True, False),
    ("completed", False, True), ("cancelled", False, True), ("expired", False, True), ("unknown", False, False)])
def test_the_workers_own_orders_are_current_until_they_end_and_past_after(status, current, past):
    mine = order(status, worker_id=ME, offered=None)
    assert (is_current(mine, ME), is_past(mine, ME)) == (current, past)
    assert not is_current(mine, OTHER) and not is_past(mine, OTHER)


def test_someone_elses_order_looks_like_a_missing_one():
    refused(NotFound, lambda: visible_order(order(offered=OTHER), ME, "o-1"), "order o-1 does not exist")
    refused(NotFound, lambda: visible_order(None, ME, "o-9"), "order o-9 does not exist")
    assert visible_order(order(), ME, "o-1")["id"] == "o-1"
    assert visible_order(order("completed", worker_id=ME, offered=None), ME, "o-1")["status"] == "completed"


def test_an_offer_shows_where_roughly_and_when_and_the_taken_order_all_but_the_email():
    offered = worker_view(order(), ME)
    assert offered == {"id": "o-1", "status": "placed", "worker_id": None, "offer": {"worker_id": ME},
                       "address": {"city": "Moscow", "district": "Arbat"}, "slot_start": "2031-03-14T09:00:00Z",
                       "role": "offered"}
    taken = worker_view(order("confirmed", worker_id=ME, offered=None), ME)
    assert taken == {"id": "o-1", "status": "confirmed", "worker_id": ME, "offer": None, "address": ADDRESS,
                     "kit": {"ready": True}, "cat_name": "Murka", "slot_start": "2031-03-14T09:00:00Z",
                     "role": "assigned"}
    row = worker_view({"order_id": "o-2", "status": "placed", "offered_worker_id": ME}, ME)
    assert row == {"id": "o-2", "status": "placed", "offered_worker_id": ME, "role": "offered"}


def test_a_check_in_or_a_report_needs_the_order_taken():
    refused(NotAssigned, lambda: assigned_for(order(), ME, "o-1", "check in"), "accept the offer before you check in",
            order_status="placed")
    mine = order("in_progress", worker_id=ME, offered=None)
    assert assigned_for(mine, ME, "o-1", "report") is mine
    refused(NotFound, lambda: assigned_for(order(offered=OTHER), ME, "o-1", "report"), "order o-1 does not exist")


def test_an_idempotency_key_is_1_to_200_printable_characters_trimmed():
    assert check_idempotency_key("  k-1 ") == "k-1" and check_idempotency_key("x" * 200) == "x" * 200
    for bad in (None, "", "   ", "x" * 201, "tab\there"):
        refused(InvalidInput, lambda k=bad: check_idempotency_key(k),
                "an Idempotency-Key header of 1..200 printable characters is required", field="Idempotency-Key")


def test_a_submission_key_is_the_workers_own_and_the_same_on_every_retry():
    key = submission_key(ME, "k-1")
    assert str(uuid.UUID(key)) == key and uuid.UUID(key).version == 5
    assert submission_key(ME, "k-1") == key
    assert submission_key(OTHER, "k-1") != key and submission_key(ME, "k-2") != key


def photo(content_type="image/jpeg", size=1000):
    return Photo("p.jpg", content_type, b"x" * size)


def test_up_to_six_photos_of_the_three_types_each_not_empty_and_at_most_8_mib():
    six = [photo(t) for t in ("image/jpeg", "image/png", "image/webp")] * 2
    assert check_photos(six, at_least=1) == six
    assert check_photos([], at_least=0) == []
    assert check_photos([photo(size=8 * 1024 * 1024)], at_least=1)[0].data
    cases = [([], 1, "at least 1 photo is needed"), ([photo()] * 7, 1, "at most 6 photos"),
             ([photo("image/gif")], 1, "a photo must be one of image/jpeg, image/png, image/webp"),
             ([photo(size=0)], 1, "a photo is empty"),
             ([photo(size=8 * 1024 * 1024 + 1)], 1, "a photo must be at most 8 MiB")]
    for photos, at_least, detail in cases:
        refused(InvalidInput, lambda p=photos, n=at_least: check_photos(p, at_least=n), detail, field="photos")


def test_one_to_twenty_toys_each_named_and_rated_one_to_five():
    twenty = [ToyReaction(f"toy {i}", 1 + i % 5) for i in range(20)]
    assert check_toys(twenty) == twenty and check_toys([ToyReaction("x" * 100, 5)])
    cases = [([], "name 1..20 toys tested"), (twenty + [ToyReaction("one more", 3)], "name 1..20 toys tested"),
             ([ToyReaction("  ", 3)], "a toy needs a name of 1..100 characters"),
             ([ToyReaction("x" * 101, 3)], "a toy needs a name of 1..100 characters"),
             ([ToyReaction("ball", 0)], "a reaction is one of (1, 2, 3, 4, 5)"),
             ([ToyReaction("ball", 6)], "a reaction is one of (1, 2, 3, 4, 5)"),
             ([ToyReaction("ball", True)], "a reaction is one of (1, 2, 3, 4, 5)")]
    for toys, detail in cases:
        refused(InvalidInput, lambda t=toys: check_toys(t), detail, field="toys")
