"""Browser fixtures and checks shared by the browser tests (tests/browser) and the end-to-end PWA journey
(tests/e2e): Debian's chromium driven by Playwright (PITFALLS.md: ``playwright install`` cannot download here, so
``executable_path``), against apps served on 127.0.0.1 (a secure context: service workers register).
Screenshots go to var/artifacts/<test>/ (ignored by git). A conftest imports the fixtures it needs."""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("MCF_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "var" / "artifacts"
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}


@pytest.fixture(scope="session")
def playwright():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no chromium at {CHROMIUM} (tooling/bootstrap installs Debian's chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright):
    """One headless chromium for the session; each test opens its own (incognito) context."""
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
    yield browser
    browser.close()


@pytest.fixture
def profile_context(playwright, tmp_path):
    """A context with a profile on disk (not incognito), as a phone's browser is: what installability needs."""
    context = playwright.chromium.launch_persistent_context(str(tmp_path / "profile"), executable_path=CHROMIUM,
                                                            args=ARGS, headless=True)
    yield context
    context.close()


@pytest.fixture
def artifacts(request) -> Path:
    folder = ARTIFACTS / re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.png"):
        old.unlink()
    return folder


def check_installable(context, page, url: str) -> None:
    """What Lighthouse's installability audit asks, answered by Chromium itself for the app at ``url``: a manifest
    linked from the page and without errors, a service worker that registers for the whole app and controls the
    page, and no installability errors (``Page.getInstallabilityErrors``)."""
    page.goto(url + "/")
    assert page.evaluate("document.querySelector('link[rel=manifest]').href") == url + "/manifest.webmanifest"
    page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=15000)
    assert page.evaluate("navigator.serviceWorker.getRegistration().then(r => r.scope)") == url + "/"
    cdp = context.new_cdp_session(page)
    errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
    assert errors == [], errors
    manifest = cdp.send("Page.getAppManifest")
    assert manifest["errors"] == [] and manifest["url"] == url + "/manifest.webmanifest"
