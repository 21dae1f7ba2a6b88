"""The actor module is importable with every server unreachable: nothing is built at import, and ``start`` (what
the dramatiq CLI calls) installs the broker and declares the actor without connecting."""
import os
import subprocess
import sys


def test_importing_the_actors_builds_nothing_and_start_declares_the_actor():
    env = {**os.environ, "MCF_AMQP_URL": "amqp://guest:guest@127.0.0.1:1/%2F", "MCF_PG_PORT": "1",
           "MCF_CLICKHOUSE_PORT": "1", "MCF_SMTP_PORT": "1"}
    code = ("import dramatiq.broker as b; import mcf.notification.actors as a; "
            "assert b.global_broker is None; "
            "broker = a.start(); "
            "assert b.global_broker is broker; "
            "actor = a.host.actors['send_notification']; "
            "assert actor.queue_name == 'notification.send'; "
            "assert actor.options['max_retries'] == a.app.MAX_ATTEMPTS - 1")
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr
