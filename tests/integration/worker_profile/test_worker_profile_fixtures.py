"""``mcf seed`` for worker-profile: the development workers registered and activated through the use cases, once;
their events (for matching) in the outbox, versioned, without personal data."""
import json

from mcf.worker_profile import fixtures


def test_seeding_registers_and_activates_every_seed_worker_once(isolated_settings, clean):
    _, pg = clean
    seeds = fixtures.workers()
    assert fixtures.seed(isolated_settings) == len(seeds)
    assert fixtures.seed(isolated_settings) == 0
    with pg.connection_context():
        rows = dict(pg.execute_sql("SELECT id::text, status FROM workers").fetchall())
        bodies = [json.loads(bytes(b)) for (b,) in pg.execute_sql("SELECT body FROM outbox ORDER BY created_at")]
    assert rows == {w["worker_id"]: "active" for w in seeds}
    last = {}
    for body in bodies:
        last[body["data"]["worker_id"]] = body["data"]
        assert "@" not in json.dumps(body) and "Seed Worker" not in json.dumps(body)
    for worker in seeds:
        data = last[worker["worker_id"]]
        assert data["active"] and data["rating"] == worker["rating"] and data["districts"] == worker["districts"]
        assert data["test_score"] == round(worker["test_score"])
