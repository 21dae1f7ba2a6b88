"""``mcf.stack.public_client.answer``, which every typed call of `mcf demo` and the e2e client journey goes through
(tests/e2e/test_demo.py, test_client_journey.py), refuses a body the contract's models do not type: a member
outside the schema at any depth (lost by a closed model, or kept untyped by an open one), or a nested object read as
a bare dict (issue 17's "no untyped field")."""
from __future__ import annotations

import json
from types import SimpleNamespace

import pytest
from mcf_client.client_dashboard.models import Order

from mcf.stack.public_client import UnexpectedAnswer, answer, dropped, untyped

ORDER = {"id": "00000000-0000-0000-0000-000000000001", "status": "placed",
         "cat_id": "00000000-0000-0000-0000-000000000002", "toy_category": "feathers",
         "slot_start": "2030-01-01T10:00:00+00:00", "duration_minutes": 60,
         "address": {"city": "Moscow", "district": "Arbat", "street": "Arbat", "building": "1"},
         "price": {"amount_minor": 180000, "currency": "RUB"}, "kit": None, "cancellation": None}


def _response(body: dict, status: int = 200):
    return SimpleNamespace(status_code=status, parsed=Order.from_dict(body), content=json.dumps(body).encode())


def test_a_fully_typed_order_is_the_answer():
    assert answer(_response(ORDER), (200,), Order, "GET /orders/1").price.amount_minor == 180000


@pytest.mark.parametrize("body, where", [
    ({**ORDER, "colour": "ginger"}, "(body): ['colour']"),
    ({**ORDER, "price": {**ORDER["price"], "tip_minor": 100}}, "price: ['tip_minor']"),
    ({**ORDER, "address": {**ORDER["address"], "floor": "3"}}, "address: ['floor']"),
])
def test_a_member_the_contract_does_not_type_is_refused_at_any_depth(body, where):
    # Order is closed (additionalProperties: false): its model drops the member, so the body is compared.
    assert dropped(body, Order.from_dict(body).to_dict()) == [where]
    with pytest.raises(UnexpectedAnswer, match="members the contract does not type"):
        answer(_response(body), (200,), Order, "GET /orders/1")


def test_a_list_is_compared_item_by_item():
    assert dropped([ORDER, {**ORDER, "x": 1}], [ORDER, ORDER], "listOrders") == ["listOrders[1]: ['x']"]


def test_a_bare_dict_is_an_untyped_object():
    assert untyped([{"any": "thing"}], "listOrders") == ["listOrders[0]: an untyped object"]


def test_another_status_or_model_is_refused():
    with pytest.raises(UnexpectedAnswer, match="answered 201"):
        answer(_response(ORDER, 201), (200,), Order, "GET /orders/1")
    with pytest.raises(UnexpectedAnswer, match="where Payment was documented"):
        from mcf_client.client_dashboard.models import Payment
        answer(_response(ORDER), (200,), Payment, "GET /orders/1")
