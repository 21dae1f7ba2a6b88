"""The kit flow on the real broker and database: consumers, the dramatiq actors, the relay and the partner."""
import json
import uuid

from mcf.inventory import actors
from mcf.kit.messaging import REASON_HEADER
from tests.support.amqp import get_all, wait_for

from .support import (
    ARBAT,
    CLOCKWORK_MOUSE,
    PLUSH_MOUSE,
    bodies,
    fortune_issued,
    inbox_has,
    kit_fortune,
    kit_statuses,
    order_cancelled,
    order_created,
    publish,
    publish_raw,
    set_stock,
    stock_of,
    tap,
)


def test_100_concurrent_orders_for_the_last_10_units_reserve_exactly_10_kits(amqp_settings, database, running):
    set_stock(database, ARBAT, CLOCKWORK_MOUSE, 10)
    set_stock(database, ARBAT, PLUSH_MOUSE, 1000)
    seen = tap(amqp_settings.amqp_url, f"t.{uuid.uuid4().hex[:8]}", "inventory.*")
    running.start(amqp_settings, partner={"delay_seconds": 0})
    orders = [order_created() for _ in range(100)]
    publish(amqp_settings.amqp_url, *orders)
    ids = [o.data["order_id"] for o in orders]

    def settled():
        statuses = kit_statuses(database, ids)
        return len(statuses) == 100 and all(s in ("ready", "shortage") for s in statuses.values()) and statuses

    statuses = wait_for(settled, timeout=30)
    assert statuses, kit_statuses(database, ids)
    assert sorted(statuses.values()).count("ready") == 10
    assert sorted(statuses.values()).count("shortage") == 90
    assert stock_of(database, ARBAT, CLOCKWORK_MOUSE) == (0, 10)
    assert stock_of(database, ARBAT, PLUSH_MOUSE) == (1000 - 20, 20)
    events = bodies(get_all(amqp_settings.amqp_url, seen, 100, timeout=15))
    assert sorted(e["type"] for e in events).count("inventory.ready") == 10
    shortages = [e["data"] for e in events if e["type"] == "inventory.shortage"]
    assert len(shortages) == 90
    assert all(m["toy_id"] == CLOCKWORK_MOUSE and m["available"] == 0 for s in shortages for m in s["missing"])
    assert all(e["data"]["fortune"]["source"] == "partner" for e in events if e["type"] == "inventory.ready")


def test_a_silent_partner_gets_the_house_fortune_after_the_timeout(amqp_settings, database, running):
    set_stock(database, ARBAT, CLOCKWORK_MOUSE, 5)
    set_stock(database, ARBAT, PLUSH_MOUSE, 10)
    seen = tap(amqp_settings.amqp_url, f"t.{uuid.uuid4().hex[:8]}", "inventory.ready")
    running.start(amqp_settings, fortune_timeout=1.0, partner={"silent": True})
    order = order_created()
    publish(amqp_settings.amqp_url, order)
    order_id = order.data["order_id"]
    assert wait_for(lambda: kit_statuses(database, [order_id]).get(order_id) == "awaiting_fortune")
    assert wait_for(lambda: kit_statuses(database, [order_id]).get(order_id) == "ready", timeout=10)
    assert kit_fortune(database, order_id)["source"] == "house"
    [ready] = bodies(get_all(amqp_settings.amqp_url, seen, 1))
    assert ready["data"]["order_id"] == order_id and ready["data"]["fortune"]["source"] == "house"


def test_the_same_fortune_twice_attaches_one_cookie(amqp_settings, database, running):
    set_stock(database, ARBAT, CLOCKWORK_MOUSE, 5)
    set_stock(database, ARBAT, PLUSH_MOUSE, 10)
    seen = tap(amqp_settings.amqp_url, f"t.{uuid.uuid4().hex[:8]}", "inventory.ready")
    running.start(amqp_settings, fortune_timeout=30.0)
    order = order_created()
    order_id = order.data["order_id"]
    publish(amqp_settings.amqp_url, order)
    assert wait_for(lambda: kit_statuses(database, [order_id]).get(order_id) == "awaiting_fortune")
    cookie = fortune_issued(order_id)
    publish(amqp_settings.partner_amqp_url, cookie, cookie)  # the partner's own user, the same event twice
    assert wait_for(lambda: kit_statuses(database, [order_id]).get(order_id) == "ready")
    other = fortune_issued(order_id, fortune_id="en-02", text="A different cookie.")  # a second answer
    publish(amqp_settings.partner_amqp_url, other)
    assert wait_for(lambda: inbox_has(database, "inventory.fortunes", other.id))
    assert actors.attach_fortune(order_id, "en-02", "A different cookie.", "en") is None
    assert len(get_all(amqp_settings.amqp_url, seen, 2, timeout=2)) == 1
    assert kit_fortune(database, order_id)["fortune_id"] == "en-01"
    with database.connection_context():
        assert database.execute_sql("SELECT count(*) FROM outbox WHERE routing_key = 'inventory.ready' "
                                    "AND convert_from(body, 'UTF8') LIKE %s", (f"%{order_id}%",)).fetchone()[0] == 1
        assert database.execute_sql("SELECT count(*) FROM fortunes WHERE order_id = %s",
                                    (order_id,)).fetchone()[0] == 1


def test_a_malformed_partner_message_is_dead_lettered_with_its_reason(amqp_settings, running):
    running.start(amqp_settings)
    bad_locale = fortune_issued(str(uuid.uuid4()), locale="de")
    publish(amqp_settings.partner_amqp_url, bad_locale)
    publish_raw(amqp_settings.partner_amqp_url, "fur-tune.out", "fortune.issued", b"{not json")
    dead = get_all(amqp_settings.amqp_url, "inventory.fortunes.dead", 2)
    reasons = sorted(props.headers[REASON_HEADER] for props, _ in dead)
    assert len(reasons) == 2
    assert reasons[0].startswith("malformed envelope") and "not JSON" in reasons[0]
    assert reasons[1].startswith("rejected: fortune.issued: data.locale")
    assert json.loads(dead[0][1] if b"fortune" in dead[0][1] else dead[1][1])["id"] == bad_locale.id


def test_cancellation_releases_the_reservation_once_and_a_late_cookie_is_ignored(amqp_settings, database,
                                                                                 running):
    set_stock(database, ARBAT, CLOCKWORK_MOUSE, 5)
    set_stock(database, ARBAT, PLUSH_MOUSE, 10)
    running.start(amqp_settings, fortune_timeout=30.0)
    order = order_created()
    order_id = order.data["order_id"]
    publish(amqp_settings.amqp_url, order)
    assert wait_for(lambda: kit_statuses(database, [order_id]).get(order_id) == "awaiting_fortune")
    assert stock_of(database, ARBAT, CLOCKWORK_MOUSE) == (4, 1)
    # Two distinct cancellation events (not one redelivered): the stock goes back once.
    publish(amqp_settings.amqp_url, order_cancelled(order_id), order_cancelled(order_id))
    assert wait_for(lambda: kit_statuses(database, [order_id]).get(order_id) == "cancelled")
    late = fortune_issued(order_id)
    publish(amqp_settings.partner_amqp_url, late)
    assert wait_for(lambda: inbox_has(database, "inventory.fortunes", late.id))
    assert actors.attach_fortune(order_id, "en-01", late.data["text"], "en") is None  # the actor's step
    sentinel = order_created()  # processed after the cancellations on the same queue
    publish(amqp_settings.amqp_url, sentinel)
    sentinel_id = sentinel.data["order_id"]
    assert wait_for(lambda: kit_statuses(database, [sentinel_id]).get(sentinel_id) == "awaiting_fortune")
    assert stock_of(database, ARBAT, CLOCKWORK_MOUSE) == (5 - 1, 1)  # only the sentinel's unit is out
    assert stock_of(database, ARBAT, PLUSH_MOUSE) == (10 - 2, 2)
    with database.connection_context():
        assert database.execute_sql("SELECT count(*) FROM fortunes WHERE order_id = %s",
                                    (order_id,)).fetchone()[0] == 0
    assert kit_fortune(database, order_id) is None
