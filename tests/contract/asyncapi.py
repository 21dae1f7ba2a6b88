"""Reading contracts/asyncapi/mcf.yaml for the contract tests: messages by routing key, their schemas, examples."""
from __future__ import annotations

import fnmatch
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import jsonschema
import yaml

DOCUMENT = Path(__file__).resolve().parents[2] / "contracts" / "asyncapi" / "mcf.yaml"


@cache
def document() -> dict:
    return yaml.safe_load(DOCUMENT.read_text())


def resolve(node, root=None):
    """Inline local ``$ref``s (the document has no cycles)."""
    root = root if root is not None else document()
    if isinstance(node, dict):
        if "$ref" in node:
            target = root
            for part in node["$ref"].removeprefix("#/").split("/"):
                target = target[part]
            return resolve(target, root)
        return {key: resolve(value, root) for key, value in node.items()}
    if isinstance(node, list):
        return [resolve(item, root) for item in node]
    return node


@dataclass(frozen=True)
class Message:
    name: str            # the routing key it travels with, e.g. order.created
    exchange: str
    channel_address: str
    payload: dict
    examples: tuple

    def validate(self, envelope: dict) -> None:
        jsonschema.Draft7Validator(self.payload, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER) \
            .validate(envelope)


def messages() -> list[Message]:
    found = []
    for channel in resolve(document()["channels"]).values():
        exchange = channel["bindings"]["amqp"]["exchange"]["name"]
        for message in channel["messages"].values():
            found.append(Message(message["name"], exchange, channel["address"], message["payload"],
                                 tuple(e["payload"] for e in message.get("examples", ()))))
    return found


def message_for(exchange: str, routing_key: str) -> Message:
    for message in messages():
        if message.exchange == exchange and message.name == routing_key:
            return message
    raise LookupError(f"contracts/asyncapi/mcf.yaml has no message {routing_key!r} on exchange {exchange!r}")


def operations(action: str, service: str | None = None) -> list[dict]:
    ops = resolve(document()["operations"]).values()
    return [op for op in ops if op["action"] == action and (service is None or op["x-mcf-service"] == service)]


def address_matches(address: str, routing_key: str) -> bool:
    """``notification.{source}.{kind}`` matches ``notification.order.created``."""
    pattern = address
    while "{" in pattern:
        start, end = pattern.index("{"), pattern.index("}")
        pattern = pattern[:start] + "*" + pattern[end + 1:]
    return fnmatch.fnmatchcase(routing_key, pattern) and routing_key.count(".") == address.count(".")
