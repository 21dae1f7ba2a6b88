"""worker-dashboard served for real (werkzeug, threaded) in front of stub upstreams (tests/support/worker_stubs)."""
from __future__ import annotations

from contextlib import ExitStack
from dataclasses import dataclass

import pytest

from mcf.worker_dashboard.app import create_app
from tests.support.stub_services import StubControls, serve
from tests.support.worker_stubs import WorkerWorld, history_stub, profile_stub, report_stub, worker_order_stub

SECRET = "browser-test-secret-long-enough-for-hs256"
EMAIL, PASSWORD = "walker@example.com", "correct horse battery"


@dataclass
class Stack:
    url: str
    world: WorkerWorld
    worker_id: str
    orders: StubControls
    reports: StubControls


@pytest.fixture
def stack(settings):
    world = WorkerWorld(SECRET)
    worker_id = world.add_worker(EMAIL, PASSWORD)
    orders, reports, profiles, history = StubControls(), StubControls(), StubControls(), StubControls()
    with ExitStack() as stack:
        order_url = stack.enter_context(serve(worker_order_stub(world, orders)))
        report_url = stack.enter_context(serve(report_stub(world, reports)))
        profile_url = stack.enter_context(serve(profile_stub(world, profiles)))
        history_url = stack.enter_context(serve(history_stub(world, history)))
        app = create_app(settings.with_(jwt_secret=SECRET, http_timeout=3.0), order_url=order_url,
                         report_url=report_url, profile_url=profile_url, history_url=history_url)
        url = stack.enter_context(serve(app))
        yield Stack(url, world, worker_id, orders, reports)
