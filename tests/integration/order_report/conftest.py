"""order-report on the real MongoDB stand-in: the app with a fake order-service, and real image files."""
from __future__ import annotations

import io
import uuid

import pytest
from PIL import Image

from mcf.order_report.domain import OrderView
from tests.support.order_views import OrdersByHand
from tests.support.tokens import acting_for, user

GPS_IFD = 0x8825


def image_bytes(fmt="JPEG", size=(640, 480), gps=True, orientation=None) -> bytes:
    """A real image; with an EXIF block carrying a GPS position (and a camera name) unless ``gps`` is False."""
    image = Image.new("RGB", size, (180, 120, 60))
    out = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "CatCam"
    if orientation:
        exif[0x0112] = orientation
    if gps:
        exif[GPS_IFD] = {1: "N", 2: (55.0, 45.0, 21.0), 3: "E", 4: (37.0, 37.0, 4.0)}
    image.save(out, fmt, exif=exif.tobytes())
    return out.getvalue()


@pytest.fixture(scope="module")
def report_settings(isolated_settings):
    return isolated_settings


@pytest.fixture(scope="module")
def orders():
    return OrdersByHand()


@pytest.fixture(scope="module")
def report_app(report_settings, orders):
    from mcf.order_report.app import create_app

    app = create_app(report_settings, orders=orders)
    yield app
    db = app.extensions["mcf_order_report_db"]
    db.client.drop_database(db.name)
    db.client.close()


@pytest.fixture
def web(report_app):
    return report_app.test_client()


@pytest.fixture
def new_order(orders):
    def make(worker_id=None, status="confirmed", kit_ready=True, client_id=None):
        view = OrderView(str(uuid.uuid4()), status, client_id or str(uuid.uuid4()), worker_id or str(uuid.uuid4()),
                         kit_ready)
        orders.orders[view.order_id] = view
        return view
    return make


# Who calls order-report for a person (docs/adr/0050-roles-audiences-and-service-tokens.md).
CALLERS = {"worker": "worker-dashboard", "client": "client-dashboard", "manager": "quality"}


@pytest.fixture
def token(report_settings):
    def make(role, sub=None, *, own=False):
        """Headers as the system calls order-report: a service token for it acting for the person in ``role``
        (``sub``, else a random one) from that person's entry point, or, for ``service``, the service ``sub`` on
        its own. ``own``: the person's own token instead (made for the entry points only)."""
        if own:
            return user(report_settings.jwt_secret, role, sub)
        return acting_for(report_settings.jwt_secret, "order-report", role, sub,
                          caller=CALLERS.get(role, "test-caller"))
    return make
