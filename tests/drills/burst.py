"""A burst of orders through the whole flow with a fault in the middle, and the figures that say what survived.

``run`` places and pays ``orders`` orders from 8 threads (one client; every call retried with its own
Idempotency-Key, as a client whose connection broke would); when a quarter are through, it injects the fault
(a callable that returns once the fault is over, i.e. the server is back); then a probe order measures the time to
recover (from the fault's end until a fresh order is confirmed); then it waits for every order to reach its final
state (``confirmed``) and counts, from the databases and the SMTP sink's mailbox, what happened how often.
"""
from __future__ import annotations

import json
import os
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

import peewee
import pika
import pika.exceptions

from mcf.kit import db
from mcf.kit.messaging import connection_parameters
from mcf.kit.smtp_sink import read_mail
from mcf.topology import TOPOLOGY
from tests.drills.stack import DrillStack, load_average
from tests.drills.test_replicas_drill import Client

ORDERS = int(os.environ.get("MCF_DRILL_ORDERS", "1000"))
SETTLE_SECONDS = float(os.environ.get("MCF_DRILL_SETTLE_SECONDS", "900"))
# Long enough for notification's sweeper (MCF_NOTIFICATION_STALE_SECONDS in the drill's stack) to queue again a
# send job the broker's death lost.
MAIL_WAIT_SECONDS = float(os.environ.get("MCF_DRILL_MAIL_WAIT_SECONDS", "240"))
FIGURES = Path(os.environ.get("MCF_DRILL_FIGURES", Path(__file__).resolve().parent / "figures.json"))


@dataclass
class Figures:
    drill: str
    replicas: int = 1
    orders_placed: int = 0
    orders_final: int = 0
    statuses: dict = field(default_factory=dict)
    events_published: int = 0
    events_unpublished: int = 0
    events_consumed: int = 0
    left_in_queues: int = 0
    dead_letters: int = 0
    double_charges: int = 0
    duplicate_reservations: int = 0
    duplicate_emails: int = 0  # a second e-mail (another Message-ID) for one fact: a real duplicate
    resent_same_message_id: int = 0  # the same e-mail handed to SMTP again (at-least-once, ADR 0142): a mail store
    missing_emails: int = 0          # drops the copy by its Message-ID, so it is counted apart, not as a duplicate
    redelivered_after_handling: int = 0  # messages handled, then delivered again (the inbox skipped them)
    fault_seconds: float = 0.0
    recovery_seconds: float | None = None
    settle_seconds: float = 0.0
    mail_wait_seconds: float = 0.0  # after every order settled, until the e-mails were in (or the queues empty)
    burst_seconds: float = 0.0
    load_average: str = ""
    when: str = ""
    notes: list = field(default_factory=list)

    @property
    def lost(self) -> int:
        return self.orders_placed - self.orders_final

    @property
    def duplicated(self) -> int:
        return self.double_charges + self.duplicate_reservations + self.duplicate_emails

    def show(self) -> str:
        return (f"drill {self.drill}: orders placed {self.orders_placed}, reached confirmed {self.orders_final} "
                f"{dict(self.statuses)}; events published {self.events_published} (unpublished "
                f"{self.events_unpublished}), consumed {self.events_consumed} (inbox rows), left in queues "
                f"{self.left_in_queues}, dead letters {self.dead_letters}; duplicates: charges "
                f"{self.double_charges}, reservations {self.duplicate_reservations}, e-mails {self.duplicate_emails} "
                f"(resent with the same Message-ID {self.resent_same_message_id}; missing e-mails "
                f"{self.missing_emails}); replicas {self.replicas}; redelivered after handling (inbox skipped) "
                f"{self.redelivered_after_handling}; fault {self.fault_seconds:.1f} s, recovered in "
                f"{self.recovery_seconds if self.recovery_seconds is None else round(self.recovery_seconds, 1)} s, "
                f"all settled {self.settle_seconds:.1f} s after the fault, e-mails in "
                f"{self.mail_wait_seconds:.1f} s after that; burst {self.burst_seconds:.1f} s; "
                f"load average {self.load_average}" + (f"; notes: {'; '.join(self.notes)}" if self.notes else ""))

    def record(self) -> None:
        try:
            saved = json.loads(FIGURES.read_text())
        except (OSError, ValueError):
            saved = {}
        saved[self.drill] = {**asdict(self), "lost": self.lost, "duplicated": self.duplicated}
        FIGURES.write_text(json.dumps(saved, indent=2, sort_keys=True) + "\n")


_DAY = [0]
_DAY_LOCK = threading.Lock()


def slots(count: int) -> list[datetime]:
    """``count`` one-hour slots on days no other drill of this run uses (ten a day, 07:00-16:00 UTC)."""
    days = (count + 9) // 10
    with _DAY_LOCK:
        start, _DAY[0] = _DAY[0], _DAY[0] + days
    first = (datetime.now(timezone.utc) + timedelta(days=2 + start)).replace(minute=0, second=0, microsecond=0)
    return [first.replace(hour=7 + i % 10) + timedelta(days=i // 10) for i in range(count)]


def _sql(stack: DrillStack, service: str, sql: str, *params):
    database = db.connect(stack.settings, service, max_connections=2)
    try:
        with database.connection_context():
            cursor = database.execute_sql(sql, params)
            return cursor.fetchall() if cursor.description else []
    finally:
        database.close_all()


def _databases(stack: DrillStack) -> list[str]:
    prefix = stack.settings.db_prefix
    rows = _sql(stack, "order", "SELECT datname FROM pg_database WHERE datname LIKE %s", prefix + "%")
    return [name[len(prefix):] for (name,) in rows]


def _event_counts(stack: DrillStack) -> tuple[int, int, int]:
    published = unpublished = consumed = 0
    for name in _databases(stack):
        tables = {t for (t,) in _sql(stack, name, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")}
        if "outbox" in tables:
            [(sent, unsent)] = _sql(stack, name, "SELECT count(sent_at), count(*) - count(sent_at) FROM outbox")
            published, unpublished = published + sent, unpublished + unsent
        if "inbox" in tables:
            consumed += _sql(stack, name, "SELECT count(*) FROM inbox")[0][0]
    return published, unpublished, consumed


def queue_depths(url: str) -> tuple[int, int]:
    connection = pika.BlockingConnection(connection_parameters(url))
    left = dead = 0
    try:
        for queue in TOPOLOGY.queues:
            for name, is_dead in ((queue.name, False), (queue.retry_queue, False), (queue.dead_letter_queue, True)):
                channel = connection.channel()
                try:
                    count = channel.queue_declare(name, passive=True).method.message_count
                except pika.exceptions.ChannelClosedByBroker:
                    continue
                channel.close()
                if is_dead:
                    dead += count
                else:
                    left += count
    finally:
        connection.close()
    return left, dead


def _statuses(stack: DrillStack, order_ids: list[str]) -> Counter:
    rows = _sql(stack, "order", "SELECT status, count(*) FROM orders WHERE id = ANY(%s::uuid[]) GROUP BY status",
                order_ids)
    return Counter({status: n for status, n in rows})


def _top_up_stock(stack: DrillStack) -> None:
    """Enough stock for any burst, without touching what is reserved (another round of the system may hold the
    rows now: retried on a deadlock, row by row)."""
    for point, toy in _sql(stack, "inventory", "SELECT pickup_point_id, toy_id FROM stock WHERE available < 100000"):
        for _ in range(20):
            try:
                _sql(stack, "inventory", "UPDATE stock SET available = available + 1000000 "
                                         "WHERE pickup_point_id = %s AND toy_id = %s", point, toy)
                break
            except peewee.OperationalError:
                time.sleep(0.5)


def _pay_again_what_failed_unreachable(stack, client, order_ids, counts, burst_slots) -> int:
    """Orders still placed whose every payment failed because the provider could not be reached (the sweeper
    settled them so, ADR 0132): their client is told by e-mail and pays again, with a new key."""
    if not counts.get("placed"):
        return 0
    placed = [str(o) for (o,) in _sql(stack, "order", "SELECT id FROM orders WHERE status = 'placed' "
                                                      "AND id = ANY(%s::uuid[])", order_ids)]
    again = 0
    for order_id in placed:
        reasons = {r for (r,) in _sql(stack, "payment", "SELECT coalesce(failure_reason, status) FROM payments "
                                                        "WHERE order_id = %s", order_id)}
        if reasons == {"provider_unreachable"}:
            client.call("POST", f"/orders/{order_id}/pay", json={"card_number": "4242424242424242"})
            again += 1
    return again


def run(stack: DrillStack, name: str, fault, *, orders: int = ORDERS, final: str = "confirmed") -> Figures:
    figures = Figures(drill=name, replicas=stack.replicas,
                      when=datetime.now(timezone.utc).isoformat(timespec="seconds"))
    _top_up_stock(stack)
    reserved_before = _sql(stack, "inventory", "SELECT coalesce(sum(reserved), 0) FROM stock")[0][0]
    client = Client(stack)
    burst_slots = slots(orders + 1)
    done: list[str] = []
    lock = threading.Lock()

    def one(slot):
        order_id = client.place_and_pay(slot)
        with lock:
            done.append(order_id)
        return order_id

    skipped_before = stack.skipped_duplicates
    started = time.monotonic()
    with ThreadPoolExecutor(8) as pool:
        futures = [pool.submit(one, slot) for slot in burst_slots[:orders]]
        deadline = time.monotonic() + 900
        while len(done) < max(1, orders // 4) and time.monotonic() < deadline:
            time.sleep(0.2)
        figures.load_average = load_average()
        fault_start = time.monotonic()
        notes = fault()
        if notes:
            figures.notes.extend(notes if isinstance(notes, list) else [str(notes)])
        fault_end = time.monotonic()
        figures.fault_seconds = fault_end - fault_start
        probe = pool.submit(one, burst_slots[orders])
        probe_id = probe.result()
        while _statuses(stack, [probe_id])[final] < 1 and time.monotonic() - fault_end < SETTLE_SECONDS:
            time.sleep(0.5)
        if _statuses(stack, [probe_id])[final]:
            figures.recovery_seconds = time.monotonic() - fault_end
        order_ids = [f.result() for f in futures] + [probe_id]
    figures.burst_seconds = time.monotonic() - started
    figures.orders_placed = len(order_ids)
    while (counts := _statuses(stack, order_ids))[final] < len(order_ids) \
            and time.monotonic() - fault_end < SETTLE_SECONDS:
        time.sleep(2)
    repaid = _pay_again_what_failed_unreachable(stack, client, order_ids, counts, burst_slots)
    if repaid:
        figures.notes.append(f"{repaid} payments failed as provider_unreachable (the simulated provider's store is "
                             "on the same PostgreSQL: no money moved) and were paid again, as their client would "
                             "after the e-mail")
        while (counts := _statuses(stack, order_ids))[final] < len(order_ids) \
                and time.monotonic() - fault_end < SETTLE_SECONDS:
            time.sleep(2)
    figures.settle_seconds = time.monotonic() - fault_start
    figures.statuses = dict(counts)
    figures.orders_final = counts[final]

    charges = Counter(str(order) for (order,) in _sql(
        stack, "payment", "SELECT order_id FROM ledger_entries WHERE kind = 'charge' AND order_id = ANY(%s::uuid[])",
        order_ids))
    figures.double_charges = sum(n - 1 for n in charges.values() if n > 1)
    kits = _sql(stack, "inventory", "SELECT order_id, items FROM kits WHERE order_id = ANY(%s::uuid[])", order_ids)
    per_order = Counter(str(order) for order, _ in kits)
    reserved = _sql(stack, "inventory", "SELECT coalesce(sum(reserved), 0) FROM stock")[0][0]
    in_kits = sum(item["quantity"] for _, items in kits for item in items)
    reserved -= reserved_before  # what this burst reserved (earlier bursts' kits stay reserved)
    figures.duplicate_reservations = sum(n - 1 for n in per_order.values() if n > 1) + max(0, reserved - in_kits)
    if reserved < in_kits:
        figures.notes.append(f"stock reserved {reserved} < {in_kits} in kits")

    def mails():
        return [m for m in read_mail(stack.settings.var_dir / "mail") if m["To"] == client.email]

    final_slots = [slot.strftime("%Y-%m-%d %H:%M UTC") for slot in burst_slots]

    def tally():
        received = mails()
        # By DISTINCT Message-ID (ADR 0142): one e-mail handed to SMTP twice is one e-mail to its reader's store.
        distinct = {str(m["Message-ID"] or f"none-{i}"): m for i, m in enumerate(received)}.values()
        subjects = Counter(str(m["Subject"]) for m in distinct)
        booked = Counter(w for s in subjects.elements() for w in final_slots if s.endswith(f"is booked for {w}"))
        confirmed = Counter(w for s in subjects.elements() for w in final_slots if s.endswith(f"on {w} is confirmed"))
        payments = sum(n for s, n in subjects.items() if s.startswith("Payment of"))
        return received, subjects, booked, confirmed, payments

    # An e-mail is missing only once the system is quiet: after MAIL_WAIT_SECONDS, the wait goes on while messages
    # are still queued (a 1,000-order burst on a loaded machine leaves thousands of notification requests behind
    # the orders: late, not lost), up to SETTLE_SECONDS more.
    waiting = time.monotonic()
    deadline, drain_deadline = waiting + MAIL_WAIT_SECONDS, waiting + MAIL_WAIT_SECONDS + SETTLE_SECONDS
    while True:
        received, subjects, booked, confirmed, payments = tally()
        if len(booked) >= len(order_ids) and len(confirmed) >= figures.orders_final \
                and payments >= figures.orders_final:
            break
        now = time.monotonic()
        if now >= drain_deadline or (now >= deadline and queue_depths(stack.settings.amqp_url)[0] == 0):
            break
        time.sleep(2)
    figures.mail_wait_seconds = time.monotonic() - waiting
    time.sleep(3)  # a duplicate would arrive now
    received, subjects, booked, confirmed, payments = tally()
    by_id = Counter(str(m["Message-ID"] or f"none-{i}") for i, m in enumerate(received))
    figures.resent_same_message_id = sum(n - 1 for n in by_id.values() if n > 1)
    figures.duplicate_emails = (sum(n - 1 for n in booked.values() if n > 1)  # one fact, two Message-IDs
                                + sum(n - 1 for n in confirmed.values() if n > 1)
                                + max(0, payments - len(order_ids)))
    figures.missing_emails = (max(0, len(order_ids) - len(booked)) + max(0, figures.orders_final - len(confirmed))
                              + max(0, figures.orders_final - payments))
    missing = [w for w in final_slots if w not in booked]
    if missing:
        figures.notes.append(f"no booked e-mail for the slots {missing[:5]}")
    twice = [(s, n) for s, n in subjects.items() if n > 1 and not s.startswith("Payment of")]
    if figures.duplicate_emails or figures.missing_emails or figures.resent_same_message_id:
        figures.notes.append(f"e-mails: {len(received)} received, {len(by_id)} message ids, payments {payments}, "
                             f"booked {len(booked)}, confirmed {len(confirmed)}, subjects twice {twice[:3]}, "
                             f"kinds {sorted(Counter(s.split(' ')[0] for s in subjects.elements()).items())[:8]}")
    figures.events_published, figures.events_unpublished, figures.events_consumed = _event_counts(stack)
    figures.left_in_queues, figures.dead_letters = queue_depths(stack.settings.amqp_url)
    figures.redelivered_after_handling = stack.skipped_duplicates - skipped_before
    figures.record()
    print("\n" + figures.show(), flush=True)
    return figures
