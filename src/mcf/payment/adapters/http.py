"""The payment HTTP adapter: requests become use-case calls, results become responses."""
from __future__ import annotations

from typing import Callable

import marshmallow as ma
from flask import url_for
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import validate

from mcf.kit.auth import current_principal, requires
from mcf.kit.errors import Forbidden
from mcf.payment import service
from mcf.payment.domain import Payment
from mcf.payment.ports import PaymentProvider, UnitOfWork

LOCALES = ("en", "ru")
IDEMPOTENCY_HEADER = "Idempotency-Key"


class IdempotencyKeySchema(ma.Schema):
    class Meta:
        unknown = ma.EXCLUDE  # every other header

    idempotency_key = ma.fields.String(
        data_key=IDEMPOTENCY_HEADER, required=True, validate=validate.Length(1, 200),
        metadata={"description": "Chosen by the client per payment attempt; a retry with the same key and body "
                                 "returns the stored result and never charges twice."})


class PayOrderSchema(ma.Schema):
    class Meta:
        unknown = ma.RAISE

    order_id = ma.fields.UUID(required=True)
    client_id = ma.fields.UUID(required=True)
    client_email = ma.fields.Email(required=True, metadata={"description": "Where the payment notices go"})
    amount_minor = ma.fields.Integer(required=True, strict=True, validate=validate.Range(min=1),
                                     metadata={"description": "Integer minor units (kopecks)"})
    currency = ma.fields.String(required=True, validate=validate.Regexp(r"^[A-Z]{3}$"),
                                metadata={"example": "RUB"})
    card_number = ma.fields.String(
        required=True, load_only=True, validate=validate.Regexp(r"^[0-9]{12,19}$"),
        metadata={"description": "Simulated provider: 4242424242424242 succeeds, 4000000000000002 is declined, "
                                 "4000000000009995 times out (resolved by a status check)."})
    locale = ma.fields.String(load_default="en", validate=validate.OneOf(LOCALES),
                              metadata={"description": "Language of the client's notices"})


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


def blueprint(uow_factory: Callable[[], UnitOfWork], provider: PaymentProvider, *, secret: bytes,
              clock=None) -> Blueprint:
    blp = Blueprint("payments", __name__, description="Card payments for orders, and each order's ledger")
    clock_kwargs = {"clock": clock} if clock is not None else {}

    @blp.route("/payments")
    class Payments(MethodView):
        @requires("client", "service")
        @blp.arguments(IdempotencyKeySchema, location="headers")
        @blp.arguments(PayOrderSchema)
        @blp.response(201, PaymentSchema, headers={"Location": {"schema": {"type": "string"}}})
        @blp.alt_response(200, schema=PaymentSchema, description="The stored result: this key was seen before")
        @blp.alt_response(401, response="UNAUTHORIZED")
        @blp.alt_response(403, response="FORBIDDEN")
        @blp.alt_response(409, response="CONFLICT")
        def post(self, headers, body):
            """Pay for an order once per Idempotency-Key (a key reused with another body is a 409)."""
            principal = current_principal()
            if principal.role == "client" and str(body["client_id"]) != principal.subject:
                raise Forbidden("a client can pay only for itself")
            command = service.PayOrder(
                idempotency_key=headers["idempotency_key"], order_id=str(body["order_id"]),
                client_id=str(body["client_id"]), client_email=body["client_email"],
                amount_minor=body["amount_minor"], currency=body["currency"], card_number=body["card_number"],
                locale=body["locale"])
            outcome = service.pay(uow_factory(), provider, command, secret=secret, **clock_kwargs)
            location = {"Location": url_for("payments.PaymentById", payment_id=outcome.payment.id)}
            return _present(outcome.payment), 201 if outcome.created else 200, location

        @requires("client", "manager", "service")
        @blp.arguments(PaymentQuerySchema, location="query")
        @blp.response(200, PaymentSchema(many=True))
        @blp.alt_response(401, response="UNAUTHORIZED")
        def get(self, query):
            """An order's payments, oldest first; a client sees only its own."""
            principal = current_principal()
            payments = service.payments_for_order(uow_factory(), str(query["order_id"]), principal.role,
                                                  principal.subject)
            return [_present(p) for p in payments]

    @blp.route("/payments/<uuid:payment_id>")
    class PaymentById(MethodView):
        @requires("client", "manager", "service")
        @blp.response(200, PaymentSchema)
        @blp.alt_response(401, response="UNAUTHORIZED")
        @blp.alt_response(404, response="NOT_FOUND")
        def get(self, payment_id):
            """One payment; a client sees only its own (another's is 404)."""
            principal = current_principal()
            return _present(service.get_payment(uow_factory(), str(payment_id), principal.role, principal.subject))

    @blp.route("/orders/<uuid:order_id>/ledger")
    class OrderLedger(MethodView):
        @requires("client", "manager", "service")
        @blp.response(200, LedgerSchema)
        @blp.alt_response(401, response="UNAUTHORIZED")
        @blp.alt_response(404, response="NOT_FOUND")
        def get(self, order_id):
            """Every charge and refund of an order, and the balance derived from them (a client: its own order)."""
            principal = current_principal()
            ledger = service.order_ledger(uow_factory(), str(order_id), principal.role, principal.subject)
            return {"order_id": ledger.order_id,
                    "entries": [{**vars(e), "kind": e.kind.value} for e in ledger.entries],
                    "balances": [{"currency": c, "amount_minor": a} for c, a in sorted(ledger.balances.items())]}

    return blp
