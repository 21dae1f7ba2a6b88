"""``python -m mcf.stack.broker_definitions``: write compose/rabbitmq-definitions.json from ``mcf.topology``.

The compose broker loads that file at start (``management.load_definitions``): the services' user, the fur-tune
partner's user with permissions limited to its queue and exchange, and every exchange, queue and binding, so
the partner can connect before any MCF process has declared the topology. Development passwords only.
"""
from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path

from mcf.kit.messaging import DEAD_LETTER_EXCHANGE, Topology
from mcf.stack.servers import PARTNER_PERMISSIONS
from mcf.topology import TOPOLOGY

PATH = Path(__file__).resolve().parents[3] / "compose" / "rabbitmq-definitions.json"
USERS = (("mcf", "mcf", ["administrator"]), ("fur-tune", "fur-tune-dev-password", []))


def _password_hash(password: str, salt: bytes) -> str:
    # RabbitMQ's rabbit_password_hashing_sha256: base64(salt + sha256(salt + password)); a fixed salt keeps the
    # file stable between generations (these are development passwords).
    return base64.b64encode(salt + hashlib.sha256(salt + password.encode()).digest()).decode()


def definitions(topology: Topology = TOPOLOGY, vhost: str = "/") -> dict:
    exchange = {"vhost": vhost, "durable": True, "auto_delete": False, "internal": False, "arguments": {}}
    queue = {"vhost": vhost, "durable": True, "auto_delete": False}
    exchanges = [{"name": DEAD_LETTER_EXCHANGE, "type": "direct", **exchange}]
    exchanges += [{"name": e.name, "type": e.type, **exchange} for e in topology.exchanges]
    queues, bindings = [], []
    for q in topology.queues:
        queues += [{"name": q.name, **queue, "arguments": {}},
                   {"name": q.retry_queue, **queue,
                    "arguments": {"x-dead-letter-exchange": "", "x-dead-letter-routing-key": q.name}},
                   {"name": q.dead_letter_queue, **queue, "arguments": {}}]
        bindings.append({"source": DEAD_LETTER_EXCHANGE, "vhost": vhost, "destination": q.dead_letter_queue,
                         "destination_type": "queue", "routing_key": q.name, "arguments": {}})
        bindings += [{"source": b.exchange, "vhost": vhost, "destination": q.name, "destination_type": "queue",
                      "routing_key": b.routing_key, "arguments": {}} for b in q.bindings]
    configure, write, read = PARTNER_PERMISSIONS
    return {
        "rabbit_version": "3.13.0",
        "users": [{"name": name, "password_hash": _password_hash(password, name.encode()[:4]),
                   "hashing_algorithm": "rabbit_password_hashing_sha256", "tags": tags}
                  for name, password, tags in USERS],
        "vhosts": [{"name": vhost}],
        "permissions": [
            {"user": "mcf", "vhost": vhost, "configure": ".*", "write": ".*", "read": ".*"},
            {"user": "fur-tune", "vhost": vhost, "configure": configure, "write": write, "read": read},
        ],
        "exchanges": exchanges, "queues": queues, "bindings": bindings,
    }


def render() -> str:
    return json.dumps(definitions(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    PATH.write_text(render())
    print("wrote", PATH)
