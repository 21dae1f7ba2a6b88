"""quality on the real PostgreSQL, with order-history's real app on the real ClickHouse behind its change feed, and
real HTTP stand-ins of order-report and worker-profile (tests/support/quality_stubs.py)."""
from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import pytest

from mcf.kit import clickhouse
from mcf.order_history import app as history_app
from mcf.order_history.adapters.gateways import archived_from
from mcf.order_history.adapters.http import blueprint as history_blueprint
from mcf.order_history.adapters.storage import ClickhouseArchive
from tests.support.order_history import order_json
from tests.support.panel import csrf_of, sign_in
from tests.support.quality_stubs import Ratings, Records, order_report_stub, worker_profile_stub
from tests.support.stub_services import StubControls, serve

MANAGER_EMAIL = "reviewer@mcf.example"
MANAGER_PASSWORD = "a long reviewer password"


@dataclass
class World:
    settings: object
    pg: object
    app: object
    archive: ClickhouseArchive
    feed: object
    reports: object
    ratings_gateway: object
    ratings: Ratings
    profile: StubControls
    records: Records
    report: StubControls

    def archive_order(self, status="completed", *, worker_id=None, photos=1, reactions=(5, 4), late_minutes=2,
                      **overrides) -> dict:
        """An order finished and archived a while ago (outside the feed's settle window), with its record."""
        raw = order_json(status, worker_id=worker_id, late_minutes=late_minutes, **overrides)
        long_ago = datetime.now(timezone.utc) - timedelta(minutes=1)
        ClickhouseArchive(self.archive.client, clock=lambda: long_ago).add([archived_from(raw)])
        if status == "completed":
            self.records.add(raw["id"], raw["worker_id"], photos=photos, reactions=reactions)
        return raw

    def pull(self) -> list[str]:
        from mcf.quality import app as quality_app

        return quality_app.feed_round(self.pg, self.feed, self.reports)()

    def deliver(self, now=None) -> list[str]:
        from mcf.quality import app as quality_app

        return quality_app.delivery_round(self.pg, self.ratings_gateway,
                                          (lambda: now) if now else lambda: datetime.now(timezone.utc))()


@pytest.fixture(scope="module")
def world(isolated_settings, servers):
    from mcf.kit.admin import StaffAccounts
    from mcf.kit.http import create_app
    from mcf.quality import app as quality_app

    settings = isolated_settings
    store = history_app.archive(settings)
    ratings, profile, records, report = Ratings(), StubControls(), Records(), StubControls()
    history = create_app(history_app.SERVICE, settings, blueprints=[history_blueprint(store)])
    with serve(history) as history_url, \
            serve(worker_profile_stub(settings.jwt_secret, ratings, profile)) as profile_url, \
            serve(order_report_stub(settings.jwt_secret, records, report)) as report_url:
        reports = quality_app.reports(settings, report_url, timeout=1.0)
        ratings_gateway = quality_app.worker_ratings(settings, profile_url, timeout=1.0)
        app = quality_app.create_app(settings, report_source=reports, ratings=ratings_gateway)
        pg = quality_app.database(settings)
        StaffAccounts(pg).ensure(MANAGER_EMAIL, MANAGER_PASSWORD)
        yield World(settings, pg, app, store, quality_app.archive_feed(settings, history_url), reports,
                    ratings_gateway, ratings, profile, records, report)
        pg.close_all()
    client = clickhouse.connect(settings, history_app.SERVICE)
    try:
        clickhouse.drop_database(client, settings.database_name(history_app.SERVICE))
    finally:
        client.disconnect()
        store.client.disconnect()


@pytest.fixture
def clean(world):
    with world.pg.connection_context():
        world.pg.execute_sql("TRUNCATE rating_adjustments, reviews, review_queue, feed_cursors, outbox")
    world.archive.client.execute("TRUNCATE TABLE order_archive")
    world.profile.received.clear()
    world.profile.fail_with = None
    world.ratings.applied.clear()
    return world


def login(client, email=MANAGER_EMAIL, password=MANAGER_PASSWORD):
    return sign_in(client, email, password)


def review_form(page_html: str, **fields) -> dict:
    review_id = re.search(r'id="review_id" name="review_id" type="hidden" value="([^"]+)"', page_html)
    form = {"csrf_token": csrf_of(page_html), "review_id": review_id.group(1) if review_id else str(uuid.uuid4()),
            "score": "2", "comment": "Late, and the cat hated it", "decision": "penalise", "delta": "0.5",
            "check_polite": "y"}
    form.update(fields)
    return form
