"""Browser tests: the shared fixtures (tests/support/browser.py) come from tests/conftest.py."""
