"""order-service's HTTP adapter and storage against the real PostgreSQL."""
import json
import uuid
from datetime import datetime, timedelta, timezone

import pytest

from tests.integration.order.conftest import W1


def order_body(client_id=None, **overrides):
    # The client is the token's on_behalf_of claim: ``client_id`` is kept for the callers' readability only.
    body = {
        "cat_id": str(uuid.uuid4()), "toy_category": "laser",
        "slot_start": (datetime.now(timezone.utc) + timedelta(days=2)).isoformat(), "duration_minutes": 90,
        "address": {"city": "Moscow", "district": "Tverskoy", "street": "Tverskaya", "building": "12"},
    }
    body.update(overrides)
    return body


def counts(pg):
    with pg.connection_context():
        return (pg.execute_sql("SELECT count(*) FROM orders").fetchone()[0],
                pg.execute_sql("SELECT count(*) FROM outbox").fetchone()[0])


def test_placing_an_order_stores_it_offered_and_priced_with_its_outbox_rows(client, token, pg):
    client_id = str(uuid.uuid4())
    before = counts(pg)
    response = client.post("/orders", json=order_body(client_id), headers=token("client", client_id))
    assert response.status_code == 201, response.json
    order = response.json
    assert response.headers["Location"] == f"/orders/{order['id']}"
    assert order["status"] == "placed" and order["slot_start"].endswith("+00:00")
    assert order["offer"]["worker_id"] == W1 and order["worker_id"] is None
    assert order["price"]["amount_minor"] == 150_000 and order["price"]["currency"] == "RUB"
    assert order["kit"] == {"ready": False, "ready_at": None, "pickup_point": None, "fortune": None}
    assert order["paid"] is False
    assert counts(pg) == (before[0] + 1, before[1] + 3)
    with pg.connection_context():
        rows = pg.execute_sql("SELECT routing_key, exchange, body FROM outbox WHERE convert_from(body, 'UTF8') LIKE %s",
                              (f"%{order['id']}%",)).fetchall()
    bodies = {key: (exchange, json.loads(bytes(body))) for key, exchange, body in rows}
    assert bodies["order.created"][0] == "mcf.events"
    assert bodies["order.created"][1]["data"]["order_id"] == order["id"]
    assert bodies["notification.order.created"][0] == "mcf.notifications"
    assert bodies["order.offered"][1]["data"]["worker_id"] == W1


def test_the_client_reads_its_order_back_and_another_client_gets_404(client, token):
    client_id = str(uuid.uuid4())
    placed = client.post("/orders", json=order_body(client_id), headers=token("client", client_id)).json
    mine = client.get(f"/orders/{placed['id']}", headers=token("client", client_id))
    assert mine.status_code == 200 and mine.json == placed
    theirs = client.get(f"/orders/{placed['id']}", headers=token("client"))
    assert theirs.status_code == 404 and theirs.content_type == "application/problem+json"
    assert placed["cat_id"] not in theirs.get_data(as_text=True)
    assert theirs.json["title"] == "Not Found"


@pytest.mark.parametrize("overrides, field", [
    ({"duration_minutes": 45.5}, "duration_minutes"),
    ({"duration_minutes": 50}, "duration_minutes"),
    ({"toy_category": "vacuum"}, "toy_category"),
    ({"slot_start": "2027-01-01T10:00:00"}, "slot_start"),
    ({"client_email": "someone-else@cats.example"}, "client_email"),
    ({"client_id": str(uuid.uuid4())}, "client_id"),
    ({"duration_minutes": 10**27}, "duration_minutes"),
    ({"address": {"city": "Moscow"}}, "address"),
    ({"surprise": 1}, "surprise"),
])
def test_invalid_input_gets_422_problem_json_naming_the_field_and_stores_nothing(client, token, pg, overrides,
                                                                                 field):
    client_id = str(uuid.uuid4())
    before = counts(pg)
    response = client.post("/orders", json={**order_body(), **overrides}, headers=token("client", client_id))
    assert response.status_code == 422
    assert response.content_type == "application/problem+json"
    assert response.json["type"] == "urn:mcf:problem:validation-error"
    assert field in response.json["errors"]["json"]
    assert counts(pg) == before


def test_a_slot_too_soon_is_a_409_with_its_own_problem_type(client, token, pg):
    client_id = str(uuid.uuid4())
    before = counts(pg)
    soon = (datetime.now(timezone.utc) + timedelta(minutes=5)).isoformat()
    response = client.post("/orders", json=order_body(client_id, slot_start=soon), headers=token("client", client_id))
    assert response.status_code == 409 and response.json["type"] == "urn:mcf:problem:slot-too-soon"
    assert response.json["field"] == "slot_start"
    assert counts(pg) == before


def test_only_a_service_acting_for_a_client_places_orders_and_user_tokens_are_refused(client, token, user_token,
                                                                                     pg):
    before = counts(pg)
    body = order_body()
    assert client.post("/orders", json=body).status_code == 401
    assert client.post("/orders", json=body, headers={"Authorization": "Bearer junk"}).status_code == 401
    # a client's own token (meant for client-dashboard), a worker's, a manager's: not for order-service
    for role in ("client", "worker", "manager"):
        refused = client.post("/orders", json=body, headers=user_token(role))
        assert refused.status_code == 401 and "audience" in refused.json["detail"].lower()
    assert client.post("/orders", json=body, headers=token("service")).status_code == 403  # acting for nobody
    assert client.post("/orders", json=body, headers=token("worker")).status_code == 403
    assert client.post("/orders", json=body, headers=token("client")).status_code == 201
    assert counts(pg)[0] == before[0] + 1


def test_the_email_and_the_cat_come_from_client_dashboard_and_another_clients_cat_is_refused(client, token, pg,
                                                                                           clients):
    client_id = str(uuid.uuid4())
    clients.email, clients.cat_name = "owner@cats.example", "Murka"
    try:
        placed = client.post("/orders", json=order_body(), headers=token("client", client_id))
    finally:
        clients.email, clients.cat_name = "human@cats.example", "Barsik"
    assert placed.status_code == 201
    assert (placed.json["client_id"], placed.json["client_email"], placed.json["cat_name"]) == \
        (client_id, "owner@cats.example", "Murka")
    assert clients.asked[-1] == (client_id, placed.json["cat_id"])
    before = counts(pg)
    theirs = order_body()
    clients.foreign.add(theirs["cat_id"])
    refused = client.post("/orders", json=theirs, headers=token("client", client_id))
    assert refused.status_code == 404 and refused.json["type"] == "urn:mcf:problem:cat-not-found"
    assert refused.json["field"] == "cat_id"
    assert counts(pg) == before


def test_client_dashboard_unavailable_is_a_503_and_nothing_is_stored(client, token, pg, clients):
    before = counts(pg)
    clients.down = True
    response = client.post("/orders", json=order_body(), headers=token("client"))
    assert response.status_code == 503 and response.json["type"] == "urn:mcf:problem:dependency-unavailable"
    assert counts(pg) == before


def test_every_error_is_problem_json_with_the_correlation_id(client):
    not_found = client.get("/nowhere", headers={"X-Correlation-ID": "corr-123"})
    assert not_found.status_code == 404 and not_found.content_type == "application/problem+json"
    assert not_found.json["correlation_id"] == "corr-123" and not_found.headers["X-Correlation-ID"] == "corr-123"
    not_allowed = client.delete("/orders")
    assert not_allowed.status_code == 405 and not_allowed.content_type == "application/problem+json"
    bad_json = client.post("/orders", data="{", content_type="application/json")
    assert bad_json.status_code in (400, 401) and bad_json.content_type == "application/problem+json"


def test_health_and_ready(client):
    assert client.get("/health").json == {"status": "ok"}
    ready = client.get("/ready")
    assert ready.status_code == 200 and ready.json["checks"] == {"postgres": "ok", "clickhouse": "ok"}
    assert client.get("/openapi.json").json["info"]["title"] == "MCF order-service"


def test_the_listing_cursor_halves_work_alone_and_unknown_query_parameters_are_refused(client, token):
    client_id = str(uuid.uuid4())
    placed = client.post("/orders", json=order_body(client_id), headers=token("client", client_id))
    assert placed.status_code == 201
    as_client = token("client", client_id)
    slot = placed.json["slot_start"]
    from_slot = client.get("/orders", query_string={"after_slot_start": slot}, headers=as_client)
    assert from_slot.status_code == 200
    assert client.get("/orders", query_string={"after_slot_start": "0548-11-15T03:01:51+21:13"},
                      headers=as_client).json == []  # before ClickHouse's range: clamped, not a 500
    after_it = client.get("/orders", query_string={"after_order_id": placed.json["id"]}, headers=as_client)
    assert after_it.status_code == 200 and placed.json["id"] not in [o["order_id"] for o in after_it.json]
    unseen = client.get("/orders", query_string={"after_order_id": str(uuid.uuid4())}, headers=as_client)
    assert unseen.status_code == 404
    misspelt = client.get("/orders", query_string={"clientid": client_id}, headers=token("service"))
    assert misspelt.status_code == 422 and "clientid" in misspelt.json["errors"]["query"]
