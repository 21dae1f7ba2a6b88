"""Idempotency-Keys on order-service's people's commands, on the real PostgreSQL (ADR 0061)."""
import threading
import uuid

from tests.integration.order.conftest import W1
from tests.integration.order.test_order_http import order_body


def rows_for(pg, client_id):
    with pg.connection_context():
        orders = [str(r[0]) for r in pg.execute_sql("SELECT id FROM orders WHERE client_id = %s", (client_id,))]
        keys = [r[0] for r in pg.execute_sql("SELECT routing_key FROM outbox WHERE convert_from(body, 'UTF8') "
                                             "LIKE %s", (f"%{orders[0]}%",))] if orders else []
    return orders, keys


def test_a_retried_post_gives_one_order_one_offer_one_email_and_the_first_response(client, token, pg):
    client_id, body = str(uuid.uuid4()), order_body()
    headers = {**token("client", client_id), "Idempotency-Key": "press-1"}
    first = client.post("/orders", json=body, headers=headers)
    again = client.post("/orders", json=body, headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.json == first.json and again.headers["Location"] == first.headers["Location"]
    assert again.headers["Idempotent-Replayed"] == "true" and "Idempotent-Replayed" not in first.headers
    orders, keys = rows_for(pg, client_id)
    assert orders == [first.json["id"]]
    assert sorted(keys) == ["notification.order.created", "order.created", "order.offered"]


def test_the_same_key_with_another_body_is_a_422_problem_and_changes_nothing(client, token, pg):
    client_id = str(uuid.uuid4())
    headers = {**token("client", client_id), "Idempotency-Key": "press-2"}
    assert client.post("/orders", json=order_body(), headers=headers).status_code == 201
    other = client.post("/orders", json=order_body(duration_minutes=120), headers=headers)
    assert other.status_code == 422 and other.mimetype == "application/problem+json"
    assert other.json["type"] == "urn:mcf:problem:idempotency-key-reused"
    assert len(rows_for(pg, client_id)[0]) == 1


def test_keys_belong_to_the_acting_client(client, token, pg):
    body, ids = order_body(), []
    for client_id in (str(uuid.uuid4()), str(uuid.uuid4())):
        response = client.post("/orders", json=body, headers={**token("client", client_id), "Idempotency-Key": "same"})
        assert response.status_code == 201 and "Idempotent-Replayed" not in response.headers
        ids.append(response.json["id"])
    assert ids[0] != ids[1]


def test_concurrent_twins_with_one_key_place_one_order(app, token, pg):
    client_id, body = str(uuid.uuid4()), order_body()
    headers = {**token("client", client_id), "Idempotency-Key": "double-click"}
    results, start = [], threading.Barrier(4)

    def press():
        with app.test_client() as own:
            start.wait()
            response = own.post("/orders", json=body, headers=headers)
            results.append((response.status_code, response.json["id"]))

    threads = [threading.Thread(target=press) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    orders, keys = rows_for(pg, client_id)
    assert len(orders) == 1 and {r for r in results} == {(201, orders[0])} and len(results) == 4
    assert sorted(keys) == ["notification.order.created", "order.created", "order.offered"]


def test_accept_decline_and_cancel_replay_under_their_keys(client, token, pg):
    client_id = str(uuid.uuid4())
    order = client.post("/orders", json=order_body(), headers=token("client", client_id)).json
    worker = {**token("worker", W1), "Idempotency-Key": "tap-1"}
    accepted = client.post(f"/orders/{order['id']}/offer/accept", headers=worker)
    again = client.post(f"/orders/{order['id']}/offer/accept", headers=worker)
    assert accepted.status_code == again.status_code == 200 and again.json == accepted.json
    assert again.headers["Idempotent-Replayed"] == "true"
    reused = client.post(f"/orders/{order['id']}/offer/decline", headers=worker)
    assert reused.status_code == 422 and reused.json["type"] == "urn:mcf:problem:idempotency-key-reused"
    mine = {**token("client", client_id), "Idempotency-Key": "cancel-1"}
    cancelled = client.post(f"/orders/{order['id']}/cancel", json={"reason": "changed my mind"}, headers=mine)
    replayed = client.post(f"/orders/{order['id']}/cancel", json={"reason": "changed my mind"}, headers=mine)
    assert cancelled.status_code == replayed.status_code == 200 and replayed.json == cancelled.json
    assert cancelled.json["status"] == "cancelled"
    without_key = client.post(f"/orders/{order['id']}/cancel", json={}, headers=token("client", client_id))
    assert without_key.status_code == 409, "without a key a second cancel is a plain illegal transition"
    keys = rows_for(pg, client_id)[1]
    assert keys.count("order.offer_accepted") == 1 and keys.count("order.cancelled") == 1
