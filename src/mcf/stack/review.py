"""The demo's review step: a manager reviews the completed order in quality's panel, as a browser does.

The demo manager (``mcf seed``, quality's fixtures) signs in to quality's admin (the login form and its CSRF
token), waits for the order in the review queue (order-history archived it; quality's feed job queued it), and
files a review with a rating change. quality delivers the change to worker-profile at once, which publishes
``worker.rating_changed``; matching's read model follows, so the next match for a comparable order scores the
worker differently. What the demo prints: the rating before and after, and the worker's score and place for that
comparable order before and after.
"""
from __future__ import annotations

import re
import time
from dataclasses import dataclass
from typing import Callable

import requests

from mcf.kit.auth import issue_token
from mcf.kit.config import Settings

_CSRF = re.compile(r'name="csrf_token"[^>]*?value="([^"]+)"')
_REVIEW_ID = re.compile(r'name="review_id" type="hidden" value="([^"]+)"')


class ReviewFailed(Exception):
    pass


def csrf_of(html: str) -> str:
    """The CSRF token of a kit panel's form (mcf.kit.admin)."""
    found = _CSRF.search(html)
    if not found:
        raise ReviewFailed("the panel's page carries no CSRF token")
    return found.group(1)


def panel_session(base: str, email: str, password: str, timeout: float = 15.0) -> requests.Session:
    """Signed in to a kit panel at ``base`` (``/admin/login/``) as a browser is: its cookie, the form's token."""
    panel = requests.Session()
    login = panel.get(f"{base}/admin/login/", timeout=timeout)
    answer = panel.post(f"{base}/admin/login/", timeout=timeout, allow_redirects=False, data={
        "email": email, "password": password, "csrf_token": csrf_of(login.text)})
    if answer.status_code != 302:
        raise ReviewFailed(f"the manager could not sign in at {base}: {answer.status_code}")
    return panel


def demo_manager() -> tuple[str, str]:
    from mcf.quality.fixtures import DEMO_MANAGER_EMAIL, DEMO_MANAGER_PASSWORD

    return DEMO_MANAGER_EMAIL, Settings.from_env().quality_demo_password or DEMO_MANAGER_PASSWORD


def until(found: Callable, what: str, timeout: float = 30.0, step: float = 0.3,
          failure: type[Exception] = ReviewFailed):
    """``found()``'s first truthy value, asked every ``step`` s; ``failure("<what> within N s")`` after ``timeout``
    (the demo's steps all wait this way: the review loop, onboarding)."""
    deadline = time.monotonic() + timeout
    while True:
        value = found()
        if value:
            return value
        if time.monotonic() > deadline:
            raise failure(f"{what} within {timeout:.0f} s")
        time.sleep(step)


@dataclass(frozen=True)
class Standing:
    """A worker's rating in worker-profile, and its place and score in matching's answer for one order."""

    rating: float
    place: int | None   # 1 = first; None: not among the candidates
    score: float | None


class Platform:
    """What the demo reads as a service: worker-profile's rating history and matching's ranking."""

    def __init__(self, settings: Settings):
        self.settings = settings

    def _call(self, service: str, method: str, path: str, **kwargs) -> dict:
        token = issue_token(self.settings.jwt_secret, "demo", "service", audience=service, ttl_seconds=300)
        answer = requests.request(method, f"{self.settings.service_url(service)}{path}", timeout=15,
                                  headers={"Authorization": f"Bearer {token}"}, **kwargs)
        if answer.status_code != 200:
            raise ReviewFailed(f"{service} {method} {path} answered {answer.status_code}: {answer.text[:300]}")
        return answer.json()

    def history(self, worker_id: str) -> dict:
        return self._call("worker-profile", "GET", f"/workers/{worker_id}/rating-history")

    def matching_rating(self, worker_id: str) -> float:
        return self._call("matching", "GET", f"/candidates/{worker_id}")["rating"]

    def standing(self, worker_id: str, order: dict) -> Standing:
        candidates = self._call("matching", "POST", "/matches", json={**order, "limit": 50})["candidates"]
        place = next((i for i, c in enumerate(candidates, start=1) if c["worker_id"] == worker_id), None)
        return Standing(self.history(worker_id)["rating"], place,
                        candidates[place - 1]["score"] if place else None)


def review_in_panel(settings: Settings, order_id: str, worker_id: str, comparable: dict, *, decision: str,
                    delta: float, score: int, comment: str, timeout: float = 45.0) -> tuple[Standing, Standing]:
    """The manager's review of ``order_id`` (``decision`` commend/penalise/approve, ``delta`` ≥ 0) filed in quality's
    panel; the worker's standing for the ``comparable`` match request (matching's ``POST /matches`` body) before
    the review and once matching has the new rating."""
    platform, base = Platform(settings), settings.service_url("quality")
    before = platform.standing(worker_id, comparable)
    panel = panel_session(base, *demo_manager())
    until(lambda: order_id in panel.get(f"{base}/admin/queue/", timeout=15).text,
          f"order {order_id} did not reach quality's review queue", timeout)
    page = panel.get(f"{base}/admin/queue/order/{order_id}", timeout=15)
    review = _REVIEW_ID.search(page.text)
    if page.status_code != 200 or not review:
        raise ReviewFailed(f"quality's review page of order {order_id} answered {page.status_code}")
    filed = panel.post(f"{base}/admin/queue/order/{order_id}", timeout=15, allow_redirects=False, data={
        "csrf_token": csrf_of(page.text), "review_id": review.group(1), "score": str(score), "comment": comment,
        "decision": decision, "delta": str(delta)})
    if filed.status_code != 302:
        raise ReviewFailed(f"quality refused the review: {filed.status_code} {filed.text[:300]}")
    history = until(lambda: (lambda h: h if any(c["review_id"] == review.group(1) for c in h["changes"]) else None)(
        platform.history(worker_id)), "the rating change did not reach worker-profile", timeout)
    until(lambda: abs(platform.matching_rating(worker_id) - history["rating"]) < 1e-9,
          "matching did not learn the new rating", timeout)
    return before, platform.standing(worker_id, comparable)
