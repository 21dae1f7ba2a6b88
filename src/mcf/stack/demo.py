"""``mcf demo``: one client's journey through the running system, told as it happens.

Murka's human signs up at client-dashboard, adds Murka, orders a toy-testing session (order-service asks
matching-service for a worker and a price), the kit is prepared by inventory-service with a fortune cookie from
the fur-tune partner, the human pays (payment-service) and the order is confirmed; the offered worker, through
worker-dashboard's API as the PWA calls it, accepts it, checks in with a photo (order-report-service stores it;
the order starts) and files the report (the order completes), which the human then reads at client-dashboard; a
second order is paid and cancelled, and refunded by the cancellation policy. The e-mails notification-service
sent are read back from the SMTP sink. Then a second journey (``mcf.stack.onboarding``): a candidate registers at
worker-profile, passes the onboarding test a manager configured at worker-testing, joins matching's pool and is
offered an order. The report is printed in one piece at the end, so the services' log lines (``mcf up --demo``)
cannot split it.
"""
from __future__ import annotations

import io
import json
import time
import uuid
from datetime import datetime, timedelta, timezone
from typing import Callable

import httpx
import requests

from mcf.kit.auth import issue_token
from mcf.kit.config import Settings
from mcf.kit.smtp_sink import read_mail
from mcf.services import SERVICES
from mcf.stack.public_client import UnexpectedAnswer, answer, client_dashboard

BANNER = "=" * 78
CARD_OK = "4242424242424242"


class DemoFailed(Exception):
    pass


def wait_ready(settings: Settings, timeout: float = 120.0, *, exited: Callable[[], bool] = lambda: False) -> None:
    """Until every web service answers ``/ready`` and the seed reached matching; TimeoutError after ``timeout``
    seconds, or at once when ``exited()`` says the stack being waited for has stopped (e.g. a port was taken)."""
    deadline = time.monotonic() + timeout
    pending = [entry.name for entry in SERVICES if "web" in entry.processes]
    while pending:
        if exited():
            raise TimeoutError("the stack exited before it was ready; see its output")
        name = pending[0]
        try:
            if requests.get(f"{settings.service_url(name)}/ready", timeout=2).status_code == 200:
                pending.pop(0)
                continue
        except requests.RequestException:
            pass
        if time.monotonic() > deadline:
            raise TimeoutError(f"{name}-service did not become ready within {timeout:.0f} s; see its log lines")
        time.sleep(0.5)
    wait_seeded(settings, deadline)


def wait_seeded(settings: Settings, deadline: float) -> None:
    """The seed workers are registered in worker-profile (``mcf seed``) and reach matching as its events (outbox,
    relay, consumer): wait until matching has the last of them active, so the first order finds workers."""
    from mcf.worker_profile.fixtures import workers

    last = workers()[-1]["worker_id"]
    token = issue_token(settings.jwt_secret, "mcf-up", "service", audience="matching", ttl_seconds=300)
    while True:
        try:
            response = requests.get(f"{settings.service_url('matching')}/candidates/{last}", timeout=2,
                                    headers={"Authorization": f"Bearer {token}"})
            if response.status_code == 200 and response.json().get("active"):
                return
        except requests.RequestException:
            pass
        if time.monotonic() > deadline:
            raise TimeoutError("matching did not learn worker-profile's seed workers in time; see the log lines of "
                               "worker-profile-workers and matching-workers")
        time.sleep(0.5)


def _say(text: str = "") -> None:
    print(text, flush=True)


def _money(price: dict | None) -> str:
    if not price:
        return "-"
    if not isinstance(price, dict):  # a typed client's Price or Payment
        price = {"amount_minor": price.amount_minor, "currency": price.currency}
    return f"{price['amount_minor'] // 100}.{price['amount_minor'] % 100:02d} {price['currency']}"


class Journey:
    """The client's calls go through the generated typed client (``mcf_client.client_dashboard``), as a program of
    the client's would make them; the worker's part through worker-dashboard's REST API as the PWA sends it."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.session = requests.Session()
        self.client = client_dashboard(settings)
        self.report: list[str] = []

    def call(self, method: str, path: str, expect: tuple[int, ...], base: str, **kwargs) -> dict:
        response = self.session.request(method, f"{base}{path}", timeout=15, **kwargs)
        if response.status_code not in expect:
            raise DemoFailed(f"{method} {path} answered {response.status_code}: {response.text[:500]}")
        return response.json() if response.content else {}

    def typed(self, response, expect: tuple[int, ...], model, what: str):
        try:
            return answer(response, expect, model, what)
        except UnexpectedAnswer as exc:
            raise DemoFailed(str(exc)) from None

    def get_order(self, order_id):
        from mcf_client.client_dashboard.api.orders import get_order
        from mcf_client.client_dashboard.models import Order

        return self.typed(get_order.sync_detailed(order_id, client=self.client), (200,), Order,
                          f"GET /orders/{order_id}")

    def wait_order(self, order_id, done, what: str, timeout: float = 60.0):
        deadline = time.monotonic() + timeout
        while True:
            order = self.get_order(order_id)
            if done(order):
                return order
            if time.monotonic() > deadline:
                raise DemoFailed(f"order {order_id} did not {what} within {timeout:.0f} s (status {order.status})")
            time.sleep(0.3)

    def place(self, cat_id, days_ahead: int, toys: str):
        from mcf_client.client_dashboard.api.orders import place_order
        from mcf_client.client_dashboard.models import Address, Order, PlaceOrder, PlaceOrderToyCategory

        slot = (datetime.now(timezone.utc) + timedelta(days=days_ahead)).replace(hour=12, minute=0, second=0,
                                                                                  microsecond=0)
        order = self.typed(place_order.sync_detailed(client=self.client, body=PlaceOrder(
            cat_id=cat_id, toy_category=PlaceOrderToyCategory(toys), slot_start=slot, duration_minutes=60,
            address=Address(city="Moscow", district="Khamovniki", street="Ostozhenka", building="7"))),
            (201,), Order, "POST /orders")
        if order.status != "placed":  # a 201 may carry an order cancelled at once (no_candidates)
            reason = order.cancellation.reason if order.cancellation else None
            raise DemoFailed(f"the order was not placed: {order.status} ({reason})")
        return order

    def pay(self, order_id):
        from mcf_client.client_dashboard.api.orders import pay_order
        from mcf_client.client_dashboard.models import Pay, Payment

        return self.typed(pay_order.sync_detailed(order_id, client=self.client, body=Pay(card_number=CARD_OK),
                                                  idempotency_key=str(uuid.uuid4())),
                          (200, 201), Payment, f"POST /orders/{order_id}/pay")

    def run(self) -> None:
        from mcf_client.client_dashboard.api.accounts import sign_up
        from mcf_client.client_dashboard.api.cats import add_cat
        from mcf_client.client_dashboard.api.orders import cancel_order
        from mcf_client.client_dashboard.models import (
            AddCat,
            AddCatFavouriteToysItem,
            Cat,
            Order,
            SignedUp,
            SignUp,
            SignUpLocale,
        )

        say = self.report.append
        email = f"murka-{uuid.uuid4().hex[:8]}@cats.example"
        signed = self.typed(sign_up.sync_detailed(client=self.client, body=SignUp(
            email=email, password="purr-purr-purr-42", display_name="Murka's human", locale=SignUpLocale.EN)),
            (201,), SignedUp, "POST /signup")
        self.client = client_dashboard(self.settings, signed.token)
        cat = self.typed(add_cat.sync_detailed(client=self.client, body=AddCat(
            name="Murka", age_years=3, favourite_toys=[AddCatFavouriteToysItem.FEATHERS, AddCatFavouriteToysItem.LASER],
            notes="Hunts at dawn")), (201,), Cat, "POST /cats")
        say(f"1. {email} signed up at client-dashboard and added {cat.name} (3 y, likes feathers and lasers).")

        order = self.place(cat.id, days_ahead=3, toys="feathers")
        offer = self._as_service("GET", "order", f"/orders/{order.id}").get("offer") or {}
        say(f"2. Order {order.id} placed: feathers, {order.slot_start.isoformat()}, 60 min; matching priced it at "
            f"{_money(order.price or None)}, and order-service offered it to worker {offer.get('worker_id')}.")

        order = self.wait_order(order.id, lambda o: bool(o.kit and o.kit.ready), "get its kit")
        fortune, point = order.kit.fortune, order.kit.pickup_point
        say(f"3. inventory prepared the kit at {point.name if point else None} "
            f"({point.address if point else None}); fortune cookie from the "
            f"{fortune.source if fortune else None}: \u201c{fortune.text if fortune else None}\u201d")

        payment = self.pay(order.id)
        order = self.wait_order(order.id, lambda o: o.status == "confirmed", "become confirmed")
        say(f"4. Paid {_money(payment)} with card ...4242: payment {payment.status}; the order is now "
            f"{order.status}.")

        order, filed = self._worker_session(order, offer.get("worker_id"))
        say(f"5. Worker {order.worker_id}, in the workers' app (worker-dashboard), accepted the offer, checked in "
            f"with a photo (the order went in_progress) and filed the report; the order is now {order.status}. "
            f"{filed}")
        say(self._review(order))

        second = self.place(cat.id, days_ahead=5, toys="laser")
        self.pay(second.id)
        self.wait_order(second.id, lambda o: o.status == "confirmed", "become confirmed")
        self.typed(cancel_order.sync_detailed(second.id, client=self.client), (200,), Order,
                   f"POST /orders/{second.id}/cancel")
        ledger = self._ledger_after_refund(str(second.id))
        refunds = [e for e in ledger["entries"] if e["kind"] == "refund"]
        balance = ", ".join(_money(b) for b in ledger["balances"]) or "0"
        say(f"7. A second order ({str(second.id)[:8]}, laser, in 5 days) was paid, then cancelled by the client: "
            f"refunded {_money({'amount_minor': -sum(e['amount_minor'] for e in refunds), 'currency': 'RUB'})} "
            f"(more than 24 h before the slot: in full); the ledger's balance for it is {balance}.")

        mails = self._mails(email, last="refunded")
        say(f"8. The e-mails notification-service delivered to {email}:")
        for mail in mails:
            say(f"     - {str(mail['Subject']).strip()}")

    def _worker_session(self, order, worker_id: str | None) -> tuple:
        """The offered worker's part, through worker-dashboard's REST API exactly as the PWA calls it: the offer
        appears, is accepted, the kit's pick-up point shows, the check-in with a photo, the report. Then the client
        reads that report, and a photo of it, through client-dashboard."""
        from mcf_client.client_dashboard.api.report import get_order_report, get_photo
        from mcf_client.client_dashboard.models import OrderReport

        order_id = str(order.id)
        if not worker_id:
            raise DemoFailed(f"order {order_id} has no open offer to accept")
        pwa = self.settings.service_url("worker-dashboard")
        worker = {"Authorization": f"Bearer {worker_login(self.settings, worker_id)}"}
        self._until(lambda: any(o["id"] == order_id for o in self.call(
            "GET", "/api/offers", (200,), base=pwa, headers=worker)), "reach the worker's offers")
        self.call("POST", f"/api/offers/{order_id}/accept", (200,), base=pwa,
                  headers={**worker, "Idempotency-Key": str(uuid.uuid4())})
        mine = self._until(lambda: next((o for o in self.call("GET", "/api/orders", (200,), base=pwa, headers=worker)
                                         if o["id"] == order_id), None), "reach the worker's orders")
        point = ((mine.get("kit") or {}).get("pickup_point") or {}).get("name")
        self.call("POST", f"/api/orders/{order_id}/check-in", (201,), base=pwa,
                  headers={**worker, "Idempotency-Key": str(uuid.uuid4())},
                  data={"latitude": "55.74", "longitude": "37.6"},
                  files=[("photos", ("murka.jpg", _photo(), "image/jpeg"))])
        self.wait_order(order.id, lambda o: o.status == "in_progress", "start after the check-in")
        toys = [{"toy": "feather wand", "reaction": 5}, {"toy": "feather teaser", "reaction": 4}]
        report = self.call("POST", f"/api/orders/{order_id}/report", (201,), base=pwa,
                           headers={**worker, "Idempotency-Key": str(uuid.uuid4())},
                           data={"toys": json.dumps(toys), "duration_minutes": "60",
                                 "notes": "Murka hunted the wand for the whole hour."})
        order = self.wait_order(order.id, lambda o: o.status == "completed", "complete after the report")
        record = self.typed(get_order_report.sync_detailed(order.id, client=self.client), (200,), OrderReport,
                            f"GET /orders/{order_id}/report")   # the client, at client-dashboard
        photo = get_photo.sync_detailed(record.check_in.photos[0].photo_id, client=self.client)
        if photo.status_code != 200 or not photo.headers.get("Content-Type", "").startswith("image/"):
            raise DemoFailed(f"the client could not see the check-in photo: {photo.status_code}")
        if not record.report:
            raise DemoFailed(f"order {order_id} completed but its report is not there")
        reactions = ", ".join(f"{t.toy} {t.reaction}/5" for t in record.report.toys)
        return order, (f"(Kit picked up at {point}.) The client read report {report['report_id'][:8]} at "
                       f"client-dashboard: {reactions}, and the check-in photo ({len(photo.content)} bytes, as "
                       "order-report re-encoded it without metadata).")

    def _review(self, order) -> str:
        """The demo manager reviews the completed order in quality's panel and commends the worker (+0.2); the
        worker's rating in worker-profile and its score for a comparable order (same toys and district, a week
        later) in matching, before and after (mcf.stack.review)."""
        from mcf.stack.review import ReviewFailed, review_in_panel

        comparable = {"toy_category": order.toy_category, "duration_minutes": 60, "city": "Moscow",
                      "district": "Khamovniki", "slot_start": (order.slot_start + timedelta(days=7)).isoformat()}
        try:
            before, after = review_in_panel(self.settings, str(order.id), str(order.worker_id), comparable,
                                            decision="commend", delta=0.2, score=5,
                                            comment="Murka hunted the wand for the whole hour.")
        except ReviewFailed as exc:
            raise DemoFailed(str(exc)) from exc

        def where(s):
            return f"#{s.place} (score {s.score:.3f})" if s.place else "not among the candidates"

        return (f"6. The demo manager reviewed the order in quality's panel (review queue, score 5/5, commend "
                f"+0.2): worker-profile moved the worker's rating {before.rating:.2f} -> {after.rating:.2f}, and "
                f"matching, told by worker.rating_changed, now ranks it {where(after)} for a comparable order "
                f"(was {where(before)}).")

    def _until(self, found, what: str, timeout: float = 30.0):
        from mcf.stack.review import ReviewFailed, until

        try:
            return until(found, f"the order did not {what}", timeout)
        except ReviewFailed as exc:
            raise DemoFailed(str(exc)) from None

    def _as_service(self, method: str, service: str, path: str) -> dict:
        """What the platform sees (the demo shows a little more than a client may)."""
        token = issue_token(self.settings.jwt_secret, "demo", "service", audience=service, ttl_seconds=300)
        return self.call(method, path, (200,), base=self.settings.service_url(service),
                         headers={"Authorization": f"Bearer {token}"})

    def _ledger_after_refund(self, order_id: str, timeout: float = 60.0) -> dict:
        deadline = time.monotonic() + timeout
        while True:
            ledger = self._as_service("GET", "payment", f"/orders/{order_id}/ledger")
            if any(e["kind"] == "refund" for e in ledger["entries"]):
                return ledger
            if time.monotonic() > deadline:
                raise DemoFailed(f"no refund for order {order_id} within {timeout:.0f} s")
            time.sleep(0.3)

    def _mails(self, email: str, last: str, timeout: float = 30.0) -> list:
        """The client's mail, once the one whose subject mentions ``last`` (the journey's last step) is in."""
        deadline = time.monotonic() + timeout
        while True:
            mails = [m for m in read_mail(self.settings.var_dir / "mail") if m["To"] == email]
            if any(last in str(m["Subject"]) for m in mails) or time.monotonic() > deadline:
                return mails
            time.sleep(0.3)


def worker_login(settings: Settings, worker_id: str) -> str:
    """A seed worker logs in as the PWA does: worker-dashboard's ``POST /api/login`` with the e-mail and demo
    password the fixtures give it (worker-profile checks them and issues the token)."""
    from mcf.worker_profile.fixtures import demo_login

    try:
        email, password = demo_login(worker_id)
    except KeyError:
        raise DemoFailed(f"worker {worker_id} is not a seed worker; the demo knows no password for it") from None
    reply = requests.post(f"{settings.service_url('worker-dashboard')}/api/login",
                          json={"email": email, "password": password}, timeout=15)
    if reply.status_code != 200:
        raise DemoFailed(f"the worker could not log in at worker-dashboard: {reply.status_code} {reply.text[:200]}")
    return reply.json()["token"]


def _photo() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (640, 480), (200, 150, 90)).save(out, "JPEG")
    return out.getvalue()


def run_demo(settings: Settings) -> int:
    try:
        wait_ready(settings)
    except TimeoutError as exc:
        _say(f"demo: {exc}")
        return 1
    _say("demo: every service answers /ready; Murka's human is on the way ...")
    from mcf_client.client_dashboard.errors import UnexpectedStatus

    journey = Journey(settings)
    try:
        journey.run()
    except (DemoFailed, requests.RequestException, httpx.HTTPError, UnexpectedStatus) as exc:
        _say("\n".join([BANNER, *journey.report, f"demo: FAILED: {exc}", BANNER]))
        return 1
    from mcf.stack.onboarding import Onboarding, OnboardingFailed

    onboarding = Onboarding(settings)
    try:
        onboarding.run()
    except (OnboardingFailed, requests.RequestException) as exc:
        _say("\n".join([BANNER, *journey.report, "", *onboarding.report, f"demo: FAILED: {exc}", BANNER]))
        return 1
    _say("\n" + "\n".join([BANNER, "demo: a client's journey through MCF", "", *journey.report, "",
                           "demo: a candidate joins the active pool", "", *onboarding.report, BANNER,
                           "demo: done. The system keeps running; Ctrl-C stops it. `tooling/mcf demo` runs another "
                           "journey."]))
    return 0
