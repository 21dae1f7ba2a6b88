"""Small fakes of the notification ports, for driving the service layer without servers."""
from __future__ import annotations

import copy
from datetime import datetime, timedelta, timezone

from mcf.kit.email import DeliveryFailed
from mcf.notification.domain import Notification, RenderedMessage, TemplateDataError, UnknownTemplate
from tests.support import fake_uow
from tests.support.fake_uow import InMemory


class FakeStore(InMemory):
    def __init__(self):
        self.rows: dict[str, Notification] = {}

    def add_if_new(self, notification):
        if notification.id in self.rows:
            return False
        self.rows[notification.id] = copy.deepcopy(notification)
        return True

    def get_for_update(self, notification_id):
        row = self.rows.get(notification_id)
        return copy.deepcopy(row) if row else None

    def save(self, notification):
        self.rows[notification.id] = copy.deepcopy(notification)

    def stale(self, queued_before, limit):
        return [copy.deepcopy(n) for n in self.rows.values()
                if n.status.value == "received" and n.queued_at < queued_before][:limit]


class FakeUnitOfWork(fake_uow.FakeUnitOfWork):
    """notification's unit of work in memory, on the shared base: a rollback restores the store."""

    def __init__(self):
        super().__init__()
        self.notifications = FakeStore()


class FakeLog:
    def __init__(self):
        self.versions: list[Notification] = []

    def append(self, notification):
        self.versions.append(copy.deepcopy(notification))

    def latest(self) -> dict[str, Notification]:
        newest: dict[str, Notification] = {}
        for version in self.versions:
            if version.id not in newest or version.updated_at >= newest[version.id].updated_at:
                newest[version.id] = version
        return newest

    def list(self, recipient, limit):
        found = [n for n in self.latest().values()
                 if recipient is None or recipient in (n.recipient.id, n.recipient.email)]
        return sorted(found, key=lambda n: n.created_at, reverse=True)[:limit]

    def get(self, notification_id):
        return self.latest().get(notification_id)


class FakeRenderer:
    templates = {"order.created"}

    def render(self, template, locale, data):
        if template not in self.templates:
            raise UnknownTemplate(f"no template {template!r}", field="template")
        if "order_id" not in data:
            raise TemplateDataError("data.order_id is missing", field="data.order_id")
        return RenderedMessage(f"Order {data['order_id']} [{locale}]", f"text {data['order_id']}",
                               f"<p>{data['order_id']}</p>")


class FakeMailer:
    """Fails the first ``fail_times`` sends with DeliveryFailed."""

    def __init__(self, fail_times=0):
        self.fail_times = fail_times
        self.sent = []
        self.tries = 0

    def send(self, message):
        self.tries += 1
        if self.tries <= self.fail_times:
            raise DeliveryFailed("connection refused")
        self.sent.append(message)


class FakeJobs:
    def __init__(self):
        self.enqueued: list[str] = []

    def enqueue_send(self, notification_id):
        self.enqueued.append(notification_id)


class Clock:
    def __init__(self):
        self.now = datetime(2030, 1, 1, 12, 0, tzinfo=timezone.utc)

    def __call__(self):
        return self.now

    def advance(self, seconds):
        self.now += timedelta(seconds=seconds)


