"""The compose broker's definitions file is the topology, with the partner user limited to its queue and exchange."""
import json

from mcf.stack import broker_definitions
from mcf.stack.servers import PARTNER_PERMISSIONS


def test_the_definitions_file_matches_the_topology():
    on_disk = json.loads(broker_definitions.PATH.read_text())
    assert on_disk == broker_definitions.definitions(), \
        "compose/rabbitmq-definitions.json is stale: run `python -m mcf.stack.broker_definitions`"


def test_the_partner_user_reaches_only_its_queue_and_exchange():
    [partner] = [p for p in broker_definitions.definitions()["permissions"] if p["user"] == "fur-tune"]
    assert (partner["configure"], partner["write"], partner["read"]) == PARTNER_PERMISSIONS
    assert PARTNER_PERMISSIONS == ("^$", r"^fur-tune\.out$", r"^fur-tune\.orders$")
