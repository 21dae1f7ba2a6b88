"""Fixtures shared by every layer: settings for a test run and the real servers behind them."""
from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest

from mcf.kit.config import Settings

# One Playwright and one chromium for the whole run, shared by tests/browser and tests/e2e: Playwright's sync API
# cannot be started twice at once, so these fixtures are defined once, here.
from tests.support.browser import artifacts, browser, playwright, profile_context  # noqa: F401

# A problem member its type does not declare fails the test that provokes it (mcf.kit.http.problem, ADR 0174).
os.environ.setdefault("MCF_STRICT_PROBLEMS", "1")

ROOT = Path(__file__).resolve().parents[1]
# Several checkouts may test on one machine at once: each can name its own vhost (and MCF_TEST_DB_PREFIX).
TEST_VHOST = os.environ.get("MCF_TEST_VHOST", "mcf_test")


@pytest.fixture(scope="session")
def settings() -> Settings:
    """Test runs use their own databases (``mcf_test_*``) and RabbitMQ vhost, never a running stack's."""
    base = Settings.from_env()
    return base.with_(
        db_prefix=os.environ.get("MCF_TEST_DB_PREFIX", "mcf_test_"),
        amqp_url=os.environ.get("MCF_TEST_AMQP_URL", f"amqp://guest:guest@127.0.0.1:5672/{TEST_VHOST}"),
        var_dir=Path(os.environ.get("MCF_VAR_DIR", ROOT / "var")).resolve(),
    )


@pytest.fixture(scope="session")
def servers(settings):
    """Start whatever server is not running yet (and stop, at the end, only what this run started)."""
    from mcf.stack import servers as local

    started = local.ensure_all(settings)
    local.ensure_amqp_vhost(TEST_VHOST)
    yield settings
    local.stop_detached(started, settings)


@pytest.fixture(scope="module")
def isolated_settings(settings):
    """Settings whose PostgreSQL databases are this module's own; dropped afterwards."""
    from mcf.kit import db

    own = settings.with_(db_prefix=f"mcf_test_{uuid.uuid4().hex[:8]}_")
    yield own
    db.drop_databases_with_prefix(own, own.db_prefix)


@pytest.fixture
def unique_name():
    return f"t{uuid.uuid4().hex[:10]}"
