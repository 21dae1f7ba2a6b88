"""Every event a producer emits validates against its message in contracts/asyncapi/mcf.yaml.

The events are read from the producer's real outbox, written by the real HTTP path on PostgreSQL.
"""
import json
import uuid
from datetime import datetime, timedelta, timezone

import pytest

from mcf.kit.auth import issue_token
from tests.contract.asyncapi import message_for


@pytest.fixture(scope="module")
def order_app(isolated_settings):
    from mcf.order.app import create_app

    return create_app(isolated_settings)


def _outbox(database):
    with database.connection_context():
        rows = database.execute_sql("SELECT exchange, routing_key, body FROM outbox").fetchall()
    return [(exchange, key, json.loads(bytes(body))) for exchange, key, body in rows]


@pytest.mark.parametrize("cat_name, locale", [("Murka", "en"), (None, "ru")])
def test_order_service_emits_only_documented_events(order_app, isolated_settings, cat_name, locale):
    from mcf.order.adapters.storage import database_proxy

    client_id = str(uuid.uuid4())
    token = issue_token(isolated_settings.jwt_secret, client_id, "client")
    response = order_app.test_client().post("/orders", headers={"Authorization": f"Bearer {token}"}, json={
        "client_id": client_id, "client_email": "murka@cats.example", "cat_id": str(uuid.uuid4()),
        "cat_name": cat_name, "toy_category": "mice", "locale": locale,
        "slot_start": (datetime.now(timezone.utc) + timedelta(days=3)).isoformat(), "duration_minutes": 45,
        "address": {"city": "Kazan", "district": "Vakhitovsky", "street": "Baumana", "building": "3"}})
    assert response.status_code == 201
    emitted = [e for e in _outbox(database_proxy.obj) if response.json["id"] in json.dumps(e[2])]
    assert {key for _, key, _ in emitted} == {"order.created", "notification.order.created"}
    for exchange, routing_key, envelope in emitted:
        message_for(exchange, routing_key).validate(envelope)
