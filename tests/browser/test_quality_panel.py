"""quality's panel in a real headless browser (Debian's chromium driven by Playwright): a manager signs in, opens the
review queue, opens the most urgent order with its report and photo thumbnails (proxied through quality), and files
a review with a rating change that worker-profile's stand-in applies. Screenshots go to var/artifacts/<test>/."""
import re

from tests.integration.quality.conftest import MANAGER_EMAIL, MANAGER_PASSWORD, clean, world  # noqa: F401
from tests.support.stub_services import serve


def test_a_manager_reviews_an_order_in_the_browser_and_the_workers_rating_changes(clean, browser,  # noqa: F811
                                                                                  artifacts):
    from playwright.sync_api import expect

    worker = clean.ratings.add_worker(4.5)
    urgent = clean.archive_order(worker_id=worker, late_minutes=30, reactions=(2, 3), photos=2)
    calm = clean.archive_order(worker_id=clean.ratings.add_worker(4.0), reactions=(5, 5))
    clean.pull()
    with serve(clean.app) as url:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.set_default_timeout(30_000)  # the first navigation of a cold chromium on a loaded machine
        page.goto(f"{url}/admin/queue/")
        expect(page).to_have_url(re.compile(r"/admin/login/"))  # no session: the login page
        page.fill("#email", MANAGER_EMAIL)
        page.fill("#password", MANAGER_PASSWORD)
        page.screenshot(path=artifacts / "1-login.png")
        page.click("#sign-in")
        expect(page).to_have_url(re.compile(r"/admin/queue/"))

        rows = page.locator("#queue tbody tr")
        expect(rows).to_have_count(2)
        expect(rows.first).to_have_attribute("data-order", urgent["id"])  # the late one, with low reactions
        expect(rows.first).to_contain_text("Checked in 30 min late")
        expect(page.locator(f"tr[data-order='{calm['id']}']")).to_be_visible()
        page.screenshot(path=artifacts / "2-queue.png", full_page=True)

        rows.first.locator("a.open-order").click()
        expect(page).to_have_url(re.compile(rf"/admin/queue/order/{urgent['id']}"))
        expect(page.locator("#toys")).to_contain_text("2 / 5")
        photos = page.locator("#photos img.photo")
        expect(photos).to_have_count(2)
        page.wait_for_function("Array.from(document.querySelectorAll('#photos img.photo'))"
                               ".every(i => i.complete && i.naturalWidth > 0)")
        assert all("/admin/queue/photo/" in photos.nth(i).get_attribute("src") for i in range(2))
        page.screenshot(path=artifacts / "3-order-with-report.png", full_page=True)

        page.select_option("#score", "2")
        page.check("#check_polite")
        page.check("#check_kit_returned")
        page.fill("#comment", "Half an hour late; the cat ignored the laser.")
        page.select_option("#decision", "penalise")
        page.fill("#delta", "0.5")
        page.screenshot(path=artifacts / "4-review-form.png", full_page=True)
        page.click("#file-review")
        expect(page.locator(".alert-success")).to_contain_text("Review filed.")
        expect(page.locator("#review")).to_contain_text("penalise (-0.50)")
        expect(page.locator("#adjustment-status")).to_contain_text("applied")
        page.screenshot(path=artifacts / "5-reviewed.png", full_page=True)

        page.goto(f"{url}/admin/queue/")
        expect(page.locator("#queue tbody tr")).to_have_count(1)
        context.close()
    assert clean.ratings.workers[worker] == 4.0
    [applied] = clean.ratings.applied.values()
    assert applied["worker_id"] == worker and applied["delta"] == -0.5
    assert {p.name for p in artifacts.glob("*.png")} == {"1-login.png", "2-queue.png", "3-order-with-report.png",
                                                         "4-review-form.png", "5-reviewed.png"}
