"""The managers' panel: every view refuses a visitor who is not a signed-in manager, every form post needs its
CSRF token, and a manager creates a test with inline questions and activates it."""
import uuid

import pytest

from tests.integration.worker_testing.conftest import active_version, csrf_of, login

VIEWS = ["/admin/", "/admin/tests/", "/admin/tests/new/", "/admin/versions/", "/admin/versions/new/",
         "/admin/questions/", "/admin/questions/new/", "/admin/statistics/"]


def test_every_panel_view_is_listed_here(clean):
    app, _ = clean
    panel = {r.rule for r in app.url_map.iter_rules() if r.rule.startswith("/admin/") and "<" not in r.rule
             and not r.rule.startswith(("/admin/static", "/admin/login"))}
    checked = {v for v in VIEWS} | {"/admin/tests/action/", "/admin/versions/action/", "/admin/questions/action/",
                                    "/admin/tests/delete/", "/admin/versions/delete/", "/admin/questions/delete/",
                                    "/admin/tests/edit/", "/admin/versions/edit/", "/admin/questions/edit/",
                                    "/admin/tests/details/", "/admin/versions/details/",
                                    "/admin/questions/details/", "/admin/tests/ajax/update/",
                                    "/admin/versions/ajax/update/", "/admin/questions/ajax/update/",
                                    "/admin/tests/export/<export_type>/", "/admin/tests/ajax/lookup/",
                                    "/admin/versions/ajax/lookup/", "/admin/questions/ajax/lookup/"}
    assert panel <= checked, f"unchecked panel views: {sorted(panel - checked)}"


@pytest.mark.parametrize("path", VIEWS)
def test_a_visitor_without_a_manager_session_is_sent_to_the_login_page(clean, path):
    app, _ = clean
    answer = app.test_client().get(path)
    assert answer.status_code == 302 and "/admin/login/" in answer.headers["Location"]


@pytest.mark.parametrize("path", ["/admin/tests/new/", "/admin/versions/action/", "/admin/tests/delete/",
                                  "/admin/questions/ajax/update/", "/admin/tests/edit/?id=x"])
def test_a_post_without_a_manager_session_is_refused(clean, path):
    app, _ = clean
    client = app.test_client()
    page = client.get("/admin/login/")  # a valid CSRF token, but nobody signed in
    answer = client.post(path, data={"title": "x", "csrf_token": csrf_of(page.text)})
    assert answer.status_code == 403


def test_a_bearer_token_does_not_open_the_panel(clean, isolated_settings):
    from tests.integration.worker_testing.conftest import token

    app, _ = clean
    answer = app.test_client().get("/admin/tests/", headers=token(isolated_settings, "manager"))
    assert answer.status_code == 302


def test_a_wrong_password_is_refused_and_opens_nothing(clean):
    app, _ = clean
    client = app.test_client()
    assert login(client, password="not the password").status_code == 401
    assert login(client, email="nobody@mcf.example").status_code == 401
    assert client.get("/admin/tests/").status_code == 302


def test_form_posts_without_a_csrf_token_are_refused_and_change_nothing(clean):
    from mcf.worker_testing.adapters.storage import TestRow

    app, pg = clean
    client = app.test_client()
    assert login(client).status_code == 302
    refused = client.post("/admin/tests/new/", data={"title": "Forged"})
    assert refused.status_code == 400
    bad = client.post("/admin/tests/new/", data={"title": "Forged", "csrf_token": "forged"})
    assert bad.status_code == 400
    assert client.post("/admin/login/logout").status_code == 400  # logout is a CSRF-checked POST too
    with pg.connection_context():
        assert TestRow.select().where(TestRow.title == "Forged").count() == 0
    # and login itself needs the token
    assert app.test_client().post("/admin/login/", data={"email": "boss@mcf.example",
                                                          "password": "a long manager password"}).status_code == 400


def test_a_manager_creates_a_test_with_inline_questions_and_activates_it(clean):
    from mcf.worker_testing.adapters.storage import PeeweeVersions, TestRow, VersionRow

    app, pg = clean
    client = app.test_client()
    assert login(client).status_code == 302
    assert client.get("/admin/").status_code == 200
    title = f"Onboarding {uuid.uuid4().hex[:6]}"
    page = client.get("/admin/tests/new/")
    created = client.post("/admin/tests/new/", data={"title": title, "description": "",
                                                     "csrf_token": csrf_of(page.text)})
    assert created.status_code == 302
    with pg.connection_context():
        test = TestRow.get(TestRow.title == title)
    page = client.get("/admin/versions/new/")
    form = {"csrf_token": csrf_of(page.text), "test": str(test.id), "number": "1", "pass_mark": "50",
            "time_limit_seconds": "300",
            "questions-0-position": "1", "questions-0-text": "Which toy first?", "questions-0-kind": "single",
            "questions-0-weight": "2", "questions-0-options": "* feather\nbrick",
            "questions-1-position": "2", "questions-1-text": "Safe ones?", "questions-1-kind": "multiple",
            "questions-1-weight": "1", "questions-1-options": "* plush\n* cardboard\nstring"}
    broken = dict(form, **{"questions-1-options": "plush\ncardboard"})  # no correct option
    assert client.post("/admin/versions/new/", data=broken).status_code == 200  # the form again, with the error
    with pg.connection_context():
        assert VersionRow.select().where(VersionRow.test == test.id).count() == 0
    assert client.post("/admin/versions/new/", data=form).status_code == 302
    with pg.connection_context():
        version = VersionRow.get(VersionRow.test == test.id)
    page = client.get("/admin/versions/")
    activated = client.post("/admin/versions/action/", data={"action": "activate", "rowid": str(version.id),
                                                             "csrf_token": csrf_of(page.text)})
    assert activated.status_code == 302
    with pg.connection_context():
        active = PeeweeVersions().active()
    assert active.id == str(version.id) and [q.text for q in active.questions] == ["Which toy first?", "Safe ones?"]
    assert active.max_score == 3
    # an active version is frozen: editing it is refused
    page = client.get(f"/admin/versions/edit/?id={version.id}")
    client.post(f"/admin/versions/edit/?id={version.id}", data=dict(form, csrf_token=csrf_of(page.text),
                                                                     pass_mark="10"))
    with pg.connection_context():
        assert VersionRow.get_by_id(version.id).pass_mark == 50


def test_activating_a_version_deactivates_the_previous_one_and_refuses_a_broken_one(clean):
    from mcf.worker_testing.adapters.storage import VersionRow

    app, pg = clean
    _, old = active_version(pg)
    _, empty = active_version(pg, questions=(), active=False)
    _, new = active_version(pg, active=False)
    client = app.test_client()
    login(client)

    def activate(version_id):
        page = client.get("/admin/versions/")
        return client.post("/admin/versions/action/", data={"action": "activate", "rowid": version_id,
                                                            "csrf_token": csrf_of(page.text)}, follow_redirects=True)

    assert "Not activated: a version needs at least one question" in activate(empty).text
    with pg.connection_context():
        assert [str(v.id) for v in VersionRow.select().where(VersionRow.active)] == [old]
    activate(new)
    with pg.connection_context():
        assert [str(v.id) for v in VersionRow.select().where(VersionRow.active)] == [new]
