"""``mcf demo``: a client places an order; the e-mail it causes is read back from the SMTP sink."""
from __future__ import annotations

import time
import uuid
from datetime import datetime, timedelta, timezone

import requests

from mcf.kit.auth import issue_token
from mcf.kit.config import Settings
from mcf.kit.smtp_sink import read_mail
from mcf.services import SERVICES

BANNER = "=" * 78


def wait_ready(settings: Settings, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    pending = [entry.name for entry in SERVICES if "web" in entry.processes]
    while pending:
        name = pending[0]
        try:
            if requests.get(f"{settings.service_url(name)}/ready", timeout=2).status_code == 200:
                pending.pop(0)
                continue
        except requests.RequestException:
            pass
        if time.monotonic() > deadline:
            raise TimeoutError(f"{name}-service did not become ready within {timeout:.0f} s; see its log lines")
        time.sleep(0.5)


def _logged_notifications(settings: Settings, recipient: str, token: str, timeout: float = 10.0) -> list[dict]:
    """The recipient's notifications once the log shows them sent (the mail may arrive a moment earlier)."""
    deadline, items = time.monotonic() + timeout, []
    while time.monotonic() < deadline:
        response = requests.get(f"{settings.service_url('notification')}/notifications", params={
            "recipient": recipient}, headers={"Authorization": f"Bearer {token}"}, timeout=10)
        items = response.json() if response.ok else []
        if items and all(item["status"] != "received" for item in items):
            break
        time.sleep(0.3)
    return items


def _say(text: str = "") -> None:
    print(text, flush=True)


def run_demo(settings: Settings, timeout: float = 60.0) -> int:
    """Place one order and show what it caused. The report is printed in one piece, after the fact, so the
    services' log lines (``mcf up --demo``) cannot split it."""
    try:
        wait_ready(settings)
    except TimeoutError as exc:
        _say(f"demo: {exc}")
        return 1
    client_id, cat_id = str(uuid.uuid4()), str(uuid.uuid4())
    email = f"murka-{client_id[:8]}@cats.example"
    token = issue_token(settings.jwt_secret, client_id, "client")
    slot = (datetime.now(timezone.utc) + timedelta(days=1)).replace(minute=0, second=0, microsecond=0)
    order = {
        "client_id": client_id, "client_email": email, "cat_id": cat_id, "cat_name": "Murka",
        "toy_category": "feathers", "slot_start": slot.isoformat(), "duration_minutes": 60,
        "address": {"city": "Moscow", "district": "Khamovniki", "street": "Ostozhenka", "building": "7"},
    }
    mail_dir = settings.var_dir / "mail"
    _say("demo: every service answers /ready; Murka's human places an order ...")
    response = requests.post(f"{settings.service_url('order')}/orders", json=order, timeout=10,
                             headers={"Authorization": f"Bearer {token}"})
    if response.status_code != 201:
        _say(f"demo: placing the order failed: {response.status_code} {response.text}")
        return 1
    placed = response.json()
    report = [BANNER, f"demo: Murka's human placed order {placed['id']} ({placed['status']}): "
              f"{placed['toy_category']} at {placed['slot_start']} for {placed['duration_minutes']} min"]

    deadline = time.monotonic() + timeout
    mail = None
    while mail is None and time.monotonic() < deadline:
        mail = next((m for m in read_mail(mail_dir) if m["To"] == email), None)
        time.sleep(0.3)
    if mail is None:
        _say("\n".join([*report, f"demo: no e-mail to {email} arrived in {mail_dir} within {timeout:.0f} s", BANNER]))
        return 1
    body = mail.get_body(preferencelist=("plain",)).get_content().strip()
    report += [f"demo: the e-mail that arrived in {mail_dir}:", "",
               f"  From:    {mail['From']}", f"  To:      {mail['To']}", f"  Subject: {mail['Subject']}", "",
               *("  " + line for line in body.splitlines()), ""]

    service_token = issue_token(settings.jwt_secret, "demo", "service")
    for item in _logged_notifications(settings, client_id, service_token):
        report.append(f"demo: notification-service's ClickHouse log: {item['template']} to "
                      f"{item['recipient']['email']} - {item['status']} after {item['attempts']} attempt(s)")
    report += [BANNER, "demo: done. The system keeps running; Ctrl-C stops it. `tooling/mcf demo` places another."]
    _say("\n" + "\n".join(report))
    return 0
