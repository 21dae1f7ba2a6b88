"""The committed typed client (clients/python) is exactly what openapi-python-client makes of the committed public
documents (regenerate with `mcf client`), and its models read the contract's schemas with their types."""
from __future__ import annotations

import pytest

from mcf.stack.client import PACKAGE, PUBLIC, files, generate


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory):
    folder = tmp_path_factory.mktemp("client")
    generate(folder)
    return folder


@pytest.mark.parametrize("package", PUBLIC.values())
def test_the_committed_client_matches_the_documents(package, regenerated):
    committed, fresh = files(PACKAGE / package), files(regenerated / package)
    assert committed.keys() == fresh.keys(), "files differ: run `mcf client` and commit clients/python"
    changed = sorted(name for name in fresh if committed[name] != fresh[name])
    assert not changed, f"{changed} differ from what the documents generate: run `mcf client` and commit"


def test_the_models_keep_the_nested_types():
    from mcf_client.client_dashboard.models import Cancellation, Kit, Order, Price

    order = Order.from_dict({
        "id": "00000000-0000-0000-0000-000000000001", "status": "cancelled",
        "cat_id": "00000000-0000-0000-0000-000000000002", "toy_category": "feathers",
        "slot_start": "2030-01-01T10:00:00+00:00", "duration_minutes": 60,
        "address": {"city": "Moscow", "district": "Arbat", "street": "Arbat", "building": "1"},
        "price": {"amount_minor": 180000, "currency": "RUB"},
        "kit": {"ready": True, "pickup_point": {"id": "p1", "name": "Arbat", "address": "Arbat 2"},
                "fortune": {"text": "A warm lap awaits.", "locale": "en", "source": "partner"}},
        "cancellation": {"cancelled_by": "platform", "reason": "no_candidates", "previous_status": "placed",
                         "cancelled_at": "2030-01-01T09:00:00+00:00"}})
    assert isinstance(order.price, Price) and isinstance(order.kit, Kit)
    assert isinstance(order.cancellation, Cancellation) and order.cancellation.reason == "no_candidates"
    assert order.kit.fortune.text == "A warm lap awaits." and order.kit.pickup_point.name == "Arbat"
    nothing = Order.from_dict({**order.to_dict(), "price": None, "kit": None, "cancellation": None})
    assert nothing.price is None and nothing.kit is None and nothing.cancellation is None
