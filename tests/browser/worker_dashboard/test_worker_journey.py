"""The worker's day in a real browser: log in, see an offer, accept it, pick up the kit, check in with a photo
(resized on the device), file a report; then the offline path: the app shell loads with the network cut, and
a check-in made offline arrives exactly once after the network is back."""
from __future__ import annotations

import io
import time

import pytest
from PIL import Image

from tests.browser.worker_dashboard.conftest import EMAIL, PASSWORD

pytestmark = pytest.mark.timeout(120)


def camera_photo(path, size=(3000, 2000)):
    """A big photo as a phone camera makes it (the PWA must shrink it before upload)."""
    image = Image.linear_gradient("L").resize(size).convert("RGB")
    image.save(path, "PNG")
    return path


def wait_until(predicate, timeout=15.0, step=0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return predicate()


def log_in(page, stack, shots, step):
    page.goto(stack.url + "/")
    page.get_by_label("E-mail").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.screenshot(path=shots / f"{step}-login.png")
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("heading", name="Offers").wait_for()


def controlled(page):
    page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=15000)


def test_a_worker_accepts_an_offer_checks_in_with_a_photo_and_files_a_report(browser, stack, artifacts, tmp_path):
    order = stack.world.offer(stack.worker_id)
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True,
                                  has_touch=True)
    page = context.new_page()
    try:
        log_in(page, stack, artifacts, "01")
        offer = page.get_by_role("article").filter(has_text="feathers")
        offer.wait_for()
        assert "Arbat, Moscow" in offer.inner_text()
        assert "Arbat, 10" not in offer.inner_text(), "an offered order shows no street address"
        page.screenshot(path=artifacts / "02-offers.png")

        offer.get_by_role("button", name="Accept").click()
        page.get_by_role("heading", name="My orders").wait_for()
        card = page.get_by_role("article").filter(has_text="feathers")
        card.get_by_text("MCF kit point Arbat, Arbat 12, Moscow").wait_for()
        assert "Arbat, 10, apt 5" in card.inner_text(), "the taken order shows the address"
        assert stack.world.orders[order["id"]]["worker_id"] == stack.worker_id
        page.screenshot(path=artifacts / "03-my-order-with-kit-pickup.png")

        card.get_by_role("link", name="Check in").click()
        page.get_by_role("heading", name="Check in").wait_for()
        page.get_by_label("Photo").set_input_files(str(camera_photo(tmp_path / "door.png")))
        page.screenshot(path=artifacts / "04-check-in-photo.png")
        page.get_by_role("button", name="Check in").click()
        page.get_by_text("Checked in.").wait_for()
        assert len(stack.world.check_ins) == 1
        content_type, data = stack.world.photos[-1]
        with Image.open(io.BytesIO(data)) as sent:
            assert content_type == "image/jpeg" and sent.format == "JPEG"
            assert max(sent.size) == 1600 and sent.size == (1600, 1067), "resized on the device, proportions kept"
        assert stack.world.orders[order["id"]]["status"] == "in_progress"

        page.reload()
        card = page.get_by_role("article").filter(has_text="feathers")
        card.get_by_role("link", name="File the report").click()
        page.get_by_role("heading", name="Report").wait_for()
        page.get_by_label("Toy", exact=True).fill("feather wand")
        page.get_by_label("Reaction").select_option("5")
        page.get_by_label("Duration (minutes)").fill("55")
        page.get_by_label("Notes").fill("Murka caught it nine times.")
        page.screenshot(path=artifacts / "05-report.png")
        page.get_by_role("button", name="File the report").click()
        page.get_by_role("heading", name="History").wait_for()
        page.get_by_role("article").filter(has_text="completed").wait_for()
        page.screenshot(path=artifacts / "06-history.png")
        (report,) = stack.world.reports.values()
        assert report["toys"] == [{"toy": "feather wand", "reaction": 5}]
        assert report["duration_minutes"] == 55 and report["notes"] == "Murka caught it nine times."
    finally:
        context.close()


def test_offline_the_shell_loads_and_a_check_in_made_offline_arrives_once_when_back_online(
        browser, stack, artifacts, tmp_path):
    order = stack.world.offer(stack.worker_id)
    stack.world.orders[order["id"]].update(worker_id=stack.worker_id, offer=None)   # already accepted
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    try:
        log_in(page, stack, artifacts, "01")
        controlled(page)
        page.goto(stack.url + "/#/orders")
        page.get_by_role("article").filter(has_text="feathers").wait_for()   # kept for offline by the worker

        context.set_offline(True)
        page.reload()
        page.get_by_role("heading", name="My orders").wait_for()
        assert page.get_by_role("status").first.inner_text() == "Offline"
        page.get_by_role("article").filter(has_text="MCF kit point Arbat").wait_for()
        page.screenshot(path=artifacts / "02-offline-shell.png")

        seen_before = len(stack.reports.received)
        page.get_by_role("link", name="Check in").click()
        page.get_by_label("Photo").set_input_files(str(camera_photo(tmp_path / "door.png", (1200, 900))))
        page.get_by_role("button", name="Check in").click()
        page.get_by_text("kept on this phone").wait_for()
        page.get_by_text("1 submission waits to be sent.").wait_for()
        page.screenshot(path=artifacts / "03-queued-offline.png")
        time.sleep(1.0)
        assert len(stack.reports.received) == seen_before, "nothing reached order-report while offline"
        assert stack.world.check_ins == {}

        context.set_offline(False)
        assert wait_until(lambda: len(stack.world.check_ins) == 1), "the queued check-in arrived"
        page.get_by_text("Your check-in was sent.").wait_for()
        page.screenshot(path=artifacts / "04-sent-when-online.png")
        # And only once: reloading (the page and the service worker flush again) sends nothing more.
        page.reload()
        page.get_by_role("heading", name="My orders").wait_for()
        time.sleep(1.0)
        posts = [r for r in stack.reports.received if r.method == "POST"]
        assert len(posts) == 1 and len(stack.world.check_ins) == 1
        assert page.evaluate("MCFOutbox.count()") == 0
    finally:
        context.close()
