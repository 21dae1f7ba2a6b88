"""Fixtures for the notification service layer: fresh fakes per test."""
import pytest

from mcf.notification.domain import NotificationRequest, Recipient

from .fakes import Clock, FakeLog, FakeRenderer, FakeUnitOfWork


@pytest.fixture
def uow():
    return FakeUnitOfWork()


@pytest.fixture
def log():
    return FakeLog()


@pytest.fixture
def renderer():
    return FakeRenderer()


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def make_request(clock):
    def make(request_id="e-1", template="order.created", **data):
        return NotificationRequest(
            id=request_id, source="order", kind="created", template=template, locale="en",
            recipient=Recipient("c-1", "client", "cat@example.com"),
            data=data or {"order_id": "o-1"}, requested_at=clock())
    return make
