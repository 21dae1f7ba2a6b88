"""``mcf seed`` for quality: the demo manager who signs in to the review panel (the same one as worker-testing's)."""
from __future__ import annotations

from mcf.kit.admin import StaffAccounts
from mcf.kit.config import Settings

# The demo manager signs in to both panels with the same e-mail (each service keeps its own staff, ADR 0075).
DEMO_MANAGER_EMAIL = "manager@mcf.localhost"
DEMO_MANAGER_PASSWORD = "manager-demo-password"  # development only; set MCF_QUALITY_DEMO_PASSWORD


def seed(settings: Settings) -> int:
    from mcf.quality import app

    pg = app.database(settings)
    try:
        return int(StaffAccounts(pg).ensure(
            DEMO_MANAGER_EMAIL, settings.quality_demo_password or DEMO_MANAGER_PASSWORD))
    finally:
        pg.close_all()
