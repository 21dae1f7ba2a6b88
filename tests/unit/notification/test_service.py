"""The notification use cases, driven through fakes of the ports."""
from datetime import timedelta

import pytest

from mcf.kit.errors import Forbidden, NotFound
from mcf.notification import service
from mcf.notification.domain import Status, TemplateDataError, UnknownTemplate
from mcf.notification.service import DeliveryPending

from .fakes import FakeJobs, FakeMailer

MAX = 3


def _accept(uow, log, renderer, request, clock):
    return service.accept_notification(uow, log, renderer, request, clock=clock)


def _send(uow, log, renderer, mailer, notification_id, clock, max_attempts=MAX):
    return service.send_notification(uow, log, renderer, mailer, notification_id, max_attempts, clock=clock)


def test_a_request_is_accepted_once_stored_and_logged(uow, log, renderer, make_request, clock):
    assert _accept(uow, log, renderer, make_request(), clock) == "e-1"
    stored = uow.notifications.rows["e-1"]
    assert stored.status is Status.RECEIVED and stored.attempts == 0
    assert stored.subject == "Order o-1 [en]" and stored.recipient.email == "cat@example.com"
    assert [v.status for v in log.versions] == [Status.RECEIVED]


def test_a_duplicate_request_is_a_no_op(uow, log, renderer, make_request, clock):
    _accept(uow, log, renderer, make_request(), clock)
    assert _accept(uow, log, renderer, make_request(), clock) is None
    assert len(uow.notifications.rows) == 1 and len(log.versions) == 1


@pytest.mark.parametrize("request_kwargs, error", [
    ({"template": "no.such"}, UnknownTemplate),
    ({"other": "x"}, TemplateDataError),
])
def test_a_request_that_cannot_be_rendered_is_refused_and_changes_nothing(uow, log, renderer, make_request,
                                                                           clock, request_kwargs, error):
    with pytest.raises(error):
        _accept(uow, log, renderer, make_request(**request_kwargs), clock)
    assert uow.notifications.rows == {} and log.versions == []


def test_sending_delivers_the_rendered_mail_and_marks_it_sent(uow, log, renderer, make_request, clock):
    _accept(uow, log, renderer, make_request(), clock)
    mailer = FakeMailer()
    clock.advance(2)
    sent = _send(uow, log, renderer, mailer, "e-1", clock)
    [mail] = mailer.sent
    assert mail.to == "cat@example.com" and mail.subject == "Order o-1 [en]"
    assert mail.text == "text o-1" and mail.html == "<p>o-1</p>"
    assert sent.status is Status.SENT and sent.sent_at == clock() and sent.attempts == 1
    assert uow.notifications.rows["e-1"].status is Status.SENT
    assert log.get("e-1").status is Status.SENT and len(log.versions) == 2
    assert log.versions[1].updated_at > log.versions[0].updated_at


def test_a_failed_attempt_is_recorded_and_raised_for_a_retry_which_then_succeeds(uow, log, renderer,
                                                                                 make_request, clock):
    _accept(uow, log, renderer, make_request(), clock)
    mailer = FakeMailer(fail_times=1)
    with pytest.raises(DeliveryPending, match="attempt 1 of 3 failed: connection refused"):
        _send(uow, log, renderer, mailer, "e-1", clock)
    stored = uow.notifications.rows["e-1"]
    assert stored.status is Status.RECEIVED and stored.attempts == 1 and stored.last_error == "connection refused"
    assert log.get("e-1").attempts == 1
    sent = _send(uow, log, renderer, mailer, "e-1", clock)
    assert sent.status is Status.SENT and sent.attempts == 2 and sent.last_error is None
    assert len(mailer.sent) == 1


def test_after_the_last_attempt_it_is_failed_and_not_retried(uow, log, renderer, make_request, clock):
    _accept(uow, log, renderer, make_request(), clock)
    mailer = FakeMailer(fail_times=99)
    for _ in range(MAX - 1):
        with pytest.raises(DeliveryPending):
            _send(uow, log, renderer, mailer, "e-1", clock)
    failed = _send(uow, log, renderer, mailer, "e-1", clock)  # no exception: nothing left to retry
    assert failed.status is Status.FAILED and failed.attempts == MAX
    assert _send(uow, log, renderer, mailer, "e-1", clock).status is Status.FAILED
    assert mailer.tries == MAX and log.get("e-1").status is Status.FAILED


def test_an_already_sent_notification_is_skipped(uow, log, renderer, make_request, clock):
    _accept(uow, log, renderer, make_request(), clock)
    mailer = FakeMailer()
    _send(uow, log, renderer, mailer, "e-1", clock)
    again = _send(uow, log, renderer, mailer, "e-1", clock)
    assert again.status is Status.SENT and again.attempts == 1 and len(mailer.sent) == 1


def test_a_template_gone_since_acceptance_fails_at_once(uow, log, renderer, make_request, clock):
    _accept(uow, log, renderer, make_request(), clock)
    renderer.templates = set()
    failed = _send(uow, log, renderer, FakeMailer(), "e-1", clock)
    assert failed.status is Status.FAILED and "no template" in failed.last_error


def test_an_unknown_notification_is_reported_as_none(uow, log, renderer, clock):
    assert _send(uow, log, renderer, FakeMailer(), "nope", clock) is None


def test_the_sweeper_requeues_only_stale_received_notifications(uow, log, renderer, make_request, clock):
    _accept(uow, log, renderer, make_request("old"), clock)
    _accept(uow, log, renderer, make_request("done"), clock)
    _send(uow, log, renderer, FakeMailer(), "done", clock)
    clock.advance(600)
    _accept(uow, log, renderer, make_request("fresh"), clock)
    jobs = FakeJobs()
    assert service.requeue_stale(uow, jobs, older_than=timedelta(seconds=300), clock=clock) == ["old"]
    assert jobs.enqueued == ["old"]
    # Just requeued: not stale again until another period has passed.
    assert service.requeue_stale(uow, jobs, older_than=timedelta(seconds=300), clock=clock) == []


def test_clients_list_only_their_own_notifications(uow, log, renderer, make_request, clock):
    _accept(uow, log, renderer, make_request("e-1"), clock)
    assert [n.id for n in service.list_notifications(log, None, viewer_id="c-1")] == ["e-1"]
    assert [n.id for n in service.list_notifications(log, "cat@example.com")] == ["e-1"]
    assert service.list_notifications(log, None, viewer_id="c-2") == []
    with pytest.raises(Forbidden):
        service.list_notifications(log, "c-1", viewer_id="c-2")
    assert service.get_notification(log, "e-1", viewer_id="c-1").id == "e-1"
    with pytest.raises(NotFound):
        service.get_notification(log, "e-1", viewer_id="c-2")


def test_a_message_the_mailer_cannot_build_fails_at_once(uow, log, renderer, make_request, clock):
    class Refusing:
        def send(self, message):
            raise ValueError("header injection in subject")

    _accept(uow, log, renderer, make_request(), clock)
    failed = _send(uow, log, renderer, Refusing(), "e-1", clock)
    assert failed.status is Status.FAILED and "cannot build the e-mail" in failed.last_error


class _RecordingMailer(FakeMailer):
    """Keeps every message handed to it, the failed attempts' too."""

    def __init__(self, fail_times=0):
        super().__init__(fail_times)
        self.handed = []

    def send(self, message):
        self.handed.append(message)
        super().send(message)


def test_every_attempt_of_one_request_carries_the_same_message_id(uow, log, renderer, make_request, clock):
    """At-least-once e-mail (ADR 0142): a retry after a failed attempt hands SMTP the same Message-ID (the request's
    id), so a reader's mail store can drop a copy."""
    _accept(uow, log, renderer, make_request(), clock)
    mailer = _RecordingMailer(fail_times=2)
    for _ in range(2):
        with pytest.raises(DeliveryPending):
            _send(uow, log, renderer, mailer, "e-1", clock)
    _send(uow, log, renderer, mailer, "e-1", clock)
    assert [m.message_id for m in mailer.handed] == ["e-1"] * 3


def test_a_send_whose_outcome_was_never_recorded_is_sent_again_with_the_same_message_id(uow, log, renderer,
                                                                                        make_request, clock):
    """The database dies after SMTP took the e-mail, before "sent" is recorded: the retry sends it again (SMTP
    joins no transaction), with the same Message-ID; this is the drills' "resent, same Message-ID" column."""
    _accept(uow, log, renderer, make_request(), clock)
    mailer = _RecordingMailer()
    save, died = uow.notifications.save, []

    def dies_once(notification):  # (a rollback restores the store's attributes, so the flag lives out here)
        if not died:
            died.append(True)
            raise ConnectionError("the database went away")
        save(notification)

    uow.notifications.save = dies_once
    with pytest.raises(ConnectionError):
        _send(uow, log, renderer, mailer, "e-1", clock)
    assert uow.notifications.rows["e-1"].status is Status.RECEIVED  # the "sent" was rolled back
    assert _send(uow, log, renderer, mailer, "e-1", clock).status is Status.SENT
    assert [m.message_id for m in mailer.handed] == ["e-1", "e-1"]
