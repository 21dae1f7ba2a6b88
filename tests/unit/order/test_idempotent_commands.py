"""People's order commands under an Idempotency-Key (ADR 0061): a retry gets the first result, changes nothing."""
from datetime import timedelta

import pytest

from mcf.order import service
from mcf.order.domain import OrderStatus
from tests.support.order import CLIENT, NOW, W1, W2, FakeMatching, FakeUnitOfWork, command

POLICY = service.OrderPolicy(offer_ttl=timedelta(minutes=10), payment_deadline=timedelta(minutes=30))


def key(name="k-1", principal=f"client:{CLIENT}", fingerprint="body-1"):
    return service.CommandKey(principal=principal, key=name, fingerprint=fingerprint,
                              snapshot=lambda order: {"id": order.id, "version": order.version,
                                                      "status": order.status.value})


def test_a_retried_placement_gives_one_order_one_offer_one_notice_and_the_first_response():
    uow, matching = FakeUnitOfWork(), FakeMatching(W1, W2)
    first = service.place_order(uow, matching, command(), NOW, POLICY, key())
    again = service.place_order(uow, matching, command(), NOW + timedelta(seconds=5), POLICY, key())
    assert isinstance(again, service.Replay)
    assert again.response == {"id": first.id, "version": first.version, "status": "placed"}
    assert len(uow.orders.rows) == 1 and len(matching.requests) == 1, "a plain retry does not ask matching again"
    assert uow.types() == ["order.created", "notification.order.created", "order.offered"]


def test_the_same_key_with_another_body_is_422_and_places_nothing():
    uow, matching = FakeUnitOfWork(), FakeMatching(W1)
    service.place_order(uow, matching, command(), NOW, POLICY, key())
    with pytest.raises(service.IdempotencyKeyReused) as raised:
        service.place_order(uow, matching, command(duration_minutes=90), NOW, POLICY, key(fingerprint="body-2"))
    assert raised.value.slug == "idempotency-key-reused" and raised.value.extensions["field"] == "Idempotency-Key"
    assert len(uow.orders.rows) == 1


def test_keys_are_scoped_per_acting_principal():
    uow, matching = FakeUnitOfWork(), FakeMatching(W1)
    one = service.place_order(uow, matching, command(), NOW, POLICY, key())
    other = service.place_order(uow, matching, command(client_id="7b7c1b36-5b57-4d4f-8d62-0b8f3c1a0099"), NOW,
                                POLICY, key(principal="client:7b7c1b36-5b57-4d4f-8d62-0b8f3c1a0099"))
    assert not isinstance(other, service.Replay) and other.id != one.id and len(uow.orders.rows) == 2


def test_a_twin_that_committed_between_the_check_and_the_claim_wins_and_this_order_is_dropped():
    uow, matching = FakeUnitOfWork(), FakeMatching(W1)
    twin = service.place_order(uow, matching, command(), NOW, POLICY, key())

    late = FakeUnitOfWork()
    late.orders.rows, late.idempotency.rows = uow.orders.rows, dict(uow.idempotency.rows)
    late.idempotency.find = lambda principal, name: None
    result = service.place_order(late, matching, command(), NOW, POLICY, key())
    assert isinstance(result, service.Replay) and result.response["id"] == twin.id
    assert len(late.orders.rows) == 1 and late.committed_events == []


def test_a_command_that_fails_keeps_no_key_so_a_retry_runs_it():
    uow, matching = FakeUnitOfWork(), FakeMatching(W1)
    matching.down = True
    with pytest.raises(service.MatchingUnavailable):
        service.place_order(uow, matching, command(), NOW, POLICY, key())
    matching.down = False
    placed = service.place_order(uow, matching, command(), NOW, POLICY, key())
    assert not isinstance(placed, service.Replay) and len(uow.orders.rows) == 1


def test_a_retried_accept_replays_and_a_failed_accept_rolls_its_key_back():
    uow, matching = FakeUnitOfWork(), FakeMatching(W1, W2)
    order = service.place_order(uow, matching, command(), NOW, POLICY)
    with pytest.raises(service.NotFound):  # W2 was not offered the order: the key goes with the rollback
        service.accept_offer(uow, order.id, W2, NOW, key("a", f"worker:{W2}"))
    assert (f"worker:{W2}", "a") not in uow.idempotency.rows
    accepted = service.accept_offer(uow, order.id, W1, NOW, key("a", f"worker:{W1}"))
    again = service.accept_offer(uow, order.id, W1, NOW, key("a", f"worker:{W1}"))
    assert isinstance(again, service.Replay) and again.response["version"] == accepted.version
    assert uow.types().count("order.offer_accepted") == 1


def test_a_retried_decline_does_not_decline_or_rematch_again():
    uow, matching = FakeUnitOfWork(), FakeMatching(W1, W2)
    order = service.place_order(uow, matching, command(), NOW, POLICY)
    service.decline_offer(uow, matching, order.id, W1, NOW, POLICY, key("d", f"worker:{W1}"))
    asked = len(matching.requests)
    again = service.decline_offer(uow, matching, order.id, W1, NOW, POLICY, key("d", f"worker:{W1}"))
    assert isinstance(again, service.Replay) and len(matching.requests) == asked
    assert uow.types().count("order.offer_declined") == 1 and uow.orders.get(order.id).offer.worker_id == W2


def test_a_retried_cancel_replays_the_cancellation():
    uow, matching = FakeUnitOfWork(), FakeMatching(W1)
    order = service.place_order(uow, matching, command(), NOW, POLICY)
    service.cancel_order(uow, order.id, "client", CLIENT, None, NOW, key("c"))
    again = service.cancel_order(uow, order.id, "client", CLIENT, None, NOW, key("c"))
    assert isinstance(again, service.Replay) and again.response["status"] == OrderStatus.CANCELLED.value
    assert uow.types().count("order.cancelled") == 1
