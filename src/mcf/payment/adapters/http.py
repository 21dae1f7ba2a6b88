"""The payment HTTP adapter: requests become use-case calls, results become responses."""
from __future__ import annotations

from typing import Callable

import marshmallow as ma
from flask import url_for
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import validate

from mcf.kit.auth import current_principal, requires
from mcf.kit.http import links, problem_responses
from mcf.payment import service
from mcf.payment.domain import MAX_AMOUNT_MINOR, Payment
from mcf.payment.ports import OrderDirectory, PaymentProvider, UnitOfWork

IDEMPOTENCY_HEADER = "Idempotency-Key"


class IdempotencyKeySchema(ma.Schema):
    class Meta:
        unknown = ma.EXCLUDE  # every other header

    idempotency_key = ma.fields.String(
        data_key=IDEMPOTENCY_HEADER, required=True, validate=validate.Length(1, 200),
        metadata={"description": "Chosen by the client per payment attempt; a retry with the same key and body "
                                 "returns the stored result and never charges twice."})


class ExpectedPriceSchema(ma.Schema):
    class Meta:
        unknown = ma.RAISE

    amount_minor = ma.fields.Integer(required=True, strict=True, validate=validate.Range(1, MAX_AMOUNT_MINOR),
                                     metadata={"description": "Integer minor units (kopecks)"})
    currency = ma.fields.String(required=True, validate=validate.Regexp(r"^[A-Z]{3}$"),
                                metadata={"example": "RUB"})


class PayOrderSchema(ma.Schema):
    """Which order and which card. The payer is the token's verified ``on_behalf_of`` client; the amount, the
    currency, the e-mail and the language are the order's own, read from order-service."""

    class Meta:
        unknown = ma.RAISE

    order_id = ma.fields.UUID(required=True, metadata={
        "description": "A placed, priced order of the client (else 404, or 409 order-not-payable)"})
    card_number = ma.fields.String(
        required=True, load_only=True, validate=validate.Regexp(r"^[0-9]{12,19}$"),
        metadata={"description": "Simulated provider: 4242424242424242 succeeds, 4000000000000002 is declined, "
                                 "4000000000009995 times out (resolved by a status check)."})
    expected_price = ma.fields.Nested(ExpectedPriceSchema, load_default=None, allow_none=False, metadata={
        "description": "The price the client was shown; when it is not the order's price: 409 price-mismatch, "
                       "nothing charged"})


class PaymentSchema(ma.Schema):
    id = ma.fields.UUID(required=True)
    order_id = ma.fields.UUID(required=True)
    client_id = ma.fields.UUID(required=True)
    amount_minor = ma.fields.Integer(required=True)
    currency = ma.fields.String(required=True)
    status = ma.fields.String(required=True, validate=validate.OneOf(("pending", "succeeded", "failed")))
    failure_reason = ma.fields.String(allow_none=True)
    created_at = ma.fields.AwareDateTime(required=True)


class PaymentQuerySchema(ma.Schema):
    order_id = ma.fields.UUID(required=True)


class LedgerEntrySchema(ma.Schema):
    id = ma.fields.UUID(required=True)
    payment_id = ma.fields.UUID(required=True)
    kind = ma.fields.String(required=True, validate=validate.OneOf(("charge", "refund")))
    amount_minor = ma.fields.Integer(required=True, metadata={"description": "Signed: charges +, refunds -"})
    currency = ma.fields.String(required=True)
    created_at = ma.fields.AwareDateTime(required=True)


class BalanceSchema(ma.Schema):
    currency = ma.fields.String(required=True)
    amount_minor = ma.fields.Integer(required=True)


class LedgerSchema(ma.Schema):
    order_id = ma.fields.UUID(required=True)
    entries = ma.fields.List(ma.fields.Nested(LedgerEntrySchema), required=True)
    balances = ma.fields.List(ma.fields.Nested(BalanceSchema), required=True,
                              metadata={"description": "What the platform holds for the order, per currency: "
                                                       "the sum of the entries"})


def _present(payment: Payment) -> dict:
    return {**vars(payment), "status": payment.status.value}


def blueprint(uow_factory: Callable[[], UnitOfWork], provider: PaymentProvider, orders: OrderDirectory, *,
              secret: bytes, clock=None) -> Blueprint:
    blp = Blueprint("payments", __name__, description="Card payments for orders, and each order's ledger")
    clock_kwargs = {"clock": clock} if clock is not None else {}

    @blp.route("/payments")
    class Payments(MethodView):
        OPERATION_IDS = {"post": "payOrder", "get": "listOrderPayments"}

        @requires("service", on_behalf_of=("client",))
        @blp.arguments(IdempotencyKeySchema, location="headers")
        @blp.arguments(PayOrderSchema, example={
            "order_id": "00000000-0000-4000-8000-0000000000b1", "card_number": "4242424242424242",
            "expected_price": {"amount_minor": 180000, "currency": "RUB"}})
        @blp.response(201, PaymentSchema, headers={"Location": {"schema": {"type": "string"}}})
        @blp.doc(**links(201, getPayment={"payment_id": "$response.body#/id"},
                          getOrderLedger={"order_id": "$response.body#/order_id"}))
        @blp.alt_response(200, schema=PaymentSchema, description="The stored result: this key was seen before")
        @problem_responses(blp, 401, 403, 404, 409, 503)
        def post(self, headers, body):
            """Pay for the client's order (the service token acts for the client) once per Idempotency-Key: the
            order's own price in its own currency, read from order-service. Not the client's or unknown: 404;
            not placed and priced, or another price expected: 409; a key reused with another body: 422."""
            expected = body["expected_price"] or {}
            command = service.PayOrder(
                idempotency_key=headers["idempotency_key"], order_id=str(body["order_id"]),
                client_id=current_principal().actor.subject, card_number=body["card_number"],
                expected_amount_minor=expected.get("amount_minor"), expected_currency=expected.get("currency"))
            outcome = service.pay(uow_factory(), provider, orders, command, secret=secret, **clock_kwargs)
            location = {"Location": url_for("payments.PaymentById", payment_id=outcome.payment.id)}
            return _present(outcome.payment), 201 if outcome.created else 200, location

        @requires("service")
        @blp.arguments(PaymentQuerySchema, location="query")
        @blp.response(200, PaymentSchema(many=True))
        @problem_responses(blp, 401)
        def get(self, query):
            """An order's payments, oldest first; acting for a client, a service sees only the client's."""
            principal = current_principal().actor
            payments = service.payments_for_order(uow_factory(), str(query["order_id"]), principal.role,
                                                  principal.subject)
            return [_present(p) for p in payments]

    @blp.route("/payments/<uuid:payment_id>")
    class PaymentById(MethodView):
        OPERATION_IDS = {"get": "getPayment"}

        @requires("service")
        @blp.response(200, PaymentSchema)
        @problem_responses(blp, 401, 404)
        def get(self, payment_id):
            """One payment; acting for a client, only the client's (another's is 404)."""
            principal = current_principal().actor
            return _present(service.get_payment(uow_factory(), str(payment_id), principal.role, principal.subject))

    @blp.route("/orders/<uuid:order_id>/ledger")
    class OrderLedger(MethodView):
        OPERATION_IDS = {"get": "getOrderLedger"}

        @requires("service")
        @blp.response(200, LedgerSchema)
        @problem_responses(blp, 401, 404)
        def get(self, order_id):
            """Every charge and refund of an order, and the balance derived from them (acting for a client: only an
            order the client paid for)."""
            principal = current_principal().actor
            ledger = service.order_ledger(uow_factory(), str(order_id), principal.role, principal.subject)
            return {"order_id": ledger.order_id,
                    "entries": [{**vars(e), "kind": e.kind.value} for e in ledger.entries],
                    "balances": [{"currency": c, "amount_minor": a} for c, a in sorted(ledger.balances.items())]}

    return blp
