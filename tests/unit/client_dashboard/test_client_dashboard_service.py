from datetime import datetime, timedelta, timezone

import pytest

from mcf.client_dashboard import service
from mcf.client_dashboard.domain import (
    EmailTaken,
    IdempotencyKeyReused,
    InvalidCredentials,
    NotPayable,
    payment_key,
)
from mcf.kit.errors import InvalidInput, NotFound, Unavailable
from tests.unit.client_dashboard.fakes import (
    FakeHasher,
    FakeOrders,
    FakePayments,
    FakeReports,
    FakeTokens,
    FakeUnitOfWork,
)

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=timezone.utc)
ADDRESS = {"city": "Moscow", "district": "Arbat", "street": "Arbat st", "building": "1"}


@pytest.fixture
def uow():
    return FakeUnitOfWork()


@pytest.fixture
def hasher():
    return FakeHasher()


def sign_up(uow, hasher, email="Human@Cats.example", locale="ru"):
    client, _token = service.sign_up(uow, hasher, FakeTokens(),
                                     service.SignUp(email, "correct horse battery", "Murka's human", locale), NOW)
    return client


def add_cat(uow, client, name="Murka"):
    return service.add_cat(uow, client.id, service.AddCat(name, 3, ("laser", "mice")), NOW)


def place(orders, uow, client, cat_id):
    return service.place_order(uow, orders, client.id, service.PlaceOrder(
        cat_id=cat_id, toy_category="laser", slot_start=NOW + timedelta(days=1), duration_minutes=60,
        address=ADDRESS))


# ---------------------------------------------------------------- accounts

def test_sign_up_stores_a_hash_not_the_password_and_returns_a_client_token(uow, hasher):
    client, token = service.sign_up(uow, hasher, FakeTokens(),
                                    service.SignUp("human@cats.example", "correct horse battery", "H", "en"), NOW)
    assert token == f"token-for-{client.id}"
    stored = uow.clients.get(client.id)
    assert stored.password_hash == "v2$correct horse battery" and stored.locale == "en"


def test_an_email_taken_in_another_case_is_a_conflict_and_nothing_is_stored(uow, hasher):
    sign_up(uow, hasher, "human@cats.example")
    with pytest.raises(EmailTaken):
        sign_up(uow, hasher, "HUMAN@cats.EXAMPLE")
    assert len(uow.clients.rows) == 1


def test_a_short_password_is_refused_before_anything_is_hashed(uow):
    hasher = FakeHasher()
    hasher.hash = lambda password: pytest.fail("hashed a password that breaks the rules")
    with pytest.raises(InvalidInput) as caught:
        service.sign_up(uow, hasher, FakeTokens(), service.SignUp("a@b.example", "short", "H"), NOW)
    assert caught.value.extensions["field"] == "password"


def test_login_is_case_insensitive_on_the_email(uow, hasher):
    client = sign_up(uow, hasher, "Human@Cats.example")
    assert service.log_in(uow, hasher, FakeTokens(), "human@CATS.example", "correct horse battery") == \
        f"token-for-{client.id}"


def test_unknown_email_and_wrong_password_are_the_same_error_and_both_verify_a_hash(uow, hasher):
    sign_up(uow, hasher, "human@cats.example")
    with pytest.raises(InvalidCredentials) as wrong:
        service.log_in(uow, hasher, FakeTokens(), "human@cats.example", "not the password")
    with pytest.raises(InvalidCredentials) as unknown:
        service.log_in(uow, hasher, FakeTokens(), "nobody@cats.example", "correct horse battery")
    assert str(wrong.value) == str(unknown.value)
    # the unknown e-mail still went through verify (with no hash), so it costs about the same time
    assert hasher.verified[-1] is None and len(hasher.verified) == 2


def test_login_rehashes_a_password_hashed_with_old_parameters(uow):
    client = sign_up(uow, FakeHasher(params="v1"))
    newer = FakeHasher(params="v2")
    service.log_in(uow, newer, FakeTokens(), client.email, "correct horse battery")
    assert uow.clients.get(client.id).password_hash == "v2$correct horse battery"


def test_login_with_current_parameters_does_not_rewrite_the_hash(uow, hasher):
    client = sign_up(uow, hasher)
    commits = uow.commits
    service.log_in(uow, hasher, FakeTokens(), client.email, "correct horse battery")
    assert uow.commits == commits + 1  # the read only


# ---------------------------------------------------------------- cats

def test_a_client_manages_its_cats(uow, hasher):
    client = sign_up(uow, hasher)
    cat = add_cat(uow, client)
    assert service.list_cats(uow, client.id) == [cat]
    changed = service.update_cat(uow, client.id, cat.id, {"age_years": 4, "favourite_toys": ["balls", "balls"],
                                                          "notes": "shy"}, NOW + timedelta(hours=1))
    assert (changed.age_years, changed.favourite_toys, changed.notes) == (4, ("balls",), "shy")
    assert service.get_cat(uow, client.id, cat.id) == changed and changed.updated_at > changed.created_at
    service.remove_cat(uow, client.id, cat.id)
    assert service.list_cats(uow, client.id) == []


def test_another_clients_cat_is_not_found_for_reading_changing_removing_and_ordering(uow, hasher):
    owner, other = sign_up(uow, hasher, "owner@cats.example"), sign_up(uow, hasher, "other@cats.example")
    cat = add_cat(uow, owner)
    orders = FakeOrders()
    with pytest.raises(NotFound):
        service.get_cat(uow, other.id, cat.id)
    with pytest.raises(NotFound):
        service.update_cat(uow, other.id, cat.id, {"name": "Stolen"}, NOW)
    with pytest.raises(NotFound):
        service.remove_cat(uow, other.id, cat.id)
    with pytest.raises(NotFound):
        place(orders, uow, other, cat.id)
    assert service.list_cats(uow, other.id) == []
    assert uow.cats.get(cat.id) == cat and orders.placed == []


@pytest.mark.parametrize("changes, field", [
    ({"favourite_toys": ["vacuum"]}, "favourite_toys"),
    ({"age_years": 31}, "age_years"),
    ({"name": "  "}, "name"),
    ({"owner": "me"}, "owner"),
])
def test_a_cat_change_breaking_a_rule_is_refused_and_changes_nothing(uow, hasher, changes, field):
    client = sign_up(uow, hasher)
    cat = add_cat(uow, client)
    with pytest.raises(InvalidInput) as caught:
        service.update_cat(uow, client.id, cat.id, changes, NOW)
    assert caught.value.extensions["field"] == field and uow.cats.get(cat.id) == cat


# ---------------------------------------------------------------- orders

def test_placing_an_order_sends_who_and_which_cat_with_the_facts_we_own_for_the_gateway_to_sign(uow, hasher):
    client = sign_up(uow, hasher, locale="ru")
    cat = add_cat(uow, client, "Barsik")
    orders = FakeOrders()
    order = place(orders, uow, client, cat.id)
    (sent,) = orders.placed
    assert (sent.client_id, sent.cat_id) == (client.id, cat.id)
    # From our records, not the request: the gateway signs them for order-service (ADR 0184).
    assert (sent.client_email, sent.locale, sent.cat_name) == (client.email, "ru", "Barsik")
    assert sent.slot_start.tzinfo is not None and order["cat_id"] == cat.id


def test_services_read_a_clients_email_locale_and_cat_here_and_another_clients_cat_is_not_found(uow, hasher):
    client, other = sign_up(uow, hasher, "a@cats.example"), sign_up(uow, hasher, "b@cats.example")
    cat, others = add_cat(uow, client, "Barsik"), add_cat(uow, other, "Murka")
    found, found_cat = service.client_cat(uow, client.id, cat.id)
    assert (found.email, found.locale, found_cat.name) == ("a@cats.example", "ru", "Barsik")
    with pytest.raises(NotFound):
        service.client_cat(uow, client.id, others.id)


def test_orders_are_split_into_current_and_past_and_another_clients_never_appear(uow, hasher):
    client, other = sign_up(uow, hasher, "a@cats.example"), sign_up(uow, hasher, "b@cats.example")
    orders = FakeOrders()
    soon = orders.put(client.id, "confirmed", slot_start="2026-12-01T10:00:00+00:00")
    later = orders.put(client.id, "placed", slot_start="2026-12-03T10:00:00+00:00")
    done = orders.put(client.id, "completed", slot_start="2026-11-01T10:00:00+00:00")
    gone = orders.put(client.id, "cancelled", slot_start="2026-11-20T10:00:00+00:00")
    orders.put(other.id, "placed")
    orders.for_client = lambda client_id: list(orders.orders.values())  # even if order-service over-answers
    assert [o["id"] for o in service.list_orders(orders, client.id, "current")] == [soon["id"], later["id"]]
    assert [o["id"] for o in service.list_orders(orders, client.id, "past")] == [gone["id"], done["id"]]
    assert len(service.list_orders(orders, client.id)) == 4


def test_another_clients_order_is_not_found_to_read_cancel_pay_or_list_payments(uow, hasher):
    owner, other = sign_up(uow, hasher, "a@cats.example"), sign_up(uow, hasher, "b@cats.example")
    orders, payments = FakeOrders(), FakePayments()
    order = orders.put(owner.id)
    with pytest.raises(NotFound):
        service.get_order(orders, other.id, order["id"])
    with pytest.raises(NotFound):
        service.cancel_order(orders, other.id, order["id"])
    with pytest.raises(NotFound):
        service.pay_order(uow, orders, payments, other.id, order["id"], "4242424242424242", "k1", NOW)
    with pytest.raises(NotFound):
        service.order_payments(orders, payments, other.id, order["id"])
    assert orders.cancelled == [] and payments.requests == []


def test_cancelling_goes_to_order_service_on_the_clients_behalf(uow, hasher):
    client = sign_up(uow, hasher)
    orders = FakeOrders()
    order = orders.put(client.id)
    assert service.cancel_order(orders, client.id, order["id"])["status"] == "cancelled"
    assert orders.cancelled == [(order["id"], client.id)]


# ---------------------------------------------------------------- payments

def test_paying_sends_the_orders_price_and_a_client_scoped_key(uow, hasher):
    client = sign_up(uow, hasher)
    orders, payments = FakeOrders(), FakePayments()
    order = orders.put(client.id, price=(123_450, "RUB"))
    result = service.pay_order(uow, orders, payments, client.id, order["id"], "4242424242424242", "key-1", NOW)
    assert not result.replayed and result.payment["status"] == "succeeded"
    ((request, key),) = payments.requests
    assert (request.amount_minor, request.currency, request.client_id) == (123_450, "RUB", client.id)
    assert key == payment_key(client.id, "key-1") != payment_key(str(order["id"]), "key-1")


@pytest.mark.parametrize("status", ["confirmed", "in_progress", "completed", "cancelled", "expired"])
def test_paying_refuses_an_order_that_is_not_placed(uow, hasher, status):
    client = sign_up(uow, hasher)
    orders = FakeOrders()
    payments = FakePayments(orders)
    order = orders.put(client.id, status)
    with pytest.raises(NotPayable):
        service.pay_order(uow, orders, payments, client.id, order["id"], "4242424242424242", "k", NOW)
    assert payments.by_key == {}  # payment-service was asked only whether this key paid it, and refused


def test_a_retry_whose_first_answer_was_lost_returns_the_payment_although_the_order_moved_on(uow, hasher):
    """The first request charged at payment-service, but its answer never came back (a timeout, a replica killed)
    so nothing was recorded here; the order is confirmed by the time the client retries with the same key."""
    client = sign_up(uow, hasher)
    orders = FakeOrders()
    payments = FakePayments(orders)
    order = orders.put(client.id)
    first = payments.pay(service.PaymentRequest(order_id=order["id"], client_id=client.id, amount_minor=150_000,
                                                currency="RUB", card_number="4242424242424242"),
                         payment_key(client.id, "k"))
    orders.orders[order["id"]]["status"] = "confirmed"
    again = service.pay_order(uow, orders, payments, client.id, order["id"], "4242424242424242", "k", NOW)
    assert again.replayed and again.payment["id"] == first.payment["id"] and len(payments.by_key) == 1


def test_paying_refuses_an_order_without_a_price(uow, hasher):
    client = sign_up(uow, hasher)
    orders, payments = FakeOrders(), FakePayments()
    order = orders.put(client.id, price=None)
    with pytest.raises(NotPayable):
        service.pay_order(uow, orders, payments, client.id, order["id"], "4242424242424242", "k", NOW)
    assert payments.requests == []


def test_a_retry_with_the_same_key_returns_the_same_payment_even_once_the_order_is_confirmed(uow, hasher):
    client = sign_up(uow, hasher)
    orders, payments = FakeOrders(), FakePayments()
    order = orders.put(client.id)
    first = service.pay_order(uow, orders, payments, client.id, order["id"], "4242424242424242", "k", NOW)
    orders.orders[order["id"]]["status"] = "confirmed"  # payment.succeeded reached order-service meanwhile
    again = service.pay_order(uow, orders, payments, client.id, order["id"], "4242424242424242", "k", NOW)
    assert again.replayed and again.payment == first.payment and len(payments.requests) == 1


def test_a_key_reused_for_another_order_is_refused(uow, hasher):
    client = sign_up(uow, hasher)
    orders, payments = FakeOrders(), FakePayments()
    first, second = orders.put(client.id), orders.put(client.id)
    service.pay_order(uow, orders, payments, client.id, first["id"], "4242424242424242", "k", NOW)
    with pytest.raises(IdempotencyKeyReused):
        service.pay_order(uow, orders, payments, client.id, second["id"], "4242424242424242", "k", NOW)
    assert len(payments.requests) == 1


def test_two_clients_using_the_same_key_get_their_own_payments(uow, hasher):
    a, b = sign_up(uow, hasher, "a@cats.example"), sign_up(uow, hasher, "b@cats.example")
    orders, payments = FakeOrders(), FakePayments()
    paid_a = service.pay_order(uow, orders, payments, a.id, orders.put(a.id)["id"], "4242424242424242", "1", NOW)
    paid_b = service.pay_order(uow, orders, payments, b.id, orders.put(b.id)["id"], "4242424242424242", "1", NOW)
    assert paid_a.payment["id"] != paid_b.payment["id"] and not paid_b.replayed
    assert paid_b.payment["client_id"] == b.id


def test_the_payments_of_an_order_are_the_clients_own(uow, hasher):
    client = sign_up(uow, hasher)
    orders, payments = FakeOrders(), FakePayments()
    order = orders.put(client.id)
    paid = service.pay_order(uow, orders, payments, client.id, order["id"], "4242424242424242", "k", NOW)
    stranger = {**paid.payment, "id": "x", "client_id": "someone-else"}
    payments.by_id["x"] = stranger
    assert service.order_payments(orders, payments, client.id, order["id"]) == [paid.payment]


def test_the_client_reads_the_report_and_photos_of_its_own_orders_only(uow, hasher):
    owner, other = sign_up(uow, hasher, "r@cats.example"), sign_up(uow, hasher, "s@cats.example")
    orders, reports = FakeOrders(), FakeReports()
    order = orders.put(owner.id, status="completed")
    photo_id = reports.add(order["id"], owner.id)
    assert service.order_report(orders, reports, owner.id, order["id"])["order_id"] == order["id"]
    assert service.report_photo(reports, owner.id, photo_id).content_type == "image/jpeg"
    assert service.report_photo(reports, owner.id, photo_id, thumbnail=True).data == b"jpeg-bytes"
    asked = len(reports.asked)
    with pytest.raises(NotFound):
        service.order_report(orders, reports, other.id, order["id"])
    assert len(reports.asked) == asked, "another client's order is refused before order-report is asked"
    with pytest.raises(NotFound):
        service.report_photo(reports, other.id, photo_id)


def test_an_order_without_a_check_in_has_no_report_and_a_record_of_another_order_is_not_trusted(uow, hasher):
    owner = sign_up(uow, hasher, "t@cats.example")
    orders, reports = FakeOrders(), FakeReports()
    order = orders.put(owner.id, status="confirmed")
    with pytest.raises(NotFound):
        service.order_report(orders, reports, owner.id, order["id"])
    reports.add(order["id"], owner.id)
    reports.records[order["id"]][1]["order_id"] = "another"
    with pytest.raises(Unavailable):
        service.order_report(orders, reports, owner.id, order["id"])
