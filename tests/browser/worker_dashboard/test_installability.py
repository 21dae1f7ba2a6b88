"""A Lighthouse-style installability check of the worker PWA: the manifest's fields, its icons (their real
sizes), a service worker that registers, controls the page and has a fetch handler that answers offline, and
Chromium's own verdict (``Page.getInstallabilityErrors``), all served from 127.0.0.1."""
from __future__ import annotations

import io

import pytest
import requests
from PIL import Image

from tests.support.browser import check_installable

pytestmark = pytest.mark.timeout(90)


def test_the_manifest_names_the_app_and_its_icons_have_the_sizes_it_says(stack):
    response = requests.get(stack.url + "/manifest.webmanifest", timeout=5)
    assert response.headers["Content-Type"].startswith("application/manifest+json")
    manifest = response.json()
    assert manifest["name"] and manifest["short_name"] and len(manifest["short_name"]) <= 12
    assert manifest["start_url"].startswith("/") and manifest["scope"] == "/"
    assert manifest["display"] in ("standalone", "fullscreen", "minimal-ui")
    assert manifest["theme_color"] and manifest["background_color"]
    sizes = set()
    for icon in manifest["icons"]:
        png = requests.get(stack.url + icon["src"], timeout=5)
        assert png.status_code == 200 and png.headers["Content-Type"] == "image/png"
        with Image.open(io.BytesIO(png.content)) as image:
            assert image.format == "PNG" and f"{image.width}x{image.height}" == icon["sizes"]
        sizes.add((icon["sizes"], icon.get("purpose", "any")))
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes


def test_chromium_finds_the_app_installable_and_its_service_worker_answers_offline(profile_context, stack,
                                                                                  artifacts):
    context = profile_context
    page = context.new_page()
    try:
        check_installable(context, page, stack.url)
        # The fetch handler: with the network cut the start URL still answers 200, from the service worker.
        context.set_offline(True)
        status = page.evaluate("fetch('/#/offers').then(r => r.status)")
        assert status == 200
        page.reload()
        page.get_by_role("heading", name="Log in").wait_for()
        page.screenshot(path=artifacts / "offline-start.png")
    finally:
        page.close()
