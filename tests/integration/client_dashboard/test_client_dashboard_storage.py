"""client-dashboard's repositories on the real PostgreSQL, and the argon2 hasher for real; the clients' personal
data at rest: a raw pg_dump shows none of it, old rows are sealed, tampering is refused, keys rotate."""
import subprocess
import uuid
from dataclasses import replace
from datetime import datetime, timezone

import peewee
import pytest
from argon2 import PasswordHasher as Argon2

from mcf.client_dashboard import app as dashboard_app
from mcf.client_dashboard.adapters import storage
from mcf.client_dashboard.adapters.security import Argon2PasswordHasher
from mcf.client_dashboard.adapters.storage import ClientDashboardUnitOfWork
from mcf.client_dashboard.domain import Cat, Client, EmailTaken, PaymentAttempt
from mcf.kit import crypto
from mcf.kit.crypto import TamperedCiphertext

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def pg(isolated_settings):
    return dashboard_app.database(isolated_settings)


@pytest.fixture
def uow(pg, isolated_settings):
    with pg.connection_context():
        yield ClientDashboardUnitOfWork(pg, dashboard_app.cipher(isolated_settings))


def new_client(email=None):
    return Client.sign_up(email=email or f"h-{uuid.uuid4().hex[:8]}@Cats.example", password_hash="$argon2id$x",
                          display_name="H", locale="en", now=NOW)


def test_clients_are_found_by_email_in_any_case_and_a_second_one_in_another_case_is_refused(uow):
    client = new_client()
    with uow:
        uow.clients.add(client)
    with uow:
        assert uow.clients.by_email(client.email.upper()) == client
        assert uow.clients.get(client.id) == client and uow.clients.get("not-a-uuid") is None
    with pytest.raises(EmailTaken), uow:
        uow.clients.add(new_client(client.email.lower()))
    with uow:
        uow.clients.set_password_hash(client.id, "$argon2id$new")
        assert uow.clients.get(client.id).password_hash == "$argon2id$new"


def test_cats_round_trip_with_their_toys_and_only_the_owners_are_listed(uow):
    owner, other = new_client(), new_client()
    cat = Cat.add(client_id=owner.id, name="Murka", age_years=3, favourite_toys=("laser", "mice"), notes="shy",
                  now=NOW)
    with uow:
        uow.clients.add(owner)
        uow.clients.add(other)
        uow.cats.add(cat)
    with uow:
        assert uow.cats.get(cat.id) == cat and uow.cats.for_client(owner.id) == [cat]
        assert uow.cats.for_client(other.id) == []
        uow.cats.update(replace(cat, favourite_toys=("tunnels",), notes=None))
    with uow:
        assert uow.cats.get(cat.id).favourite_toys == ("tunnels",) and uow.cats.get(cat.id).notes is None
        uow.cats.delete(cat.id)
    with uow:
        assert uow.cats.get(cat.id) is None


def test_the_database_itself_refuses_a_toy_outside_the_categories(uow):
    owner = new_client()
    with uow:
        uow.clients.add(owner)
    bad = replace(Cat.add(client_id=owner.id, name="M", age_years=1, now=NOW), favourite_toys=("vacuum",))
    with pytest.raises(peewee.IntegrityError), uow:
        uow.cats.add(bad)
    with uow:
        assert uow.cats.get(bad.id) is None


def test_a_payment_attempt_is_kept_once_per_client_and_key(uow):
    owner = new_client()
    first = PaymentAttempt(owner.id, "k", str(uuid.uuid4()), str(uuid.uuid4()), NOW)
    with uow:
        uow.clients.add(owner)
        uow.payment_attempts.add(first)
        uow.payment_attempts.add(replace(first, payment_id=str(uuid.uuid4())))  # a concurrent twin
    with uow:
        assert uow.payment_attempts.get(owner.id, "k") == first
        assert uow.payment_attempts.get(owner.id, "other") is None


def test_argon2_hashes_verifies_and_asks_for_a_rehash_when_parameters_change():
    cheap = Argon2PasswordHasher(Argon2(time_cost=1, memory_cost=8 * 1024, parallelism=1))
    hashed = cheap.hash("correct horse battery")
    assert hashed.startswith("$argon2id$") and cheap.verify(hashed, "correct horse battery")
    assert not cheap.verify(hashed, "wrong") and not cheap.verify(None, "correct horse battery")
    assert not cheap.verify("not a hash", "x")
    assert not cheap.needs_rehash(hashed)
    assert Argon2PasswordHasher().needs_rehash(hashed)  # today's defaults are stronger


def _boot(settings, barrier, results):
    barrier.wait()
    try:
        dashboard_app.database(settings)
        results.put("ok")
    except Exception as exc:  # noqa: BLE001 - reported to the test, which names it
        results.put(repr(exc))


def test_web_workers_starting_together_on_a_fresh_database_all_boot(isolated_settings):
    """gunicorn starts its workers at once; each migrates. None may die of the race on the first table."""
    import multiprocessing

    fresh = isolated_settings.with_(db_prefix=f"{isolated_settings.db_prefix}boot_")
    context = multiprocessing.get_context("fork")
    barrier, results = context.Barrier(4), context.Queue()
    workers = [context.Process(target=_boot, args=(fresh, barrier, results)) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(30)
    assert sorted(results.get(timeout=5) for _ in workers) == ["ok"] * 4


# ---------------------------------------------------------------- personal data at rest (ADR 0121)

def _dump(settings) -> str:
    env = {"PGPASSWORD": settings.pg_password} if settings.pg_password else {}
    done = subprocess.run(["pg_dump", "--no-owner", "-h", settings.pg_host, "-p", str(settings.pg_port), "-U",
                           settings.pg_user, settings.database_name("client-dashboard")],
                          capture_output=True, text=True, timeout=60, check=True, env={"PATH": "/usr/bin:/bin", **env})
    return done.stdout


def test_a_raw_pg_dump_shows_no_clients_email_or_name_and_login_by_email_still_finds_them(uow, isolated_settings):
    email = f"murka-{uuid.uuid4().hex[:8]}@cats.example"  # the demo's client (mcf.stack.demo), as it signs up
    client = replace(new_client(email), display_name="Murka's human")
    with uow:
        uow.clients.add(client)
    dump = _dump(isolated_settings)
    assert client.id in dump and "COPY public.clients" in dump
    for secret in (email, email.lower(), email.split("@")[0], "Murka's human", "Murka''s human"):
        assert secret not in dump, secret
    with uow:
        assert uow.clients.by_email(email.upper()) == client  # the blind index, never a decryption of the table


def test_rows_written_before_encryption_are_sealed_once_and_stay_found_by_email(pg, uow, isolated_settings):
    old_id, email = str(uuid.uuid4()), f"old-{uuid.uuid4().hex[:8]}@Cats.example"
    with pg.connection_context():  # a row as migration 0001 wrote it: plaintext
        pg.execute_sql("INSERT INTO clients (id, email, password_hash, display_name, locale, created_at) "
                       "VALUES (%s, %s, '$argon2id$x', 'Old Human', 'en', %s)", (old_id, email, NOW))
    with uow:
        assert uow.clients.by_email(email.lower()).display_name == "Old Human"  # readable before it is sealed
    cipher = dashboard_app.cipher(isolated_settings)
    assert storage.seal_plaintext(pg, cipher) >= 1
    assert storage.seal_plaintext(pg, cipher) == 0  # rerunning changes nothing
    with pg.connection_context():
        plain, name, enc = pg.execute_sql("SELECT email, display_name, email_enc FROM clients WHERE id = %s",
                                          (old_id,)).fetchone()
    assert (plain, name) == (None, None) and email.encode() not in bytes(enc)
    with uow:
        found = uow.clients.by_email(email.upper())
        assert (found.id, found.email, found.display_name) == (old_id, email, "Old Human")
        with pytest.raises(EmailTaken):
            uow.clients.add(new_client(email.lower()))


def test_a_tampered_or_moved_ciphertext_is_refused(pg, uow):
    one, other = new_client(), new_client()
    with uow:
        uow.clients.add(one)
        uow.clients.add(other)
    with pg.connection_context():
        pg.execute_sql("UPDATE clients SET display_name_enc = overlay(display_name_enc placing '\\x00'::bytea "
                       "from 14 for 1) WHERE id = %s", (one.id,))
        pg.execute_sql("UPDATE clients SET email_enc = (SELECT email_enc FROM clients WHERE id = %s) WHERE id = %s",
                       (one.id, other.id))
    for client_id in (one.id, other.id):
        with uow, pytest.raises(TamperedCiphertext):
            uow.clients.get(client_id)
    with pg.connection_context():  # a tampered row would (rightly) stop a rotation in the tests after this one
        pg.execute_sql("DELETE FROM clients WHERE id IN (%s, %s)", (one.id, other.id))


def test_a_new_active_key_re_encrypts_every_client_and_lookups_keep_working(pg, uow):
    client = new_client()
    with uow:
        uow.clients.add(client)
    dev_keys, dev_index = crypto.development_keys("client-dashboard")
    keys = {**dev_keys, "k2": crypto.new_key()}
    rotated = crypto.FieldCipher(keys, "k2", crypto.new_key(), "client-dashboard")
    assert storage.seal_plaintext(pg, rotated) >= 1
    with pg.connection_context():
        assert pg.execute_sql("SELECT count(*) FROM clients WHERE email_key <> 'k2' OR display_name_key <> 'k2'"
                              ).fetchone()[0] == 0
    with pg.connection_context(), ClientDashboardUnitOfWork(pg, rotated) as fresh:
        assert fresh.clients.by_email(client.email) == client
    back = crypto.FieldCipher(keys, "dev-1", dev_index, "client-dashboard")  # the module's keys again
    assert storage.seal_plaintext(pg, back) >= 1
    with uow:
        assert uow.clients.by_email(client.email) == client
