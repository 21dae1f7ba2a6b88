"""Every notice order-service asks for renders with notification-service's templates, in both locales."""
from datetime import timedelta

import pytest

from mcf.notification.adapters.templates import JinjaRenderer
from mcf.order import service
from tests.support.order import CLIENT, NOW, W1, FakeMatching, FakeUnitOfWork, command
from tests.unit.order.test_order_service import POLICY


def all_notices(locale):
    notices = []
    for cat_name in ("Murka", None):
        uow = FakeUnitOfWork()
        order = service.place_order(uow, FakeMatching(W1), command(locale=locale, cat_name=cat_name), NOW, POLICY)
        service.on_payment_failed(uow, order.id, "pay-0", "card_declined", NOW, POLICY)
        service.accept_offer(uow, order.id, W1, NOW)
        service.on_payment_succeeded(uow, order.id, "pay-1", NOW)
        service.on_kit_ready(uow, order.id, "kit-1", {"id": "pp", "name": "Hub", "address": "Arbat 2"},
                             {"text": "A mouse in the paw", "locale": locale, "source": "partner"}, NOW)
        service.on_checked_in(uow, order.id, W1, NOW, NOW)
        service.on_report_filed(uow, order.id, W1, "rep", NOW, NOW)
        for role in ("client", "manager"):
            other = service.place_order(uow, FakeMatching(W1), command(locale=locale, cat_name=cat_name), NOW,
                                        POLICY)
            service.cancel_order(uow, other.id, role, CLIENT, None, NOW)
        service.place_order(uow, FakeMatching(), command(locale=locale, cat_name=cat_name), NOW, POLICY)
        service.place_order(uow, FakeMatching(W1), command(locale=locale, cat_name=cat_name), NOW, POLICY)
        service.expire_unpaid(uow, NOW + timedelta(hours=1), POLICY)
        notices += [e for e in uow.committed_events if e.exchange == "mcf.notifications"]
    return notices


@pytest.mark.parametrize("locale", ["en", "ru"])
def test_every_order_notice_renders(locale):
    renderer = JinjaRenderer()
    notices = all_notices(locale)
    assert {n.data["template"] for n in notices} == {
        "order.created", "order.payment_failed", "order.confirmed", "order.kit_ready", "order.completed",
        "order.cancelled", "order.expired"}
    for notice in notices:
        assert notice.data["locale"] == locale
        assert renderer.locales(notice.data["template"]) == ["en", "ru"]
        message = renderer.render(notice.data["template"], locale, notice.data["data"])
        assert notice.data["data"]["order_id"] in message.text + message.subject
        assert message.html and "{{" not in message.text and "{%" not in message.html
