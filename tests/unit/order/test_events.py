"""order's events.py: every domain event has its mapping; a new one without a mapping fails loudly."""
import dataclasses
import inspect

import pytest

from mcf.order import domain, events, service
from mcf.order.domain import OrderPlaced, PaymentFailed, RefundRecorded, StatusChanged
from tests.support.order import NOW, W1, FakeMatching, FakeUnitOfWork, command


def test_every_domain_event_class_of_the_order_is_listed_and_mapped():
    declared = {cls for _, cls in inspect.getmembers(domain, inspect.isclass)
                if cls.__module__ == domain.__name__ and dataclasses.is_dataclass(cls)
                and "order" in {f.name for f in dataclasses.fields(cls)}}
    assert declared == set(domain.DOMAIN_EVENTS)
    assert set(domain.DOMAIN_EVENTS) == set(events._MAPPINGS)


def test_a_domain_event_without_a_mapping_is_an_error_not_silence():
    with pytest.raises(TypeError, match="no integration events"):
        events.integration_events(object())


def test_events_that_change_nothing_for_others_map_to_none():
    order = service.place_order(FakeUnitOfWork(), FakeMatching(W1), command(), NOW)
    assert events.integration_events(RefundRecorded(order, {"refund_id": "r"})) == []
    assert events.integration_events(StatusChanged(order)) == []


def test_an_order_placed_without_a_match_tells_the_client_nothing_yet():
    order = service.place_order(FakeUnitOfWork(), FakeMatching(W1), command(), NOW)
    assert [e.type for e in events.integration_events(OrderPlaced(order, matched=False))] == ["order.created"]
    assert [e.type for e in events.integration_events(OrderPlaced(order, matched=True))] == \
        ["order.created", "notification.order.created"]


def test_a_failed_payment_is_a_notice_only_with_the_deadline():
    order = service.place_order(FakeUnitOfWork(), FakeMatching(W1), command(), NOW)
    [notice] = events.integration_events(PaymentFailed(order, "pay-1", "card_declined", NOW))
    assert notice.type == "notification.order.payment_failed"
    assert notice.data["data"]["pay_by"] == "2026-11-27T12:00:00Z" and notice.data["data"]["reason"] == "card_declined"
