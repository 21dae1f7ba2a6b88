"""The replicas drill (issue 13): `mcf up --replicas 2` on servers the drill owns (``tests/drills/stack.py``), the
demo journey, then bursts of orders during which (1) one replica of every process kind of every service is
SIGKILLed (the supervisor restarts them, as a Deployment would), and (2) one replica of every consumer process is
sent SIGTERM (it finishes the message in hand and exits; its prefetched messages go to the other replica). Every
order ends confirmed, every side effect happened exactly once (one charge per order in payment's ledger, one
reservation of each kit's toys, one "booked", one "payment received" and one "confirmed" e-mail per order), and
after the SIGTERM no message that had been handled came back (the inboxes skipped none).

`mcf drill -k replicas`; ``MCF_DRILL_ORDERS`` sets the bursts (default 1,000)."""
from __future__ import annotations

import os
import signal
import time
import uuid
from datetime import datetime

import pytest
import requests

from mcf.stack.demo import Journey
from mcf.stack.up import procfile_processes
from tests.drills.stack import DRILL_PORT_BASE, DrillStack

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(7200)]  # run by `mcf drill`


@pytest.fixture(scope="module")
def replicated():
    stack = DrillStack(replicas=2, base=DRILL_PORT_BASE - 50)
    try:
        yield stack.start()
    finally:
        stack.stop()


def test_the_demo_journey_passes_on_two_replicas_of_everything(replicated):
    journey = Journey(replicated.settings)
    journey.run()
    assert any("refunded" in line for line in journey.report), journey.report


class Client:
    """One client placing and paying orders; every call is retried with its own Idempotency-Key, as a client
    whose connection broke would (the web replica that held it may have just been killed)."""

    def __init__(self, stack):
        self.base = stack.url("client-dashboard")
        self.session = requests.Session()
        self.email = f"drill-{uuid.uuid4().hex[:8]}@cats.example"
        signed = self.call("POST", "/signup", json={"email": self.email, "password": "purr-purr-purr-42",
                                                     "display_name": "Drill", "locale": "en"})
        self.session.headers["Authorization"] = f"Bearer {signed['token']}"
        self.cat = self.call("POST", "/cats", json={"name": "Barsik", "age_years": 2, "favourite_toys": ["balls"],
                                                    "notes": ""})["id"]

    def call(self, method, path, timeout=90.0, **kwargs):
        key = str(uuid.uuid4())
        headers = {**kwargs.pop("headers", {}), "Idempotency-Key": key}
        deadline = time.monotonic() + timeout
        while True:
            try:
                response = self.session.request(method, self.base + path, headers=headers, timeout=15, **kwargs)
                if response.status_code < 500:
                    assert response.status_code in (200, 201), f"{method} {path}: {response.status_code} " \
                                                               f"{response.text[:300]}"
                    return response.json()
            except requests.RequestException:
                pass
            assert time.monotonic() < deadline, f"{method} {path} never answered"
            time.sleep(0.5)

    def place_and_pay(self, slot: datetime) -> str:
        order = self.call("POST", "/orders", json={
            "cat_id": self.cat, "toy_category": "feathers", "slot_start": slot.isoformat(), "duration_minutes": 60,
            "address": {"city": "Moscow", "district": "Khamovniki", "street": "Ostozhenka", "building": "7"}})
        assert order["status"] == "placed", order
        self.call("POST", f"/orders/{order['id']}/pay", json={"card_number": "4242424242424242"})
        return order["id"]


def test_killing_one_replica_of_every_kind_mid_burst_loses_nothing_and_repeats_nothing(replicated):
    from tests.drills import burst

    kinds = procfile_processes()  # not Prometheus, which `mcf up` runs once beside them (ADR 0143)
    victims = {name: group for name, group in replicated.groups(".1").items() if name.rsplit(".", 1)[0] in kinds}
    assert set(victims) == {f"{name}.1" for name in kinds}, "not every process kind is running"

    def fault():
        for group in victims.values():
            try:
                os.killpg(group, signal.SIGKILL)
            except ProcessLookupError:
                pass
        backs = [replicated.wait_back(name, group) for name, group in victims.items()]
        return [f"{len(victims)} replicas SIGKILLed; all restarted within {max(backs):.1f} s"]

    figures = burst.run(replicated, "replicas-2-sigkill-one-of-each", fault)
    assert figures.lost == 0 and figures.duplicated == 0, f"{figures.show()}\n{replicated.log_tail(60)}"
    assert figures.dead_letters == 0 and figures.events_unpublished == 0, figures.show()


def test_sigterm_to_a_consumer_mid_burst_loses_nothing_and_redelivers_nothing_handled(replicated):
    from tests.drills import burst

    consumers = {name: group for name, group in replicated.groups(".1").items()
                 if name.rsplit(".", 1)[0].endswith("-workers")}

    def fault():
        for group in consumers.values():
            os.killpg(group, signal.SIGTERM)
        backs = [replicated.wait_back(name, group) for name, group in consumers.items()]
        return [f"{len(consumers)} consumer replicas sent SIGTERM; restarted within {max(backs):.1f} s"]

    figures = burst.run(replicated, "replicas-2-sigterm-consumers", fault)
    assert figures.lost == 0 and figures.duplicated == 0, f"{figures.show()}\n{replicated.log_tail(60)}"
    assert figures.redelivered_after_handling == 0, figures.show()
