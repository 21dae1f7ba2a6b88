import uuid

import pytest

from mcf.kit.auth import issue_token
from tests.support.panel import csrf_of, sign_in  # noqa: F401 - csrf_of is imported from here by the tests

MANAGER_EMAIL = "boss@mcf.example"
MANAGER_PASSWORD = "a long manager password"


@pytest.fixture(scope="module")
def app_and_db(isolated_settings):
    from mcf.kit.admin import StaffAccounts
    from mcf.worker_testing import app

    flask_app = app.create_app(isolated_settings)
    pg = app.database(isolated_settings)
    StaffAccounts(pg).ensure(MANAGER_EMAIL, MANAGER_PASSWORD)
    yield flask_app, pg
    pg.close_all()


@pytest.fixture
def clean(app_and_db):
    _, pg = app_and_db
    with pg.connection_context():
        pg.execute_sql("TRUNCATE attempt_answers, attempts, questions, test_versions, tests, outbox")
    return app_and_db


def token(settings, role, sub=None, audience="worker-testing"):
    """A person's token as worker-testing sees it: made for it (workers' and managers' tokens are, ADR 0050)."""
    return {"Authorization": "Bearer " + issue_token(settings.jwt_secret, sub or str(uuid.uuid4()), role,
                                                     audience=audience)}


def login(client, email=MANAGER_EMAIL, password=MANAGER_PASSWORD):
    return sign_in(client, email, password)


def active_version(pg, questions=(("single", 2, "* right\nwrong"), ("multiple", 3, "* a\nb\n* c")),
                   limit=600, pass_mark=70, active=True):
    """A test with an active version, written as the panel writes it (through the models)."""
    from mcf.worker_testing.adapters.storage import QuestionRow, TestRow, VersionRow

    with pg.connection_context():
        test = TestRow.create(title=f"Onboarding {uuid.uuid4().hex[:6]}")
        version = VersionRow.create(test=test.id, number=1, pass_mark=pass_mark, time_limit_seconds=limit,
                                    active=active)
        for position, (kind, weight, options) in enumerate(questions, start=1):
            QuestionRow.create(version=version.id, position=position, text=f"Q{position}", kind=kind,
                               weight=weight, options=options)
    return str(test.id), str(version.id)
