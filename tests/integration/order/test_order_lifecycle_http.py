"""The order lifecycle over HTTP on the real PostgreSQL: cancel, offers, internal transitions, 409s, 503."""
import json
import threading
import uuid

import pytest

from tests.integration.order.conftest import W1, W2, W3
from tests.integration.order.test_order_http import order_body


def place(client, token, client_id=None):
    client_id = client_id or str(uuid.uuid4())
    response = client.post("/orders", json=order_body(client_id), headers=token("client", client_id))
    assert response.status_code == 201, response.json
    return client_id, response.json


def outbox_keys(pg, order_id):
    with pg.connection_context():
        rows = pg.execute_sql("SELECT routing_key, body FROM outbox WHERE convert_from(body, 'UTF8') LIKE %s "
                              "ORDER BY created_at", (f"%{order_id}%",)).fetchall()
    return [(key, json.loads(bytes(body))["data"]) for key, body in rows]


def stored(pg, order_id):
    with pg.connection_context():
        return pg.execute_sql("SELECT status, version, worker_id::text, offer_worker_id::text FROM orders "
                              "WHERE id = %s", (order_id,)).fetchone()


def test_a_client_cancels_its_own_order_and_a_second_cancel_is_409_changing_nothing(client, token, pg):
    client_id, order = place(client, token)
    assert client.post(f"/orders/{order['id']}/cancel", json={}, headers=token("client")).status_code == 404
    response = client.post(f"/orders/{order['id']}/cancel", json={"reason": "vet visit"},
                           headers=token("client", client_id))
    assert response.status_code == 200, response.json
    assert response.json["status"] == "cancelled"
    assert response.json["cancellation"]["cancelled_by"] == "client"
    assert response.json["cancellation"]["reason"] == "vet visit"
    before = (stored(pg, order["id"]), len(outbox_keys(pg, order["id"])))
    again = client.post(f"/orders/{order['id']}/cancel", headers=token("client", client_id))
    assert again.status_code == 409 and again.content_type == "application/problem+json"
    assert again.json["type"] == "urn:mcf:problem:illegal-transition"
    assert (stored(pg, order["id"]), len(outbox_keys(pg, order["id"]))) == before
    cancelled = dict(outbox_keys(pg, order["id"]))["order.cancelled"]
    assert {"order_id", "client_id", "worker_id", "cancelled_by", "reason", "previous_status", "slot_start", "paid",
            "checked_in", "cancelled_at"} <= set(cancelled)


def test_a_worker_cannot_cancel_and_a_manager_cancels_as_the_platform(client, token):
    _, order = place(client, token)
    assert client.post(f"/orders/{order['id']}/cancel", headers=token("worker", W1)).status_code == 403
    response = client.post(f"/orders/{order['id']}/cancel", headers=token("manager"))
    assert response.status_code == 200 and response.json["cancellation"]["cancelled_by"] == "platform"


def test_the_offered_worker_accepts_others_cannot(client, token, pg):
    client_id, order = place(client, token)
    assert client.get(f"/orders/{order['id']}", headers=token("worker", W1)).status_code == 200
    assert client.post(f"/orders/{order['id']}/offer/accept", headers=token("worker", W2)).status_code == 404
    assert client.post(f"/orders/{order['id']}/offer/accept", headers=token("client", client_id)).status_code == 403
    accepted = client.post(f"/orders/{order['id']}/offer/accept", headers=token("worker", W1))
    assert accepted.status_code == 200 and accepted.json["worker_id"] == W1 and accepted.json["offer"] is None
    again = client.post(f"/orders/{order['id']}/offer/accept", headers=token("worker", W1))
    assert again.status_code == 409 and again.json["type"] == "urn:mcf:problem:offer-not-open"
    assert stored(pg, order["id"])[:3] == ("placed", 3, W1)


def test_a_decline_re_matches_to_the_next_candidate_and_running_out_cancels(client, token, pg, matching):
    client_id, order = place(client, token)
    declined = client.post(f"/orders/{order['id']}/offer/decline", headers=token("worker", W1))
    assert declined.status_code == 200 and declined.json["offer"]["worker_id"] == W2
    assert matching.requests[-1].exclude_worker_ids == (W1,)
    assert client.get(f"/orders/{order['id']}", headers=token("worker", W1)).status_code == 404
    client.post(f"/orders/{order['id']}/offer/decline", headers=token("worker", W2))
    last = client.post(f"/orders/{order['id']}/offer/decline", headers=token("worker", W3))
    assert last.status_code == 200 and last.json["status"] == "cancelled"
    assert last.json["cancellation"]["reason"] == "no_candidates"
    keys = [key for key, _ in outbox_keys(pg, order["id"])]
    assert keys.count("order.offered") == 3 and keys.count("order.offer_declined") == 3
    assert keys[-2:] == ["order.cancelled", "notification.order.cancelled"]


def test_no_candidates_is_201_with_the_order_cancelled_by_the_platform(client, token, matching, pg):
    matching.ranked = []
    client_id, order = place(client, token)
    assert order["status"] == "cancelled" and order["cancellation"]["reason"] == "no_candidates"
    assert [key for key, _ in outbox_keys(pg, order["id"])] == [
        "order.created", "order.cancelled", "notification.order.cancelled"]


def test_matching_unavailable_is_503_problem_and_nothing_is_stored(client, token, matching, pg):
    matching.down = True
    client_id = str(uuid.uuid4())
    with pg.connection_context():
        before = pg.execute_sql("SELECT count(*) FROM orders").fetchone()[0]
    response = client.post("/orders", json=order_body(client_id), headers=token("client", client_id))
    assert response.status_code == 503 and response.content_type == "application/problem+json"
    assert response.json["type"] == "urn:mcf:problem:dependency-unavailable"
    with pg.connection_context():
        assert pg.execute_sql("SELECT count(*) FROM orders").fetchone()[0] == before


def test_internal_transitions_walk_the_lifecycle_and_refuse_illegal_moves(client, token, pg):
    client_id, order = place(client, token)
    url, service_token = f"/orders/{order['id']}/transitions", token("service")
    assert client.post(url, json={"to": "in_progress", "worker_id": W1}, headers=service_token).status_code == 409
    assert client.post(url, json={"to": "confirmed"}, headers=service_token).status_code == 422
    assert client.post(url, json={"to": "confirmed", "payment_id": "p1"}, headers=token("manager")).status_code == 403
    client.post(f"/orders/{order['id']}/offer/accept", headers=token("worker", W1))
    confirmed = client.post(url, json={"to": "confirmed", "payment_id": "p1"}, headers=service_token)
    assert confirmed.status_code == 200 and confirmed.json["paid"] is True and confirmed.json["payment_id"] == "p1"
    assert client.post(url, json={"to": "in_progress", "worker_id": W2}, headers=service_token).status_code == 403
    started = client.post(url, json={"to": "in_progress", "worker_id": W1}, headers=service_token)
    assert started.status_code == 200 and started.json["started_at"]
    assert client.post(f"/orders/{order['id']}/cancel", headers=token("client", client_id)).status_code == 409
    done = client.post(url, json={"to": "completed", "worker_id": W1, "report_id": "r1"}, headers=service_token)
    assert done.status_code == 200 and done.json["status"] == "completed"
    before = stored(pg, order["id"])
    assert client.post(url, json={"to": "expired"}, headers=service_token).status_code == 409
    assert stored(pg, order["id"]) == before
    unknown = client.post(f"/orders/{uuid.uuid4()}/transitions", json={"to": "expired"}, headers=service_token)
    assert unknown.status_code == 404


def _race(*calls):
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(i, call):
        barrier.wait()
        results[i] = call()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    return results


@pytest.mark.parametrize("round_", range(5))
def test_two_racing_accepts_yield_exactly_one_winner(app, token, pg, round_):
    """Both requests may pass the offer check on the same version; the version-guarded UPDATE lets one win."""
    _, order = place(app.test_client(), token)
    url = f"/orders/{order['id']}/offer/accept"
    statuses = _race(*[lambda: app.test_client().post(url, headers=token("worker", W1)).status_code] * 2)
    assert sorted(statuses) == [200, 409]
    assert stored(pg, order["id"])[:3] == ("placed", 3, W1)
    assert [key for key, _ in outbox_keys(pg, order["id"])].count("order.offer_accepted") == 1


@pytest.mark.parametrize("round_", range(5))
def test_an_accept_racing_a_cancel_ends_as_one_of_their_orders_with_nothing_applied_twice(app, token, pg, round_):
    """Released together, the two requests overlap or run one after the other; each way has one legitimate end:
    overlapped, one wins and the other is 409 (the version check); accept then cancel, both succeed (a placed
    order with a worker may be cancelled); cancel then accept, the accept is 404 (the cancel withdrew the offer,
    so this worker has none to accept). Whichever it was, the row and
    the outbox hold exactly that order's changes, each once."""
    client_id, order = place(app.test_client(), token)
    accept = lambda: app.test_client().post(f"/orders/{order['id']}/offer/accept",  # noqa: E731
                                            headers=token("worker", W1)).status_code
    cancel = lambda: app.test_client().post(f"/orders/{order['id']}/cancel",  # noqa: E731
                                            headers=token("client", client_id)).status_code
    accepted, cancelled = _race(accept, cancel)
    status, version, worker, _ = stored(pg, order["id"])
    keys = sorted(key for key, _ in outbox_keys(pg, order["id"]) if key in ("order.offer_accepted",
                                                                             "order.cancelled"))
    endings = {
        # (accept, cancel) statuses -> (status, version, worker, the outbox's accept/cancel events)
        (200, 409): ("placed", 3, W1, ["order.offer_accepted"]),  # overlapped, the accept won
        (409, 200): ("cancelled", 3, None, ["order.cancelled"]),  # overlapped, the cancel won
        (404, 200): ("cancelled", 3, None, ["order.cancelled"]),  # cancel, then accept
        (200, 200): ("cancelled", 4, W1, ["order.cancelled", "order.offer_accepted"]),  # accept, then cancel
    }
    assert (accepted, cancelled) in endings, (accepted, cancelled)
    assert (status, version, worker, keys) == endings[(accepted, cancelled)]
