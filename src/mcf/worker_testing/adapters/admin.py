"""The managers' panel (Flask-Admin, peewee backend): tests, versions with their questions edited inline,
activation, and per-question statistics. Every view mixes in the kit's ``StaffOnly``.

A version is frozen once it is active or candidates have answered it: managers make a new version instead
(the "New version from this" action copies the questions), so the statistics of a version keep their meaning.
"""
from __future__ import annotations

from typing import Callable

from flask import flash, request
from flask_admin import BaseView, expose
from flask_admin.actions import action
from flask_admin.contrib.peewee import ModelView
from flask_admin.model.form import InlineFormAdmin
from wtforms.validators import ValidationError

from mcf.kit.admin import StaffOnly
from mcf.kit.errors import DomainError
from mcf.worker_testing import service
from mcf.worker_testing.adapters.storage import AttemptRow, QuestionRow, TestRow, VersionRow, version_of
from mcf.worker_testing.domain import InvalidTest, Question, QuestionKind, options_from_lines
from mcf.worker_testing.ports import AnswerStore, UnitOfWork


def is_frozen(version_id) -> bool:
    row = VersionRow.get_or_none(VersionRow.id == version_id)
    answered = AttemptRow.select().where(AttemptRow.version_id == version_id).exists()
    return answered or (row is not None and row.active)


def _check_options(form, field) -> None:
    """The options box of a question form: the domain's rules, shown beside the field."""
    try:
        options = options_from_lines(field.data or "")
        kind = QuestionKind(form.kind.data or "single")
        weight = form.weight.data if form.weight.data is not None else 1
        Question("new", form.text.data or "?", kind, weight, options).check()
    except (InvalidTest, ValueError) as exc:
        raise ValidationError(getattr(exc, "detail", str(exc))) from None


QUESTION_FIELD_ARGS = {
    "options": {"validators": [_check_options],
                "description": "One option a line; start each correct option with *"},
    "weight": {"description": "Points for a fully correct answer (1..100)"},
}


class QuestionInline(InlineFormAdmin):
    form_columns = ("id", "position", "text", "kind", "weight", "options")
    form_args = QUESTION_FIELD_ARGS


class TestView(StaffOnly, ModelView):
    column_list = ("title", "description", "created_at")
    form_columns = ("title", "description")
    column_default_sort = ("created_at", True)


class VersionView(StaffOnly, ModelView):
    column_list = ("test", "number", "pass_mark", "time_limit_seconds", "active", "created_at")
    column_labels = {"pass_mark": "Pass mark, %", "time_limit_seconds": "Time limit, s"}
    form_columns = ("test", "number", "pass_mark", "time_limit_seconds")
    inline_models = (QuestionInline(QuestionRow),)
    column_default_sort = ("created_at", True)

    def on_model_change(self, form, model, is_created):
        if not is_created and is_frozen(model.id):
            raise ValidationError("This version is active or answered and cannot change: deactivate it, or make "
                                  "a new version from it.")

    def on_model_delete(self, model):
        if is_frozen(model.id):
            raise ValidationError("An active or answered version cannot be deleted.")

    @action("activate", "Activate", "Make this version the test candidates take?")
    def action_activate(self, ids):
        if len(ids) != 1:
            flash("Choose exactly one version to activate.", "error")
            return
        row = VersionRow.get_or_none(VersionRow.id == ids[0])
        if row is None:
            flash("That version no longer exists.", "error")
            return
        try:
            version_of(row).check()
        except InvalidTest as exc:
            flash(f"Not activated: {exc.detail}", "error")
            return
        database = VersionRow._meta.database
        with database.atomic():
            VersionRow.update(active=False).where(VersionRow.active).execute()
            VersionRow.update(active=True).where(VersionRow.id == row.id).execute()
        flash(f"{row} is now the active test.", "success")

    @action("deactivate", "Deactivate", "Stop candidates from starting this version?")
    def action_deactivate(self, ids):
        count = VersionRow.update(active=False).where(VersionRow.id.in_(ids) & VersionRow.active).execute()
        flash(f"{count} version(s) deactivated.", "success")

    @action("new_version", "New version from this", "Copy this version's questions into a new, inactive version?")
    def action_new_version(self, ids):
        database = VersionRow._meta.database
        for version_id in ids:
            source = VersionRow.get_or_none(VersionRow.id == version_id)
            if source is None:
                continue
            with database.atomic():
                last = VersionRow.select().where(VersionRow.test == source.test_id) \
                    .order_by(VersionRow.number.desc()).first()
                copy = VersionRow.create(test=source.test_id, number=last.number + 1, pass_mark=source.pass_mark,
                                         time_limit_seconds=source.time_limit_seconds)
                for question in QuestionRow.select().where(QuestionRow.version == source.id):
                    QuestionRow.create(version=copy.id, position=question.position, text=question.text,
                                       kind=question.kind, weight=question.weight, options=question.options)
            flash(f"{copy} created from {source}.", "success")


class QuestionView(StaffOnly, ModelView):
    """Every question, editable in the list itself (text and weight) or in its form."""

    column_list = ("version", "position", "text", "kind", "weight")
    column_editable_list = ("text", "weight", "position")
    form_columns = ("version", "position", "text", "kind", "weight", "options")
    form_args = QUESTION_FIELD_ARGS
    column_default_sort = ("position", False)

    def on_model_change(self, form, model, is_created):
        if is_frozen(model.version_id):
            raise ValidationError("Its version is active or answered: make a new version to change questions.")
        if not 1 <= (model.weight or 0) <= 100:
            raise ValidationError("The weight is 1..100.")

    def on_model_delete(self, model):
        if is_frozen(model.version_id):
            raise ValidationError("Its version is active or answered: its questions stay.")


class StatisticsView(StaffOnly, BaseView):
    """Per question of a version (the active one unless chosen): share correct and median time, from ClickHouse."""

    def __init__(self, uow: Callable[[], UnitOfWork], answers: Callable[[], AnswerStore], **kwargs):
        super().__init__(**kwargs)
        self._uow, self._answers = uow, answers

    @expose("/")
    def index(self):
        versions = list(VersionRow.select(VersionRow, TestRow).join(TestRow)
                        .order_by(TestRow.title, VersionRow.number.desc()))
        chosen = request.args.get("version")
        row = next((v for v in versions if str(v.id) == chosen), None) or next((v for v in versions if v.active),
                                                                               None)
        version = reports = error = None
        if row is not None:
            try:
                version, reports = service.question_statistics(self._uow(), self._answers(), str(row.test_id),
                                                               row.number)
            except DomainError as exc:
                error = exc.detail
            except Exception as exc:  # noqa: BLE001 - ClickHouse down: say so on the page, keep the panel usable
                error = f"The answer store did not answer ({type(exc).__name__})."
        return self.render("worker_testing_admin/statistics.html", versions=versions, chosen=row,
                           version=version, reports=reports, error=error)


def views(uow: Callable[[], UnitOfWork], answers: Callable[[], AnswerStore]) -> list[BaseView]:
    return [
        TestView(TestRow, name="Tests", endpoint="admin_tests", url="tests"),
        VersionView(VersionRow, name="Versions", endpoint="admin_versions", url="versions"),
        QuestionView(QuestionRow, name="Questions", endpoint="admin_questions", url="questions"),
        StatisticsView(uow, answers, name="Statistics", endpoint="admin_statistics", url="statistics"),
    ]
