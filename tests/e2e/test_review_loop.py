"""End to end, the review loop on the real stack: an order completes (check-in with a photo, report) → it is
archived by order-history → quality's feed job queues it → a manager reviews it in quality's panel (signed in, CSRF
tokens, as a browser would post) with a rating change → worker-profile applies it (its rating history names the
review) → matching's read model gets ``worker.rating_changed`` → the next match for a comparable order scores that
worker lower, as the penalty says; and order-history counts the review's score in the worker's statistics."""
import json
import re
import uuid

import pytest
import requests

from mcf.kit.auth import Principal, issue_token
from mcf.quality.fixtures import DEMO_MANAGER_EMAIL, DEMO_MANAGER_PASSWORD
from mcf.stack.review import Platform, csrf_of, panel_session
from tests.e2e.test_client_journey import (
    ADDRESS,
    GOOD_CARD,
    SETTLE,
    a_photo,
    add_cat,
    call,
    offered_worker,
    order_becomes,
    pay,
    place_order,
    sign_up,
    slot,
)
from tests.support.amqp import wait_for

pytestmark = pytest.mark.e2e


def complete_an_order(stack, days_ahead):
    """A client's order through to ``completed``: paid, accepted, checked in with a photo, reported."""
    token, _client = sign_up(stack, "Masha")
    order = place_order(stack, token, add_cat(stack, token, "Kotya"), days_ahead=days_ahead)
    order_becomes(stack, token, order["id"], lambda o: (o.get("kit") or {}).get("ready"))
    assert pay(stack, token, order["id"], GOOD_CARD, str(uuid.uuid4())).status_code == 201
    order_becomes(stack, token, order["id"], lambda o: o["status"] == "confirmed")
    worker_id = offered_worker(stack, token, order["id"])["offer"]["worker_id"]
    as_worker = Principal(subject=worker_id, role="worker")
    for_order = issue_token(stack.settings.jwt_secret, "worker-dashboard", "service", audience="order",
                            on_behalf_of=as_worker)
    assert call(stack, "order", "POST", f"/orders/{order['id']}/offer/accept", for_order).status_code == 200
    for_report = issue_token(stack.settings.jwt_secret, "worker-dashboard", "service", audience="order-report",
                             on_behalf_of=as_worker)
    checked = call(stack, "order-report", "POST", f"/orders/{order['id']}/check-in", for_report,
                   headers={"Idempotency-Key": str(uuid.uuid4())},
                   files=[("photos", ("cat.jpg", a_photo(), "image/jpeg"))])
    assert checked.status_code == 201, checked.text
    order_becomes(stack, token, order["id"], lambda o: o["status"] == "in_progress")
    toys = [{"toy": "laser", "reaction": 1, "comment": "ignored it"}, {"toy": "mouse", "reaction": 2}]
    filed = call(stack, "order-report", "POST", f"/orders/{order['id']}/report", for_report,
                 headers={"Idempotency-Key": str(uuid.uuid4())},
                 data={"toys": json.dumps(toys), "duration_minutes": "40", "notes": "Kotya was not in the mood"})
    assert filed.status_code == 201, filed.text
    order_becomes(stack, token, order["id"], lambda o: o["status"] == "completed")
    return order["id"], worker_id


def manager_session(stack) -> requests.Session:
    """Signed in to quality's panel as `mcf seed`'s demo manager, as a browser is (cookie, CSRF tokens)."""
    return panel_session(stack.url("quality"), DEMO_MANAGER_EMAIL, DEMO_MANAGER_PASSWORD)


def comparable(days_ahead: int) -> dict:
    """matching's request for an order like the reviewed one: the same category, district and hour, a week later."""
    return {"toy_category": "catnip", "slot_start": slot(days_ahead + 7), "duration_minutes": 60,
            "city": ADDRESS["city"], "district": ADDRESS["district"]}


def the_rating_change_lands(platform, stack, worker_id: str, review_id: str, before: float, delta: float) -> dict:
    """worker-profile applied the review's change once (its history names the review), and matching's read model
    followed through ``worker.rating_changed``."""
    change = wait_for(lambda: next((c for c in platform.history(worker_id)["changes"]
                                    if c["review_id"] == review_id), None), SETTLE, step=0.25)
    assert change, f"the review's rating change never reached worker-profile\n{stack.log_tail()}"
    history = platform.history(worker_id)
    assert change["delta"] == delta and change["by"]["role"] == "manager"
    assert [c["review_id"] for c in history["changes"]].count(review_id) == 1
    assert history["rating"] == pytest.approx(before + delta)
    followed = wait_for(lambda: platform.matching_rating(worker_id) == pytest.approx(history["rating"]), SETTLE,
                        step=0.25)
    assert followed, f"matching never saw the new rating {history['rating']}\n{stack.log_tail()}"
    return history


def test_a_review_in_the_panel_changes_the_rating_and_the_next_ranking(stack):
    order_id, worker_id = complete_an_order(stack, days_ahead=9)
    panel = manager_session(stack)
    queue_url = f"{stack.url('quality')}/admin/queue/"
    queued = wait_for(lambda: (lambda t: t if order_id in t else None)(panel.get(queue_url, timeout=15).text),
                      SETTLE, step=0.5)
    assert queued, f"order {order_id} never reached quality's queue\n{stack.log_tail()}"
    assert "Low reactions (lowest 1" in queued
    page = panel.get(f"{stack.url('quality')}/admin/queue/order/{order_id}", timeout=15)
    assert page.status_code == 200 and "laser" in page.text and "1 / 5" in page.text
    [thumbnail] = re.findall(r'src="(/admin/queue/photo/[0-9a-f-]+/thumbnail)"', page.text)
    picture = panel.get(f"{stack.url('quality')}{thumbnail}", timeout=15)
    assert picture.status_code == 200 and picture.headers["Content-Type"] == "image/jpeg"
    platform = Platform(stack.settings)
    before = platform.standing(worker_id, comparable(9))
    review_id = re.search(r'name="review_id" type="hidden" value="([^"]+)"', page.text).group(1)
    filed = panel.post(f"{stack.url('quality')}/admin/queue/order/{order_id}", timeout=15, allow_redirects=False,
                       data={"csrf_token": csrf_of(page.text), "review_id": review_id, "score": "2",
                             "comment": "The cat ignored both toys", "decision": "penalise", "delta": "0.4"})
    assert filed.status_code == 302, filed.text
    history = the_rating_change_lands(platform, stack, worker_id, review_id, before.rating, -0.4)
    after = platform.standing(worker_id, comparable(9))
    assert after.rating == pytest.approx(before.rating - 0.4) == pytest.approx(history["rating"])
    assert before.place and after.place, (before, after)
    assert after.score < before.score and after.place >= before.place, (before, after)
    statistics = issue_token(stack.settings.jwt_secret, "e2e", "service", audience="order-history")
    reviewed = wait_for(lambda: (lambda s: s if s["reviews"] else None)(call(
        stack, "order-history", "GET", f"/workers/{worker_id}/statistics", statistics).json()), SETTLE, step=0.5)
    assert reviewed and reviewed["average_review_score"] is not None, "order-history never counted the review"
    assert "applied" in panel.get(f"{stack.url('quality')}/admin/queue/order/{order_id}", timeout=15).text
