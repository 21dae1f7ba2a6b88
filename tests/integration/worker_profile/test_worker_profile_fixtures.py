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


def test_a_seed_worker_logs_in_with_the_e_mail_and_password_demo_login_gives(isolated_settings, clean):
    app, _ = clean
    fixtures.seed(isolated_settings)
    for worker in (fixtures.workers()[0], fixtures.workers()[-1]):
        email, password = fixtures.demo_login(worker["worker_id"])
        answer = app.test_client().post("/login", json={"email": email, "password": password})
        assert answer.status_code == 200, answer.json
        wrong = app.test_client().post("/login", json={"email": email, "password": password + "!"})
        assert wrong.status_code == 401
