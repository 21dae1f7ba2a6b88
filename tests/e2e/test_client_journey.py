"""End to end: a client's journey through client-dashboard — sign-up, a cat, an order matched and priced, its kit
prepared with the fur-tune partner's fortune, a card payment, an offer accepted, the worker's check-in and report
through order-report, a cancellation refunded — and a candidate's onboarding (register at worker-profile, log in,
pass the active test at worker-testing, be activated, be offered an order) against the whole system running as
processes (`mcf up`), asserting what the client, the worker and the ledger see and the mail that really arrived.

The client's calls to client-dashboard go through the generated typed client (clients/python, ``mcf_client``), as
a client's own program would make them: each answer is parsed by the contract's models, every member typed
(``mcf.stack.public_client.answer``), then looked at as the JSON it was."""
import io
import json
import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import requests

from mcf.kit.auth import Principal, issue_token
from mcf.kit.smtp_sink import read_mail
from mcf.stack.public_client import answer, client_dashboard
from tests.support.amqp import wait_for

pytestmark = pytest.mark.e2e

GOOD_CARD, DECLINED_CARD = "4242424242424242", "4000000000000002"
MOSCOW = ZoneInfo("Europe/Moscow")
ADDRESS = {"city": "Moscow", "district": "Presnensky", "street": "Bolshaya Gruzinskaya", "building": "1"}
# the seed workers (worker-profile seeds them; matching learns them from its events) who are on call everywhere,
# any time (src/mcf/worker_profile/fixtures/workers.json)
ON_CALL = ("3c00fb60-3bf3-554d-8572-ba4adeb157f6", "4a0fb48b-7d60-5532-9a59-bcf7d69b4215",
           "48aa6763-c1f8-58c6-a00b-094811638975", "d5796399-2e1b-5343-9f3d-3fface4000fa")
SETTLE = 60  # seconds for anything that crosses the broker (outbox relay, consumers, dramatiq, the partner)


# ---------------------------------------------------------------- helpers

def call(stack, service, method, path, token=None, **kwargs):
    headers = dict(kwargs.pop("headers", {}))
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return requests.request(method, f"{stack.url(service)}{path}", headers=headers, timeout=15, **kwargs)


def dashboard(stack, method, path, token=None, **kwargs):
    return call(stack, "client-dashboard", method, path, token, **kwargs)


class Answered:
    """A typed call's answer, looked at like a ``requests`` response (status, JSON, text) by the tests."""

    def __init__(self, response):
        self.status_code, self.parsed = int(response.status_code), response.parsed
        self.text = response.content.decode(errors="replace")

    def json(self):
        return self.parsed.to_dict()


def typed(stack, token=None):
    return client_dashboard(stack.settings, token)


def sign_up(stack, name="Anna"):
    from mcf_client.client_dashboard.api.accounts import sign_up as call_sign_up
    from mcf_client.client_dashboard.models import SignedUp, SignUp

    email = f"{uuid.uuid4().hex[:12]}@cats.example"
    signed = answer(call_sign_up.sync_detailed(client=typed(stack), body=SignUp(
        email=email, password="correct horse battery", display_name=name)), (201,), SignedUp, "POST /signup")
    return signed.token, signed.client.to_dict()


def add_cat(stack, token, name="Pushok"):
    from mcf_client.client_dashboard.api.cats import add_cat as call_add_cat
    from mcf_client.client_dashboard.models import AddCat, AddCatFavouriteToysItem, Cat

    return answer(call_add_cat.sync_detailed(client=typed(stack, token), body=AddCat(
        name=name, age_years=3, favourite_toys=[AddCatFavouriteToysItem.CATNIP, AddCatFavouriteToysItem.MICE])),
        (201,), Cat, "POST /cats").to_dict()


def slot(days_ahead):
    """A slot ``days_ahead`` days from now at 14:00 Moscow time (each test its own day, so no worker is booked)."""
    day = datetime.now(MOSCOW) + timedelta(days=days_ahead)
    return day.replace(hour=14, minute=0, second=0, microsecond=0).isoformat()


def place_order(stack, token, cat, days_ahead):
    from mcf_client.client_dashboard.api.orders import place_order as call_place_order
    from mcf_client.client_dashboard.models import Address, Order, PlaceOrder, PlaceOrderToyCategory

    response = call_place_order.sync_detailed(client=typed(stack, token), body=PlaceOrder(
        cat_id=uuid.UUID(cat["id"]), toy_category=PlaceOrderToyCategory.CATNIP,
        slot_start=datetime.fromisoformat(slot(days_ahead)), duration_minutes=60, address=Address(**ADDRESS)))
    assert response.status_code == 201, f"{response.status_code} {response.content!r}\n{stack.log_tail()}"
    order = answer(response, (201,), Order, "POST /orders").to_dict()
    assert order["status"] == "placed", order
    return order


def get_order(stack, token, order_id):
    from mcf_client.client_dashboard.api.orders import get_order as call_get_order
    from mcf_client.client_dashboard.models import Order

    return answer(call_get_order.sync_detailed(uuid.UUID(str(order_id)), client=typed(stack, token)), (200,),
                  Order, f"GET /orders/{order_id}").to_dict()


def cancel_order(stack, token, order_id):
    from mcf_client.client_dashboard.api.orders import cancel_order as call_cancel_order
    from mcf_client.client_dashboard.models import Order

    response = call_cancel_order.sync_detailed(uuid.UUID(str(order_id)), client=typed(stack, token))
    if response.status_code == 200:
        answer(response, (200,), Order, f"POST /orders/{order_id}/cancel")
    return Answered(response)


def order_becomes(stack, token, order_id, predicate, timeout=SETTLE):
    order = wait_for(lambda: (lambda o: o if predicate(o) else None)(get_order(stack, token, order_id)),
                     timeout, step=0.25)
    assert order, f"order {order_id} is still {get_order(stack, token, order_id)}\n{stack.log_tail()}"
    return order


def pay(stack, token, order_id, card, key):
    from mcf_client.client_dashboard.api.orders import pay_order
    from mcf_client.client_dashboard.models import Pay, Payment

    response = pay_order.sync_detailed(uuid.UUID(str(order_id)), client=typed(stack, token),
                                       body=Pay(card_number=card), idempotency_key=key)
    if response.status_code in (200, 201):
        answer(response, (200, 201), Payment, f"POST /orders/{order_id}/pay")
    return Answered(response)


def ledger(stack, order_id):
    response = call(stack, "payment", "GET", f"/orders/{order_id}/ledger",
                    issue_token(stack.settings.jwt_secret, "e2e", "service", audience="payment"))
    assert response.status_code == 200, response.text
    return response.json()


def subjects_to(stack, email):
    return [str(m["Subject"]) for m in read_mail(stack.settings.var_dir / "mail") if m["To"] == email]


def mail_arrives(stack, email, *fragments, timeout=SETTLE):
    """Waits until, for each fragment, a message to ``email`` has a subject containing it; returns the subjects."""
    def arrived():
        subjects = subjects_to(stack, email)
        return subjects if all(any(f in s for s in subjects) for f in fragments) else None
    subjects = wait_for(arrived, timeout, step=0.25)
    assert subjects, (f"missing mail for {fragments} to {email}; got {subjects_to(stack, email)}\n"
                      f"{stack.log_tail()}")
    return subjects


def offered_worker(stack, token, order_id):
    """The open offer, from order-service itself (client-dashboard does not show offers to clients), asked as a
    service: a client's own token does not open order-service."""
    response = call(stack, "order", "GET", f"/orders/{order_id}",
                    issue_token(stack.settings.jwt_secret, "e2e", "service", audience="order"))
    assert response.status_code == 200, response.text
    return response.json()


# ---------------------------------------------------------------- tests

def test_a_client_signs_up_orders_gets_the_kit_pays_once_and_is_told_at_every_step(stack):
    token, client = sign_up(stack)
    cat = add_cat(stack, token)
    order = place_order(stack, token, cat, days_ahead=2)
    assert order["cat_name"] == "Pushok" and order["cat_id"] == cat["id"]
    assert order["price"]["amount_minor"] > 0 and order["price"]["currency"] == "RUB"
    offer = offered_worker(stack, token, order["id"])["offer"]
    assert offer and offer["worker_id"]

    kitted = order_becomes(stack, token, order["id"], lambda o: (o.get("kit") or {}).get("ready"))
    kit = kitted["kit"]
    assert kit["pickup_point"]["name"] and kit["pickup_point"]["address"]
    assert kit["fortune"]["source"] == "partner" and kit["fortune"]["text"], kit

    key = str(uuid.uuid4())
    first = pay(stack, token, order["id"], GOOD_CARD, key)
    assert first.status_code == 201, first.text
    payment = first.json()
    assert payment["status"] == "succeeded"
    assert (payment["amount_minor"], payment["currency"]) == (order["price"]["amount_minor"], "RUB")

    confirmed = order_becomes(stack, token, order["id"], lambda o: o["status"] == "confirmed")
    assert confirmed["paid"] is True and confirmed["payment_id"] == payment["id"]

    again = pay(stack, token, order["id"], GOOD_CARD, key)
    assert again.status_code == 200, again.text
    assert again.json()["id"] == payment["id"] and again.json()["status"] == "succeeded"
    book = ledger(stack, order["id"])
    assert [(e["kind"], e["amount_minor"]) for e in book["entries"]] == [("charge", payment["amount_minor"])]
    assert book["balances"] == [{"currency": "RUB", "amount_minor": payment["amount_minor"]}]

    subjects = mail_arrives(stack, client["email"], "is booked for", "Payment of", "is confirmed",
                            f"The toy kit for your order {order['id']} is ready")
    assert sum("Payment of" in s for s in subjects) == 1, subjects


def test_a_paid_order_cancelled_by_the_client_more_than_a_day_ahead_is_refunded_in_full(stack):
    token, client = sign_up(stack, "Boris")
    order = place_order(stack, token, add_cat(stack, token, "Murka"), days_ahead=3)
    paid = pay(stack, token, order["id"], GOOD_CARD, str(uuid.uuid4()))
    assert paid.status_code == 201 and paid.json()["status"] == "succeeded", paid.text
    order_becomes(stack, token, order["id"], lambda o: o["status"] == "confirmed")

    response = cancel_order(stack, token, order["id"])
    assert response.status_code == 200, response.text
    cancelled = response.json()
    assert cancelled["status"] == "cancelled" and cancelled["cancellation"]["cancelled_by"] == "client"
    assert get_order(stack, token, order["id"])["status"] == "cancelled"

    amount = paid.json()["amount_minor"]
    book = wait_for(lambda: (lambda b: b if any(e["kind"] == "refund" for e in b["entries"]) else None)(
        ledger(stack, order["id"])), SETTLE, step=0.25)
    assert book, f"no refund in the ledger: {ledger(stack, order['id'])}\n{stack.log_tail()}"
    assert sorted((e["kind"], e["amount_minor"]) for e in book["entries"]) == [("charge", amount),
                                                                               ("refund", -amount)]
    assert book["balances"] == [{"currency": "RUB", "amount_minor": 0}]
    mail_arrives(stack, client["email"], "refunded for your cancelled order")


def test_a_declined_card_fails_the_payment_and_the_order_stays_placed(stack):
    token, client = sign_up(stack, "Vera")
    order = place_order(stack, token, add_cat(stack, token, "Ryzhik"), days_ahead=4)
    response = pay(stack, token, order["id"], DECLINED_CARD, str(uuid.uuid4()))
    assert response.status_code == 201, response.text
    payment = response.json()
    assert payment["status"] == "failed" and payment["failure_reason"]

    # one notice from payment-service, one from order-service once it has taken the failure in
    mail_arrives(stack, client["email"], "Your payment of", f"The payment for your order {order['id']}")
    after = get_order(stack, token, order["id"])
    assert after["status"] == "placed" and after["paid"] is False and after.get("payment_id") is None
    assert ledger(stack, order["id"])["entries"] == []


def test_the_offered_worker_takes_the_order_and_nobody_else_can(stack):
    token, _ = sign_up(stack, "Gleb")
    order = place_order(stack, token, add_cat(stack, token, "Barsik"), days_ahead=5)
    offered = offered_worker(stack, token, order["id"])["offer"]["worker_id"]
    other = next(w for w in ON_CALL if w != offered)

    def accept(worker_id):
        # as worker-dashboard will: a service token acting for the worker (a worker's own token is not for order)
        return call(stack, "order", "POST", f"/orders/{order['id']}/offer/accept",
                    issue_token(stack.settings.jwt_secret, "worker-dashboard", "service", audience="order",
                                on_behalf_of=Principal(subject=worker_id, role="worker")))

    assert accept(other).status_code in (404, 409)
    taken = accept(offered)
    assert taken.status_code == 200, taken.text
    assert taken.json()["worker_id"] == offered and taken.json()["offer"] is None
    assert get_order(stack, token, order["id"])["worker_id"] == offered
    assert accept(other).status_code in (404, 409)


def test_a_client_sees_neither_another_clients_orders_nor_cats(stack):
    owner_token, _ = sign_up(stack, "Dina")
    cat = add_cat(stack, owner_token, "Snezhok")
    order = place_order(stack, owner_token, cat, days_ahead=6)
    stranger, _ = sign_up(stack, "Egor")

    assert dashboard(stack, "GET", f"/orders/{order['id']}", stranger).status_code == 404
    assert dashboard(stack, "GET", f"/cats/{cat['id']}", stranger).status_code == 404
    mine = dashboard(stack, "GET", "/orders", stranger)
    assert mine.status_code == 200 and mine.json() == []
    cats = dashboard(stack, "GET", "/cats", stranger)
    assert cats.status_code == 200 and cats.json() == []
    assert dashboard(stack, "GET", f"/orders/{order['id']}", owner_token).status_code == 200


def test_a_finished_order_reaches_the_order_history_archive(stack):
    token, client = sign_up(stack, "Vasya")
    order = place_order(stack, token, add_cat(stack, token, "Barsik"), days_ahead=4)
    response = dashboard(stack, "POST", f"/orders/{order['id']}/cancel", token)
    assert response.status_code == 200, response.text
    # as an admin panel asks order-history for a manager: a service token acting for the manager
    manager = issue_token(stack.settings.jwt_secret, "quality", "service", audience="order-history",
                          on_behalf_of=Principal(subject=str(uuid.uuid4()), role="manager"))

    def archived():
        answer = call(stack, "order-history", "GET", f"/archive/orders/{order['id']}", manager)
        return answer.json() if answer.status_code == 200 else None

    row = wait_for(archived, SETTLE, step=0.25)
    assert row, f"order {order['id']} never reached the archive\n{stack.log_tail()}"
    assert row["status"] == "cancelled" and row["client_id"] == client["id"]
    assert row["cancellation"]["cancelled_by"] == "client" and row["stages"]["cancelled_at"]
    mine = call(stack, "order-history", "GET", f"/clients/{client['id']}/orders", manager).json()["items"]
    assert [o["order_id"] for o in mine] == [order["id"]]


def a_photo() -> bytes:
    from PIL import Image

    out, exif = io.BytesIO(), Image.Exif()
    exif[0x8825] = {1: "N", 2: (55.0, 45.0, 21.0), 3: "E", 4: (37.0, 37.0, 4.0)}  # GPS, to be stripped
    Image.new("RGB", (800, 600), (90, 140, 200)).save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def test_the_worker_accepts_checks_in_and_reports_and_the_order_completes(stack):
    token, client = sign_up(stack, "Zoya")
    order = place_order(stack, token, add_cat(stack, token, "Tuman"), days_ahead=7)
    order_becomes(stack, token, order["id"], lambda o: (o.get("kit") or {}).get("ready"))
    assert pay(stack, token, order["id"], GOOD_CARD, str(uuid.uuid4())).status_code == 201
    order_becomes(stack, token, order["id"], lambda o: o["status"] == "confirmed")
    worker_id = offered_worker(stack, token, order["id"])["offer"]["worker_id"]
    # worker-dashboard's calls for the worker: its service token with the worker as on_behalf_of
    as_worker = Principal(subject=worker_id, role="worker")
    worker = issue_token(stack.settings.jwt_secret, "worker-dashboard", "service", audience="order-report",
                         on_behalf_of=as_worker)
    own = issue_token(stack.settings.jwt_secret, worker_id, "worker", audience=["worker-dashboard"])
    refused = call(stack, "order-report", "GET", f"/orders/{order['id']}/report", own)
    assert refused.status_code == 401, refused.text  # a worker's own token opens no internal service
    accepted = call(stack, "order", "POST", f"/orders/{order['id']}/offer/accept",
                    issue_token(stack.settings.jwt_secret, "worker-dashboard", "service", audience="order",
                                on_behalf_of=as_worker))
    assert accepted.status_code == 200, accepted.text

    key, photo = str(uuid.uuid4()), a_photo()

    def check_in():
        return call(stack, "order-report", "POST", f"/orders/{order['id']}/check-in", worker,
                    headers={"Idempotency-Key": key}, data={"lat": "55.7558", "lon": "37.6173"},
                    files=[("photos", ("cat.jpg", photo, "image/jpeg"))])

    checked = check_in()
    assert checked.status_code == 201, f"{checked.text}\n{stack.log_tail()}"
    assert check_in().status_code == 200  # the phone's offline queue sends it again: stored and published once
    started = order_becomes(stack, token, order["id"], lambda o: o["status"] == "in_progress")
    assert started["worker_id"] == worker_id

    toys = [{"toy": "feather wand", "reaction": 5}, {"toy": "catnip mouse", "reaction": 3, "comment": "sniffed"}]
    filed = call(stack, "order-report", "POST", f"/orders/{order['id']}/report", worker,
                 headers={"Idempotency-Key": str(uuid.uuid4())},
                 data={"toys": json.dumps(toys), "duration_minutes": "55", "notes": "Tuman loved the wand"})
    assert filed.status_code == 201, filed.text
    completed = order_becomes(stack, token, order["id"], lambda o: o["status"] == "completed")
    assert completed["status"] == "completed"

    # the client (through its dashboard's service token, acting for it) and managers read the report
    as_client = issue_token(stack.settings.jwt_secret, "client-dashboard", "service", audience="order-report",
                            on_behalf_of=Principal(subject=client["id"], role="client"))
    record = call(stack, "order-report", "GET", f"/orders/{order['id']}/report", as_client)
    assert record.status_code == 200, record.text
    assert record.json()["report"]["report_id"] == filed.json()["report_id"]
    assert [t["reaction"] for t in record.json()["report"]["toys"]] == [5, 3]
    picture = call(stack, "order-report", "GET", record.json()["check_in"]["photos"][0]["url"], as_client)
    assert picture.status_code == 200 and picture.headers["Content-Type"] == "image/jpeg"
    from PIL import Image

    stored = Image.open(io.BytesIO(picture.content))
    assert stored.size == (800, 600) and dict(stored.getexif()) == {}  # the GPS position did not survive
    stranger = issue_token(stack.settings.jwt_secret, "worker-dashboard", "service", audience="order-report",
                           on_behalf_of=Principal(subject=next(w for w in ON_CALL if w != worker_id), role="worker"))
    assert call(stack, "order-report", "GET", f"/orders/{order['id']}/report", stranger).status_code == 404


def test_a_clients_own_token_opens_no_internal_service_and_forged_bodies_change_nothing(stack):
    """Issue 15's attempts, as a new user would make them: the token from POST /signup, the ports of the internal
    services, a forged amount, someone else's order and cat, an oversize number."""
    token, me = sign_up(stack, "Mallory")
    victim_token, _ = sign_up(stack, "Victim")
    victims_cat = add_cat(stack, victim_token, "Murka")
    victims_order = place_order(stack, victim_token, victims_cat, days_ahead=9)
    mine = place_order(stack, token, add_cat(stack, token, "Tom"), days_ahead=10)
    forged = {"order_id": mine["id"], "client_id": me["id"], "client_email": "x@cats.example", "amount_minor": 1,
              "currency": "XXX", "card_number": GOOD_CARD}
    attempts = [
        ("payment", "POST", "/payments", {**forged}),
        ("payment", "POST", "/payments", {**forged, "order_id": victims_order["id"]}),
        ("payment", "POST", "/payments", {**forged, "amount_minor": 10**27}),
        ("order", "POST", "/orders", {"client_id": me["id"], "client_email": "x@cats.example",
                                      "cat_id": victims_cat["id"], "toy_category": "mice",
                                      "slot_start": slot(11), "duration_minutes": 60, "address": ADDRESS}),
        ("order", "GET", f"/orders/{victims_order['id']}", None),
        ("order", "POST", f"/orders/{victims_order['id']}/cancel", {}),
        ("matching", "POST", "/quotes", {}),
        ("inventory", "GET", "/pickup-points", None),
        ("notification", "GET", "/notifications", None),
    ]
    for service, method, path, body in attempts:
        response = call(stack, service, method, path, token, json=body, headers={"Idempotency-Key": "k1"})
        assert response.status_code == 401, (service, path, response.status_code, response.text)
        assert response.headers["Content-Type"] == "application/problem+json"
    # through client-dashboard, the only door: another client's order is not found, and nothing was paid
    theirs = pay(stack, token, victims_order["id"], GOOD_CARD, "k2")
    assert theirs.status_code == 404
    assert get_order(stack, victim_token, victims_order["id"])["status"] == "placed"
    assert get_order(stack, token, mine["id"])["paid"] is False
    assert ledger(stack, mine["id"])["entries"] == [] and ledger(stack, victims_order["id"])["entries"] == []


def test_a_candidate_registers_passes_the_test_is_activated_and_is_offered_an_order(stack):
    from mcf.stack.onboarding import correct_answers

    tag = uuid.uuid4().hex[:8]
    email, password = f"candidate-{tag}@workers.example", "a long candidate password"
    registered = call(stack, "worker-profile", "POST", "/workers", json={
        "full_name": "Evdokia Murlykina", "phone": f"+7902{int(tag, 16) % 10**7:07d}", "email": email,
        "date_of_birth": "1996-02-29", "document_number": f"46 01 {int(tag, 16) % 10**6:06d}",
        "home_district": "Lefortovo", "password": password, "toy_categories": ["tunnels"],
        "districts": ["Lefortovo"],  # no seed worker serves it: the order can only be hers
        "availability": [{"weekday": d, "start": "00:00", "end": "24:00"} for d in range(7)]})
    assert registered.status_code == 201, registered.text
    worker_id = registered.json()["worker"]["worker_id"]
    assert registered.json()["worker"]["status"] == "candidate"

    login = call(stack, "worker-dashboard", "POST", "/api/login", json={"email": email, "password": password})
    assert login.status_code == 200, login.text
    token = login.json()["token"]
    attempt = call(stack, "worker-testing", "POST", "/attempts", token)
    assert attempt.status_code == 201, attempt.text
    attempt = attempt.json()
    assert all("correct" not in json.dumps(q["options"]) for q in attempt["questions"])
    submitted = call(stack, "worker-testing", "POST", f"/attempts/{attempt['attempt_id']}/submission", token,
                     json={"answers": correct_answers(attempt["questions"])})
    assert submitted.status_code == 200 and submitted.json()["result"]["passed"], submitted.text

    def profile():
        response = call(stack, "worker-profile", "GET", "/workers/me", token)
        assert response.status_code == 200, response.text
        return response.json()

    me = wait_for(lambda: (p := profile())["status"] == "active" and p, SETTLE, step=0.25)
    assert me, f"not activated: {profile()}\n{stack.log_tail()}"
    assert me["tests"]["passed"] and me["tests"]["results"][0]["attempt_id"] == attempt["attempt_id"]
    matching = issue_token(stack.settings.jwt_secret, "e2e", "service", audience="matching")
    assert wait_for(lambda: call(stack, "matching", "GET", f"/candidates/{worker_id}", matching).json()
                    .get("active"), SETTLE, step=0.25), stack.log_tail()
    mail_arrives(stack, email, "passed")  # worker-testing wrote to the address from worker-profile's contact card

    client_token, _ = sign_up(stack, "Fyodor")
    cat = add_cat(stack, client_token, "Tishka")
    response = dashboard(stack, "POST", "/orders", client_token, json={
        "cat_id": cat["id"], "toy_category": "tunnels", "slot_start": slot(9), "duration_minutes": 60,
        "address": {**ADDRESS, "district": "Lefortovo"}})
    assert response.status_code == 201 and response.json()["status"] == "placed", response.text
    assert offered_worker(stack, client_token, response.json()["id"])["offer"]["worker_id"] == worker_id
