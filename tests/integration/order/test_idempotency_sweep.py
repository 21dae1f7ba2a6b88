"""order-service's idempotency keys are swept once past their retention (ADR 0146), on the real PostgreSQL: by
the kit's sweep, as a periodic job of the workers process claimed once per tick across replicas."""
import threading
import uuid

from mcf.kit import db, idempotency
from mcf.order import app as order_app
from mcf.order.adapters.storage import IdempotencyKeyRow
from tests.integration.order.test_order_http import order_body

TABLE = IdempotencyKeyRow._meta.table_name


def _keys(pg, principal):
    with pg.connection_context():
        return sorted(r[0] for r in pg.execute_sql(f"SELECT key FROM {TABLE} WHERE principal = %s", (principal,)))


def _add(pg, principal, key, age_hours):
    with pg.connection_context():
        pg.execute_sql(f"INSERT INTO {TABLE} (principal, key, fingerprint, created_at) "
                       "VALUES (%s, %s, 'f', now() - make_interval(hours => %s))", (principal, key, age_hours))


def test_keys_older_than_the_retention_go_in_batches_and_newer_ones_stay(pg):
    principal = f"client:{uuid.uuid4()}"
    for i in range(5):
        _add(pg, principal, f"old-{i}", 30)
    _add(pg, principal, "recent", 1)
    assert idempotency.sweep(pg, TABLE, retention_seconds=24 * 3600, batch=2) >= 5  # three batches
    assert _keys(pg, principal) == ["recent"]


def test_a_key_held_by_a_command_in_flight_is_skipped_not_waited_for(pg):
    principal = f"client:{uuid.uuid4()}"
    _add(pg, principal, "held", 30)
    held, release = threading.Event(), threading.Event()

    def command_in_flight():
        with pg.connection_context(), pg.atomic():
            pg.execute_sql(f"SELECT 1 FROM {TABLE} WHERE principal = %s FOR UPDATE", (principal,))
            held.set()
            release.wait(10)

    thread = threading.Thread(target=command_in_flight)
    thread.start()
    try:
        assert held.wait(10)
        idempotency.sweep(pg, TABLE, retention_seconds=24 * 3600)
        assert _keys(pg, principal) == ["held"]
    finally:
        release.set()
        thread.join(10)
    idempotency.sweep(pg, TABLE, retention_seconds=24 * 3600)
    assert _keys(pg, principal) == []


def test_within_the_retention_a_retry_replays_and_after_the_sweep_the_key_is_free_again(client, token, pg):
    client_id, body = str(uuid.uuid4()), order_body()
    headers = {**token("client", client_id), "Idempotency-Key": "swept-1"}
    first = client.post("/orders", json=body, headers=headers)
    idempotency.sweep(pg, TABLE, retention_seconds=3600)  # an hour's retention: kept
    assert client.post("/orders", json=body, headers=headers).headers.get("Idempotent-Replayed") == "true"
    with pg.connection_context():
        pg.execute_sql(f"UPDATE {TABLE} SET created_at = created_at - interval '2 hours' WHERE key = 'swept-1'")
    assert idempotency.sweep(pg, TABLE, retention_seconds=3600) >= 1
    after = client.post("/orders", json=body, headers=headers)
    assert after.status_code == 201 and "Idempotent-Replayed" not in after.headers
    assert after.json["id"] != first.json["id"]


def test_the_workers_process_runs_the_sweep_once_per_tick_with_the_settings(order_settings, matching):
    settings = order_settings.with_(idempotency_key_retention_seconds=3600.0, idempotency_sweep_seconds=900.0)
    jobs = [w for w in order_app.workers(settings, matching=matching) if w.name == "order.idempotency-sweep"]
    assert len(jobs) == 1
    [job] = jobs
    assert job.interval_seconds == 900.0
    assert isinstance(job.claim, db.TickClaim) and (job.claim.job, job.claim.interval_seconds) == \
        ("order.idempotency-sweep", 900.0)
    principal = f"client:{uuid.uuid4()}"
    pg = job.claim.database
    _add(pg, principal, "two-hours-old", 2)
    _add(pg, principal, "new", 0)
    job.run_once()
    assert _keys(pg, principal) == ["new"]
