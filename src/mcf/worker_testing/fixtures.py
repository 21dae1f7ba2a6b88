"""``mcf seed`` for worker-testing: a demo manager and, if no version is active, a demo onboarding test."""
from __future__ import annotations

from mcf.kit.admin import StaffAccounts
from mcf.kit.config import Settings

DEMO_MANAGER_EMAIL = "manager@mcf.localhost"
DEMO_MANAGER_PASSWORD = "manager-demo-password"  # development only; set MCF_WORKER_TESTING_DEMO_PASSWORD
DEMO_TEST_TITLE = "Cat toy tester onboarding"
DEMO_QUESTIONS = (
    ("A cat ignores a new feather wand. What do you do first?", "single", 2,
     "Wave it faster, right at the cat's face\n* Drag it slowly away along the floor, like prey\nPut the toy away"),
    ("Which of these are safe to leave with a cat unattended?", "multiple", 3,
     "* A large plush mouse without small parts\nA laser pointer left switched on\n"
     "* A cardboard scratcher\nA feather wand with a long string"),
    ("The client's cat hides under the sofa during the session. You...", "single", 1,
     "Pull the cat out gently\n* Sit calmly nearby and let the cat come out on its own\nEnd the session at once"),
)


def seed(settings: Settings) -> int:
    from mcf.worker_testing import app
    from mcf.worker_testing.adapters.storage import QuestionRow, TestRow, VersionRow

    pg = app.database(settings)
    added = int(StaffAccounts(pg).ensure(
        DEMO_MANAGER_EMAIL, settings.worker_testing_demo_password or DEMO_MANAGER_PASSWORD))
    with pg.connection_context(), pg.atomic():
        if VersionRow.select().where(VersionRow.active).exists():
            return added
        test = TestRow.get_or_none(TestRow.title == DEMO_TEST_TITLE) or TestRow.create(
            title=DEMO_TEST_TITLE, description="The demo test `mcf seed` loads; edit it in the panel.")
        last = VersionRow.select().where(VersionRow.test == test.id).order_by(VersionRow.number.desc()).first()
        version = VersionRow.create(test=test.id, number=(last.number + 1) if last else 1, pass_mark=70,
                                    time_limit_seconds=600, active=True)
        for position, (text, kind, weight, options) in enumerate(DEMO_QUESTIONS, start=1):
            QuestionRow.create(version=version.id, position=position, text=text, kind=kind, weight=weight,
                               options=options)
    pg.close_all()
    return added + 1 + len(DEMO_QUESTIONS)
