"""order-history's HTTP adapter: the archive's search, a client's and a worker's past orders, worker statistics.

Roles: services and managers read everything; a client only its own orders, a worker only its own (asking for
another's is 403 on a listing and 404 on one order, which then looks like no order at all).
"""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Callable

import marshmallow as ma
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import validate

from mcf.kit.auth import current_principal, requires
from mcf.kit.http import problem_responses
from mcf.order_history import service
from mcf.order_history.domain import (
    CHANGE_CURSOR_PATTERN,
    CURSOR_PATTERN,
    MAX_PAGE,
    TERMINAL_STATUSES,
    ArchivedOrder,
    ArchiveQuery,
    Cursor,
    Page,
)
from mcf.order_history.ports import Archive


class PriceSchema(ma.Schema):
    amount_minor = ma.fields.Integer(required=True, metadata={"description": "Integer minor units"})
    currency = ma.fields.String(required=True, metadata={"example": "RUB"})


class PaymentSchema(ma.Schema):
    outcome = ma.fields.String(required=True, validate=validate.OneOf(
        ("unpaid", "paid", "partially_refunded", "refunded")))
    paid = ma.fields.Boolean(required=True)
    payment_id = ma.fields.String(allow_none=True)
    refunded_minor = ma.fields.Integer(required=True, metadata={"description": "Refunds known when archived"})


class StagesSchema(ma.Schema):
    placed_at = ma.fields.AwareDateTime(required=True)
    paid_at = ma.fields.AwareDateTime(allow_none=True)
    kit_ready_at = ma.fields.AwareDateTime(allow_none=True)
    checked_in_at = ma.fields.AwareDateTime(allow_none=True)
    completed_at = ma.fields.AwareDateTime(allow_none=True)
    cancelled_at = ma.fields.AwareDateTime(allow_none=True)
    expired_at = ma.fields.AwareDateTime(allow_none=True)


class CancellationSchema(ma.Schema):
    cancelled_by = ma.fields.String(required=True, validate=validate.OneOf(("client", "platform", "worker")))
    reason = ma.fields.String(allow_none=True)
    previous_status = ma.fields.String(allow_none=True)


class ReportSchema(ma.Schema):
    report_id = ma.fields.String(allow_none=True)
    summary = ma.fields.String(allow_none=True, metadata={"description": "From order-report-service; null until "
                                                                         "it exists"})


class ArchivedOrderSchema(ma.Schema):
    order_id = ma.fields.UUID(required=True)
    version = ma.fields.Integer(required=True, metadata={"description": "order-service's version of the order"})
    status = ma.fields.String(required=True, validate=validate.OneOf(TERMINAL_STATUSES))
    client_id = ma.fields.String(required=True)
    cat_id = ma.fields.String(required=True)
    worker_id = ma.fields.String(allow_none=True)
    toy_category = ma.fields.String(required=True)
    city = ma.fields.String(required=True)
    district = ma.fields.String(required=True)
    slot_start = ma.fields.AwareDateTime(required=True)
    slot_end = ma.fields.AwareDateTime(required=True)
    duration_minutes = ma.fields.Integer(required=True)
    price = ma.fields.Nested(PriceSchema, allow_none=True)
    payment = ma.fields.Nested(PaymentSchema, required=True)
    stages = ma.fields.Nested(StagesSchema, required=True)
    checked_in_on_time = ma.fields.Boolean(required=True)
    cancellation = ma.fields.Nested(CancellationSchema, allow_none=True)
    report = ma.fields.Nested(ReportSchema, required=True)


class PageSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(ArchivedOrderSchema), required=True)
    next_cursor = ma.fields.String(allow_none=True, metadata={
        "description": "Pass as ?cursor= for the next page; null when this page is the last"})


class PagingQuery(ma.Schema):
    status = ma.fields.String(load_default=None, validate=validate.OneOf(TERMINAL_STATUSES))
    from_ = ma.fields.AwareDateTime(load_default=None, data_key="from",
                                    metadata={"description": "Slots starting at or after (ISO 8601 with offset)"})
    to = ma.fields.AwareDateTime(load_default=None, metadata={
        "description": "Slots starting before (at or before from: an empty period)"})
    limit = ma.fields.Integer(load_default=50, validate=validate.Range(1, MAX_PAGE))
    cursor = ma.fields.String(load_default=None, validate=validate.Regexp(CURSOR_PATTERN), metadata={
        "description": "The next_cursor of the previous page"})


class SearchQuery(PagingQuery):
    client_id = ma.fields.UUID(load_default=None)
    worker_id = ma.fields.UUID(load_default=None)


class ChangesQuery(ma.Schema):
    after = ma.fields.String(load_default=None, validate=validate.Regexp(CHANGE_CURSOR_PATTERN), metadata={
        "description": "The next_cursor of the previous page; omitted: from the start of the archive"})
    limit = ma.fields.Integer(load_default=100, validate=validate.Range(1, MAX_PAGE))


class ChangeSchema(ArchivedOrderSchema):
    archived_at = ma.fields.AwareDateTime(required=True, metadata={
        "description": "When this version of the order was (re)archived"})


class ChangePageSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(ChangeSchema), required=True)
    next_cursor = ma.fields.String(allow_none=True, metadata={
        "description": "Pass as ?after= next time; the same cursor again when nothing new was archived (null only "
                       "when the archive is still empty)"})


class PeriodQuery(ma.Schema):
    from_ = ma.fields.AwareDateTime(load_default=None, data_key="from")
    to = ma.fields.AwareDateTime(load_default=None)


class StatisticsSchema(ma.Schema):
    worker_id = ma.fields.String(required=True)
    orders = ma.fields.Integer(required=True, metadata={"description": "Archived orders assigned to the worker"})
    completed = ma.fields.Integer(required=True)
    cancelled = ma.fields.Integer(required=True)
    cancelled_by_worker = ma.fields.Integer(required=True)
    checked_in = ma.fields.Integer(required=True)
    on_time_check_ins = ma.fields.Integer(required=True, metadata={
        "description": "Check-ins at most 5 minutes after the slot's start"})
    reviews = ma.fields.Integer(required=True)
    average_review_score = ma.fields.Float(allow_none=True, metadata={"description": "null until a review is known"})


def present(order: ArchivedOrder) -> dict:
    return {
        "order_id": order.order_id, "version": order.version, "status": order.status, "client_id": order.client_id,
        "cat_id": order.cat_id, "worker_id": order.worker_id, "toy_category": order.toy_category,
        "city": order.city, "district": order.district, "slot_start": order.slot_start,
        "slot_end": order.slot_end, "duration_minutes": order.duration_minutes,
        "price": None if order.price_minor is None else {"amount_minor": order.price_minor,
                                                         "currency": order.currency or ""},
        "payment": {"outcome": order.payment_outcome, "paid": order.paid, "payment_id": order.payment_id,
                    "refunded_minor": order.refunded_minor},
        "stages": {"placed_at": order.placed_at, "paid_at": order.paid_at, "kit_ready_at": order.kit_ready_at,
                   "checked_in_at": order.checked_in_at, "completed_at": order.completed_at,
                   "cancelled_at": order.cancelled_at, "expired_at": order.expired_at},
        "checked_in_on_time": order.checked_in_on_time,
        "cancellation": None if order.cancelled_by is None else {
            "cancelled_by": order.cancelled_by, "reason": order.cancel_reason,
            "previous_status": order.cancelled_from},
        "report": {"report_id": order.report_id, "summary": order.report_summary},
    }


def _page(page: Page) -> dict:
    return {"items": [present(order) for order in page.items], "next_cursor": page.next_cursor}


def _query(args: dict, **scope) -> ArchiveQuery:
    ids = {key: str(args[key]) if args.get(key) else None for key in ("client_id", "worker_id")}
    return ArchiveQuery(**{**ids, **scope}, statuses=(args["status"],) if args["status"] else (),
                        slot_from=args["from_"], slot_to=args["to"], limit=args["limit"],
                        after=Cursor.decode(args["cursor"]) if args["cursor"] else None)


def _utcnow() -> datetime:
    return datetime.now(timezone.utc)


def blueprint(archive: Archive, clock: Callable[[], datetime] = _utcnow) -> Blueprint:
    blp = Blueprint("archive", __name__, description="The archive of finished orders (completed, cancelled, "
                                                     "expired), newest slot first")

    def search(args: dict, **scope) -> dict:
        principal = current_principal().actor  # the person a service acts for, or the service itself
        return _page(service.search(archive, _query(args, **scope), principal.role, principal.subject))

    @blp.route("/archive/orders")
    class Search(MethodView):
        OPERATION_IDS = {"get": "searchArchive"}

        @requires("service")
        @blp.arguments(SearchQuery, location="query")
        @blp.response(200, PageSchema)
        @problem_responses(blp, 401, 403)
        def get(self, args):
            """Search the archive by client, worker, status and slot period, paged with a stable cursor. A service
            acting for a client searches only the client's orders, for a worker only the worker's (naming another
            is 403)."""
            return search(args)

    @blp.route("/archive/changes")
    class Changes(MethodView):
        OPERATION_IDS = {"get": "listArchiveChanges"}

        @requires("service", on_behalf_of=())
        @blp.arguments(ChangesQuery, location="query")
        @blp.response(200, ChangePageSchema)
        @problem_responses(blp, 401, 403, 422)
        def get(self, args):
            """The change feed, for services keeping a copy of the archive (quality's review queue): orders in the
            order they were archived, after ``after``. At least once: an order archived again (a redelivered event,
            a new version, the backfill) comes again at its latest version; keep the highest version seen. Only
            what was archived more than two seconds ago is served, so no slow insert is skipped (ADR 0110). A
            service token acting for nobody."""
            page = service.changes(archive, args["after"], args["limit"], current_principal().actor.role, clock())
            return {"items": [{**present(c.order), "archived_at": c.archived_at} for c in page.items],
                    "next_cursor": page.next_cursor}

    @blp.route("/archive/orders/<uuid:order_id>")
    class One(MethodView):
        OPERATION_IDS = {"get": "getArchivedOrder"}

        @requires("service")
        @blp.response(200, ArchivedOrderSchema)
        @problem_responses(blp, 401, 404)
        def get(self, order_id):
            """One archived order; acting for a client or worker, another's looks like none (404)."""
            principal = current_principal().actor
            return present(service.get_archived(archive, str(order_id), principal.role, principal.subject))

    @blp.route("/clients/<uuid:client_id>/orders")
    class ClientOrders(MethodView):
        OPERATION_IDS = {"get": "listClientPastOrders"}

        @requires("service", on_behalf_of=("client", "manager", None))
        @blp.arguments(PagingQuery, location="query")
        @blp.response(200, PageSchema)
        @problem_responses(blp, 401, 403)
        def get(self, args, client_id):
            """A client's past orders, newest slot first (client-dashboard's "past" listing)."""
            return search(args, client_id=str(client_id))

    @blp.route("/workers/<uuid:worker_id>/orders")
    class WorkerOrders(MethodView):
        OPERATION_IDS = {"get": "listWorkerPastOrders"}

        @requires("service", on_behalf_of=("worker", "manager", None))
        @blp.arguments(PagingQuery, location="query")
        @blp.response(200, PageSchema)
        @problem_responses(blp, 401, 403)
        def get(self, args, worker_id):
            """A worker's history, newest slot first (worker-dashboard)."""
            return search(args, worker_id=str(worker_id))

    @blp.route("/workers/<uuid:worker_id>/statistics")
    class WorkerStatistics(MethodView):
        OPERATION_IDS = {"get": "getWorkerStatistics"}

        @requires("service", on_behalf_of=("manager", None))
        @blp.arguments(PeriodQuery, location="query")
        @blp.response(200, StatisticsSchema)
        @problem_responses(blp, 401, 403)
        def get(self, args, worker_id):
            """A worker's record over the archive (optionally the slots in [from, to)): completed, cancelled,
            cancelled by the worker, check-ins on time, reviews and their average score (null until known)."""
            stats = service.worker_statistics(archive, str(worker_id), args["from_"], args["to"],
                                              current_principal().actor.role)
            return vars(stats)

    return blp
