"""The managers' panel (Flask-Admin, on the kit's ``mcf.kit.admin``): the review queue, an order with its report
and photos and the review form, the rating adjustments and their delivery. Every view mixes in ``StaffOnly``;
every form carries its CSRF token (the kit checks every POST under /admin).

Photos are proxied: the page shows ``/admin/queue/photo/<id>/thumbnail``, which asks order-report with quality's
service token acting for the signed-in manager, so the browser never holds a service token.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Callable

from flask import Response, abort, flash, redirect, request, url_for
from flask_admin import BaseView, expose
from flask_wtf import FlaskForm
from wtforms import BooleanField, DecimalField, HiddenField, SelectField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from mcf.kit.admin import StaffOnly, current_staff
from mcf.kit.errors import DomainError, Unavailable
from mcf.kit.logging import get_logger
from mcf.kit.values import is_uuid
from mcf.quality import service
from mcf.quality.domain import CHECKLIST, MAX_DELTA, Decision
from mcf.quality.ports import Reports, UnitOfWork, WorkerRatings

log = get_logger(__name__)
PAGE = 50


@dataclass
class PanelDeps:
    uow: Callable[[], UnitOfWork]
    reports: Reports
    ratings: WorkerRatings
    clock: Callable[[], datetime]


class ReviewForm(FlaskForm):
    review_id = HiddenField(validators=[DataRequired()])
    score = SelectField("Score", choices=[(str(n), str(n)) for n in range(5, 0, -1)], default="4",
                        validators=[DataRequired()])
    comment = TextAreaField("Comment", validators=[Length(max=2000)])
    decision = SelectField("Decision", choices=[(Decision.APPROVE.value, "Approve (rating stays)"),
                                                (Decision.COMMEND.value, "Commend (rating up)"),
                                                (Decision.PENALISE.value, "Penalise (rating down)")],
                           default=Decision.APPROVE.value)
    delta = DecimalField("Rating change", places=2, default=0, validators=[Optional(), NumberRange(0, MAX_DELTA)],
                         description=f"How much the rating moves (0.01..{MAX_DELTA}); ignored when approving")


def review_form(*args, **kwargs) -> ReviewForm:
    """The form with one checkbox per checklist item (the checklist lives in the domain)."""
    fields = {f"check_{key}": BooleanField(label) for key, label in CHECKLIST}
    return type("ChecklistReviewForm", (ReviewForm,), fields)(*args, **kwargs)


class QueueView(StaffOnly, BaseView):
    def __init__(self, deps: PanelDeps, **kwargs):
        super().__init__(**kwargs)
        self.deps = deps

    @expose("/")
    def index(self):
        show = request.args.get("show", "open")
        reviewed = {"open": False, "reviewed": True}.get(show)
        raw_page = request.args.get("page", "0")
        page = int(raw_page) if raw_page.isdigit() else 0
        entries, total = service.queue(self.deps.uow(), reviewed=reviewed, limit=PAGE, offset=page * PAGE)
        return self.render("quality_admin/queue.html", entries=entries, total=total, show=show, page=page,
                           pages=(total + PAGE - 1) // PAGE)

    @expose("/order/<order_id>", methods=("GET", "POST"))
    def order(self, order_id):
        if not is_uuid(order_id):
            abort(404)
        try:
            found = service.order_for_review(self.deps.uow(), order_id)
        except DomainError:
            abort(404)
        staff = current_staff()
        form = review_form()
        if request.method == "GET":
            form.review_id.data = str(uuid.uuid4())
        elif form.validate_on_submit():
            filed = self._file(found, form, staff.id)
            if filed is not None:
                return redirect(url_for(".order", order_id=order_id))
        record, record_error = None, None
        try:
            record = self.deps.reports.record(order_id, staff.id)
        except Unavailable as exc:
            record_error = exc.detail
        return self.render("quality_admin/order.html", found=found, entry=found.entry, order=found.entry.order,
                           record=record, record_error=record_error, form=form, checklist=CHECKLIST,
                           photo_url=lambda photo: url_for(".thumbnail", photo_id=photo["photo_id"]))

    def _file(self, found, form, manager_id):
        command = service.ReviewCommand(
            review_id=form.review_id.data, order_id=found.entry.order.order_id, manager_id=manager_id,
            score=int(form.score.data), checklist={key: bool(form[f"check_{key}"].data) for key, _ in CHECKLIST},
            comment=form.comment.data or "", decision=Decision(form.decision.data),
            delta=float(form.delta.data or 0))
        try:
            filed = service.file_review(self.deps.uow(), command, self.deps.clock())
        except DomainError as exc:
            flash(f"Not filed: {exc.detail}", "danger")
            return None
        if filed.adjustment is not None:
            try:  # at once if worker-profile answers; otherwise the delivery job keeps trying
                service.deliver_adjustments(self.deps.uow(), self.deps.ratings, self.deps.clock(),
                                            review_id=filed.review.id, log=log.warning)
            except Exception:  # noqa: BLE001 - the review is stored; delivery is the job's to finish
                log.exception("rating adjustment delivery failed; the job will retry", review_id=filed.review.id)
        flash("Review filed." if filed.created else "This review was filed already.", "success")
        return filed

    @expose("/photo/<photo_id>/thumbnail")
    def thumbnail(self, photo_id):
        if not is_uuid(photo_id):
            abort(404)
        try:
            picture = self.deps.reports.thumbnail(photo_id, current_staff().id)
        except Unavailable:
            abort(503)
        if picture is None:
            abort(404)
        response = Response(picture.data, mimetype=picture.content_type)
        response.headers["Cache-Control"] = "private, max-age=3600"
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response


class AdjustmentsView(StaffOnly, BaseView):
    """Rating adjustments: pending ones first (with their last error and next try), then refused, then applied;
    "Retry now" sends the due and pending ones at once (a CSRF-checked POST)."""

    def __init__(self, deps: PanelDeps, **kwargs):
        super().__init__(**kwargs)
        self.deps = deps

    @expose("/")
    def index(self):
        return self.render("quality_admin/adjustments.html",
                           adjustments=service.pending_adjustments(self.deps.uow()), form=FlaskForm())

    @expose("/retry", methods=("POST",))
    def retry(self):
        now = self.deps.clock()
        applied = service.deliver_adjustments(self.deps.uow(), self.deps.ratings, now, due_by=datetime.max.replace(
            tzinfo=now.tzinfo), log=log.warning)
        flash(f"{len(applied)} adjustment(s) applied.", "success")
        return redirect(url_for(".index"))


def views(deps: PanelDeps) -> list[BaseView]:
    return [QueueView(deps, name="Review queue", endpoint="admin_queue", url="queue"),
            AdjustmentsView(deps, name="Rating adjustments", endpoint="admin_adjustments", url="adjustments")]
