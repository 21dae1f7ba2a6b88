"""mcf.kit.email's SMTP adapter against a real SMTP sink (aiosmtpd), and the sink's own process management."""
from __future__ import annotations

import socket
import time

import pytest

from mcf.kit.email import DeliveryFailed, EmailMessage, SmtpMailer
from mcf.kit.smtp_sink import MailSink, read_mail
from mcf.stack import servers

SENDER = "MCF <no-reply@mcf.localhost>"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for_mail(folder, count=1, timeout=5.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        mail = read_mail(folder)
        if len(mail) >= count:
            return mail
        time.sleep(0.05)
    return read_mail(folder)


def test_a_text_and_html_message_arrives_whole(mail_sink):
    mailer = SmtpMailer(mail_sink.host, mail_sink.port, SENDER, timeout=5)
    mailer.send(EmailMessage(
        to="murka@cats.example", subject="Ваш заказ принят", text="Order 42 is placed.\n",
        html="<p>Order <b>42</b> is placed.</p>", message_id="n-42",
        headers={"X-MCF-Notification-ID": "n-42"}))

    [mail] = _wait_for_mail(mail_sink.folder)
    assert mail["Subject"] == "Ваш заказ принят"
    assert mail["To"] == "murka@cats.example"
    assert mail["From"] == SENDER
    assert mail["Message-ID"] == "<n-42@mcf.localhost>"
    assert mail["X-MCF-Notification-ID"] == "n-42"
    assert mail["X-MailFrom"] == "no-reply@mcf.localhost"
    assert mail["X-RcptTo"] == "murka@cats.example"
    assert mail.get_content_type() == "multipart/alternative"
    assert mail.get_body(preferencelist=("plain",)).get_content() == "Order 42 is placed.\n"
    assert "<b>42</b>" in mail.get_body(preferencelist=("html",)).get_content()


def test_a_text_only_message_is_plain_and_gets_a_message_id(mail_sink):
    SmtpMailer(mail_sink.host, mail_sink.port, SENDER, timeout=5).send(
        EmailMessage(to="barsik@cats.example", subject="Hi", text="plain"))
    [mail] = _wait_for_mail(mail_sink.folder)
    assert mail.get_content_type() == "text/plain"
    assert mail["Message-ID"].endswith("@mcf.localhost>")


def test_a_resent_message_carries_the_same_message_id(mail_sink):
    mailer = SmtpMailer(mail_sink.host, mail_sink.port, SENDER, timeout=5)
    message = EmailMessage(to="murka@cats.example", subject="Again", text="x", message_id="<n-7@elsewhere>")
    mailer.send(message)
    mailer.send(message)
    mail = _wait_for_mail(mail_sink.folder, count=2)
    assert [m["Message-ID"] for m in mail] == ["<n-7@elsewhere>", "<n-7@elsewhere>"]


def test_nothing_listening_is_delivery_failed():
    mailer = SmtpMailer("127.0.0.1", _free_port(), SENDER, timeout=2)
    with pytest.raises(DeliveryFailed, match="127.0.0.1"):
        mailer.send(EmailMessage(to="murka@cats.example", subject="x", text="x"))


def test_a_server_that_never_answers_is_delivery_failed_within_the_timeout():
    with socket.socket() as silent:  # accepts connections (backlog) but never greets
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        mailer = SmtpMailer("127.0.0.1", silent.getsockname()[1], SENDER, timeout=0.5)
        started = time.monotonic()
        with pytest.raises(DeliveryFailed):
            mailer.send(EmailMessage(to="murka@cats.example", subject="x", text="x"))
        assert time.monotonic() - started < 3


def test_header_injection_is_refused_before_sending(mail_sink):
    mailer = SmtpMailer(mail_sink.host, mail_sink.port, SENDER, timeout=5)
    with pytest.raises(ValueError):
        mailer.send(EmailMessage(to="murka@cats.example", subject="x\r\nBcc: all@cats.example", text="x"))
    assert read_mail(mail_sink.folder) == []


def test_from_settings(settings):
    mailer = SmtpMailer.from_settings(settings)
    assert (mailer.host, mailer.port, mailer.sender, mailer.timeout) == (
        settings.smtp_host, settings.smtp_port, settings.smtp_sender, settings.smtp_timeout)


def test_read_mail_lists_oldest_first_and_skips_half_written_files(tmp_path):
    sink = MailSink(tmp_path)
    for n in range(3):
        sink.save(f"Subject: {n}\r\n\r\nbody {n}\r\n".encode())
    (tmp_path / ".20990101T000000.000000Z-x.eml.tmp").write_bytes(b"Subject: partial\r\n")
    assert [m["Subject"] for m in read_mail(tmp_path)] == ["0", "1", "2"]
    assert read_mail(tmp_path / "absent") == []


def test_start_detached_and_stop_detached_run_the_sink_as_a_process(settings, tmp_path):
    local = settings.with_(var_dir=tmp_path, smtp_port=_free_port())
    started = servers.start_detached(local, ["smtp"])
    try:
        assert started == ["smtp"]
        assert servers.port_open("127.0.0.1", local.smtp_port)
        assert servers.pid_file(local, "smtp").exists()
        assert servers.start_detached(local, ["smtp"]) == []  # already answering: left alone

        SmtpMailer.from_settings(local).send(EmailMessage(to="murka@cats.example", subject="via process", text="x"))
        [mail] = _wait_for_mail(tmp_path / "mail")
        assert mail["Subject"] == "via process"
    finally:
        stopped = servers.stop_detached(started, local)
    assert stopped == ["smtp"]
    assert not servers.port_open("127.0.0.1", local.smtp_port)
    assert not servers.pid_file(local, "smtp").exists()
    assert "listening on" in servers.log_file(local, "smtp").read_text()


def test_a_server_that_cannot_start_is_reported_with_its_log(settings, tmp_path):
    busy = socket.socket()
    busy.bind(("127.0.0.1", 0))  # bound, not listening: the sink cannot bind it, and the port does not answer
    try:
        local = settings.with_(var_dir=tmp_path, smtp_port=busy.getsockname()[1])
        with pytest.raises(servers.ServerError, match=r"SMTP sink .*smtp\.log"):
            servers.start_detached(local, ["smtp"])
        assert not servers.pid_file(local, "smtp").exists()
    finally:
        busy.close()
