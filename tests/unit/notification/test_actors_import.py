"""The actor module is importable by the dramatiq CLI with every server unreachable: nothing connects at import."""
import os
import subprocess
import sys


def test_importing_the_actors_opens_no_connection():
    env = {**os.environ, "MCF_AMQP_URL": "amqp://guest:guest@127.0.0.1:1/%2F", "MCF_PG_PORT": "1",
           "MCF_CLICKHOUSE_PORT": "1", "MCF_SMTP_PORT": "1"}
    code = ("import mcf.notification.actors as a, dramatiq; "
            "assert dramatiq.get_broker() is a.broker; "
            "assert a.send_notification.queue_name == 'notification.send'; "
            "assert a.send_notification.options['max_retries'] == a.app.MAX_ATTEMPTS - 1")
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr
