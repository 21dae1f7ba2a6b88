"""The drill: `mcf up --replicas 2`, the demo journey, then a burst of orders during which one replica of every
process kind of every service is killed (SIGKILL); the supervisor restarts them, as a Deployment would. Every order
ends confirmed, and every side effect happened exactly once: one charge per order in payment's ledger, one
reservation of each kit's toys in inventory's stock, one "booked" and one "confirmed" e-mail per order."""
from __future__ import annotations

import os
import signal
import threading
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone

import pytest
import requests

from mcf.kit import db
from mcf.kit.smtp_sink import read_mail
from mcf.stack.demo import Journey
from mcf.stack.up import procfile_processes
from tests.e2e.conftest import E2E_PORT_BASE, run_stack

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(900)]  # run by `mcf drill`
ORDERS = 100
PORT_BASE = E2E_PORT_BASE + 50  # beside the other e2e modules' stack


@pytest.fixture(scope="module")
def replicated(settings):
    yield from run_stack(settings, "--replicas", "2", port_base=PORT_BASE, ready_timeout=240)


def test_the_demo_journey_passes_on_two_replicas_of_everything(replicated):
    journey = Journey(replicated.settings)
    journey.run()
    assert any("refunded" in line for line in journey.report), journey.report


def _replica_groups(stack, replica: str) -> dict[str, int]:
    """Process group of each supervised process ``<name>.<replica>`` of this stack (found by its environment)."""
    groups = {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/environ", "rb") as fh:
                env = dict(item.split(b"=", 1) for item in fh.read().split(b"\0") if b"=" in item)
        except OSError:
            continue
        name = env.get(b"MCF_PROCESS", b"").decode()
        if env.get(b"MCF_PORT_BASE") == str(PORT_BASE).encode() and name.endswith(f".{replica}"):
            try:
                groups.setdefault(name, os.getpgid(int(pid)))
            except ProcessLookupError:
                continue
    return groups


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


def _slots(count: int) -> list[datetime]:
    first = (datetime.now(timezone.utc) + timedelta(days=2)).replace(minute=0, second=0, microsecond=0)
    return [first.replace(hour=7 + i % 10) + timedelta(days=i // 10) for i in range(count)]


def test_killing_one_replica_of_every_kind_mid_burst_loses_nothing_and_repeats_nothing(replicated):
    settings = replicated.settings
    inventory = db.connect(settings, "inventory")
    with inventory.connection_context():
        inventory.execute_sql("UPDATE stock SET available = 1000000, reserved = 0")
    client = Client(replicated)
    slots = _slots(ORDERS)
    done: list[str] = []
    lock = threading.Lock()

    def one(slot):
        order_id = client.place_and_pay(slot)
        with lock:
            done.append(order_id)
        return order_id

    victims = _replica_groups(replicated, "1")
    assert set(victims) == {f"{name}.1" for name in procfile_processes()}, "not every process kind is running"
    with ThreadPoolExecutor(8) as pool:
        futures = [pool.submit(one, slot) for slot in slots]
        deadline = time.monotonic() + 300
        while len(done) < ORDERS // 4 and time.monotonic() < deadline:
            time.sleep(0.2)
        for group in victims.values():
            try:
                os.killpg(group, signal.SIGKILL)
            except ProcessLookupError:
                pass
        killed_after = len(done)
        order_ids = [f.result() for f in futures]
    assert 0 < killed_after < ORDERS, "the replicas were not killed mid-burst"
    restarted = _replica_groups(replicated, "1")
    assert set(restarted) == set(victims) and not set(restarted.values()) & set(victims.values())

    def statuses():
        return Counter(client.call("GET", f"/orders/{order_id}")["status"] for order_id in order_ids)

    deadline = time.monotonic() + 240
    while (counts := statuses())["confirmed"] < ORDERS and time.monotonic() < deadline:
        time.sleep(2)
    assert counts == {"confirmed": ORDERS}, f"orders lost or stuck: {counts}\n{replicated.log_tail(60)}"

    payment = db.connect(settings, "payment")
    with payment.connection_context():
        charges = Counter(str(row[0]) for row in payment.execute_sql(
            "SELECT order_id FROM ledger_entries WHERE kind = 'charge' AND order_id = ANY(%s::uuid[])",
            (order_ids,)))
    assert sorted(charges.values()) == [1] * ORDERS, f"charges per order: {Counter(charges.values())}"

    with inventory.connection_context():
        kits = inventory.execute_sql("SELECT order_id, items FROM kits WHERE order_id = ANY(%s::uuid[])",
                                     (order_ids,)).fetchall()
        reserved = inventory.execute_sql("SELECT sum(reserved) FROM stock").fetchone()[0]
    assert len(kits) == ORDERS
    assert reserved == sum(item["quantity"] for _, items in kits for item in items), "a kit reserved twice"

    def mails():
        return [str(m["Subject"]) for m in read_mail(settings.var_dir / "mail") if m["To"] == client.email]

    deadline = time.monotonic() + 120
    while sum("is confirmed" in s for s in mails()) < ORDERS and time.monotonic() < deadline:
        time.sleep(2)
    time.sleep(3)  # a duplicate would arrive now
    subjects = Counter(mails())
    for slot in slots:
        when = slot.strftime("%Y-%m-%d %H:%M UTC")
        assert subjects[f"Barsik's toy-testing session is booked for {when}"] == 1, when
        assert subjects[f"Barsik's toy-testing session on {when} is confirmed"] == 1, when
    payments = sum(n for s, n in subjects.items() if s.startswith("Payment of"))
    assert payments == ORDERS, f"{payments} payment e-mails for {ORDERS} orders"
    inventory.close_all()
    payment.close_all()
