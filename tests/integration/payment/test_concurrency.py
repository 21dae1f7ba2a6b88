"""Real concurrency on PostgreSQL: retries racing with one key charge once; keys racing for one order pay once."""
import threading
import uuid

from .conftest import payment_body, rows

THREADS = 20


def race(app, requests):
    """Send every (headers, body) at once, one thread (and test client) each; returns the responses in order."""
    barrier = threading.Barrier(len(requests))
    results = [None] * len(requests)

    def send(index, headers, body):
        client = app.test_client()
        barrier.wait(timeout=10)
        response = client.post("/payments", json=body, headers=headers)
        results[index] = (response.status_code, response.json)

    threads = [threading.Thread(target=send, args=(i, h, b)) for i, (h, b) in enumerate(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert all(r is not None for r in results), "a request did not finish"
    return results


def test_twenty_concurrent_retries_with_one_key_charge_once_and_answer_alike(app, auth, pg, provider):
    me, key = str(uuid.uuid4()), f"race-{uuid.uuid4()}"
    body = payment_body(me)
    headers = {**auth("client", me), "Idempotency-Key": key}
    results = race(app, [(headers, body)] * THREADS)
    statuses = sorted(status for status, _ in results)
    assert statuses == [200] * (THREADS - 1) + [201]
    bodies = [payload for _, payload in results]
    assert all(payload == bodies[0] for payload in bodies) and bodies[0]["status"] == "succeeded"
    payment_id = bodies[0]["id"]
    assert provider.count("charge", payment_id) == 1
    assert rows(pg, "SELECT count(*) FROM payments WHERE idempotency_key = %s", key) == [(1,)]
    assert rows(pg, "SELECT count(*) FROM ledger_entries WHERE order_id = %s", body["order_id"]) == [(1,)]
    assert rows(pg, "SELECT count(*) FROM outbox WHERE routing_key = 'payment.succeeded' "
                    "AND convert_from(body, 'UTF8') LIKE %s", f"%{payment_id}%") == [(1,)]


def test_concurrent_payments_of_one_order_with_different_keys_pay_it_once(app, auth, pg, provider):
    me = str(uuid.uuid4())
    body = payment_body(me)
    requests = [({**auth("client", me), "Idempotency-Key": f"k-{i}-{uuid.uuid4()}"}, body) for i in range(8)]
    results = race(app, requests)
    statuses = sorted(status for status, _ in results)
    assert statuses == [201] + [409] * 7
    assert all(payload["type"] == "urn:mcf:problem:order-already-paid" for status, payload in results
               if status == 409)
    assert rows(pg, "SELECT status, count(*) FROM payments WHERE order_id = %s GROUP BY status",
                body["order_id"]) == [("succeeded", 1)]
    assert rows(pg, "SELECT sum(amount_minor) FROM ledger_entries WHERE order_id = %s", body["order_id"]) == \
        [(150000,)]
