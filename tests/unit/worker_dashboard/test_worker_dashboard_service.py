"""worker-dashboard's use cases against fakes of order-service, order-report, worker-profile and the history."""
from __future__ import annotations

import pytest

from mcf.kit.errors import InvalidInput, NotFound, Unauthorized, Unavailable
from mcf.kit.values import FileContent
from mcf.worker_dashboard import service
from mcf.worker_dashboard.domain import MAX_PHOTO_BYTES, MAX_PHOTOS, NotAssigned, Photo, ToyReaction, submission_key
from mcf.worker_dashboard.ports import Caller
from tests.unit.worker_dashboard.fakes import FakeHistory, FakeOrders, FakeProfiles, FakeReports

ME, OTHER = Caller("w-me"), Caller("w-other")
JPEG = Photo("door.jpg", "image/jpeg", b"\xff\xd8\xff" + b"0" * 100)


@pytest.fixture
def orders():
    return FakeOrders()


@pytest.fixture
def reports():
    return FakeReports()


def test_log_in_forwards_the_credentials_and_passes_a_refusal_through():
    profiles = FakeProfiles("w@example.com", "secret-password", "jwt")
    assert service.log_in(profiles, " w@example.com ", "secret-password") == "jwt"
    with pytest.raises(Unauthorized):
        service.log_in(profiles, "w@example.com", "wrong")


def test_offers_are_the_open_offers_to_me_with_only_city_and_district(orders):
    mine = orders.add(offered_to=ME.worker_id)
    orders.add(offered_to=OTHER.worker_id)
    orders.add(worker_id=ME.worker_id)                       # taken: an order, not an offer
    (offer,) = service.my_offers(orders, ME)
    assert offer["id"] == mine["id"] and offer["role"] == "offered"
    assert "street" not in offer.get("address", {}) and "client_email" not in offer


def test_accepting_an_offer_returns_the_order_with_its_address_and_kit(orders):
    order = orders.add(offered_to=ME.worker_id)
    taken = service.accept_offer(orders, ME, order["id"])
    assert taken["role"] == "assigned" and taken["address"]["street"] == "Arbat"
    assert taken["kit"]["pickup_point"] == {"name": "Point"} and "client_email" not in taken


def test_another_workers_order_is_not_found_for_every_action(orders, reports):
    order = orders.add(offered_to=OTHER.worker_id)
    for action in (lambda: service.accept_offer(orders, ME, order["id"]),
                   lambda: service.decline_offer(orders, ME, order["id"]),
                   lambda: service.my_order(orders, ME, order["id"]),
                   lambda: service.check_in(orders, reports, ME, order["id"], [JPEG], "k1"),
                   lambda: service.report_of(orders, reports, ME, order["id"])):
        with pytest.raises(NotFound):
            action()
    assert reports.check_ins == {}


def test_current_orders_are_mine_and_unfinished_soonest_first(orders):
    later = orders.add(worker_id=ME.worker_id, slot_start="2030-01-02T10:00:00Z")
    sooner = orders.add(worker_id=ME.worker_id, status="in_progress", slot_start="2030-01-01T10:00:00Z")
    orders.add(worker_id=ME.worker_id, status="completed")
    orders.add(offered_to=ME.worker_id)
    assert [o["id"] for o in service.my_current_orders(orders, ME)] == [sooner["id"], later["id"]]


def test_history_keeps_only_my_finished_orders_latest_first():
    rows = [{"order_id": "a", "status": "completed", "worker_id": ME.worker_id, "slot_start": "2030-01-01T10:00:00Z"},
            {"order_id": "b", "status": "cancelled", "worker_id": ME.worker_id, "slot_start": "2030-02-01T10:00:00Z"},
            {"order_id": "c", "status": "confirmed", "worker_id": ME.worker_id, "slot_start": "2030-03-01T10:00:00Z"},
            {"order_id": "d", "status": "completed", "worker_id": OTHER.worker_id,
             "slot_start": "2030-01-01T10:00:00Z"}]
    assert [o["id"] for o in service.my_history(FakeHistory(rows), ME)] == ["b", "a"]


def test_check_in_needs_the_offer_accepted_first(orders, reports):
    order = orders.add(offered_to=ME.worker_id)
    with pytest.raises(NotAssigned):
        service.check_in(orders, reports, ME, order["id"], [JPEG], "k1")


def test_the_same_idempotency_key_checks_in_once_and_replays(orders, reports):
    order = orders.add(worker_id=ME.worker_id)
    first = service.check_in(orders, reports, ME, order["id"], [JPEG], "key-1")
    again = service.check_in(orders, reports, ME, order["id"], [JPEG], "key-1")
    assert not first.replayed and again.replayed and len(reports.check_ins) == 1
    assert list(reports.check_ins) == [submission_key(ME.worker_id, "key-1")]


def test_two_workers_choosing_the_same_key_never_share_a_submission():
    assert submission_key("w-1", "same") != submission_key("w-2", "same")
    assert submission_key("w-1", "same") == submission_key("w-1", "same")


@pytest.mark.parametrize("key", [None, "", "   ", "x" * 201, "bad\nkey"])
def test_a_submission_without_a_usable_idempotency_key_is_refused(orders, reports, key):
    order = orders.add(worker_id=ME.worker_id)
    with pytest.raises(InvalidInput) as error:
        service.check_in(orders, reports, ME, order["id"], [JPEG], key)
    assert error.value.extensions["field"] == "Idempotency-Key" and reports.check_ins == {}


@pytest.mark.parametrize("photos", [
    [], [JPEG] * (MAX_PHOTOS + 1), [Photo("a.gif", "image/gif", b"GIF89a")], [Photo("e.jpg", "image/jpeg", b"")],
    [Photo("big.jpg", "image/jpeg", b"0" * (MAX_PHOTO_BYTES + 1))]])
def test_a_check_in_needs_one_to_six_photos_of_a_known_type_and_size(orders, reports, photos):
    order = orders.add(worker_id=ME.worker_id)
    with pytest.raises(InvalidInput):
        service.check_in(orders, reports, ME, order["id"], photos, "k")
    assert reports.check_ins == {}


def test_a_location_is_both_coordinates_and_one_alone_is_no_location(orders, reports):
    # a lone coordinate is no location (ignored), not a 422: the multipart contract cannot say "both or neither"
    order = orders.add(worker_id=ME.worker_id)
    alone = service.check_in(orders, reports, ME, order["id"], [JPEG], "k1", latitude=55.75)
    assert reports.check_ins[alone.document["id"]].latitude is None
    assert reports.check_ins[alone.document["id"]].longitude is None
    order = orders.add(worker_id=ME.worker_id)
    done = service.check_in(orders, reports, ME, order["id"], [JPEG], "k", latitude=55.75, longitude=37.62)
    assert reports.check_ins[done.document["id"]].latitude == 55.75


def test_an_answer_about_another_order_is_unavailable_not_trusted(orders, reports):
    order = orders.add(worker_id=ME.worker_id)
    reports.wrong_order = True
    with pytest.raises(Unavailable):
        service.check_in(orders, reports, ME, order["id"], [JPEG], "k")


def test_a_report_names_toys_with_a_reaction_on_the_scale(orders, reports):
    order = orders.add(worker_id=ME.worker_id, status="in_progress")
    for toys in ([], [ToyReaction("ball", 6)], [ToyReaction(" ", 3)], [ToyReaction("ball", True)]):
        with pytest.raises(InvalidInput):
            service.file_report(orders, reports, ME, order["id"], toys, 60, "", [], "k")
    with pytest.raises(InvalidInput):
        service.file_report(orders, reports, ME, order["id"], [ToyReaction("ball", 4)], 0, "", [], "k")
    filed = service.file_report(orders, reports, ME, order["id"], [ToyReaction("ball", 4)], 60, "good", [], "k")
    assert not filed.replayed and service.report_of(orders, reports, ME, order["id"])["order_id"] == order["id"]


def test_a_report_not_filed_yet_is_not_found(orders, reports):
    order = orders.add(worker_id=ME.worker_id)
    with pytest.raises(NotFound):
        service.report_of(orders, reports, ME, order["id"])


def test_declining_an_offer_closes_it(orders):
    order = orders.add(offered_to=ME.worker_id)
    service.decline_offer(orders, ME, order["id"])
    assert orders.orders[order["id"]]["offer"] is None and service.my_offers(orders, ME) == []


def test_a_worker_gets_the_photos_of_its_own_check_ins_only(reports):
    reports.photos["p-1"] = (ME.worker_id, FileContent("image/jpeg", b"door"))
    assert service.my_photo(reports, ME, "p-1").data == b"door"
    assert service.my_photo(reports, ME, "p-1", thumbnail=True).content_type == "image/jpeg"
    for caller, photo_id in ((OTHER, "p-1"), (ME, "p-2")):
        with pytest.raises(NotFound):
            service.my_photo(reports, caller, photo_id)
