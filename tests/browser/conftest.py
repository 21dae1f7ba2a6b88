"""Browser tests: the shared fixtures of tests/support/browser.py (Debian's chromium through Playwright)."""
from tests.support.browser import artifacts, browser, playwright, profile_context  # noqa: F401
