"""The kit's request rules (docs/adr/0051): what the contract says is what a request meets, on a bare kit app."""
from __future__ import annotations

import json

import marshmallow as ma
from flask.views import MethodView
from flask_smorest import Blueprint

from mcf.kit.config import Settings
from mcf.kit.errors import DependencyRefused
from mcf.kit.http import NO_NUL, PatchSchema, UtcDateTime, create_app


class Query(ma.Schema):
    name = ma.fields.String(load_default=None)


class When(ma.Schema):
    at = UtcDateTime(required=True)


class Change(PatchSchema):
    name = ma.fields.String()


def app():
    blp = Blueprint("things", __name__)

    @blp.route("/things")
    class Things(MethodView):
        @blp.arguments(Query, location="query")
        def get(self, args):
            return {"name": args["name"]}

        @blp.arguments(When)
        def post(self, body):
            return {"at": body["at"].isoformat()}

        @blp.arguments(Change)
        def patch(self, body):
            if body.get("name") == "refused":
                raise DependencyRefused("upstream refused our token", service="other")
            return body

    return create_app("things", Settings(), blueprints=[blp])


def test_the_contract_says_no_nul_min_properties_and_the_time_format():
    spec = app().extensions["mcf_api"].spec.to_dict()
    schemas = spec["components"]["schemas"]
    assert schemas["Change"]["minProperties"] == 1 and schemas["Change"]["additionalProperties"] is False
    assert schemas["Change"]["properties"]["name"]["pattern"] == NO_NUL
    assert schemas["When"]["properties"]["at"]["format"] == "date-time"


def test_an_empty_patch_a_nul_and_an_unknown_query_parameter_are_422():
    client = app().test_client()
    assert client.patch("/things", json={}).status_code == 422
    assert client.patch("/things", json={"name": "ok"}).json == {"name": "ok"}
    nul = client.patch("/things", json={"name": "a\u0000b"})
    assert nul.status_code == 422 and nul.json["type"] == "urn:mcf:problem:validation-error"
    assert client.get("/things", query_string={"name": "a\u0000"}).status_code == 422
    unknown = client.get("/things", query_string={"nmae": "typo"})
    assert unknown.status_code == 422 and "nmae" in unknown.json["errors"]["query"]


def test_times_are_read_as_utc_and_one_without_a_utc_equivalent_is_422():
    client = app().test_client()
    far = client.post("/things", json={"at": "0197-01-10T05:17:33+17:55"})
    assert far.status_code == 200 and far.json["at"] == "0197-01-09T11:22:33+00:00"
    assert client.post("/things", json={"at": "0001-01-01T00:00:00+05:00"}).status_code == 422


def test_a_lone_surrogate_becomes_the_replacement_character():
    response = app().test_client().patch("/things", data='{"name": "x\\ud800y"}', content_type="application/json")
    assert response.status_code == 200 and json.loads(response.get_data()) == {"name": "x\ufffdy"}


def test_a_refused_dependency_is_a_502_problem_of_its_own_type():
    response = app().test_client().patch("/things", json={"name": "refused"})
    assert response.status_code == 502 and response.json["type"] == "urn:mcf:problem:dependency-refused"
    assert response.json["service"] == "other"
