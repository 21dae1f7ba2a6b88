"""worker-profile's HTTP API: who sees what is decided here from the verified token, then one use case.

- public: ``POST /workers`` (register a candidate), ``POST /login``;
- the worker (role ``worker``, subject = worker id): ``/workers/me`` (read, change, erase), and its own projection
  and rating history;
- managers (role ``manager``, or a service acting for one): personal data (every read logged), the access log,
  status moves, erasure, rating adjustments;
- services: the projection without personal data (``GET /workers/{id}``), and on their own the contact card
  (``GET /workers/{id}/contact``, logged) they need to write to a worker.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Callable

import marshmallow as ma
from flask.views import MethodView
from flask_smorest import Blueprint

from mcf.kit.auth import current_principal, requires
from mcf.kit.errors import Forbidden, NotFound
from mcf.kit.http import LOGIN_WITH_THE_SAME_CREDENTIALS, PatchSchema, each, links, problem_responses
from mcf.kit.idempotency import REPLAYED
from mcf.kit.login_throttle import LoginThrottle, documents_rate_limit
from mcf.kit.values import TOY_CATEGORIES
from mcf.worker_profile import service
from mcf.worker_profile.domain import (
    LOCALES,
    MAX_REVIEW_DELTA,
    Actor,
    Characteristics,
    PersonalData,
    Window,
    Worker,
    WorkerStatus,
)
from mcf.worker_profile.ports import PasswordHasher, TokenIssuer, UnitOfWork

HHMM = ma.validate.Regexp(r"^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$", error="Must be HH:MM (00:00..24:00).")
START = ma.validate.Regexp(r"^([01][0-9]|2[0-3]):[0-5][0-9]$", error="Must be HH:MM (00:00..23:59).")


@dataclass(frozen=True)
class Dependencies:
    uow: Callable[[], UnitOfWork]
    hasher: PasswordHasher
    tokens: TokenIssuer
    rating: service.RatingPolicy
    clock: Callable[[], datetime]
    throttle: LoginThrottle


class WindowSchema(ma.Schema):
    weekday = ma.fields.Integer(required=True, strict=True, validate=ma.validate.Range(0, 6),
                                metadata={"description": "0 = Monday"})
    start = ma.fields.String(required=True, validate=START, metadata={
        "description": "A window that does not end after it starts is empty: it is dropped", "example": "09:00"})
    end = ma.fields.String(required=True, validate=HHMM, metadata={"example": "18:00"})


def _categories(**kw):
    return ma.fields.List(ma.fields.String(validate=ma.validate.OneOf(TOY_CATEGORIES)),
                          validate=ma.validate.Length(max=len(TOY_CATEGORIES)), **kw)


def _districts(**kw):
    return ma.fields.List(ma.fields.String(validate=ma.validate.Length(1, 80)), validate=ma.validate.Length(max=50),
                          **kw)


def _windows_of(raw: list[dict]) -> tuple[Window, ...]:
    """The windows sent; one that does not end after it starts is empty and dropped (a schema cannot say "end
    after start", so it is not a 422: ADR 0051)."""
    return tuple(Window(**w) for w in raw if w["end"] > w["start"])


def _windows(**kw):
    return ma.fields.List(ma.fields.Nested(WindowSchema), validate=ma.validate.Length(max=50), **kw)


# The core's rules of personal data, said in the contract (ADR 0051): a name, document number or district is
# not only spaces (the core strips them); a phone has at least 7 digits; the e-mail is the core's EMAIL. Being
# 18 or older depends on today, so it is a 409 ``under-age``, not a schema rule.
# (not \S alone: a NUL is no whitespace, so "^[^\x00]*\S[^\x00]*$" let one NUL through; found by the stateful fuzzing)
NOT_BLANK = ma.validate.Regexp(r"^[^\x00]*[^\s\x00][^\x00]*$", error="Must not be blank.")
PHONE = ma.validate.Regexp(r"^[^0-9\x00]*([0-9][^0-9\x00]*){7,}$", error="A phone number has at least 7 digits.")
EMAIL_RULE = ma.validate.Regexp(r"^[^@\s\x00-\x1f\x7f]+@[^@\s\x00-\x1f\x7f]+\.[^@\s\x00-\x1f\x7f]+$",
                                error="Not an e-mail address.")


def _personal(required: bool) -> dict:
    return {
        # Examples for the answers composed from these fields (docs/adr/0173): their rules are patterns.
        "full_name": ma.fields.String(required=required, validate=[ma.validate.Length(1, 200), NOT_BLANK],
                                      metadata={"example": "Ivan Petrov"}),
        "phone": ma.fields.String(required=required, validate=[ma.validate.Length(5, 40), PHONE],
                                  metadata={"example": "+7 900 123-45-67"}),
        "email": ma.fields.String(required=required, validate=[ma.validate.Length(max=254), EMAIL_RULE],
                                  metadata={"example": "ivan@workers.example"}),
        "date_of_birth": ma.fields.Date(required=required),
        "document_number": ma.fields.String(required=required, validate=[ma.validate.Length(1, 60), NOT_BLANK],
                                            metadata={"example": "4510 123456"}),
        "home_district": ma.fields.String(required=required, validate=[ma.validate.Length(1, 80), NOT_BLANK],
                                          metadata={"example": "Arbat"}),
    }


PersonalFields = ma.Schema.from_dict(_personal(True), name="PersonalFields")


class RegistrationSchema(PersonalFields):
    password = ma.fields.String(required=True, load_only=True, validate=ma.validate.Length(10, 200))
    locale = ma.fields.String(load_default="en", validate=ma.validate.OneOf(LOCALES))
    toy_categories = _categories(required=True)
    districts = _districts(required=True)
    availability = _windows(required=True)


class ProfileChangeSchema(PatchSchema, ma.Schema.from_dict(_personal(False), name="PersonalChanges")):
    locale = ma.fields.String(validate=ma.validate.OneOf(LOCALES))
    toy_categories = _categories()
    districts = _districts()
    availability = _windows()


class LoginSchema(ma.Schema):
    email = ma.fields.String(required=True, validate=ma.validate.Length(1, 254))
    password = ma.fields.String(required=True, load_only=True, validate=ma.validate.Length(1, 200))


class TokenSchema(ma.Schema):
    token = ma.fields.String(required=True, metadata={"description": "A bearer token, role worker"})


class TestResultSchema(ma.Schema):
    attempt_id = ma.fields.UUID(required=True)
    test_id = ma.fields.UUID(required=True)
    test_version = ma.fields.Integer(required=True)
    score = ma.fields.Integer(required=True)
    max_score = ma.fields.Integer(required=True)
    pass_mark = ma.fields.Integer(required=True)
    passed = ma.fields.Boolean(required=True)
    completed_at = ma.fields.DateTime(required=True)


class TestsSchema(ma.Schema):
    attempts = ma.fields.Integer(required=True)
    passed = ma.fields.Boolean(required=True)
    best_percent = ma.fields.Float(required=True)
    last_completed_at = ma.fields.DateTime(required=True, allow_none=True)
    results = ma.fields.List(ma.fields.Nested(TestResultSchema), required=True)


class ProjectionSchema(ma.Schema):
    """A worker without personal data."""

    worker_id = ma.fields.UUID(required=True)
    status = ma.fields.String(required=True, validate=ma.validate.OneOf([s.value for s in WorkerStatus]))
    active = ma.fields.Boolean(required=True)
    toy_categories = ma.fields.List(ma.fields.String(), required=True)
    districts = ma.fields.List(ma.fields.String(), required=True)
    availability = ma.fields.List(ma.fields.Nested(WindowSchema), required=True)
    rating = ma.fields.Float(required=True, metadata={"description": "0..5, matching's scale"})
    test_score = ma.fields.Float(required=True, metadata={"description": "best attempt, percent of max score"})
    tests = ma.fields.Nested(TestsSchema, required=True)
    erased = ma.fields.Boolean(required=True)
    version = ma.fields.Integer(required=True)
    registered_at = ma.fields.DateTime(required=True)
    updated_at = ma.fields.DateTime(required=True)


class PersonalDataSchema(PersonalFields):
    locale = ma.fields.String(required=True)


class OwnProfileSchema(ProjectionSchema):
    personal = ma.fields.Nested(PersonalDataSchema, required=True)


class RegisteredSchema(ma.Schema):
    worker = ma.fields.Nested(OwnProfileSchema, required=True)
    token = ma.fields.String(required=True)


class ContactSchema(ma.Schema):
    # The rule registration accepts (EMAIL_RULE), not ``format: email``: the card answers what was registered
    # (found by the stateful fuzzing: a registered address the stricter format refused).
    email = ma.fields.String(required=True, validate=[ma.validate.Length(max=254), EMAIL_RULE],
                             metadata={"example": "ivan@workers.example"})
    full_name = ma.fields.String(required=True)
    locale = ma.fields.String(required=True)


class ActorSchema(ma.Schema):
    role = ma.fields.String(required=True)
    id = ma.fields.String(required=True)


class AccessRecordSchema(ma.Schema):
    reader = ma.fields.Nested(ActorSchema, required=True)
    on_behalf_of = ma.fields.Nested(ActorSchema, required=True, allow_none=True)
    purpose = ma.fields.String(required=True)
    fields = ma.fields.List(ma.fields.String(), required=True)
    at = ma.fields.DateTime(required=True)


class RatingAdjustmentSchema(ma.Schema):
    review_id = ma.fields.String(required=True, validate=ma.validate.Length(1, 100),
                                 metadata={"description": "quality-service's review; the idempotency key"})
    delta = ma.fields.Float(required=True, validate=ma.validate.Range(-MAX_REVIEW_DELTA, MAX_REVIEW_DELTA),
                            # "not 0" said in the schema too (found by the stateful fuzzing: 0 was valid by it)
                            metadata={"description": "One review's change, not 0", "not": {"enum": [0]}})
    reason = ma.fields.String(required=True, validate=ma.validate.Length(1, 500))


class RatingChangeSchema(ma.Schema):
    review_id = ma.fields.String(required=True, allow_none=True)
    delta = ma.fields.Float(required=True)
    reason = ma.fields.String(required=True)
    by = ma.fields.Nested(ActorSchema, required=True, metadata={"description": "the manager"})
    at = ma.fields.DateTime(required=True)
    rating_before = ma.fields.Float(required=True)
    rating_after = ma.fields.Float(required=True)


class RatingResultSchema(ma.Schema):
    worker = ma.fields.Nested(ProjectionSchema, required=True)
    change = ma.fields.Nested(RatingChangeSchema, required=True)


class RatingHistorySchema(ma.Schema):
    worker_id = ma.fields.UUID(required=True)
    rating = ma.fields.Float(required=True)
    changes = ma.fields.List(ma.fields.Nested(RatingChangeSchema), required=True)


class StatusChangeSchema(ma.Schema):
    status = ma.fields.String(required=True, validate=ma.validate.OneOf(["active", "suspended", "deactivated"]))
    reason = ma.fields.String(required=True, validate=ma.validate.Length(1, 500))


def present(worker: Worker, results=()) -> dict:
    c = worker.characteristics
    return {"worker_id": worker.id, "status": worker.status.value, "active": worker.status is WorkerStatus.ACTIVE,
            "toy_categories": list(c.toy_categories), "districts": list(c.districts),
            "availability": [w.to_dict() for w in c.availability], "rating": worker.rating,
            "test_score": worker.test_score,
            "tests": {"attempts": worker.tests.attempts, "passed": worker.tests.passed,
                      "best_percent": worker.tests.best_percent,
                      "last_completed_at": worker.tests.last_completed_at, "results": [vars(r) for r in results]},
            "erased": worker.erased, "version": worker.version, "registered_at": worker.registered_at,
            "updated_at": worker.updated_at}


def present_personal(worker: Worker) -> dict:
    return {**vars(worker.personal), "locale": worker.locale}


def present_own(worker: Worker, results=()) -> dict:
    return {**present(worker, results), "personal": present_personal(worker)}


def _change(change) -> dict:
    return {**vars(change), "by": vars(change.by)}


def _me() -> str:
    return current_principal().subject


def _reader() -> tuple[Actor, Actor | None]:
    """(the caller, the manager it acts for); 403 unless a manager is behind the request."""
    principal = current_principal()
    actor = principal.actor
    if actor.role != "manager":
        raise Forbidden("this needs a manager (or a service acting for one)")
    on_behalf = Actor(actor.role, actor.subject) if principal.on_behalf_of else None
    return Actor(principal.role, principal.subject), on_behalf


def _may_see(worker_id: str) -> None:
    """A worker sees only itself (someone else is 404, as if it did not exist); staff and services see all."""
    actor = current_principal().actor
    if actor.role == "worker" and actor.subject != worker_id:
        raise NotFound(f"worker {worker_id} does not exist")
    if actor.role == "client":
        raise Forbidden("clients do not read workers")


def blueprints(deps: Dependencies) -> list[Blueprint]:
    accounts = Blueprint("accounts", __name__, description="Registration and login (public)")
    own = Blueprint("own", __name__, url_prefix="/workers/me", description="The signed-in worker's own profile")
    staff = Blueprint("workers", __name__, url_prefix="/workers",
                      description="Workers for managers (personal data, logged) and services (no personal data)")

    @accounts.route("/workers", methods=["POST"])
    @accounts.arguments(RegistrationSchema, example={
        "email": "vasilisa@workers.example", "password": "purr-purr-worker-42", "full_name": "Vasilisa Petrova",
        "phone": "+7 900 123-45-67", "date_of_birth": "1995-04-12", "document_number": "4510 123456",
        "home_district": "Arbat", "districts": ["Arbat", "Khamovniki"], "toy_categories": ["feathers", "laser"],
        "availability": [{"weekday": 0, "start": "09:00", "end": "18:00"}], "locale": "ru"})
    @accounts.response(201, RegisteredSchema)
    # Not to eraseWorker: after an erasure the personal routes' 404 ``erased`` is the answer, which the stateful
    # check would take for a created resource gone missing (erasure has its own tests).
    @accounts.doc(**links(201, logIn=LOGIN_WITH_THE_SAME_CREDENTIALS, **each(
        {"worker_id": "$response.body#/worker/worker_id"}, "getWorker", "getPersonalData", "listPersonalDataReads",
        "getContactCard", "listRatingHistory", "adjustRating", "changeStatus")))
    @problem_responses(accounts, 409, 422, descriptions={409: "The e-mail or the phone is taken"})
    @accounts.doc(operationId="registerWorker")
    def register(body):
        """Register as a candidate (argon2-hashed password); answers the profile and a worker token."""
        personal = PersonalData(**{name: body[name] for name in service.PERSONAL_FIELDS})
        characteristics = Characteristics(tuple(body["toy_categories"]), tuple(body["districts"]),
                                          _windows_of(body["availability"]))
        worker = service.register(deps.uow(), deps.hasher,
                                  service.Registration(personal, body["password"], characteristics, body["locale"]),
                                  deps.clock())
        return {"worker": present_own(worker), "token": deps.tokens.issue(worker.id)}

    @accounts.route("/login", methods=["POST"])
    @accounts.arguments(LoginSchema, example={"email": "vasilisa@workers.example", "password": "purr-purr-worker-42"})
    @accounts.response(200, TokenSchema)
    @problem_responses(accounts, 401)
    @documents_rate_limit(accounts)
    def log_in(body):
        """A worker token for an e-mail and password; the same 401 for an unknown e-mail and a wrong password.

        After too many failed logins for an e-mail, 429 with Retry-After (ADR 0120)."""
        return {"token": deps.throttle.attempt(body["email"], lambda: service.log_in(
            deps.uow(), deps.hasher, deps.tokens, body["email"], body["password"]))}

    @own.route("")
    class Me(MethodView):
        OPERATION_IDS = {"get": "getOwnProfile", "patch": "changeOwnProfile"}

        @requires("worker")
        @own.response(200, OwnProfileSchema)
        @problem_responses(own, 401, 403, 404)
        def get(self):
            """The worker's own profile, personal data included."""
            uow = deps.uow()
            worker = service.own_profile(uow, _me())
            _, results = service.projection(uow, worker.id)
            return present_own(worker, results)

        @requires("worker")
        @own.arguments(ProfileChangeSchema, example={
            "districts": ["Arbat", "Presnya"], "availability": [{"weekday": 5, "start": "10:00", "end": "16:00"}]})
        @own.response(200, OwnProfileSchema)
        @problem_responses(own, 401, 403, 404, 409, 422)
        def patch(self, body):
            """Change the worker's own data; the fields not sent stay as they are."""
            if "availability" in body:
                body["availability"] = _windows_of(body["availability"])
            for name in ("toy_categories", "districts"):
                if name in body:
                    body[name] = tuple(body[name])
            worker = service.change_own_profile(deps.uow(), _me(), service.ProfileChanges(**body), deps.clock())
            _, results = service.projection(deps.uow(), worker.id)
            return present_own(worker, results)

    @own.route("/erasure", methods=["POST"])
    @requires("worker")
    @own.response(200, ProjectionSchema)
    @problem_responses(own, 401, 403, 404)
    @own.doc(operationId="eraseOwnAccount")
    def erase_me():
        """Erase the worker's personal data on the worker's request (the anonymous history stays)."""
        return present(service.erase(deps.uow(), _me(), deps.clock()))

    @staff.route("/<uuid:worker_id>")
    class One(MethodView):
        OPERATION_IDS = {"get": "getWorker"}

        @requires("worker", "manager", "service")
        @staff.response(200, ProjectionSchema)
        @problem_responses(staff, 401, 403, 404)
        def get(self, worker_id):
            """The worker without personal data: status, characteristics, rating, test results."""
            _may_see(str(worker_id))
            worker, results = service.projection(deps.uow(), str(worker_id))
            return present(worker, results)

    @staff.route("/<uuid:worker_id>/personal-data")
    class Personal(MethodView):
        OPERATION_IDS = {"get": "getPersonalData"}

        @requires("manager", "service")
        @staff.response(200, PersonalDataSchema)
        @problem_responses(staff, 401, 403, 404, descriptions={404: "Unknown, or erased"})
        def get(self, worker_id):
            """A worker's personal data, for a manager; every read is written to the access log."""
            reader, on_behalf = _reader()
            worker = service.read_personal(deps.uow(), str(worker_id), reader, on_behalf, "manager-read",
                                           deps.clock())
            return present_personal(worker)

    @staff.route("/<uuid:worker_id>/access-log")
    class Log(MethodView):
        OPERATION_IDS = {"get": "listPersonalDataReads"}

        @requires("manager", "service")
        @staff.response(200, AccessRecordSchema(many=True))
        @problem_responses(staff, 401, 403, 404)
        def get(self, worker_id):
            """Who read this worker's personal data, newest first (for a manager)."""
            _reader()
            return [{"reader": vars(r.reader), "on_behalf_of": vars(r.on_behalf_of) if r.on_behalf_of else None,
                     "purpose": r.purpose, "fields": list(r.fields), "at": r.at}
                    for r in service.access_log(deps.uow(), str(worker_id))]

    @staff.route("/<uuid:worker_id>/contact")
    class ContactCard(MethodView):
        OPERATION_IDS = {"get": "getContactCard"}

        @requires("service", on_behalf_of=())
        @staff.response(200, ContactSchema)
        @problem_responses(staff, 401, 403, 404, descriptions={404: "Unknown, or erased"})
        def get(self, worker_id):
            """The contact card a service needs to write to the worker (logged like any read of personal data)."""
            caller = current_principal()
            return vars(service.contact(deps.uow(), str(worker_id), Actor(caller.role, caller.subject),
                                        deps.clock()))

    @staff.route("/<uuid:worker_id>/rating-adjustments", methods=["POST"])
    @requires("manager", "service")
    @staff.arguments(RatingAdjustmentSchema, example={
        "review_id": "00000000-0000-4000-8000-000000000071", "delta": -0.2, "reason": "Late check-in, no photos"})
    @staff.response(201, RatingResultSchema)
    @staff.alt_response(200, schema=RatingResultSchema, headers={"Idempotent-Replayed": {
        "description": "Always `true`: this review was applied before", "schema": {"type": "string"}}},
        description="This review was applied before: its first result, marked `Idempotent-Replayed: true`")
    @problem_responses(staff, 401, 403, 404, 409, 422, descriptions={
        409: "`rating-adjustment-mismatch`: the review id came with another change before"})
    @staff.doc(operationId="adjustRating")
    def adjust(body, worker_id):
        """Change the rating after a review (a manager, or quality-service acting for one); once per review id.
        Below the deactivation threshold the worker is deactivated and told so."""
        _reader()
        actor = current_principal().actor
        worker, change, created = service.adjust_rating(
            deps.uow(), str(worker_id), body["review_id"], body["delta"], body["reason"],
            Actor("manager", actor.subject), deps.clock(), deps.rating)
        result = {"worker": present(worker), "change": _change(change)}
        return (result, 201) if created else (result, 200, {REPLAYED: "true"})

    @staff.route("/<uuid:worker_id>/rating-history")
    class History(MethodView):
        OPERATION_IDS = {"get": "listRatingHistory"}

        @requires("worker", "manager", "service")
        @staff.response(200, RatingHistorySchema)
        @problem_responses(staff, 401, 403, 404)
        def get(self, worker_id):
            """Every change of the rating: who, when, why, which review (oldest first)."""
            _may_see(str(worker_id))
            worker, changes = service.rating_history(deps.uow(), str(worker_id))
            return {"worker_id": worker.id, "rating": worker.rating, "changes": [_change(c) for c in changes]}

    @staff.route("/<uuid:worker_id>/status", methods=["POST"])
    @requires("manager", "service")
    @staff.arguments(StatusChangeSchema, example={"status": "suspended", "reason": "Two complaints under review"})
    @staff.response(200, ProjectionSchema)
    @problem_responses(staff, 401, 403, 404, 409, 422, descriptions={409: "The lifecycle does not allow this move"})
    def change_status(body, worker_id):
        """A manager suspends, reactivates or deactivates a worker (candidates become active by the test)."""
        _reader()
        return present(service.change_status(deps.uow(), str(worker_id), WorkerStatus(body["status"]),
                                             body["reason"], deps.clock()))

    @staff.route("/<uuid:worker_id>/erasure", methods=["POST"])
    @requires("manager", "service")
    @staff.response(200, ProjectionSchema)
    @problem_responses(staff, 401, 403, 404)
    @staff.doc(operationId="eraseWorker")
    def erase(worker_id):
        """Erase a worker's personal data on request (a manager); ratings and test results stay, anonymous."""
        _reader()
        return present(service.erase(deps.uow(), str(worker_id), deps.clock()))

    return [accounts, own, staff]
