"""client-dashboard's payment attempts are swept past the idempotency retention (ADR 0181), on the real PostgreSQL,
by the kit's sweep (ADR 0146) as the one periodic job of its workers process; a retry after the sweep is asked of
payment-service again, which answers the key's first payment: nothing is charged twice."""
import uuid

from mcf.client_dashboard import app as dashboard_app
from mcf.client_dashboard.adapters.storage import PaymentAttemptRow
from mcf.kit import db, idempotency
from tests.integration.client_dashboard.test_client_dashboard_http import add_cat, place, sign_up

TABLE = PaymentAttemptRow._meta.table_name


def _attempts(pg, client_id):
    with pg.connection_context():
        return sorted(r[0] for r in pg.execute_sql(
            f"SELECT idempotency_key FROM {TABLE} WHERE client_id = %s", (client_id,)))


def _add(pg, client_id, key, age_hours):
    with pg.connection_context():
        pg.execute_sql(f"INSERT INTO {TABLE} (client_id, idempotency_key, order_id, payment_id, created_at) "
                       "VALUES (%s, %s, %s, %s, now() - make_interval(hours => %s))",
                       (client_id, key, str(uuid.uuid4()), str(uuid.uuid4()), age_hours))


def test_attempts_older_than_the_retention_go_and_newer_ones_stay(client, email, pg):
    account, _ = sign_up(client, email)
    for i in range(3):
        _add(pg, account["id"], f"old-{i}", 30)
    _add(pg, account["id"], "recent", 1)
    assert idempotency.sweep(pg, TABLE, retention_seconds=24 * 3600, batch=2) >= 3
    assert _attempts(pg, account["id"]) == ["recent"]


def test_a_retry_after_the_sweep_gets_the_same_payment_not_a_second_charge(client, email, pg, payment_controls,
                                                                           order_service, payment_service):
    account, auth = sign_up(client, email)
    order = place(client, auth, add_cat(client, auth)["id"])
    headers = {**auth, "Idempotency-Key": "pay-swept"}
    paid = client.post(f"/orders/{order['id']}/pay", json={"card_number": "4242424242424242"}, headers=headers)
    assert paid.status_code == 201
    order_service[1][order["id"]]["status"] = "confirmed"  # paid: not payable any more
    with pg.connection_context():
        pg.execute_sql(f"UPDATE {TABLE} SET created_at = created_at - interval '2 hours' WHERE client_id = %s",
                       (account["id"],))
    assert idempotency.sweep(pg, TABLE, retention_seconds=3600) >= 1
    assert _attempts(pg, account["id"]) == []
    again = client.post(f"/orders/{order['id']}/pay", json={"card_number": "4242424242424242"}, headers=headers)
    assert again.status_code == 200 and again.json == paid.json  # payment-service's ledger knew the key
    assert payment_controls.received[-1].method == "POST"  # asked again: no stored attempt to look up
    assert [p["id"] for p in payment_service[1].values() if str(p["order_id"]) == order["id"]] == [paid.json["id"]]
    assert _attempts(pg, account["id"]) == ["pay-swept"]  # recorded again, for the next retry's replay


def test_the_workers_process_runs_the_sweep_once_per_tick_with_the_settings(isolated_settings, client, email, pg):
    settings = isolated_settings.with_(idempotency_key_retention_seconds=3600.0, idempotency_sweep_seconds=900.0)
    [job] = dashboard_app.workers(settings)
    assert job.name == "client-dashboard.idempotency-sweep" and job.interval_seconds == 900.0
    assert isinstance(job.claim, db.TickClaim) and (job.claim.job, job.claim.interval_seconds) == \
        ("client-dashboard.idempotency-sweep", 900.0)
    account, _ = sign_up(client, email)
    _add(pg, account["id"], "two-hours-old", 2)
    _add(pg, account["id"], "new", 0)
    job.run_once()
    assert _attempts(pg, account["id"]) == ["new"]
