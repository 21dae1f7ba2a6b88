"""The demo's second journey: a candidate joins the active pool and is offered an order.

Vasilisa registers at worker-profile (her personal data is stored encrypted), logs in through worker-dashboard
(which asks worker-profile), takes the onboarding test a manager configured in worker-testing's panel (``mcf seed``
loads a demo one) over REST and passes it; worker-testing publishes ``worker.test_completed``, worker-profile
activates her and publishes ``worker.activated``, matching adds her to its pool; then a client orders a session
in the district only she serves, and order-service offers it to her.
"""
from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone

import requests

from mcf.kit.auth import issue_token
from mcf.kit.config import Settings
from mcf.stack.review import until

DISTRICT = "Sokolniki"  # no seed worker serves it: the order can only go to the new worker
TOY = "puzzles"


class OnboardingFailed(Exception):
    pass


def correct_answers(questions: list[dict]) -> list[dict]:
    """The right options of the demo test's questions, from its fixture (the API never tells them)."""
    from mcf.worker_testing.domain import options_from_lines
    from mcf.worker_testing.fixtures import DEMO_QUESTIONS

    key = {text: options_from_lines(options) for text, _kind, _weight, options in DEMO_QUESTIONS}
    answers = []
    for question in questions:
        options = key.get(question["text"])
        if options is None:
            raise OnboardingFailed(f"the active test is not the demo one (a manager changed it): "
                                   f"{question['text'][:60]!r}")
        answers.append({"question_id": question["question_id"],
                        "option_ids": [o.id for o in options if o.correct], "time_spent_ms": 4_000})
    return answers


class Onboarding:
    def __init__(self, settings: Settings, timeout: float = 60.0):
        self.settings = settings
        self.timeout = timeout
        self.session = requests.Session()
        self.report: list[str] = []

    def url(self, service: str) -> str:
        return self.settings.service_url(service)

    def call(self, method: str, service: str, path: str, expect: tuple[int, ...], token: str | None = None,
             **kwargs) -> dict:
        headers = dict(kwargs.pop("headers", {}))
        if token:
            headers["Authorization"] = f"Bearer {token}"
        response = self.session.request(method, f"{self.url(service)}{path}", headers=headers, timeout=15, **kwargs)
        if response.status_code not in expect:
            raise OnboardingFailed(f"{method} {service}{path} answered {response.status_code}: {response.text[:400]}")
        return response.json() if response.content else {}

    def service_token(self, audience: str) -> str:
        return issue_token(self.settings.jwt_secret, "demo", "service", audience=audience, ttl_seconds=300)

    def until(self, what: str, probe):
        return until(probe, f"{what} did not happen", self.timeout, failure=OnboardingFailed)

    # -- the steps --------------------------------------------------------------------------------------------
    def register(self) -> tuple[str, str, str]:
        tag = uuid.uuid4().hex[:8]
        email, password = f"vasilisa-{tag}@workers.example", "purr-purr-worker-42"
        signed = self.call("POST", "worker-profile", "/workers", (201,), json={
            "full_name": "Vasilisa Murlykina", "phone": f"+7901{int(tag, 16) % 10**7:07d}", "email": email,
            "date_of_birth": "1995-03-08", "document_number": f"45 19 {int(tag, 16) % 10**6:06d}",
            "home_district": DISTRICT, "password": password, "locale": "en", "toy_categories": [TOY, "mice"],
            "districts": [DISTRICT], "availability": [{"weekday": d, "start": "08:00", "end": "22:00"}
                                                      for d in range(7)]})
        return signed["worker"]["worker_id"], email, password

    def log_in(self, email: str, password: str) -> str:
        return self.call("POST", "worker-dashboard", "/api/login", (200,),
                         json={"email": email, "password": password})["token"]

    def pass_test(self, token: str) -> dict:
        attempt = self.call("POST", "worker-testing", "/attempts", (200, 201), token)
        done = self.call("POST", "worker-testing", f"/attempts/{attempt['attempt_id']}/submission", (200,), token,
                         json={"answers": correct_answers(attempt["questions"])})
        if not done["result"]["passed"]:
            raise OnboardingFailed(f"the demo candidate did not pass: {done['result']}")
        return done

    def active(self, worker_id: str, token: str) -> dict:
        me = self.until("the activation (worker.test_completed -> worker-profile)",
                        lambda: (lambda p: p if p["status"] == "active" else None)(
                            self.call("GET", "worker-profile", "/workers/me", (200,), token)))
        self.until("matching's pool taking the worker in (worker.activated -> matching)",
                   lambda: self.call("GET", "matching", f"/candidates/{worker_id}", (200, 404),
                                     self.service_token("matching")).get("active"))
        return me

    def result_mail(self, email: str) -> str:
        from mcf.kit.smtp_sink import read_mail

        return self.until("the result e-mail", lambda: next(
            (str(m["Subject"]).strip() for m in read_mail(self.settings.var_dir / "mail") if m["To"] == email), None))

    def order_for(self, days_ahead: int = 4) -> dict:
        tag = uuid.uuid4().hex[:8]
        client = self.call("POST", "client-dashboard", "/signup", (201,), json={
            "email": f"barsik-{tag}@cats.example", "password": "purr-purr-purr-42", "display_name": "Barsik's human"})
        token = client["token"]
        cat = self.call("POST", "client-dashboard", "/cats", (201,), token,
                        json={"name": "Barsik", "age_years": 2, "favourite_toys": [TOY]})
        slot = (datetime.now(timezone.utc) + timedelta(days=days_ahead)).replace(hour=10, minute=0, second=0,
                                                                                  microsecond=0)
        order = self.call("POST", "client-dashboard", "/orders", (201,), token, json={
            "cat_id": cat["id"], "toy_category": TOY, "slot_start": slot.isoformat(), "duration_minutes": 60,
            "address": {"city": "Moscow", "district": DISTRICT, "street": "Rusakovskaya", "building": "2"}})
        return self.call("GET", "order", f"/orders/{order['id']}", (200,), self.service_token("order"))

    def run(self) -> None:
        say = self.report.append
        worker_id, email, password = self.register()
        say(f"1. Candidate {worker_id} registered at worker-profile: serves {DISTRICT}, {TOY} and mice; status "
            f"candidate (her name, phone, e-mail and document number are stored encrypted).")
        token = self.log_in(email, password)
        say("2. She logged in through worker-dashboard (worker-profile checked the argon2 hash).")
        done = self.pass_test(token)
        result = done["result"]
        say(f"3. She took the onboarding test a manager configured ({done['title']!r} v{done['test_version']}) "
            f"at worker-testing: {result['score']}/{result['max_score']}, pass mark {result['pass_mark']}% - passed.")
        mail = self.result_mail(email)
        say(f"   worker-testing e-mailed her the result (the address from worker-profile's contact card): "
            f"\u201c{mail}\u201d")
        me = self.active(worker_id, token)
        say(f"4. worker.test_completed -> worker-profile activated her (version {me['version']}, test score "
            f"{me['test_score']}); worker.activated -> matching took her into its pool.")
        order = self.order_for()
        offered = (order.get("offer") or {}).get("worker_id")
        if offered != worker_id:
            raise OnboardingFailed(f"order {order['id']} was offered to {offered}, not to the new worker")
        offers = self.until("the offer in worker-dashboard", lambda: [
            o for o in self.call("GET", "worker-dashboard", "/api/offers", (200,), token) if o["id"] == order["id"]])
        say(f"5. A client ordered a {TOY} session in {DISTRICT}: order {order['id'][:8]} was offered to her; "
            f"worker-dashboard lists it among her offers ({len(offers)}).")
