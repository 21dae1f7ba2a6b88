"""client-dashboard use cases: accounts, cats, and the client's side of orders and payments.

Transactions are short and never span a call to another service: the core reads what it needs, calls, and
records what came back.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Mapping

from mcf.client_dashboard.domain import (
    ORDER_STATES,
    PAYABLE_STATUS,
    Cat,
    Client,
    EmailTaken,
    IdempotencyKeyReused,
    InvalidCredentials,
    NotPayable,
    PaymentAttempt,
    check_password_rules,
    normalise_email,
    owned_cat,
    owned_order,
    payment_key,
)
from mcf.client_dashboard.ports import (
    OrderGateway,
    OrderRequest,
    PasswordHasher,
    PaymentGateway,
    PaymentRequest,
    PaymentResult,
    ReportGateway,
    TokenIssuer,
    UnitOfWork,
)
from mcf.kit.errors import Conflict, InvalidInput, NotFound, Unavailable, found
from mcf.kit.values import FileContent

# ---------------------------------------------------------------- accounts


@dataclass(frozen=True)
class SignUp:
    email: str
    password: str
    display_name: str
    locale: str = "en"


def sign_up(uow: UnitOfWork, hasher: PasswordHasher, tokens: TokenIssuer, command: SignUp,
            now: datetime) -> tuple[Client, str]:
    """Open an account and log it in. A taken e-mail is EmailTaken (409)."""
    check_password_rules(command.password)
    # Hash first, whether or not the e-mail is taken, so both answers cost about the same time.
    password_hash = hasher.hash(command.password)
    client = Client.sign_up(email=command.email, password_hash=password_hash, display_name=command.display_name,
                            locale=command.locale, now=now)
    with uow:
        if uow.clients.by_email(client.email) is not None:
            raise EmailTaken("an account with this e-mail exists already", field="email")
        uow.clients.add(client)  # raises EmailTaken too if a concurrent sign-up won the race
    return client, tokens.issue(client.id)


def log_in(uow: UnitOfWork, hasher: PasswordHasher, tokens: TokenIssuer, email: str, password: str) -> str:
    """A token for the right password. Unknown e-mail and wrong password are the same InvalidCredentials;
    a hash made with older argon2 parameters is replaced while the password is at hand."""
    with uow:
        client = uow.clients.by_email(normalise_email(email))
    if not hasher.verify(client.password_hash if client else None, password) or client is None:
        raise InvalidCredentials("the e-mail or the password is wrong")
    if hasher.needs_rehash(client.password_hash):
        with uow:
            uow.clients.set_password_hash(client.id, hasher.hash(password))
    return tokens.issue(client.id)


def get_client(uow: UnitOfWork, client_id: str) -> Client:
    with uow:
        client = uow.clients.get(client_id)
    return found(client, f"client {client_id} does not exist")


# ---------------------------------------------------------------- cats


@dataclass(frozen=True)
class AddCat:
    name: str
    age_years: int
    favourite_toys: tuple[str, ...] = ()
    notes: str | None = None


def add_cat(uow: UnitOfWork, client_id: str, command: AddCat, now: datetime) -> Cat:
    cat = Cat.add(client_id=client_id, name=command.name, age_years=command.age_years,
                  favourite_toys=command.favourite_toys, notes=command.notes, now=now)
    with uow:
        uow.cats.add(cat)
    return cat


def list_cats(uow: UnitOfWork, client_id: str) -> list[Cat]:
    with uow:
        return uow.cats.for_client(client_id)


def get_cat(uow: UnitOfWork, client_id: str, cat_id: str) -> Cat:
    with uow:
        return owned_cat(uow.cats.get(cat_id), client_id, cat_id)


def update_cat(uow: UnitOfWork, client_id: str, cat_id: str, changes: Mapping, now: datetime) -> Cat:
    with uow:
        cat = owned_cat(uow.cats.get(cat_id), client_id, cat_id).changed(changes, now)
        uow.cats.update(cat)
    return cat


def remove_cat(uow: UnitOfWork, client_id: str, cat_id: str) -> None:
    with uow:
        owned_cat(uow.cats.get(cat_id), client_id, cat_id)
        uow.cats.delete(cat_id)


def client_cat(uow: UnitOfWork, client_id: str, cat_id: str) -> tuple[Client, Cat]:
    """For services acting for a client (order-service placing an order): the client and one of its cats, the
    facts we own. A cat that is not this client's, or an unknown client, is NotFound."""
    with uow:
        client = uow.clients.get(client_id)
        if client is None:
            raise NotFound(f"client {client_id} does not exist")
        return client, owned_cat(uow.cats.get(cat_id), client_id, cat_id)


# ---------------------------------------------------------------- orders


@dataclass(frozen=True)
class PlaceOrder:
    cat_id: str
    toy_category: str
    slot_start: datetime
    duration_minutes: int
    address: Mapping
    idempotency_key: str | None = None  # the key forwarded to order-service for this client action


def place_order(uow: UnitOfWork, orders: OrderGateway, client_id: str, command: PlaceOrder) -> dict:
    """Place an order for one of the client's own cats, with the e-mail, locale and cat name we own (the gateway
    signs them for order-service: ADR 0184)."""
    with uow:
        client = uow.clients.get(client_id)
        if client is None:
            raise NotFound(f"client {client_id} does not exist")
        cat = owned_cat(uow.cats.get(command.cat_id), client_id, command.cat_id)
    return orders.place(OrderRequest(
        client_id=client.id, cat_id=cat.id, toy_category=command.toy_category,
        slot_start=command.slot_start.astimezone(timezone.utc), duration_minutes=command.duration_minutes,
        address=dict(command.address), idempotency_key=command.idempotency_key, client_email=client.email,
        locale=client.locale, cat_name=cat.name))


def list_orders(orders: OrderGateway, client_id: str, state: str | None = None) -> list[dict]:
    """The client's orders: ``current`` (soonest first), ``past`` (latest first), or all (latest first)."""
    if state is not None and state not in ORDER_STATES:
        raise InvalidInput(f"state must be one of {', '.join(ORDER_STATES)}", field="state")
    mine = [order for order in orders.for_client(client_id) if str(order.get("client_id")) == client_id]
    if state is not None:
        mine = [order for order in mine if order.get("status") in ORDER_STATES[state]]
    return sorted(mine, key=_slot_start, reverse=state != "current")


def get_order(orders: OrderGateway, client_id: str, order_id: str) -> dict:
    return dict(owned_order(orders.get(order_id), client_id, order_id))


def cancel_order(orders: OrderGateway, client_id: str, order_id: str, idempotency_key: str | None = None) -> dict:
    owned_order(orders.get(order_id), client_id, order_id)
    return orders.cancel(order_id, client_id, idempotency_key)


# ---------------------------------------------------------------- payments


def pay_order(uow: UnitOfWork, orders: OrderGateway, payments: PaymentGateway, client_id: str, order_id: str,
              card_number: str, idempotency_key: str, now: datetime) -> PaymentResult:
    """Pay for the client's placed, priced order. The same idempotency key again returns the same payment
    (whatever the order's status by then) and never charges twice; reusing a key for another order is refused."""
    if not idempotency_key.strip():
        raise InvalidInput("an Idempotency-Key header is required", field="Idempotency-Key")
    with uow:
        seen = uow.payment_attempts.get(client_id, idempotency_key)
        client = uow.clients.get(client_id)
    if seen is not None:
        if seen.order_id != order_id:
            raise IdempotencyKeyReused("this Idempotency-Key was used for another order", field="Idempotency-Key")
        payment = payments.get(seen.payment_id)
        if payment is None:
            raise Unavailable(f"payment {seen.payment_id} is not known to payment-service")
        return PaymentResult(payment, replayed=True)
    if client is None:
        raise NotFound(f"client {client_id} does not exist")
    order = owned_order(orders.get(order_id), client_id, order_id)
    price = order.get("price") or {}
    if not isinstance(price.get("amount_minor"), int) or not price.get("currency"):
        raise NotPayable("the order has no price yet", order_status=order.get("status"))
    request = PaymentRequest(order_id=order_id, client_id=client_id, amount_minor=price["amount_minor"],
                             currency=price["currency"], card_number=card_number)
    if order.get("status") != PAYABLE_STATUS:
        # Not payable now; but this key may have paid it already, in a request whose answer the client never got
        # (a timeout, a replica killed after payment-service charged and before the attempt was recorded here):
        # payment-service answers a known key with its payment and refuses a new one for an order not placed.
        try:
            result = payments.pay(request, payment_key(client_id, idempotency_key))
        except Conflict:
            raise NotPayable(f"an order that is {order.get('status')} cannot be paid",
                             order_status=order.get("status")) from None
    else:
        result = payments.pay(request, payment_key(client_id, idempotency_key))
    if str(result.payment.get("order_id")) != order_id:
        raise Unavailable("payment-service answered with a payment of another order")
    with uow:
        uow.payment_attempts.add(PaymentAttempt(client_id=client_id, idempotency_key=idempotency_key,
                                                order_id=order_id, payment_id=str(result.payment["id"]),
                                                created_at=now))
    return result


def order_payments(orders: OrderGateway, payments: PaymentGateway, client_id: str, order_id: str) -> list[dict]:
    owned_order(orders.get(order_id), client_id, order_id)
    return [p for p in payments.for_order(order_id) if str(p.get("client_id")) == client_id]


def _slot_start(order: Mapping) -> datetime:
    try:
        return datetime.fromisoformat(str(order.get("slot_start")))
    except ValueError:
        return datetime.min.replace(tzinfo=timezone.utc)


# ---------------------------------------------------------------- the worker's report, for the client


def order_report(orders: OrderGateway, reports: ReportGateway, client_id: str, order_id: str) -> dict:
    """The check-in and report of one of the client's orders. Another client's order is 404 here already (a quick,
    clear answer); order-report, the owner, applies its readers rule to the client again."""
    owned_order(orders.get(order_id), client_id, order_id)
    record = found(reports.record_of(client_id, order_id), f"order {order_id} has no check-in or report yet")
    if str(record.get("order_id")) != order_id:
        raise Unavailable("order-report answered with the record of another order", service="order-report")
    return record


def report_photo(reports: ReportGateway, client_id: str, photo_id: str, thumbnail: bool = False) -> FileContent:
    """A photo of a check-in or report of one of the client's orders (order-report decides: anyone else's, 404)."""
    return found(reports.photo(client_id, photo_id, thumbnail), f"no photo {photo_id}")
