"""Personal data at rest: a raw pg_dump of worker-profile's database holds none of it; a tampered or moved
ciphertext is refused; key rotation re-encrypts everything (``mcf worker-profile rotate-keys``)."""
import subprocess

import pytest

from mcf.worker_profile.adapters import storage
from mcf.worker_profile.adapters.crypto import (
    DEVELOPMENT_INDEX_KEY,
    DEVELOPMENT_KEYS,
    FieldCipher,
    TamperedCiphertext,
    cipher_from,
    new_key,
)
from tests.support.worker_profile import registration


def _dump(settings) -> str:
    env = {"PGPASSWORD": settings.pg_password} if settings.pg_password else {}
    done = subprocess.run(["pg_dump", "--no-owner", "-h", settings.pg_host, "-p", str(settings.pg_port), "-U",
                           settings.pg_user, settings.database_name("worker-profile")],
                          capture_output=True, text=True, timeout=60, check=True, env={"PATH": "/usr/bin:/bin", **env})
    return done.stdout


def test_a_raw_pg_dump_shows_no_name_phone_email_or_document_number(client, isolated_settings, as_):
    body = registration(full_name="Evdokia Murlykina", document_number="AB 4455 667788")
    worker_id = client.post("/workers", json=body).json["worker"]["worker_id"]
    client.post(f"/workers/{worker_id}/rating-adjustments", headers=as_("manager"),
                json={"review_id": "r-1", "delta": 0.5, "reason": "good"})
    client.get(f"/workers/{worker_id}/personal-data", headers=as_("manager"))
    dump = _dump(isolated_settings)
    assert worker_id in dump and "COPY public.workers" in dump and "worker.registered" in dump
    phone_digits = body["phone"].lstrip("+")
    for secret in ("Evdokia", "Murlykina", body["email"], body["email"].split("@")[0], phone_digits,
                   "4455 667788", "667788"):
        assert secret not in dump, secret


def test_a_tampered_or_moved_ciphertext_is_refused(client, clean, isolated_settings):
    _, pg = clean
    one = client.post("/workers", json=registration()).json["worker"]["worker_id"]
    other = client.post("/workers", json=registration()).json["worker"]["worker_id"]
    cipher = cipher_from(isolated_settings)
    with pg.connection_context():
        pg.execute_sql("UPDATE workers SET full_name = overlay(full_name placing '\\x00'::bytea from 20 for 1) "
                       "WHERE id = %s", (one,))
        pg.execute_sql("UPDATE workers SET email = (SELECT email FROM workers WHERE id = %s) WHERE id = %s",
                       (one, other))
        for worker_id in (one, other):
            with storage.WorkerProfileUnitOfWork(pg, cipher) as uow, pytest.raises(TamperedCiphertext):
                uow.workers.get(worker_id)


def test_rotation_re_encrypts_with_the_new_key_and_a_new_index_key_keeps_lookups(client, clean, isolated_settings,
                                                                                  monkeypatch, capsys):
    _, pg = clean
    body = registration()
    worker_id = client.post("/workers", json=body).json["worker"]["worker_id"]
    fresh, index = new_key(), new_key()
    with pg.connection_context():
        published = pg.execute_sql("SELECT count(*) FROM outbox").fetchone()[0]
    keys = f"{','.join(f'{k}={v}' for k, v in DEVELOPMENT_KEYS.items())},k2={fresh}"
    monkeypatch.setenv("MCF_DB_PREFIX", isolated_settings.db_prefix)
    monkeypatch.setenv("MCF_WORKER_PROFILE_KEYS", keys)
    monkeypatch.setenv("MCF_WORKER_PROFILE_ACTIVE_KEY", "k2")
    monkeypatch.setenv("MCF_WORKER_PROFILE_INDEX_KEY", index)
    from mcf.cli import main

    assert main(["worker-profile", "rotate-keys"]) == 0
    assert "1 of 1 workers re-encrypted" in capsys.readouterr().out
    with pg.connection_context():
        kids = pg.execute_sql("SELECT full_name_key, phone_key, email_key, date_of_birth_key, document_number_key, "
                              "home_district_key FROM workers WHERE id = %s", (worker_id,)).fetchone()
        assert set(kids) == {"k2"} and not set(kids) & set(DEVELOPMENT_KEYS)
        only_new = FieldCipher({"k2": fresh}, "k2", index)  # the development key can now be retired
        with storage.WorkerProfileUnitOfWork(pg, only_new) as uow:
            found = uow.workers.by_email(body["email"])
            assert found.id == worker_id and found.personal.full_name == body["full_name"]
            assert uow.workers.by_phone(body["phone"]).id == worker_id
        with storage.WorkerProfileUnitOfWork(pg, FieldCipher(DEVELOPMENT_KEYS, "dev-1", DEVELOPMENT_INDEX_KEY)) as uow:
            assert uow.workers.by_email(body["email"]) is None  # the old index key finds nothing any more
        assert storage.rotate_keys(pg, only_new) == {"workers": 1, "reencrypted": 0}  # a rerun changes nothing
        # the worker's facts did not change: nothing published, the version kept
        assert pg.execute_sql("SELECT count(*) FROM outbox").fetchone()[0] == published
        assert pg.execute_sql("SELECT version FROM workers WHERE id = %s", (worker_id,)).fetchone()[0] == 1
