"""worker-profile's use cases on the in-memory unit of work: registration and login, the logged reads, the
idempotent rating adjustments, test results, erasure."""
import uuid
from datetime import date, datetime, timezone

import pytest

from mcf.kit.errors import Forbidden, NotFound
from mcf.worker_profile import service
from mcf.worker_profile.domain import (
    Actor,
    Characteristics,
    EmailTaken,
    InvalidCredentials,
    PersonalData,
    PhoneTaken,
    RatingAdjustmentMismatch,
    TestResult,
    Window,
    WorkerStatus,
)

from .fakes import FakeWorkerProfileUnitOfWork, PlainHasher, Tokens

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=timezone.utc)
MANAGER = Actor("manager", "m-1")
POLICY = service.RatingPolicy(deactivation_threshold=2.0)


def registration(email="vasilisa@workers.example", phone="+79161234567"):
    return service.Registration(
        PersonalData("Vasilisa Kotova", phone, email, date(1994, 5, 17), "45 11 223344", "Lefortovo"),
        "a long worker password", Characteristics(("laser",), ("Lefortovo",), (Window(0, "09:00", "18:00"),)))


@pytest.fixture
def uow():
    return FakeWorkerProfileUnitOfWork()


@pytest.fixture
def worker(uow):
    return service.register(uow, PlainHasher(), registration(), NOW)


def passed(worker_id, attempt_id=None, ok=True):
    return TestResult(attempt_id or str(uuid.uuid4()), str(uuid.uuid4()), 1, 5 if ok else 2, 6, 70, ok, NOW)


def test_registration_refuses_a_taken_email_or_phone_and_publishes_once(uow, worker):
    assert uow.types() == ["worker.registered"]
    with pytest.raises(EmailTaken):
        service.register(uow, PlainHasher(), registration(email="VASILISA@workers.example", phone="+7000111"), NOW)
    with pytest.raises(PhoneTaken):
        service.register(uow, PlainHasher(), registration(email="other@workers.example", phone="+7 916 123 45 67"),
                         NOW)
    assert uow.types() == ["worker.registered"]


def test_login_gives_a_token_and_the_same_refusal_for_unknown_and_wrong(uow, worker):
    assert service.log_in(uow, PlainHasher(), Tokens(), " Vasilisa@Workers.Example", "a long worker password") \
        == f"token-for-{worker.id}"
    for email, password in (("vasilisa@workers.example", "wrong password!"), ("nobody@x.example", "whatever1!")):
        with pytest.raises(InvalidCredentials):
            service.log_in(uow, PlainHasher(), Tokens(), email, password)
    service.erase(uow, worker.id, NOW)
    with pytest.raises(InvalidCredentials):
        service.log_in(uow, PlainHasher(), Tokens(), "vasilisa@workers.example", "a long worker password")


def test_a_stale_hash_is_replaced_at_login_without_publishing(uow, worker):
    service.log_in(uow, PlainHasher(stale=True), Tokens(), "vasilisa@workers.example", "a long worker password")
    assert uow.types() == ["worker.registered"] and uow.workers.rows[worker.id].version == 2


def test_a_managers_read_is_logged_and_a_non_manager_is_refused(uow, worker):
    service.read_personal(uow, worker.id, Actor("service", "quality"), MANAGER, "manager-read", NOW)
    service.contact(uow, worker.id, Actor("service", "worker-testing"), NOW)
    log = service.access_log(uow, worker.id)
    assert [(e.reader.id, e.on_behalf_of, e.purpose) for e in log] == [
        ("worker-testing", None, "contact"), ("quality", MANAGER, "manager-read")]
    with pytest.raises(Forbidden):
        service.read_personal(uow, worker.id, Actor("service", "order"), None, "manager-read", NOW)
    assert len(service.access_log(uow, worker.id)) == 2


def test_a_review_adjusts_once_and_another_change_under_its_id_is_refused(uow, worker):
    first = service.adjust_rating(uow, worker.id, "rev-1", 0.5, "lovely", MANAGER, NOW, POLICY)
    again = service.adjust_rating(uow, worker.id, "rev-1", 0.5, "lovely", MANAGER, NOW, POLICY)
    assert first[2] is True and again[2] is False and again[1] == first[1] and again[0].rating == 3.5
    with pytest.raises(RatingAdjustmentMismatch):
        service.adjust_rating(uow, worker.id, "rev-1", -0.5, "lovely", MANAGER, NOW, POLICY)
    assert uow.types().count("worker.rating_changed") == 1
    assert [c.review_id for c in service.rating_history(uow, worker.id)[1]] == ["rev-1"]


def test_a_passed_test_activates_once_and_a_redelivery_changes_nothing(uow, worker):
    attempt = str(uuid.uuid4())
    service.record_test_result(uow, worker.id, passed(worker.id, ok=False), NOW)
    assert service.record_test_result(uow, worker.id, passed(worker.id, attempt), NOW).status is WorkerStatus.ACTIVE
    assert service.record_test_result(uow, worker.id, passed(worker.id, attempt), NOW) is None
    assert uow.types() == ["worker.registered", "worker.profile_changed", "worker.activated"]
    assert len(service.projection(uow, worker.id)[1]) == 2
    with pytest.raises(service.UnknownWorker):
        service.record_test_result(uow, str(uuid.uuid4()), passed("x"), NOW)


def test_falling_below_the_threshold_deactivates_and_notifies_the_worker(uow, worker):
    service.record_test_result(uow, worker.id, passed(worker.id), NOW)
    service.adjust_rating(uow, worker.id, "rev-9", -1.5, "two no-shows", MANAGER, NOW, POLICY)
    assert uow.types()[-3:] == ["worker.rating_changed", "worker.deactivated",
                                "notification.worker-profile.deactivated"]
    assert service.projection(uow, worker.id)[0].status is WorkerStatus.DEACTIVATED


def test_erasure_keeps_the_history_and_hides_the_personal_data(uow, worker):
    service.adjust_rating(uow, worker.id, "rev-1", 0.5, "ok", MANAGER, NOW, POLICY)
    service.erase(uow, worker.id, NOW)
    projection, _ = service.projection(uow, worker.id)
    assert projection.erased and projection.personal is None and projection.rating == 3.5
    assert len(service.rating_history(uow, worker.id)[1]) == 1
    for read in (lambda: service.own_profile(uow, worker.id),
                 lambda: service.contact(uow, worker.id, Actor("service", "worker-testing"), NOW),
                 lambda: service.read_personal(uow, worker.id, MANAGER, None, "manager-read", NOW)):
        with pytest.raises(NotFound):
            read()
    assert uow.workers.by_email("vasilisa@workers.example") is None


def test_a_worker_changes_its_own_profile_and_the_email_stays_unique(uow, worker):
    service.register(uow, PlainHasher(), registration(email="other@workers.example", phone="+79990000000"), NOW)
    changed = service.change_own_profile(uow, worker.id, service.ProfileChanges(
        districts=("Lefortovo", "Sokolniki"), full_name="Vasilisa K."), NOW)
    assert changed.characteristics.districts == ("Lefortovo", "Sokolniki") and changed.personal.full_name == \
        "Vasilisa K."
    with pytest.raises(EmailTaken):
        service.change_own_profile(uow, worker.id, service.ProfileChanges(email="other@workers.example"), NOW)
    unchanged = service.change_own_profile(uow, worker.id, service.ProfileChanges(), NOW)
    assert unchanged.version == changed.version
