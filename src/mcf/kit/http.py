"""The Flask app factory every service uses: flask-smorest, RFC 7807 errors, health, correlation ids, auth docs."""
from __future__ import annotations

import os
import re
import time
from datetime import timezone
from typing import Callable, Iterable, Mapping

import marshmallow as ma
import peewee
from apispec import BasePlugin
from flask import Flask, Response, g, json, request
from flask.json.provider import DefaultJSONProvider
from flask_smorest import Api, Blueprint
from werkzeug.exceptions import HTTPException, InternalServerError

from mcf.kit import problem_types, tracing
from mcf.kit.auth import check_secret, requires
from mcf.kit.config import SERVICE_PORT_OFFSETS, Settings
from mcf.kit.contract_examples import compose as compose_examples
from mcf.kit.correlation import HEADER as CORRELATION_HEADER
from mcf.kit.correlation import set_correlation_id
from mcf.kit.errors import (
    Conflict,
    DependencyRefused,
    DomainError,
    Forbidden,
    InvalidInput,
    NotFound,
    TooManyRequests,
    Unauthorized,
    Unavailable,
)
from mcf.kit.logging import configure as configure_logging
from mcf.kit.logging import get_logger
from mcf.kit.metrics import instrument as instrument_metrics
from mcf.kit.values import PHOTO_MEDIA_TYPES, FileContent

log = get_logger(__name__)

PROBLEM_JSON = "application/problem+json"
PROBLEM_BASE = problem_types.PROBLEM_BASE
DOMAIN_STATUS: Mapping[type[DomainError], int] = {
    NotFound: 404, Conflict: 409, InvalidInput: 422, Unauthorized: 401, Forbidden: 403, Unavailable: 503,
    DependencyRefused: 502, TooManyRequests: 429}


class ProblemSchema(ma.Schema):
    """RFC 7807 problem details, as every MCF error is returned: the plain form, with no extension member. Each
    catalogued type (``mcf.kit.problem_types``) has its own closed schema with its members; a route's problem
    answers are ``anyOf`` those and this one (docs/adr/0174)."""

    type = ma.fields.String(required=True, metadata={"example": "about:blank"})
    title = ma.fields.String(required=True, metadata={"example": "Internal Server Error"})
    status = ma.fields.Integer(required=True, metadata={"example": 500})
    detail = ma.fields.String()
    instance = ma.fields.String()
    correlation_id = ma.fields.String()


# What a client gets for each error response flask-smorest registers (the shared ``components.responses``).
PROBLEM_EXAMPLES: Mapping[str, dict] = {
    "UNAUTHORIZED": problem_types.example("unauthorized", "A bearer token is required."),
    "FORBIDDEN": problem_types.example("forbidden", "This role may not do that."),
    "NOT_FOUND": problem_types.example("unknown-order", "No such order."),
    "CONFLICT": problem_types.example("illegal-transition", "The order is completed; it cannot be cancelled.",
                                      order_status="completed", requested="cancelled"),
    "UNPROCESSABLE_ENTITY": problem_types.example(
        "validation-error", "The request does not match the schema; see 'errors'.",
        errors={"json": {"duration_minutes": ["Must be a multiple of 15."]}}),
    "SERVICE_UNAVAILABLE": problem_types.example("dependency-unavailable", "payment-service did not answer in time.",
                                                 service="payment"),
    "DEFAULT_ERROR": {"type": "about:blank", "title": "Internal Server Error", "status": 500,
                      "detail": "The server failed; the error is logged with this request's correlation id.",
                      "instance": "/orders/00000000-0000-4000-8000-0000000000b1",
                      "correlation_id": "4bf92f3577b34da6a3ce929d0e0e4736"},
}
# The statuses each shared response answers. DEFAULT_ERROR stands for any status a route does not list (a relayed
# 409 on a route that documents none, a 429, a 502, a 500): any catalogued type.
PROBLEM_RESPONSE_STATUSES: Mapping[str, tuple[int, ...]] = {
    "UNAUTHORIZED": (401,), "FORBIDDEN": (403,), "NOT_FOUND": (404,), "CONFLICT": (409,),
    "UNPROCESSABLE_ENTITY": (422,), "SERVICE_UNAVAILABLE": (503,),
    "DEFAULT_ERROR": tuple(sorted({kind.status for kind in problem_types.CATALOGUE.values()}))}

RESERVED_MEMBERS = frozenset(problem_types.RESERVED)
# Set in the test suites: a raise site that sends a member its type does not declare fails there, loudly.
STRICT_ENV = "MCF_STRICT_PROBLEMS"


class UndeclaredProblemMember(AssertionError):
    """A problem carried a member its type does not declare (mcf.kit.problem_types): declare it or drop it."""


def problem_schema(*statuses: int, answerable: frozenset[str] | None = None) -> dict:
    """The schema of a problem answer of these statuses: ``anyOf`` the catalogued types (those in ``answerable``,
    when given: the service's, ``mcf.kit.problem_scope``) and the plain Problem (their components are added to the
    document as it is written, ``_problem_contract``)."""
    kinds = [kind for status in statuses for kind in problem_types.of_status(status)
             if answerable is None or kind.urn in answerable]
    return {"anyOf": [*({"$ref": f"#/components/schemas/{kind.schema_name}"} for kind in kinds),
                      {"$ref": "#/components/schemas/Problem"}]}


def _example(name: str, answerable: frozenset[str] | None) -> dict:
    """The shared response's example, or, where the service cannot answer that type, one of a type it can."""
    example = PROBLEM_EXAMPLES[name]
    if answerable is None or example["type"] in answerable or not example["type"].startswith(PROBLEM_BASE):
        return example
    kind = next((kind for status in PROBLEM_RESPONSE_STATUSES[name] for kind in problem_types.of_status(status)
                 if kind.urn in answerable), None)
    return problem_types.example(kind.slug, kind.description + ".") if kind else PROBLEM_EXAMPLES["DEFAULT_ERROR"]


def _problem_contract(spec: dict, service: str | None = None) -> dict:
    """The shared problem responses of a written document as ``anyOf`` the types of their statuses that
    ``service`` can answer (all catalogued ones for an app outside mcf.services), each with its example, and the
    component of every catalogued type the document refers to (only those: no unused one)."""
    answerable = _answerable(service)
    components = spec.setdefault("components", {})
    for name, response in components.get("responses", {}).items():
        content = response.get("content", {}).get(PROBLEM_JSON)
        if name in PROBLEM_EXAMPLES and content is not None:
            content["schema"] = problem_schema(*PROBLEM_RESPONSE_STATUSES[name], answerable=answerable)
            content["example"] = _example(name, answerable)
    text = json.dumps(spec)
    schemas = components.setdefault("schemas", {})
    for kind in problem_types.CATALOGUE.values():
        if f'"#/components/schemas/{kind.schema_name}"' in text:
            schemas.setdefault(kind.schema_name, problem_types.schema(kind))
    components["schemas"] = dict(sorted(schemas.items()))
    return spec


def _answerable(service: str | None) -> frozenset[str] | None:
    from mcf.services import SERVICES

    if service is None or service not in {entry.name for entry in SERVICES}:
        return None
    from mcf.kit import problem_scope

    return problem_scope.answerable(service)


def problem(status: int, title: str, detail: str | None = None, type_: str = "about:blank",
            headers: Mapping[str, str] | None = None, extensions: Mapping | None = None,
            strict: bool = True) -> Response:
    body = {"type": type_, "title": title, "status": status, "instance": request.path}
    if detail:
        body["detail"] = detail
    if getattr(g, "correlation_id", None):
        body["correlation_id"] = g.correlation_id
    # Extension members never overwrite the standard ones, and only those the type declares go out: the contract
    # says which (mcf.kit.problem_types). ``strict``: a raise site of this service, not a relayed answer.
    extra = {k: v for k, v in (extensions or {}).items() if k not in RESERVED_MEMBERS}
    declared = problem_types.members_of(type_)
    undeclared = set(extra) - declared
    if undeclared:
        if strict and os.environ.get(STRICT_ENV) == "1":
            raise UndeclaredProblemMember(f"{type_} does not declare {sorted(undeclared)} (mcf.kit.problem_types)")
        log.warning("problem extension members its type does not declare dropped", type=type_,
                    members=sorted(undeclared))
    body.update({k: v for k, v in extra.items() if k in declared})
    response = Response(json.dumps(body), status=status, mimetype=PROBLEM_JSON)
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


# Text MCF accepts holds no NUL character (PostgreSQL text cannot store one): the contract says so on every string
# (``NO_NUL``) and every request is checked for one (``_refuse_nul``), so a NUL is a 422, never a 500.
NO_NUL = "^[^\\x00]*$"

# Unknown query parameters are refused (422) like unknown body members: a misspelt filter must not silently list
# everything. Headers, cookies and files stay open (proxies and browsers add their own).
Blueprint.ARGUMENTS_PARSER.DEFAULT_UNKNOWN_BY_LOCATION = {
    **Blueprint.ARGUMENTS_PARSER.DEFAULT_UNKNOWN_BY_LOCATION, "query": ma.RAISE, "querystring": ma.RAISE}


class SchemaRulesPlugin(BasePlugin):
    """JSON Schema keywords a marshmallow schema declares in ``OPENAPI_RULES`` (``oneOf`` for required-when rules,
    ``minProperties`` for a PATCH body), added to its component: what the schema's validators enforce, said in the
    contract. The validators stay the enforcement; the rules only describe them."""

    def schema_helper(self, name, definition, **kwargs):
        schema = kwargs.get("schema")
        cls = schema if isinstance(schema, type) else type(schema) if schema is not None else None
        rules = getattr(cls, "OPENAPI_RULES", None)
        return dict(rules) if rules else None


# The null alternative of a nullable reference: OpenAPI 3.0 has no null type; "an object that may only be null"
# is what ajv (Redocly's and Spectral's example checks) compiles and openapi-python-client reads as ``None``.
NULL_ONLY = {"type": "object", "nullable": True, "enum": [None]}


def _nullable(self, field, ret, **_kwargs):
    """``allow_none``, said so that generators keep the type and validators compile it (docs/adr/0173): a nullable
    reference is ``{anyOf: [{$ref}, NULL_ONLY]}`` (openapi-python-client: ``X | None``), not apispec's default
    ``anyOf: [{type: object, nullable: true}, {$ref}]``, which reads as "any object or that one", nor
    ``{allOf: [{$ref}], nullable: true}``, which ajv refuses to compile ("nullable" without "type")."""
    if not field.allow_none:
        return {}
    if "$ref" in ret:
        return {"anyOf": [{"$ref": ret.pop("$ref")}, dict(NULL_ONLY, enum=[None])]}
    if len(ret.get("allOf", ())) == 1:  # a reference with siblings (a description): apispec's allOf of one
        return {"anyOf": [*ret.pop("allOf"), dict(NULL_ONLY, enum=[None])]}
    return {"nullable": True}


def operation_id(name: str) -> str:
    """A Python view's name as an operationId: ``place_order`` -> ``placeOrder`` (docs/adr/0170)."""
    head, *rest = name.strip("_").split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


_store_endpoint_docs = Blueprint._store_endpoint_docs


def _store_with_operation_ids(self, endpoint, obj, parameters, tags, **options):
    """Every operation gets a stable ``operationId`` named after its use case (docs/adr/0170): a view function's
    name, or a MethodView's ``OPERATION_IDS = {"get": "listCats", ...}``; ``@blp.doc(operationId=...)`` wins."""
    _store_endpoint_docs(self, endpoint, obj, parameters, tags, **options)
    for method, doc in self._docs[endpoint].items():
        if method == "parameters":
            continue
        manual = doc.setdefault("manual_doc", {})
        if "operationId" in manual:
            continue
        if isinstance(obj, type):
            # Without a name: the method and the class (``getThings``), unique but no use case's name; the
            # services name theirs (docs/adr/0170).
            manual["operationId"] = getattr(obj, "OPERATION_IDS", {}).get(method) or method + obj.__name__
        else:
            manual["operationId"] = operation_id(obj.__name__)


Blueprint._store_endpoint_docs = _store_with_operation_ids

OPERATION_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


LINKS_KEY = "x-mcf-links"


def links(status: int, **targets: dict) -> dict:
    """OpenAPI ``links`` of one response, for ``@blp.doc(**links(...))``: each keyword is the ``operationId`` the
    response feeds, its value the target's parameters as runtime expressions (``{"order_id": "$response.body#/id"}``;
    a ``"requestBody"`` member is the target's body). schemathesis's stateful tests follow them
    (tests/contract/test_fuzz_stateful.py)."""
    return {LINKS_KEY: {str(status): targets}}


def each(parameters: dict, *operation_ids: str) -> dict:
    """The same link parameters for several targets: ``links(201, **each({"order_id": ...}, "getOrder", ...))``."""
    return {operation_id: dict(parameters) for operation_id in operation_ids}


LOGIN_WITH_THE_SAME_CREDENTIALS = {"requestBody": {"email": "$request.body#/email",
                                                   "password": "$request.body#/password"}}


def _link(operation_id: str, parameters: dict) -> dict:
    parameters = dict(parameters)
    link = {"operationId": operation_id}
    body = parameters.pop("requestBody", None)
    if parameters:
        link["parameters"] = parameters
    if body is not None:
        link["requestBody"] = body
    return link


class ContractPlugin(BasePlugin):
    """What every operation of an MCF contract says beyond flask-smorest's defaults (issue 17): ``security: []``
    on a public route (``requires`` sets the bearer scheme on the others), a description saying who may call
    it (``x-mcf-access``) after the docstring's own, and the responses' ``links`` (``links``)."""

    def operation_helper(self, path=None, operations=None, **kwargs):
        for method, operation in (operations or {}).items():
            if method not in OPERATION_METHODS:
                continue
            for status, targets in (operation.pop(LINKS_KEY, None) or {}).items():
                [response] = [r for code, r in operation.get("responses", {}).items() if str(code) == status]
                response["links"] = {target: _link(target, parameters) for target, parameters in targets.items()}
            operation.setdefault("security", [])
            access = operation.get("x-mcf-access")
            if access is None:
                who = "Public: no token needed."
            else:
                who = f"Needs a bearer token with the role {' or '.join(access['roles'])}"
                acting = access.get("on_behalf_of")
                if acting:
                    who += ", acting for " + " or ".join(acting)
                who += "."
            summary, text = operation.get("summary", ""), operation.get("description", "")
            if not text:
                text = summary
            elif summary and not summary.endswith((".", ":", "!", "?")):  # a docstring's sentence goes on
                text = f"{summary} {text}"
            operation["description"] = f"{text}\n\n{who}".strip()


class UtcDateTime(ma.fields.AwareDateTime):
    """An ISO 8601 time with an offset, read as UTC: any offset Python accepts (up to ±23:59) reaches the stores
    as UTC (PostgreSQL refuses offsets beyond ±15:59), and a time that has no UTC equivalent (year 1 at -05:00) is a
    422, not an OverflowError."""

    def _deserialize(self, value, attr, data, **kwargs):
        moment = super()._deserialize(value, attr, data, **kwargs)
        try:
            return moment.astimezone(timezone.utc)
        except (OverflowError, ValueError):
            raise ma.ValidationError("Not a time that exists in UTC.") from None


class PatchSchema(ma.Schema):
    """The body of every PATCH: members to change, unknown ones refused, and at least one of them
    (docs/adr/0051): an empty body is a 422 validation-error, said in the contract as ``minProperties: 1``."""

    class Meta:
        unknown = ma.RAISE

    OPENAPI_RULES = {"minProperties": 1}

    @ma.validates_schema(pass_original=True)
    def _not_empty(self, data, original, **_kwargs):
        if isinstance(original, dict) and not original:
            raise ma.ValidationError("Name at least one member to change.", "_schema")


def _no_nul_pattern(self, field, ret, **_kwargs):
    """Every plain string of a schema says it holds no NUL (formats, enums and own patterns say more already)."""
    if isinstance(field, ma.fields.String) and not {"format", "enum", "pattern"} & set(ret):
        return {"pattern": NO_NUL}
    return {}


def _has_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(item) for item in value)
    return False


def _refuse_nul():
    """A NUL anywhere in the query, the JSON body or a form field: 422 before any view runs."""
    where = None
    if any(_has_nul(k) or _has_nul(v) for k, v in request.args.items(multi=True)):
        where = "query"
    elif request.is_json and _has_nul(request.get_json(silent=True)):
        where = "json"
    elif request.form and any(_has_nul(k) or _has_nul(v) for k, v in request.form.items(multi=True)):
        where = "form"
    if where is not None:
        return problem(422, "Validation failed", "The request does not match the schema; see 'errors'.",
                       PROBLEM_BASE + "validation-error", extensions={
                           "errors": {where: {"_schema": ["NUL characters are not allowed in text."]}}})
    return None


def _usv(value):
    """Strings as Unicode scalar values: a lone surrogate (``"\\ud800"`` is legal JSON, but no UTF-8 text) becomes
    U+FFFD, as browsers do, so no store ever fails to encode what a request carried."""
    if isinstance(value, str):
        return value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    if isinstance(value, dict):
        return {_usv(k): _usv(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_usv(item) for item in value]
    return value


class UsvJSONProvider(DefaultJSONProvider):
    def loads(self, s, **kwargs):
        return _usv(super().loads(s, **kwargs))


# webargs parses the JSON body itself (not through the app's provider): its bodies become scalar values too.
_raw_load_json = Blueprint.ARGUMENTS_PARSER._raw_load_json
Blueprint.ARGUMENTS_PARSER._raw_load_json = lambda req: _usv(_raw_load_json(req))


class ProblemApi(Api):
    ERROR_SCHEMA = ProblemSchema

    def __init__(self, app=None, **kwargs):
        kwargs.setdefault("spec_kwargs", {}).setdefault("extra_plugins", [SchemaRulesPlugin(), ContractPlugin()])
        super().__init__(app, **kwargs)
        converter = self.ma_plugin.converter
        converter.add_attribute_function(_no_nul_pattern)
        converter.attribute_functions = [f for f in converter.attribute_functions
                                         if getattr(f, "__name__", "") != "field2nullable"]
        converter.add_attribute_function(_nullable)
        # Every JSON answer shows an example: its own, or one composed from its schema (docs/adr/0173).
        to_dict = self.spec.to_dict
        service = app.config.get("MCF_SERVICE") if app is not None else None
        self.spec.to_dict = lambda: compose_examples(_problem_contract(to_dict(), service))

    def _register_pagination_header(self):
        # MCF pages with keyset cursors, never flask-smorest's pagination: no unused PaginationMetadata component.
        pass

    def _register_responses(self):
        # The error responses flask-smorest documents are problem+json, as the handlers below send them (each
        # typed and with an example when the document is written, ``_problem_contract``).
        self.DEFAULT_RESPONSE_CONTENT_TYPE = PROBLEM_JSON
        try:
            super()._register_responses()
        finally:
            del self.DEFAULT_RESPONSE_CONTENT_TYPE

    def handle_http_exception(self, error: HTTPException):
        data = getattr(error, "data", None) or {}
        headers = dict(data.get("headers") or {})
        if error.code == 422 and "messages" in data:
            return problem(422, "Validation failed", "The request does not match the schema; see 'errors'.",
                           PROBLEM_BASE + "validation-error", headers, {"errors": data["messages"]})
        if isinstance(error, InternalServerError):
            original = getattr(error, "original_exception", None)
            if original is not None:
                log.error("unhandled error", exc_info=original)
            return problem(500, "Internal Server Error", "The server failed; the error is logged with this "
                           "request's correlation id.", headers=headers)
        detail = data.get("message") or error.description
        if error.code == 405:
            headers.update({k: v for k, v in (error.get_headers() or []) if k == "Allow"})
        if error.code == 401:
            headers.setdefault("WWW-Authenticate", 'Bearer realm="mcf"')
        return problem(error.code or 500, error.name, detail, headers=headers)


def _handle_domain_error(error: DomainError):
    status = next((code for kind, code in DOMAIN_STATUS.items() if isinstance(error, kind)), 400)
    title = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", type(error).__name__)
    headers = {"WWW-Authenticate": 'Bearer realm="mcf"'} if status == 401 else None
    if isinstance(error, TooManyRequests):
        headers = {"Retry-After": str(error.retry_after_seconds)}
    return problem(status, title, error.detail, PROBLEM_BASE + error.slug, headers, error.extensions,
                   strict=not getattr(error, "relayed", False))


def file_response(file: FileContent, *, max_age: int = 86400) -> Response:
    """A file passed on to the person who may see it (a photo): its own media type, never sniffed, cached by that
    person's browser only."""
    response = Response(file.data, mimetype=file.content_type)
    response.headers["Content-Length"] = str(len(file.data))
    response.headers["Cache-Control"] = f"private, max-age={max_age}"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def binary_responses(content_types: Iterable[str], description: str) -> dict:
    """The OpenAPI ``responses`` entry of a 200 that is a file (flask-smorest documents JSON bodies only)."""
    return {"200": {"description": description,
                    "content": {t: {"schema": {"type": "string", "format": "binary"}} for t in content_types}}}


# The problem+json responses a route may declare, by status: the names flask-smorest registers them under.
PROBLEM_RESPONSES: Mapping[int, str] = {
    401: "UNAUTHORIZED", 403: "FORBIDDEN", 404: "NOT_FOUND", 409: "CONFLICT", 413: "DEFAULT_ERROR",
    422: "UNPROCESSABLE_ENTITY", 503: "SERVICE_UNAVAILABLE"}


def problem_responses(blp: Blueprint, *statuses: int, descriptions: Mapping[int, str] | None = None) -> Callable:
    """One decorator declaring a route's error responses, all problem+json:
    ``@problem_responses(blp, 401, 403, 404, descriptions={404: "why"})`` is the stack of ``blp.alt_response``
    lines it replaces, in the same order."""
    descriptions = descriptions or {}
    unknown = (set(statuses) | set(descriptions)) - set(PROBLEM_RESPONSES)
    if unknown or not set(descriptions) <= set(statuses):
        raise ValueError(f"not a declared problem status of this route: {sorted(unknown or set(descriptions))}")

    def declare(view):
        for status in reversed(statuses):  # decorators apply bottom-up: the stack's lowest line first
            extra = {"description": descriptions[status]} if status in descriptions else {}
            view = blp.alt_response(status, response=PROBLEM_RESPONSES[status], **extra)(view)
        return view

    return declare


def photo_routes(blp: Blueprint, role: str, fetch: Callable[[str, bool], FileContent], whose: str) -> None:
    """``GET <blp>/photos/{photo_id}`` and ``…/thumbnail`` on an entry point: order-report's photos passed on to the
    person in ``role`` (``fetch(photo_id, thumbnail)`` asks order-report acting for them, which decides who sees
    what). Their endpoints are ``<blueprint>.photo`` and ``<blueprint>.thumbnail``, for ``url_for``."""
    def documented(view, content_types, description, summary):
        view.__doc__ = summary
        view = problem_responses(blp, 401, 404, 503)(view)
        return blp.doc(responses=binary_responses(content_types, description))(requires(role)(view))

    def get_photo(photo_id):
        return file_response(fetch(str(photo_id), False))

    def get_photo_thumbnail(photo_id):
        return file_response(fetch(str(photo_id), True))

    blp.route("/photos/<uuid:photo_id>", methods=["GET"], endpoint="photo")(documented(
        get_photo, PHOTO_MEDIA_TYPES, "The photo as order-report stores it (EXIF removed)",
        f"A photo of a check-in or report of {whose}; anyone else's: 404."))
    blp.route("/photos/<uuid:photo_id>/thumbnail", methods=["GET"], endpoint="thumbnail")(documented(
        get_photo_thumbnail, ("image/jpeg",), "A JPEG at most 320 pixels a side",
        "A photo's thumbnail, for the same reader."))


def create_app(service: str, settings: Settings, *, blueprints: Iterable[Blueprint] = (),
               readiness: Mapping[str, Callable[[], bool]] | None = None,
               database: peewee.Database | None = None, version: str = "1.0.0",
               description: str = "") -> Flask:
    """Build a service's Flask app. ``database`` gets a connection per request, returned to the pool after."""
    check_secret(settings.jwt_secret, settings.environment)
    configure_logging(service, settings.log_level)
    tracing.configure(service, settings)
    app = Flask(f"mcf.{service}")
    app.json = UsvJSONProvider(app)
    app.config.update(
        API_TITLE=f"MCF {service}-service", API_VERSION=version, OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX="/", OPENAPI_JSON_PATH="openapi.json", OPENAPI_SWAGGER_UI_PATH="docs",
        OPENAPI_SWAGGER_UI_URL="https://cdn.jsdelivr.net/npm/swagger-ui-dist/",
        API_SPEC_OPTIONS={
            "info": {"description": description or f"MCF {service}-service",
                     "contact": {"name": "The MCF maintainers"},
                     "license": {"name": "MIT", "url": "https://opensource.org/licenses/MIT"}},
            # The default port of a development checkout (`mcf up`), not this process's: the document stays one.
            **({"servers": [{"url": f"http://{Settings.host}:{Settings.port_base + SERVICE_PORT_OFFSETS[service]}",
                             "description": "A development checkout (mcf up); deployments serve it behind their "
                                            "own host"}]} if service in SERVICE_PORT_OFFSETS else {})},
        MCF_SETTINGS=settings, MCF_SERVICE=service, JSON_SORT_KEYS=False,
    )
    api = ProblemApi(app)
    app.extensions["mcf_api"] = api

    @app.before_request
    def _begin():
        g.started = time.perf_counter()
        g.correlation_id = set_correlation_id(request.headers.get(CORRELATION_HEADER))
        if database is not None:
            database.connect(reuse_if_open=True)
        return _refuse_nul()

    @app.after_request
    def _finish(response):
        response.headers[CORRELATION_HEADER] = g.get("correlation_id", "")
        log.info("request", method=request.method, path=request.path, status=response.status_code,
                 ms=round((time.perf_counter() - g.get("started", time.perf_counter())) * 1000, 2))
        return response

    @app.teardown_request
    def _close(_exc):
        if database is not None and not database.is_closed():
            database.close()

    instrument_metrics(app)  # /metrics, and every request counted and timed by route (mcf.kit.metrics)
    app.register_error_handler(DomainError, _handle_domain_error)
    app.register_error_handler(Exception, lambda exc: api.handle_http_exception(_internal(exc)))

    api.register_blueprint(_health_blueprint(dict(readiness or {})))
    for blueprint in blueprints:
        api.register_blueprint(blueprint)
    if any(operation.get("security") for item in api.spec._paths.values() for operation in item.values()
           if isinstance(operation, dict)):  # a document without a protected route declares no unused scheme
        api.spec.components.security_scheme("bearerAuth", {"type": "http", "scheme": "bearer",
                                                           "bearerFormat": "JWT"})
    tracing.instrument_app(app)
    return app


def _internal(exc: Exception) -> InternalServerError:
    tracing.record_error(exc)  # on the request's server span (nothing when tracing is off)
    error = InternalServerError()
    error.original_exception = exc
    return error


class HealthSchema(ma.Schema):
    status = ma.fields.String(required=True)
    checks = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.String())


def _health_blueprint(readiness: dict[str, Callable[[], bool]]) -> Blueprint:
    blp = Blueprint("health", __name__, description="Liveness and readiness")

    # Every MCF route refuses a NUL in its query before any view runs (``_refuse_nul``), the probes too: 422.
    @blp.route("/health")
    @blp.response(200, HealthSchema, example={"status": "ok"})
    @blp.alt_response(422, response="UNPROCESSABLE_ENTITY")
    @blp.doc(operationId="checkHealth")
    def health():
        """The process is alive."""
        return {"status": "ok"}

    @blp.route("/ready")
    @blp.response(200, HealthSchema, example={"status": "ready", "checks": {"database": "ok", "broker": "ok"}})
    @blp.alt_response(422, response="UNPROCESSABLE_ENTITY")
    @blp.alt_response(503, response="SERVICE_UNAVAILABLE")
    @blp.doc(operationId="checkReadiness")
    def ready():
        """Every dependency answers."""
        checks = {}
        for name, check in readiness.items():
            try:
                checks[name] = "ok" if check() else "down"
            except Exception as exc:  # noqa: BLE001 - a check that raises is a dependency that is down
                checks[name] = f"down: {type(exc).__name__}"
        if any(value != "ok" for value in checks.values()):
            return problem(503, "Service Unavailable", "A dependency does not answer.", PROBLEM_BASE + "not-ready",
                           extensions={"checks": checks})
        return {"status": "ready", "checks": checks}

    return blp
