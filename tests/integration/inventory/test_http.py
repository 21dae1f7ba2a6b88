"""inventory's HTTP API through Flask's test client, on PostgreSQL."""
import uuid
from datetime import datetime, timezone

import pytest

from mcf.inventory import service
from mcf.inventory.adapters.storage import InventoryUnitOfWork
from tests.support.tokens import acting_for

from .support import ARBAT, CLOCKWORK_MOUSE


@pytest.fixture(scope="module")
def client(isolated_settings):
    from mcf.inventory.app import create_app

    return create_app(isolated_settings).test_client()


@pytest.fixture(scope="module")
def pg(isolated_settings):
    from mcf.inventory import app

    database = app.database(isolated_settings)
    yield database
    database.close_all()


def auth(settings, role, subject=None):
    return acting_for(settings.jwt_secret, "inventory", role, subject)


def test_the_seeded_catalogue_is_listed(client, isolated_settings):
    points = client.get("/pickup-points", headers=auth(isolated_settings, "client")).json
    assert {p["district"] for p in points} >= {"Arbat", "Khamovniki", "Tverskoy"}
    toys = client.get("/toys?category=mice", headers=auth(isolated_settings, "worker")).json
    assert {t["name"] for t in toys} == {"Clockwork mouse", "Plush mouse"}
    assert client.get("/toys?category=dogs", headers=auth(isolated_settings, "worker")).status_code == 422
    assert client.get("/toys").status_code == 401


def test_stock_is_read_and_restocked_by_staff(client, isolated_settings):
    before = client.get(f"/stock?pickup_point={ARBAT}", headers=auth(isolated_settings, "manager")).json
    mouse = next(level for level in before if level["toy_id"] == CLOCKWORK_MOUSE)
    response = client.post("/stock/restock", headers=auth(isolated_settings, "manager"), json={
        "pickup_point_id": ARBAT, "toy_id": CLOCKWORK_MOUSE, "quantity": 7})
    assert response.status_code == 200 and response.json["available"] == mouse["available"] + 7


@pytest.mark.parametrize("body, status, field", [
    ({"pickup_point_id": ARBAT, "toy_id": CLOCKWORK_MOUSE, "quantity": 0}, 422, "quantity"),
    ({"pickup_point_id": ARBAT, "toy_id": CLOCKWORK_MOUSE}, 422, "quantity"),
    ({"pickup_point_id": str(uuid.uuid4()), "toy_id": CLOCKWORK_MOUSE, "quantity": 1}, 404, None),
])
def test_bad_restocks_are_problems_and_change_nothing(client, isolated_settings, body, status, field):
    before = client.get(f"/stock?pickup_point={ARBAT}", headers=auth(isolated_settings, "service")).json
    response = client.post("/stock/restock", headers=auth(isolated_settings, "service"), json=body)
    assert response.status_code == status and response.mimetype == "application/problem+json"
    if field:
        assert field in response.json["errors"]["json"]
    assert client.get(f"/stock?pickup_point={ARBAT}", headers=auth(isolated_settings, "service")).json == before


def test_clients_cannot_restock(client, isolated_settings):
    response = client.post("/stock/restock", headers=auth(isolated_settings, "client"), json={
        "pickup_point_id": ARBAT, "toy_id": CLOCKWORK_MOUSE, "quantity": 1})
    assert response.status_code == 403


def test_a_kit_is_shown_to_its_client_and_staff_only(client, isolated_settings, pg):
    order_id, client_id = str(uuid.uuid4()), str(uuid.uuid4())
    now = datetime.now(timezone.utc)
    with pg.connection_context():
        service.accept_order(InventoryUnitOfWork(pg), service.OrderPlaced(order_id, client_id, "mice", "Moscow",
                                                                          "Arbat"), now)
        service.prepare_kit(InventoryUnitOfWork(pg), order_id, now, 30)
    mine = client.get(f"/kits/{order_id}", headers=auth(isolated_settings, "client", client_id))
    assert mine.status_code == 200
    assert mine.json["status"] == "awaiting_fortune" and mine.json["pickup_point"]["id"] == ARBAT
    assert {i["name"]: i["quantity"] for i in mine.json["items"]} == {"Clockwork mouse": 1, "Plush mouse": 2}
    assert client.get(f"/kits/{order_id}", headers=auth(isolated_settings, "client")).status_code == 404
    assert client.get(f"/kits/{order_id}", headers=auth(isolated_settings, "manager")).status_code == 200
    assert client.get(f"/kits/{uuid.uuid4()}", headers=auth(isolated_settings, "manager")).status_code == 404
