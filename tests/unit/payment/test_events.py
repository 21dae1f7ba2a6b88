"""payment's events.py: every domain event has its mapping (the wire format, field by field), a new one without a
mapping fails loudly, and the use cases publish nothing by hand: what reaches the outbox is what the aggregates
raised, on commit only."""
import ast
import dataclasses
import inspect
from datetime import datetime, timezone
from pathlib import Path

import pytest

from mcf.payment import domain, events, service
from mcf.payment.domain import (
    Charge,
    ChargeStatus,
    Payment,
    PaymentFailed,
    PaymentSucceeded,
    Refund,
    RefundDecided,
    RefundPolicy,
)
from tests.support.payment import FakeUnitOfWork

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=timezone.utc)
CLIENT = "7b7c1b36-5b57-4d4f-8d62-0b8f3c1a0001"
ORDER = "7b7c1b36-5b57-4d4f-8d62-0b8f3c1a0002"
RECIPIENT = {"id": CLIENT, "role": "client", "email": "human@cats.example"}


def started() -> Payment:
    return Payment.start(idempotency_key="k", request_fingerprint="f", order_id=ORDER, client_id=CLIENT,
                         client_email="human@cats.example", locale="ru", amount_minor=150001, currency="RUB",
                         card_number="4242424242424242", now=NOW)


def settled(status: ChargeStatus, reason: str | None = None) -> Payment:
    payment = started()
    payment.settle(Charge(payment.id, status, reason), NOW)
    return payment


def test_every_domain_event_class_of_payment_is_listed_and_mapped():
    declared = {cls for _, cls in inspect.getmembers(domain, inspect.isclass)
                if cls.__module__ == domain.__name__ and dataclasses.is_dataclass(cls)
                and {"payment", "refund"} & {f.name for f in dataclasses.fields(cls)}}
    assert declared == set(domain.DOMAIN_EVENTS) == {PaymentSucceeded, PaymentFailed, RefundDecided}
    assert set(domain.DOMAIN_EVENTS) == set(events._MAPPINGS)


def test_a_domain_event_without_a_mapping_is_an_error_not_silence():
    with pytest.raises(TypeError, match="no integration events"):
        events.integration_events(object())


def test_a_settled_payment_raises_one_event_at_a_new_version():
    payment = started()
    assert payment.events == [] and payment.version == 1
    payment.settle(Charge(payment.id, ChargeStatus.SUCCEEDED), NOW)
    [event] = payment.events
    assert isinstance(event, PaymentSucceeded) and payment.version == 2 and event.payment.version == 2
    assert event.payment.events == []  # a snapshot, not the aggregate itself


def test_payment_succeeded_on_the_wire():
    payment = settled(ChargeStatus.SUCCEEDED)
    [event] = payment.events
    out, notice = events.integration_events(event)
    assert (out.type, out.source, out.subject, out.exchange) == ("payment.succeeded", "/mcf/payment", ORDER,
                                                                 "mcf.events")
    assert out.data == {"payment_id": payment.id, "order_id": ORDER, "client_id": CLIENT,
                        "amount_minor": 150001, "currency": "RUB"}
    assert (notice.type, notice.exchange, notice.subject) == ("notification.payment.succeeded",
                                                              "mcf.notifications", ORDER)
    assert notice.data == {"recipient": RECIPIENT, "template": "payment.succeeded", "locale": "ru", "data": {
        "payment_id": payment.id, "order_id": ORDER, "amount_minor": 150001, "currency": "RUB",
        "card_last4": "4242"}}


def test_payment_failed_on_the_wire_carries_the_reason():
    payment = settled(ChargeStatus.DECLINED, "card_declined")
    [event] = payment.events
    assert isinstance(event, PaymentFailed)
    out, notice = events.integration_events(event)
    assert out.type == "payment.failed" and out.data == {"payment_id": payment.id, "order_id": ORDER,
                                                         "client_id": CLIENT, "reason": "card_declined"}
    assert notice.type == "notification.payment.failed" and notice.data["data"] == {
        "payment_id": payment.id, "order_id": ORDER, "amount_minor": 150001, "currency": "RUB",
        "card_last4": "4242", "reason": "card_declined"}


def test_refund_decided_on_the_wire_and_a_refund_of_nothing_paid_raises_none():
    payment = settled(ChargeStatus.SUCCEEDED)
    refund = Refund.decide(order_id=ORDER, payment=payment, paid_minor=150001, slot_start=NOW, cancelled_at=NOW,
                           checked_in=False, cancelled_by="client", now=NOW)
    [event] = refund.events
    assert isinstance(event, RefundDecided) and event.payment == payment and event.refund == refund
    assert event.refund.events == [] and event.payment.events == [] and refund.version == 1
    out, notice = events.integration_events(event)
    assert out.type == "payment.refunded" and out.subject == ORDER and out.data == {
        "refund_id": refund.id, "payment_id": payment.id, "order_id": ORDER, "amount_minor": 75001,
        "currency": "RUB", "policy": "late_half"}
    assert notice.type == "notification.payment.refunded" and notice.data == {
        "recipient": RECIPIENT, "template": "payment.refunded", "locale": "ru", "data": {
            "refund_id": refund.id, "payment_id": payment.id, "order_id": ORDER, "amount_minor": 75001,
            "paid_minor": 150001, "currency": "RUB", "policy": "late_half"}}
    nothing = Refund.decide(order_id=ORDER, payment=None, paid_minor=0, slot_start=NOW, cancelled_at=NOW,
                            checked_in=False, cancelled_by="client", now=NOW)
    assert nothing.policy is RefundPolicy.NOTHING_PAID and nothing.events == []


def test_a_saved_payments_event_reaches_the_outbox_without_the_use_case_and_a_rollback_writes_none():
    uow = FakeUnitOfWork()
    with uow:
        uow.payments.add_if_new(started())
    with pytest.raises(RuntimeError), uow:
        [payment] = uow.payments.for_order(ORDER)
        payment.settle(Charge(payment.id, ChargeStatus.SUCCEEDED), NOW)
        uow.payments.save(payment)
        raise RuntimeError("the transaction fails after the save")
    assert uow.committed_events == [] and uow.outbox.events == []
    with uow:
        [payment] = uow.payments.for_order(ORDER)
        payment.settle(Charge(payment.id, ChargeStatus.SUCCEEDED), NOW)
        uow.payments.save(payment)
    assert uow.types() == ["payment.succeeded", "notification.payment.succeeded"]
    assert uow.payments.get(payment.id).version == 2


def test_the_use_cases_write_nothing_to_the_outbox_themselves():
    tree = ast.parse(Path(inspect.getsourcefile(service)).read_text())
    touched = {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)}
    assert "outbox" not in touched
    assert not any(isinstance(node, ast.ImportFrom) and node.module == "mcf.payment.events"
                   for node in ast.walk(tree))
