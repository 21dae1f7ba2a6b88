"""Security drill (issue 11): no personal data in the logs of a full demo run.

Runs last among the e2e modules (its name), on the shared stack: the whole demo (``mcf demo``: a client's journey
with sign-up, cat, address, orders, payment, the worker's check-in and report, a review, a refund; then a candidate's
registration, onboarding test and activation), after every other e2e journey. Then every line the stack's ~25
processes wrote (``mcf up``'s output, kept whole) is searched for the personal data those journeys used: every
e-mail address the SMTP sink received mail for, the people's names, the candidates' phones, document numbers and
dates of birth, the client's street. A match is a failure, with the line. Then the same search over a raw
``pg_dump`` of the stores that hold these people's data encrypted (personal data at rest).
"""
from __future__ import annotations

import re
import subprocess

from mcf.kit.smtp_sink import read_mail
from mcf.stack.demo import run_demo

# What the journeys (mcf.stack.demo, mcf.stack.onboarding, tests/e2e/*) send, beyond the e-mail addresses.
NAMES = ["Murka's human", "Barsik's human", "Vasilisa Murlykina", "Evdokia Murlykina", "Vasilisa Kotova"]
PATTERNS = {
    "phone": re.compile(r"\+790[12][0-9]{7}"),
    "document number": re.compile(r"4[56] (19|01) [0-9]{6}"),
    "date of birth": re.compile(r"1995-03-08|1996-02-29"),
    "street": re.compile(r"Ostozhenka"),
}


def test_a_full_demo_run_logs_no_personal_data(stack, capsys):
    assert run_demo(stack.settings) == 0, capsys.readouterr().out[-3000:]
    lines = list(stack.output)
    addresses = {str(m["To"]) for m in read_mail(stack.settings.var_dir / "mail")}
    assert any(address.startswith("murka-") for address in addresses), "the demo's e-mails were not found"
    found = []
    for line in lines:
        for address in addresses:
            if address and address in line:
                found.append(("e-mail", line))
        for name in NAMES:
            if name in line:
                found.append(("name", line))
        for kind, pattern in PATTERNS.items():
            if pattern.search(line):
                found.append((kind, line))
    assert len(lines) > 100, "the stack's log is not complete"
    assert not found, "personal data in the logs:\n" + "\n".join(f"{kind}: {line[:300]}" for kind, line in found[:20])


# The stores drilled for personal data at rest (ADR 0070, 0121, 0122, 0127): the two homes of people's personal
# data, worker-testing, whose outbox carried the candidates' addresses, and notification, which mails them all. The
# others are listed in docs/reliability.md.
ENCRYPTED_STORES = ("client-dashboard", "worker-profile", "worker-testing", "notification")


def test_after_the_demo_the_raw_tables_hold_no_email_name_or_phone_of_its_people(stack):
    """Runs after the demo above (same module, same stack): a raw pg_dump of each store, searched as the logs are."""
    addresses = {str(m["To"]) for m in read_mail(stack.settings.var_dir / "mail")}
    assert any(address.startswith("murka-") for address in addresses), "run after the demo"
    found = []
    for service in ENCRYPTED_STORES:
        dump = _dump(stack.settings, service)
        assert "COPY public." in dump, service
        for secret in [*addresses, *NAMES, *(name.replace("'", "''") for name in NAMES)]:
            if secret and secret in dump:
                found.append((service, secret))
        for kind, pattern in PATTERNS.items():
            found.extend((service, f"{kind}: {m.group(0)}") for m in pattern.finditer(dump))
    assert not found, f"personal data in clear in the stores: {found[:20]}"


def _dump(settings, service: str) -> str:
    env = {"PGPASSWORD": settings.pg_password} if settings.pg_password else {}
    return subprocess.run(["pg_dump", "--no-owner", "-h", settings.pg_host, "-p", str(settings.pg_port), "-U",
                           settings.pg_user, settings.database_name(service)], capture_output=True, text=True,
                          timeout=120, check=True, env={"PATH": "/usr/bin:/bin", **env}).stdout


def test_after_the_demo_notifications_clickhouse_log_holds_no_address_or_name(stack):
    """The log of every e-mail the demo sent (ADR 0128): every row of its tables, searched as the dumps are."""
    from mcf.kit.clickhouse import connect

    addresses = {str(m["To"]) for m in read_mail(stack.settings.var_dir / "mail")}
    assert any(address.startswith("murka-") for address in addresses), "run after the demo"
    client = connect(stack.settings, "notification")
    try:
        rows = client.execute("SELECT * FROM notifications") + client.execute("SELECT * FROM notification_recipients")
    finally:
        client.disconnect()
    text = repr(rows)
    assert len(rows) > len(addresses), "the demo's notifications were not logged"
    found = [secret for secret in [*addresses, *NAMES] if secret and secret in text]
    found += [f"{kind}: {m.group(0)}" for kind, pattern in PATTERNS.items() for m in pattern.finditer(text)]
    assert not found, f"personal data in clear in notification's log: {found[:20]}"
