"""End to end in a real browser: the worker's day in the PWA against the whole system running as processes
(`mcf up`: order, matching, inventory, payment, order-report, worker-dashboard, client-dashboard ...).

A client orders and pays through client-dashboard; the worker order-service offered it to opens the PWA, accepts
the offer, sees the kit's pick-up point, checks in with a camera-sized photo (shrunk on the phone) and files the
report; the order completes through the real events, and the client reads the report and its photo through
client-dashboard. Then the offline path: the app shell loads with the network cut, and a check-in made offline
reaches worker-dashboard once, after the network is back. Screenshots of every step: var/artifacts/<test>/.

The worker logs in by filling the PWA's login form with a seed worker's e-mail and demo password (from
worker-profile's fixtures, ``demo_login``); worker-dashboard asks worker-profile, which issues the token.
"""
from __future__ import annotations

import io
import time
import uuid

import pytest
import requests
from PIL import Image

from mcf.kit.auth import issue_token
from mcf.worker_profile.fixtures import demo_login
from tests.e2e.test_client_journey import (
    GOOD_CARD,
    SETTLE,
    add_cat,
    call,
    dashboard,
    offered_worker,
    order_becomes,
    pay,
    place_order,
    sign_up,
)
from tests.support.browser import PHONE, check_installable

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(240)]


def ready_order(stack, days_ahead: int, cat_name: str):
    """A client's order, its kit ready and paid (confirmed): what a worker may check in on once it accepts."""
    token, client = sign_up(stack, f"{cat_name}'s human")
    order = place_order(stack, token, add_cat(stack, token, cat_name), days_ahead)
    order_becomes(stack, token, order["id"], lambda o: (o.get("kit") or {}).get("ready"))
    assert pay(stack, token, order["id"], GOOD_CARD, str(uuid.uuid4())).status_code == 201
    order_becomes(stack, token, order["id"], lambda o: o["status"] == "confirmed")
    worker_id = offered_worker(stack, token, order["id"])["offer"]["worker_id"]
    return token, client, order, worker_id


def camera_photo(path, size=(3000, 2000)):
    """A big photo as a phone camera makes it (the PWA shrinks it before upload)."""
    Image.linear_gradient("L").resize(size).convert("RGB").save(path, "PNG")
    return path


def log_in(page, app_url: str, worker_id: str) -> None:
    """The worker opens the PWA's login, fills "E-mail" and "Password" and presses "Log in"; the offers show."""
    email, password = demo_login(worker_id)
    page.goto(app_url + "/#/login")
    page.get_by_role("heading", name="Log in").wait_for()
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("heading", name="Offers").wait_for()


def shown(page, locator, timeout: float = SETTLE):
    """``locator`` once the view shows it, reloading the view meanwhile: the listings behind the PWA (order-service's
    live-orders, order-history) follow the events by a moment."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    deadline = time.monotonic() + timeout
    while True:
        try:
            locator.wait_for(timeout=2000)
            return locator
        except PlaywrightTimeout:
            if time.monotonic() > deadline:
                raise
            page.reload()


def offer_card(page, order_id: str):
    return page.locator(f"article[aria-labelledby='offer-{order_id}']")


def order_card(page, order_id: str):
    return page.locator(f"article[aria-labelledby='order-{order_id}']")


def check_ins_received(stack, order_id: str) -> int:
    """How many check-ins of this order reached worker-dashboard (its request log lines in the stack's output)."""
    path = f'"path": "/api/orders/{order_id}/check-in"'
    return sum(1 for line in list(stack.output) if "worker-dashboard" in line and path in line
               and '"method": "POST"' in line)


def report_record(stack, order_id: str):
    """The order's record at order-report, as a service on its own sees it (404: nothing checked in)."""
    service = issue_token(stack.settings.jwt_secret, "e2e", "service", audience="order-report")
    return call(stack, "order-report", "GET", f"/orders/{order_id}/report", service)


def test_a_worker_takes_an_order_in_the_pwa_checks_in_with_a_photo_reports_and_the_client_reads_it(
        stack, browser, artifacts, tmp_path):
    token, client, order, worker_id = ready_order(stack, days_ahead=12, cat_name="Pushinka")
    app = stack.url("worker-dashboard")
    context = browser.new_context(**PHONE)
    page = context.new_page()
    try:
        log_in(page, app, worker_id)
        offer = shown(page, offer_card(page, order["id"]))
        assert "Presnensky, Moscow" in offer.inner_text()
        assert "Bolshaya Gruzinskaya" not in offer.inner_text(), "an offer shows no street before it is taken"
        page.screenshot(path=artifacts / "01-offer.png")

        offer.get_by_role("button", name="Accept").click()
        page.get_by_role("heading", name="My orders").wait_for()
        mine = order_card(page, order["id"])
        shown(page, mine.get_by_text("Pick up at"))
        assert "Bolshaya Gruzinskaya, 1" in mine.inner_text(), "the taken order shows the address"
        page.screenshot(path=artifacts / "02-my-order-with-kit-pickup.png")

        mine.get_by_role("link", name="Check in").click()
        page.get_by_role("heading", name="Check in").wait_for()
        page.get_by_label("Photo").set_input_files(str(camera_photo(tmp_path / "door.png")))
        page.screenshot(path=artifacts / "03-check-in-photo.png")
        page.get_by_role("button", name="Check in").click()
        page.get_by_text("Checked in.").wait_for()
        order_becomes(stack, token, order["id"], lambda o: o["status"] == "in_progress")
        page.screenshot(path=artifacts / "04-checked-in.png")

        page.reload()
        order_card(page, order["id"]).get_by_role("link", name="File the report").click()
        page.get_by_role("heading", name="Report").wait_for()
        page.get_by_label("Toy", exact=True).fill("feather wand")
        page.get_by_label("Reaction").select_option("5")
        page.get_by_label("Duration (minutes)").fill("55")
        page.get_by_label("Notes").fill("Pushinka caught it nine times.")
        page.screenshot(path=artifacts / "05-report.png")
        page.get_by_role("button", name="File the report").click()
        page.get_by_text("Report filed. Thank you!").wait_for()
        page.get_by_role("heading", name="History").wait_for()
        completed = order_becomes(stack, token, order["id"], lambda o: o["status"] == "completed")
        assert completed["worker_id"] == worker_id
        shown(page, page.get_by_role("article").filter(has_text="completed"))
        page.screenshot(path=artifacts / "06-history.png")
    finally:
        context.close()

    # The client reads the report, and the check-in photo, through client-dashboard.
    response = dashboard(stack, "GET", f"/orders/{order['id']}/report", token)
    assert response.status_code == 200, response.text
    record = response.json()
    assert record["worker_id"] == worker_id
    assert [(t["toy"], t["reaction"]) for t in record["report"]["toys"]] == [("feather wand", 5)]
    assert (record["report"]["duration_minutes"], record["report"]["notes"]) == (55, "Pushinka caught it nine times.")
    [photo] = record["check_in"]["photos"]
    assert (photo["width"], photo["height"]) == (1600, 1067), "shrunk on the phone, proportions kept"
    picture = dashboard(stack, "GET", photo["url"], token)
    assert picture.status_code == 200 and picture.headers["Content-Type"] == "image/jpeg"
    assert Image.open(io.BytesIO(picture.content)).size == (1600, 1067)
    stranger, _ = sign_up(stack, "Stranger")
    assert dashboard(stack, "GET", f"/orders/{order['id']}/report", stranger).status_code == 404
    assert dashboard(stack, "GET", photo["url"], stranger).status_code == 404


def test_with_the_network_cut_the_shell_loads_and_a_check_in_made_offline_reaches_the_system_once(
        stack, browser, artifacts, tmp_path):
    token, _client, order, worker_id = ready_order(stack, days_ahead=13, cat_name="Ugolyok")
    app = stack.url("worker-dashboard")
    context = browser.new_context(**PHONE)
    page = context.new_page()
    try:
        log_in(page, app, worker_id)
        page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=15000)
        shown(page, offer_card(page, order["id"])).get_by_role("button", name="Accept").click()
        page.get_by_role("heading", name="My orders").wait_for()
        shown(page, order_card(page, order["id"]).get_by_text("Pick up at"))   # kept by the service worker for offline

        context.set_offline(True)
        page.reload()
        page.get_by_role("heading", name="My orders").wait_for()
        assert page.get_by_role("status").first.inner_text() == "Offline"
        order_card(page, order["id"]).get_by_text("Pick up at").wait_for()
        page.screenshot(path=artifacts / "01-offline-shell.png")

        order_card(page, order["id"]).get_by_role("link", name="Check in").click()
        page.get_by_label("Photo").set_input_files(str(camera_photo(tmp_path / "door.png", (1200, 900))))
        page.get_by_role("button", name="Check in").click()
        page.get_by_text("kept on this phone").wait_for()
        page.get_by_text("1 submission waits to be sent.").wait_for()
        page.screenshot(path=artifacts / "02-queued-offline.png")
        time.sleep(1.0)
        assert check_ins_received(stack, order["id"]) == 0, "nothing reached worker-dashboard while offline"
        assert report_record(stack, order["id"]).status_code == 404

        context.set_offline(False)
        page.get_by_text("Your check-in was sent.").wait_for(timeout=30000)
        page.screenshot(path=artifacts / "03-sent-when-online.png")
        started = order_becomes(stack, token, order["id"], lambda o: o["status"] == "in_progress")
        assert started["worker_id"] == worker_id
        # And only once: reloading (the page and the service worker flush again) sends nothing more.
        page.reload()
        page.get_by_role("heading", name="My orders").wait_for()
        time.sleep(1.5)
        assert page.evaluate("MCFOutbox.count()") == 0
        assert check_ins_received(stack, order["id"]) == 1, "the queued check-in reached worker-dashboard once"
        record = report_record(stack, order["id"])
        assert record.status_code == 200 and len(record.json()["check_in"]["photos"]) == 1
    finally:
        context.close()


def test_the_served_pwa_is_installable_and_its_shell_answers_offline(stack, profile_context, artifacts):
    """Lighthouse's installability audit, asked of Chromium, for the app as the real stack serves it."""
    app = stack.url("worker-dashboard")
    manifest = requests.get(app + "/manifest.webmanifest", timeout=5).json()
    assert {(i["sizes"], i.get("purpose", "any")) for i in manifest["icons"]} >= {("192x192", "any"),
                                                                                  ("512x512", "maskable")}
    page = profile_context.new_page()
    try:
        check_installable(profile_context, page, app)
        profile_context.set_offline(True)
        assert page.evaluate("fetch('/').then(r => r.status)") == 200
        page.reload()
        page.get_by_role("heading", name="Log in").wait_for()
        page.screenshot(path=artifacts / "offline-start.png")
    finally:
        page.close()
