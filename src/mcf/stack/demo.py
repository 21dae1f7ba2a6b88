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


def _say(text: str = "") -> None:
    print(text, flush=True)


def run_demo(settings: Settings, timeout: float = 60.0) -> int:
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
    response = requests.post(f"{settings.service_url('order')}/orders", json=order, timeout=10,
                             headers={"Authorization": f"Bearer {token}"})
    if response.status_code != 201:
        _say(f"demo: placing the order failed: {response.status_code} {response.text}")
        return 1
    placed = response.json()
    _say(f"\n{BANNER}\ndemo: Murka's human placed order {placed['id']} ({placed['status']}): "
         f"{placed['toy_category']} at {placed['slot_start']} for {placed['duration_minutes']} min")

    deadline = time.monotonic() + timeout
    mail = None
    while mail is None and time.monotonic() < deadline:
        mail = next((m for m in read_mail(mail_dir) if m["To"] == email), None)
        time.sleep(0.3)
    if mail is None:
        _say(f"demo: no e-mail to {email} arrived in {mail_dir} within {timeout:.0f} s\n{BANNER}")
        return 1
    _say(f"demo: the e-mail that arrived in {mail_dir}:\n")
    _say(f"  From:    {mail['From']}\n  To:      {mail['To']}\n  Subject: {mail['Subject']}\n")
    _say("  " + mail.get_body(preferencelist=("plain",)).get_content().strip().replace("\n", "\n  "))

    service_token = issue_token(settings.jwt_secret, "demo", "service")
    log = requests.get(f"{settings.service_url('notification')}/notifications", params={"recipient": client_id},
                       headers={"Authorization": f"Bearer {service_token}"}, timeout=10)
    if log.ok:
        for item in log.json():
            _say(f"\ndemo: notification-service's ClickHouse log: {item['template']} to {item['recipient_email']}"
                 f" - {item['status']} after {item['attempts']} attempt(s)")
    _say(BANNER)
    return 0
