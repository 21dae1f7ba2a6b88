"""The kit's small plumbing: event payload loading, the periodic job loop, the workers' backoff, the actor host."""
from __future__ import annotations

import os
import subprocess
import sys
import threading

import marshmallow as ma
import pytest

from mcf.kit.events import Event
from mcf.kit.messaging import Rejected
from mcf.kit.payloads import Tolerant, first_error, load
from mcf.kit.runtime import Backoff, PeriodicJob


class Thing(Tolerant):
    thing_id = ma.fields.UUID(required=True)
    inner = ma.fields.Nested(type("Inner", (ma.Schema,), {"n": ma.fields.Integer(required=True)}), required=True)


def test_first_error_names_the_first_failing_field_by_its_path():
    assert first_error({"b": ["bad"], "a": {"x": ["Not a valid integer."]}}) == "a.x: Not a valid integer."


def test_load_returns_the_data_and_tolerates_extra_fields():
    event = Event(type="thing.made", source="/t", data={"thing_id": "7b1f7b8e-3b6e-4a57-9a49-2c5c2b7c1f00",
                                                         "inner": {"n": 1}, "added_later": True})
    assert load(Thing, event)["inner"] == {"n": 1}


def test_load_rejects_a_bad_payload_with_the_type_and_the_path_as_reason():
    event = Event(type="thing.made", source="/t", data={"thing_id": "nope", "inner": {"n": 1}})
    with pytest.raises(Rejected, match=r"^thing\.made: data\.thing_id: "):
        load(Thing, event)


def test_load_of_a_nested_part_rejects_it_missing():
    event = Event(type="thing.made", source="/t", data={})
    with pytest.raises(Rejected, match=r"^thing\.made: data\.order: missing"):
        load(Thing, event, part="data.order")


def test_a_periodic_job_survives_a_failed_round_and_stops_when_told():
    rounds = []
    two_rounds = threading.Event()

    def job():
        rounds.append(len(rounds))
        if len(rounds) == 1:
            raise RuntimeError("a hiccup")
        if len(rounds) >= 2:
            two_rounds.set()
        return ["id-1"]

    worker = PeriodicJob("test.job", job, 0.01)
    thread = threading.Thread(target=worker.run, daemon=True)
    thread.start()
    assert two_rounds.wait(5)
    worker.stop()
    thread.join(5)
    assert not thread.is_alive() and len(rounds) >= 2


def test_backoff_doubles_up_to_its_ceiling_and_starts_over_after_a_good_round():
    stop = threading.Event()
    backoff = Backoff(stop, most=0.05, first=0.01)
    waits = []
    for _ in range(4):
        waits.append(backoff.seconds)
        backoff.wait()
    assert waits == [0.01, 0.02, 0.04, 0.05]
    backoff.reset()
    assert backoff.seconds == 0.01


def test_a_stopped_worker_does_not_sit_out_its_backoff():
    stop = threading.Event()
    stop.set()
    backoff = Backoff(stop, most=60.0, first=30.0)
    thread = threading.Thread(target=backoff.wait, daemon=True)
    thread.start()
    thread.join(2)
    assert not thread.is_alive()


def test_an_actor_module_builds_no_broker_until_started():
    env = {**os.environ, "MCF_AMQP_URL": "amqp://guest:guest@127.0.0.1:1/%2F", "MCF_PG_PORT": "1"}
    code = ("import dramatiq.broker as b; from mcf.kit.jobs import ActorHost; "
            "host = ActorHost('t', build=lambda settings: object()); "
            "f = host.actor(actor_name='a', queue_name='t.q')(lambda x: x * 2); "
            "assert b.global_broker is None and f(2) == 4; "
            "broker = host.start(configure_logging=False, max_retries=3); "
            "assert b.global_broker is broker and host.actors['a'].queue_name == 't.q'; "
            "assert host.actors['a'].options['max_retries'] == 3")
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr


def test_the_retake_cooldown_comes_from_settings_and_may_be_zero(monkeypatch):
    from mcf.kit.config import Settings

    monkeypatch.setenv("MCF_WORKER_TESTING_COOLDOWN_SECONDS", "0")
    assert Settings.from_env().worker_testing_cooldown_seconds == 0
    monkeypatch.setenv("MCF_WORKER_TESTING_COOLDOWN_SECONDS", "-1")
    with pytest.raises(ValueError, match="zero or more"):
        Settings.from_env()
    monkeypatch.setenv("MCF_ORDER_OFFER_SECONDS", "0")
    monkeypatch.delenv("MCF_WORKER_TESTING_COOLDOWN_SECONDS")
    with pytest.raises(ValueError, match="positive"):
        Settings.from_env()


def test_the_partner_and_the_demo_passwords_are_read_through_settings_only(monkeypatch):
    from mcf.fur_tune.app import options_of
    from mcf.kit.config import Settings
    from mcf.worker_profile.fixtures import DEMO_PASSWORD, demo_password

    for name in ("FURTUNE_DELAY_SECONDS", "FURTUNE_SILENT", "WORKER_PROFILE_DEMO_PASSWORD"):
        monkeypatch.delenv(f"MCF_{name}", raising=False)
    assert options_of(Settings.from_env()) == options_of(Settings())
    assert (Settings().furtune_delay_seconds, Settings().furtune_silent) == (1.0, False)
    assert demo_password(Settings()) == DEMO_PASSWORD
    monkeypatch.setenv("MCF_FURTUNE_DELAY_SECONDS", "0")
    monkeypatch.setenv("MCF_FURTUNE_SILENT", "yes")
    monkeypatch.setenv("MCF_WORKER_PROFILE_DEMO_PASSWORD", "another-demo-password")
    options = options_of(Settings.from_env())
    assert (options.delay_seconds, options.silent) == (0.0, True)
    assert demo_password() == "another-demo-password"
    monkeypatch.setenv("MCF_FURTUNE_DELAY_SECONDS", "-1")
    with pytest.raises(ValueError, match="MCF_FURTUNE_DELAY_SECONDS"):
        Settings.from_env()


def test_found_hides_what_the_viewer_may_not_see_behind_the_same_not_found():
    from mcf.kit.errors import NotFound, found

    class Thing:
        def visible_to(self, role, subject):
            return role == "manager" or subject == "owner"

    thing = Thing()
    assert found(thing, "no thing") is thing
    assert found(thing, "no thing", viewer=("client", "owner")) is thing
    for missing, viewer in ((None, None), (None, ("manager", "m")), (thing, ("client", "someone-else"))):
        with pytest.raises(NotFound, match="no thing"):
            found(missing, "no thing", viewer=viewer)


def test_pid_alive_counts_a_running_process_not_a_reaped_one_nor_a_zombie():
    import time

    from mcf.kit.runtime import pid_alive

    assert pid_alive(os.getpid()) and pid_alive(1)  # pid 1: maybe another user's, still running
    reaped = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                            text=True).stdout.strip()
    assert not pid_alive(int(reaped))
    zombie = subprocess.Popen([sys.executable, "-c", "pass"])
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and _state(zombie.pid) != "Z":  # exited, not waited for: kill(pid, 0) reaches it
        time.sleep(0.02)
    try:
        assert _state(zombie.pid) == "Z" and not pid_alive(zombie.pid)
    finally:
        zombie.wait()


def _state(pid: int) -> str:
    with open(f"/proc/{pid}/stat", "rb") as fh:
        return fh.read().rsplit(b")", 1)[1].split()[0].decode()
