"""The managers' panel in a real headless browser (Debian's chromium driven by Playwright): sign in, create a
test, add a version with questions inline, activate it. Screenshots go to var/artifacts/<test>/."""
import re
import shutil
import uuid
from pathlib import Path

import pytest

from tests.integration.worker_testing.conftest import MANAGER_EMAIL, MANAGER_PASSWORD
from tests.support.stub_services import serve

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "var" / "artifacts"
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                reason="Debian's chromium is missing: run tooling/bootstrap as root")


@pytest.fixture(scope="module")
def panel(isolated_settings, servers):
    from mcf.kit.admin import StaffAccounts
    from mcf.worker_testing import app

    flask_app = app.create_app(isolated_settings)
    pg = app.database(isolated_settings)
    StaffAccounts(pg).ensure(MANAGER_EMAIL, MANAGER_PASSWORD)
    with serve(flask_app) as url:
        yield url, pg
    pg.close_all()


def test_a_manager_configures_and_activates_a_test_in_the_browser(panel, browser, request):
    from playwright.sync_api import expect

    from mcf.worker_testing.adapters.storage import PeeweeVersions

    url, pg = panel
    shots = ARTIFACTS / request.node.name
    shutil.rmtree(shots, ignore_errors=True)
    shots.mkdir(parents=True)
    title = f"Browser onboarding {uuid.uuid4().hex[:6]}"
    # The session's chromium (tests/browser/conftest.py): a second sync_playwright() in one process is refused.
    context = browser.new_context()
    try:
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.goto(f"{url}/admin/tests/")
        expect(page).to_have_url(re.compile(r"/admin/login/"))  # no session: the login page
        page.fill("#email", MANAGER_EMAIL)
        page.fill("#password", MANAGER_PASSWORD)
        page.screenshot(path=shots / "1-login.png")
        page.click("#sign-in")
        expect(page).to_have_url(re.compile(r"/admin/tests/"))

        page.goto(f"{url}/admin/tests/new/")
        page.fill("#title", title)
        page.click("input[type=submit]")
        expect(page.locator("body")).to_contain_text(title)

        page.goto(f"{url}/admin/versions/new/")
        page.select_option("#test", label=title)
        page.fill("#pass_mark", "60")
        page.fill("#time_limit_seconds", "300")
        for n, (text, kind, options) in enumerate([("Which toy first?", "single", "* feather\nbrick"),
                                                   ("Safe ones?", "multiple", "* plush\n* cardboard\nstring")]):
            page.click("#questions-button")
            page.fill(f"#questions-{n}-position", str(n + 1))
            page.fill(f"#questions-{n}-text", text)
            page.select_option(f"#questions-{n}-kind", kind)
            page.fill(f"#questions-{n}-weight", str(n + 1))
            page.fill(f"#questions-{n}-options", options)
        page.screenshot(path=shots / "2-version-with-questions.png", full_page=True)
        page.click("input[type=submit]")
        expect(page).to_have_url(f"{url}/admin/versions/")

        page.once("dialog", lambda dialog: dialog.accept())
        row = page.locator("tr", has_text=title)
        row.locator("input.action-checkbox").check()
        page.click("text=With selected")
        page.click("text=Activate")
        expect(page.locator(".alert")).to_contain_text("is now the active test")
        page.screenshot(path=shots / "3-activated.png", full_page=True)
    finally:
        context.close()
    with pg.connection_context():
        active = PeeweeVersions().active()
    assert active.title == title and [q.text for q in active.questions] == ["Which toy first?", "Safe ones?"]
    assert (shots / "3-activated.png").stat().st_size > 0
