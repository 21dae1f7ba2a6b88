"""The managers' panel: every view (the index included) refuses a visitor who is not a signed-in manager, every
form post needs its CSRF token, a manager reads the queue and an order with its report and proxied thumbnails, and
files a review whose rating change reaches worker-profile (at once, or later when it was down)."""
import uuid

import pytest

from tests.integration.quality.conftest import csrf_of, login, review_form

ORDER = "00000000-0000-4000-8000-000000000001"
VIEWS = ["/admin/", "/admin/queue/", f"/admin/queue/order/{ORDER}", f"/admin/queue/photo/{ORDER}/thumbnail",
         "/admin/adjustments/"]


def test_every_panel_view_is_listed_here(clean):
    panel = {r.rule for r in clean.app.url_map.iter_rules() if r.rule.startswith("/admin/")
             and not r.rule.startswith(("/admin/static", "/admin/login"))}
    checked = {"/admin/", "/admin/queue/", "/admin/queue/order/<order_id>", "/admin/queue/photo/<photo_id>/thumbnail",
               "/admin/adjustments/", "/admin/adjustments/retry"}
    assert panel == checked, f"unchecked panel views: {sorted(panel - checked)}"


@pytest.mark.parametrize("path", VIEWS)
def test_a_visitor_without_a_manager_session_is_sent_to_the_login_page(clean, path):
    answer = clean.app.test_client().get(path)
    assert answer.status_code == 302 and "/admin/login/" in answer.headers["Location"]


@pytest.mark.parametrize("path", [f"/admin/queue/order/{ORDER}", "/admin/adjustments/retry"])
def test_a_post_without_a_manager_session_is_refused(clean, path):
    client = clean.app.test_client()
    page = client.get("/admin/login/")
    assert client.post(path, data={"csrf_token": csrf_of(page.text), "score": "5"}).status_code == 403


def test_a_bearer_token_opens_no_panel_view(clean):
    from tests.support.tokens import user

    answer = clean.app.test_client().get("/admin/queue/", headers=user(clean.settings.jwt_secret, "manager"))
    assert answer.status_code == 302


def test_a_wrong_password_opens_nothing(clean):
    client = clean.app.test_client()
    assert login(client, password="not the password at all").status_code == 401
    assert client.get("/admin/queue/").status_code == 302


def _reviewable(world, **kwargs):
    worker = world.ratings.add_worker(4.5)
    raw = world.archive_order(worker_id=worker, **kwargs)
    world.pull()
    return raw, worker


def test_form_posts_without_a_csrf_token_are_refused_and_file_nothing(clean):
    raw, _ = _reviewable(clean)
    client = clean.app.test_client()
    assert login(client).status_code == 302
    page = client.get(f"/admin/queue/order/{raw['id']}")
    form = review_form(page.text)
    assert client.post(f"/admin/queue/order/{raw['id']}", data={**form, "csrf_token": "forged"}).status_code == 400
    assert client.post(f"/admin/queue/order/{raw['id']}",
                       data={k: v for k, v in form.items() if k != "csrf_token"}).status_code == 400
    assert client.post("/admin/adjustments/retry").status_code == 400
    assert client.post("/admin/login/logout").status_code == 400
    with clean.pg.connection_context():
        assert clean.pg.execute_sql("SELECT count(*) FROM reviews").fetchone()[0] == 0


def test_a_manager_reviews_an_order_with_its_report_and_photos_and_the_rating_changes_once(clean):
    raw, worker = _reviewable(clean, late_minutes=25, reactions=(2, 4))
    client = clean.app.test_client()
    login(client)
    assert client.get("/admin/").status_code == 200
    queue = client.get("/admin/queue/")
    assert queue.status_code == 200 and raw["id"] in queue.text and "Checked in 25 min late" in queue.text
    page = client.get(f"/admin/queue/order/{raw['id']}")
    assert page.status_code == 200 and "toy 0" in page.text and "2 / 5" in page.text
    [photo_id] = [p["photo_id"] for p in clean.records.records[raw["id"]]["check_in"]["photos"]]
    assert f"/admin/queue/photo/{photo_id}/thumbnail" in page.text and "Bearer" not in page.text
    picture = client.get(f"/admin/queue/photo/{photo_id}/thumbnail")
    assert picture.status_code == 200 and picture.content_type == "image/jpeg"
    assert picture.data == clean.records.photos[photo_id]
    assert client.get(f"/admin/queue/photo/{uuid.uuid4()}/thumbnail").status_code == 404
    form = review_form(page.text)
    filed = client.post(f"/admin/queue/order/{raw['id']}", data=form)
    assert filed.status_code == 302
    assert clean.ratings.workers[worker] == 4.0  # applied at once: worker-profile answered
    again = client.post(f"/admin/queue/order/{raw['id']}", data=form, follow_redirects=True)  # sent twice
    assert "filed already" in again.text and clean.ratings.workers[worker] == 4.0
    shown = client.get(f"/admin/queue/order/{raw['id']}").text
    assert "penalise (-0.50)" in shown and "applied" in shown
    with clean.pg.connection_context():
        [(manager_id, delta)] = clean.pg.execute_sql("SELECT manager_id, rating_delta FROM reviews").fetchall()
        staff = clean.pg.execute_sql("SELECT id FROM staff WHERE email = 'reviewer@mcf.example'").fetchone()[0]
    assert manager_id == str(staff) and delta == -0.5
    assert clean.profile.last("POST").acting_for == ("manager", str(staff))
    assert raw["id"] not in client.get("/admin/queue/").text and raw["id"] in \
        client.get("/admin/queue/?show=reviewed").text


def test_with_worker_profile_down_the_review_is_kept_and_the_adjustment_follows(clean):
    raw, worker = _reviewable(clean)
    client = clean.app.test_client()
    login(client)
    page = client.get(f"/admin/queue/order/{raw['id']}")
    clean.profile.fail_with = 503
    assert client.post(f"/admin/queue/order/{raw['id']}", data=review_form(
        page.text, decision="commend", delta="0.3", comment="Great photos")).status_code == 302
    assert clean.ratings.workers[worker] == 4.5
    listing = client.get("/admin/adjustments/")
    assert "pending" in listing.text and "503" in listing.text
    clean.profile.fail_with = None
    retried = client.post("/admin/adjustments/retry", data={"csrf_token": csrf_of(listing.text)},
                          follow_redirects=True)
    assert "1 adjustment(s) applied" in retried.text and clean.ratings.workers[worker] == 4.8


def test_an_invalid_review_is_shown_again_with_the_reason_and_nothing_is_stored(clean):
    raw, worker = _reviewable(clean)
    client = clean.app.test_client()
    login(client)
    page = client.get(f"/admin/queue/order/{raw['id']}")
    answer = client.post(f"/admin/queue/order/{raw['id']}", data=review_form(page.text, comment="", delta="0.5"))
    assert answer.status_code == 200 and "say why the rating changes" in answer.text
    with clean.pg.connection_context():
        assert clean.pg.execute_sql("SELECT count(*) FROM reviews").fetchone()[0] == 0
    assert client.get(f"/admin/queue/order/{uuid.uuid4()}").status_code == 404
    assert client.get("/admin/queue/order/not-a-uuid").status_code == 404
