"""The catalogue of MCF problem types (issue 17, docs/adr/0174): each ``urn:mcf:problem:<slug>`` with its status and
the extension members it carries, required or optional. The contract shows each type as a closed schema whose
``type`` is fixed (``enum: [<urn>]``), so a strict client tells the errors apart and knows each one's members;
``problem()`` sends only the members its type declares. A type is one error wherever it is raised or relayed (a
dashboard passes another service's problem on with its type and members), so its members are the union over its
raise sites; a member is required where every site attaches it."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

PROBLEM_BASE = "urn:mcf:problem:"

# The extension members' schemas, one meaning each whichever type carries them.
MEMBERS: Mapping[str, dict] = {
    "errors": {"type": "object", "additionalProperties": {},
               "description": "For validation errors: location -> field -> messages"},
    "field": {"type": "string", "description": "The input field a business rule refused"},
    "order_status": {"type": "string", "description": "The order's status that forbids the request"},
    "requested": {"type": "string", "description": "The status an illegal transition asked for"},
    "payment_id": {"type": "string", "description": "The payment that settles or holds the matter"},
    "service": {"type": "string", "description": "The dependency that did not answer or refused"},
    "checks": {"type": "object", "additionalProperties": {"type": "string"},
               "description": "Readiness: dependency -> ok | down"},
    "expected_version": {"type": "integer", "description": "The version a lost concurrent update had read"},
    "kit_status": {"type": "string", "description": "The kit's status that forbids the request"},
    "notification_status": {"type": "string", "description": "The notification's status that forbids it"},
    "checked_in_at": {"type": "string", "format": "date-time",
                      "description": "When the order was checked in already"},
    "report_id": {"type": "string", "description": "The report the order already has"},
    "max_bytes": {"type": "integer", "description": "The largest photo accepted, in bytes"},
    "width": {"type": "integer", "description": "The refused photo's width in pixels"},
    "height": {"type": "integer", "description": "The refused photo's height in pixels"},
    "question_id": {"type": "string", "description": "The question an answer or a test edit is refused for"},
    "attempt_status": {"type": "string", "description": "The attempt's status that forbids the request"},
    "deadline": {"type": "string", "format": "date-time", "description": "When the attempt's time ran out"},
    "retry_at": {"type": "string", "format": "date-time", "description": "When a retake is allowed"},
    "retry_after_seconds": {"type": "integer", "minimum": 1,
                            "description": "Seconds until another try is allowed (as in Retry-After)"},
}

# Examples of members whose schema alone composes a poor one.
MEMBER_EXAMPLES: Mapping[str, object] = {
    "errors": {"json": {"duration_minutes": ["Must be a multiple of 15."]}}, "field": "slot_start",
    "order_status": "completed", "requested": "cancelled", "payment_id": "00000000-0000-4000-8000-0000000000c1",
    "service": "payment", "checks": {"database": "ok", "broker": "down"}, "expected_version": 3,
    "kit_status": "ready", "notification_status": "sent", "checked_in_at": "2030-01-01T09:05:00+00:00",
    "report_id": "00000000-0000-4000-8000-0000000000d1", "max_bytes": 10485760, "width": 12000,
    "height": 9000, "question_id": "00000000-0000-4000-8000-0000000000e1", "attempt_status": "submitted",
    "deadline": "2030-01-01T09:30:00+00:00", "retry_at": "2030-01-02T09:00:00+00:00", "retry_after_seconds": 60,
}


@dataclass(frozen=True)
class ProblemType:
    slug: str
    status: int
    description: str
    required: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()
    members: frozenset[str] = field(init=False)

    def __post_init__(self):
        object.__setattr__(self, "members", frozenset(self.required) | frozenset(self.optional))

    @property
    def urn(self) -> str:
        return PROBLEM_BASE + self.slug

    @property
    def schema_name(self) -> str:
        return "Problem" + "".join(part.capitalize() for part in self.slug.split("-"))


def _types(*types: ProblemType) -> Mapping[str, ProblemType]:
    return {t.urn: t for t in types}


T = ProblemType
CATALOGUE: Mapping[str, ProblemType] = _types(
    # the kit's own
    T("validation-error", 422, "The request does not match the schema", required=("errors",)),
    T("invalid-input", 422, "Input that passed the schema breaks a business rule", optional=("field",)),
    T("not-found", 404, "No such thing (or not one the caller may see)", optional=("field",)),
    T("conflict", 409, "The resource's state forbids the request", optional=("kit_status",)),
    T("concurrent-update", 409, "Someone else changed it between our read and our write; read it again",
      optional=("expected_version",)),
    T("unauthorized", 401, "The caller could not be identified"),
    T("forbidden", 403, "The caller may not do that", optional=("field",)),
    T("dependency-unavailable", 503, "A dependency did not answer in time (or answered something unusable)",
      optional=("service",)),
    T("dependency-refused", 502, "Another service refused this service's credentials", required=("service",)),
    T("too-many-requests", 429, "A rate limit is used up; retry after Retry-After", required=("retry_after_seconds",)),
    T("too-many-attempts", 429, "Too many failed logins for this account (ADR 0120); retry after Retry-After",
      required=("retry_after_seconds",)),
    T("not-ready", 503, "A dependency of the service does not answer (readiness)", required=("checks",)),
    T("idempotency-key-reused", 422, "The Idempotency-Key was used for a different request (ADR 0061)",
      optional=("field", "payment_id")),
    # order
    T("unknown-order", 404, "No such order"),
    T("cat-not-found", 404, "The cat is not one of the client's", required=("field",)),
    T("slot-too-soon", 409, "The slot starts too soon to prepare a kit", required=("field",)),
    T("illegal-transition", 409, "The status forbids the transition asked for", optional=("order_status", "requested")),
    T("offer-not-open", 409, "The offer is not open to this worker (any more)"),
    # payment
    T("order-not-payable", 409, "The order cannot be paid in its status", required=("order_status",)),
    T("price-mismatch", 409, "The amount is not the order's price"),
    T("order-already-paid", 409, "The order is paid already", optional=("payment_id",)),
    T("order-cancelled", 409, "The order is cancelled"),
    # order-report
    T("already-checked-in", 409, "The order is checked in already", optional=("checked_in_at",)),
    T("already-reported", 409, "The order has a report already", optional=("report_id",)),
    T("order-not-ready", 409, "The order's kit is not ready for pick-up", required=("order_status",)),
    T("not-checked-in", 409, "The order is not checked in"),
    T("check-in-time-out-of-range", 409, "The check-in time is in the future or too long ago", required=("field",)),
    T("bad-image", 422, "A photo is empty, too large or not an image", required=("field",),
      optional=("max_bytes", "width", "height")),
    # order-history
    T("order-not-finished", 409, "Only finished orders are archived"),
    # client-dashboard, worker-profile
    T("email-taken", 409, "An account with this e-mail exists already", required=("field",)),
    T("invalid-credentials", 401, "Unknown e-mail or wrong password (one error: it does not tell which)"),
    # worker-profile
    T("unknown-worker", 404, "No such worker"),
    T("phone-taken", 409, "A worker with this phone exists already", required=("field",)),
    T("under-age", 409, "The worker is under the minimum age", required=("field",)),
    T("rating-adjustment-mismatch", 409, "The rating adjustment does not match the one recorded"),
    T("erased", 404, "The worker's personal data is erased"),
    # notification
    T("unknown-template", 422, "No such template (or an incomplete one)", required=("field",)),
    T("template-data", 422, "The template cannot use the data", required=("field",)),
    T("notification-final", 409, "The notification is final already", required=("notification_status",)),
    # quality
    T("not-reviewable", 409, "The order cannot be reviewed"),
    T("already-reviewed", 409, "The order is reviewed already"),
    # worker-testing
    T("no-active-test", 404, "No test is active"),
    T("cooling-down", 409, "A retake is allowed after the cool-down", required=("retry_at", "retry_after_seconds")),
    T("already-passed", 409, "The worker passed the test already"),
    T("attempt-expired", 409, "The attempt's time limit has passed", required=("deadline",)),
    T("attempt-finished", 409, "The attempt is finished already", required=("attempt_status",)),
    T("invalid-answer", 422, "An answer is refused", required=("question_id",)),
    T("invalid-test", 422, "A test edit is refused", optional=("question_id",)),
    # worker-dashboard
    T("order-not-assigned", 409, "The offer must be accepted first", required=("order_status",)),
)
del T

RESERVED = ("type", "title", "status", "detail", "instance", "correlation_id")


def members_of(urn: str) -> frozenset[str]:
    """The extension members a problem of this type may carry (none for a type outside the catalogue)."""
    kind = CATALOGUE.get(urn)
    return kind.members if kind else frozenset()


def of_status(status: int) -> list[ProblemType]:
    return [t for t in CATALOGUE.values() if t.status == status]


def schema(kind: ProblemType) -> dict:
    """The closed JSON schema (OpenAPI 3.0) of one problem type."""
    properties = {
        "type": {"type": "string", "enum": [kind.urn]},
        "title": {"type": "string"},
        "status": {"type": "integer", "enum": [kind.status]},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "correlation_id": {"type": "string"},
        **{name: dict(MEMBERS[name]) for name in sorted(kind.members)},
    }
    example = {"type": kind.urn, "title": kind.description, "status": kind.status, "detail": kind.description + ".",
               "instance": "/orders/00000000-0000-4000-8000-0000000000b1",
               "correlation_id": "4bf92f3577b34da6a3ce929d0e0e4736",
               **{name: MEMBER_EXAMPLES[name] for name in sorted(kind.members)}}
    return {"type": "object", "description": kind.description + f" ({kind.status}).",
            "required": ["type", "title", "status", *kind.required], "properties": properties,
            "additionalProperties": False, "example": example}


def example(urn: str, detail: str, **members) -> dict:
    """An example answer of a catalogued type, for a shared response."""
    kind = CATALOGUE[urn if urn.startswith(PROBLEM_BASE) else PROBLEM_BASE + urn]
    body = schema(kind)["example"]
    body["detail"] = detail
    body = {k: v for k, v in body.items() if k in RESERVED or k in kind.required}
    body.update(members)
    return body
